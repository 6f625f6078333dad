//===--- ConfigCommands.h - the configuration of a run ----------*- C++ -*-===//
//
// The configuration as the lockcheck tool reads it before any file is
// analysed: the enabled checks, the commands answered from it alone
// (--explain, --list-checks, --dump-config, --verify-config without files)
// and the mistakes that stop a run (an unknown check, an invalid header
// filter, no check enabled).
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_CONFIGCOMMANDS_H
#define LOCKCHECK_TOOL_CONFIGCOMMANDS_H

#include "clang-tidy/ClangTidyOptions.h"
#include "tool/ConfigProviders.h"
#include "tool/FileSelection.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lockcheck {

/// The configuration of a run, as the first file sees it.
struct RunConfiguration {
  std::unique_ptr<clang::tidy::ClangTidyOptionsProvider> OptionsProvider;
  /// The first source given, or "dummy.cpp".
  llvm::StringRef FirstFile;
  /// It, absolute.
  std::string FirstPath;
  clang::tidy::ClangTidyOptions Effective;
  /// The enabled checks.
  std::vector<std::string> Enabled;
  /// The mistakes of the configuration sources (counted by --verify-config).
  ConfigChecker Checker;
};

/// Reads the configuration into \p C and answers the commands that need no
/// analysis. \p HaveCompilations: compiler arguments were given after "--".
/// Returns the exit status when the run ends here.
std::optional<int> readConfiguration(RunConfiguration &C,
                                     bool HaveCompilations);

/// Checks the configuration of every file of \p Run (the .clang-tidy files
/// of subdirectories) and names the compiler flags Clang does not know
/// once for the run. Returns false when a mistake stops the run.
bool checkFileConfigurations(RunConfiguration &C, const RunFiles &Run);

} // namespace lockcheck

#endif
