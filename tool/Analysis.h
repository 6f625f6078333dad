//===--- Analysis.h - analysing one translation unit ------------*- C++ -*-===//
//
// One translation unit through clang-tidy's engine with lockcheck's checks,
// plus what the front end needs and clang-tidy does not keep: the function
// each finding is in (for baseline fingerprints) and a status that tells a
// file that was analysed from one that could not be. The result can be
// serialized, so a worker process can analyse a file and its parent merge
// the results.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_ANALYSIS_H
#define LOCKCHECK_TOOL_ANALYSIS_H

#include "checks/analysis/LockOrder.h"
#include "checks/summary/Summary.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lockcheck {

/// A diagnostic as clang-tidy produced it (a finding of a lockcheck check,
/// or a compiler error), with every path made absolute, and the name of the
/// innermost function or class whose definition contains it.
struct Finding {
  Finding(clang::tidy::ClangTidyError Error, std::string Function)
      : Error(std::move(Error)), Function(std::move(Function)) {}
  clang::tidy::ClangTidyError Error;
  std::string Function;
  /// The file offsets of the first and last token of that function's
  /// definition (in the finding's file); both 0 when unknown.
  unsigned FunctionBegin = 0, FunctionEnd = 0;
};

/// True for a compiler error (as opposed to a finding of a check).
bool isCompilerError(const clang::tidy::ClangTidyError &E);

/// What happened to one translation unit.
struct FileResult {
  enum StatusKind {
    Analysed,      ///< parsed without errors and analysed
    CompileErrors, ///< Clang reported errors; findings may be incomplete
    NotAnalysed,   ///< could not be analysed at all (see Errors)
    Crashed,       ///< the analysis crashed (see Log)
  };
  std::string File;
  StatusKind Status = NotAnalysed;
  /// One-line explanations of why the file was not analysed, printed as
  /// "lockcheck: error: <message>".
  std::vector<std::string> Errors;
  /// In the order clang-tidy produced them (by file and offset).
  std::vector<Finding> Findings;
  /// The files of the translation unit (the main file and the headers
  /// outside system directories that define a function or a class): where
  /// its findings can be. A baseline finding in one of them that is not
  /// found again is gone.
  std::vector<std::string> Covered;
  /// The lock-order edges lockcheck-lock-order saw (when it is enabled),
  /// for the cycles that span files.
  std::vector<LockOrderEdge> OrderEdges;
  /// With AnalysisSetup::Summarize: the facts the whole-program merge needs
  /// from this translation unit.
  TUSummary Summary;
  /// Every file the translation unit read (the main file and all it
  /// includes), absolute: what a cached result depends on.
  std::vector<std::string> Dependencies;
  /// What a worker process wrote on its standard error.
  std::string Log;
  /// With AnalysisSetup::DumpModel: the inferred lock API of the
  /// translation unit, one `<file>:<line>:<col>: <name>: <kind> (<rule>)`
  /// line per element.
  std::vector<std::string> Model;
  /// The names of the model options (`LockFunctions: xlock`) that name a
  /// declaration of the translation unit, and those that name none.
  std::vector<std::string> MatchedNames;
  std::vector<std::string> UnmatchedNames;
  /// The findings clang-tidy left out because they are in a header the
  /// header filter (or the system-header rule) hides, one
  /// `<system|user>:<offset>:<file>:<message>` key each.
  std::vector<std::string> HiddenInHeaders;

  bool analysed() const { return Status == Analysed; }
};

/// Everything needed to analyse a file, shared by all files of a run.
struct AnalysisSetup {
  const clang::tooling::CompilationDatabase *Compilations = nullptr;
  /// Makes the options provider (a fresh one per file: clang-tidy's context
  /// takes ownership of it).
  std::function<std::unique_ptr<clang::tidy::ClangTidyOptionsProvider>()>
      MakeOptionsProvider;
  /// For lockcheck's own tests: crash while analysing a file whose path
  /// matches this regular expression.
  std::string CrashOn;
  /// List the inferred lock API of each file (FileResult::Model).
  bool DumpModel = false;
  /// Build each file's summary (FileResult::Summary).
  bool Summarize = true;
  /// The lock functions the other files of the program define (null:
  /// none): the file is analysed with them.
  std::shared_ptr<const std::vector<LockApiFact>> ExternalApi;
};

/// Analyses \p File (an absolute path). Never exits; a crash is the caller's
/// business.
FileResult analyseFile(const AnalysisSetup &Setup, llvm::StringRef File);

/// Serializes \p R (YAML, built on clang's TranslationUnitDiagnostics
/// mapping of diagnostics, which keeps messages, notes, levels, check names
/// and fixes).
void writeFileResult(const FileResult &R, llvm::raw_ostream &OS);

/// Reads what writeFileResult wrote. Returns false and sets \p Error when
/// \p Text is not such a document.
bool readFileResult(llvm::StringRef Text, FileResult &R, std::string &Error);

/// The document of writeFileResult in a binary form (tool/BinaryIO.h), much
/// cheaper to read: what a worker process sends its parent.
std::string encodeFileResult(const FileResult &R);
/// Reads what encodeFileResult wrote; false and \p Error when it cannot.
bool decodeFileResult(llvm::StringRef Data, FileResult &R, std::string &Error);

} // namespace lockcheck

#endif
