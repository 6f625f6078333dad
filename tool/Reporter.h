//===--- Reporter.h - printing and fixing findings --------------*- C++ -*-===//

#ifndef LOCKCHECK_TOOL_REPORTER_H
#define LOCKCHECK_TOOL_REPORTER_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace lockcheck {

/// Prints findings in clang's diagnostic format
/// (`file:line:col: warning: message [check]`, source line, caret, fix-it
/// hints, notes).
void printDiagnostics(llvm::ArrayRef<clang::tidy::ClangTidyError> Errors,
                      llvm::raw_ostream &OS, bool UseColor);

struct FixSummary {
  /// The findings whose fix was applied (a fix may be several replacements,
  /// and one reported from several translation units is one).
  unsigned Applied = 0;
  /// The findings whose fix conflicts with one applied before it: skipped.
  unsigned Conflicting = 0;
  unsigned FilesWritten = 0;
  std::vector<std::string> WriteErrors;
};

/// Applies the fix-its of \p Errors, each finding's fix whole or not at all,
/// each replacement once even when many translation units reported it,
/// writing each file atomically. As clang-tidy does, the code around the
/// fixes is cleaned up and formatted in the style \p StyleOf gives for the
/// file (FormatStyle: "none", "file", "llvm", "{...}"); a style that cannot
/// be read leaves the file unfixed, with an error.
FixSummary applyFixes(llvm::ArrayRef<clang::tidy::ClangTidyError> Errors,
                      llvm::function_ref<std::string(llvm::StringRef)> StyleOf);

} // namespace lockcheck

#endif
