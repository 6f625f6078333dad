//===--- RunReport.h - the report of a run ----------------------*- C++ -*-===//
//
// What a run of the lockcheck tool reports: the results of the files,
// merged in the order of the files whatever order they were analysed in
// (findings printed, fingerprinted, matched against the baseline, each
// finding of a header once), the findings that span files, then the
// outputs (SARIF, JSON, exported and applied fixes, the baseline written),
// the summary on standard error and the exit status.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_RUNREPORT_H
#define LOCKCHECK_TOOL_RUNREPORT_H

#include "clang-tidy/ClangTidyOptions.h"
#include "tool/Analysis.h"
#include "tool/ConfigProviders.h"
#include "tool/Console.h"
#include "tool/FileSelection.h"
#include "tool/Findings.h"
#include "tool/Output.h"
#include "tool/RunOptions.h"
#include "tool/WholeProgram.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringSet.h"
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace lockcheck {

struct RunReport {
  /// The report of a run with the options \p Options, over the files of
  /// \p Run (whose errors so far it takes), in the directory \p CWD.
  RunReport(RunOptions &Options, RunFiles &Run, llvm::StringRef CWD);

  /// The findings of one file (or the cross-file ones), in order: printed,
  /// fingerprinted, matched against the baseline and kept for the outputs.
  void mergeFindings(std::vector<Finding> &Findings, bool Analysed);
  /// The result of one file, in the order of the files.
  void merge(FileResult R);

  /// Configured names that match nothing in the whole run: once each.
  void warnUnmatchedNames();
  /// --dump-model, --verify-config: the model (and what only the whole
  /// program shows); the exit status.
  int writeModel(const ConfigChecker &Config);
  /// The findings that span files, once every file is merged.
  void addWholeProgramFindings(
      llvm::ArrayRef<std::string> Enabled,
      clang::tidy::ClangTidyOptionsProvider &OptionsProvider);

  /// The SARIF or JSON report of the checks \p Enabled; the output closed.
  void writeOutputs(llvm::ArrayRef<std::string> Enabled);
  /// --export-fixes; \p MainFile is where clang-tidy's YAML says they are
  /// from.
  void exportFixes(llvm::StringRef MainFile);
  /// --fix: the fixes of the findings shown, in the style \p OptionsProvider
  /// gives each file.
  void fixFindings(clang::tidy::ClangTidyOptionsProvider &OptionsProvider);
  /// --write-baseline: every finding shown.
  void saveBaseline();

  /// The summary on standard error of a run over \p FileCount files
  /// (\p ExcludedCount excluded, \p CacheHits from the cache) that started at
  /// \p StartTime.
  void printSummary(size_t FileCount, unsigned ExcludedCount,
                    unsigned CacheHits,
                    std::chrono::steady_clock::time_point StartTime);
  /// The exit status of the run (docs/user-guide.md).
  int exitStatus() const;

  /// What the run checks its results against.
  FindingSelection &Selection;
  const std::vector<BaselineEntry> &Baseline;
  const std::set<std::string> &BaselineFingerprints;
  std::string CWD;
  /// Where the report goes.
  std::unique_ptr<llvm::raw_fd_ostream> OutputStream;
  llvm::raw_ostream &Out;
  /// Only the model (--dump-model, --verify-config): no findings.
  bool ModelOnly;

  /// Where the files of fingerprints are relative to: the baseline's
  /// directory, else the SARIF root, else the current directory.
  std::string SarifRootDir;
  std::string FingerprintRoot;

  SourceCache Texts;
  Fingerprinter Fingerprints;
  bool Color;
  bool Terminal;
  Console Progress;

  /// What went wrong, for SARIF's toolExecutionNotifications.
  std::vector<Notification> Notifications;
  bool HadError;

  // The results, merged in the order of Files whatever order the workers
  // finish in.
  std::vector<Reported> Shown;
  std::vector<bool> Fixable;
  std::map<std::tuple<std::string, std::string, unsigned, std::string>, int>
      Dedup;
  std::map<std::string, unsigned> PerCheck;
  std::set<std::string> BaselineMatched;
  unsigned Baselined = 0, Analysed = 0, NotAnalysed = 0, AsErrors = 0;
  llvm::StringSet<> LogLines;
  std::set<std::string> Covered;

  // What the whole-program merge needs of each file, in the order of Files,
  // and where the files' own findings are.
  std::vector<UnitFacts> Units;
  std::set<std::tuple<std::string, std::string, unsigned>> LocalPlaces;
  // The inferred API (--dump-model), each line once; the configured names
  // matched in some file, and those matched in none so far.
  std::vector<std::string> ModelLines;
  llvm::StringSet<> SeenModelLines, MatchedNames;
  // The findings left out as in headers, each once over the run.
  std::set<std::string> HiddenInHeaders;
  std::vector<std::string> UnmatchedNames;
};

} // namespace lockcheck

#endif
