//===--- ConfigProviders.h - the configuration of a run ---------*- C++ -*-===//
//
// Where the lockcheck tool's configuration comes from: the .clang-tidy files
// of the project (each one kept to lockcheck's checks) under the options of
// the command line, and the check of that configuration for mistakes.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_CONFIGPROVIDERS_H
#define LOCKCHECK_TOOL_CONFIGPROVIDERS_H

#include "clang-tidy/ClangTidyOptions.h"
#include "tool/CommandLine.h"
#include "tool/ConfigCheck.h"
#include "llvm/ADT/StringSet.h"
#include <memory>

namespace lockcheck {

/// The configuration of a run: the project's files under the command line
/// (a fresh provider per file: clang-tidy's context takes ownership).
std::unique_ptr<clang::tidy::ClangTidyOptionsProvider> createOptionsProvider();

/// The project's own configuration files, as written (for their check).
std::unique_ptr<clang::tidy::ClangTidyOptionsProvider>
createProjectOptionsProvider();

/// The configuration mistakes of every file's configuration sources (the
/// raw ones, before lockcheck keeps its own checks), each printed once.
class ConfigChecker {
public:
  ConfigChecker();

  /// Checks the sources of \p File's configuration; prints what is new.
  void check(llvm::StringRef File);

  /// Why no check is enabled for \p File: the check lists that chose, as
  /// "the check lists of 'x/.clang-tidy' ('-*,lockcheck-x') and --checks
  /// ('-*') turn".
  std::string whyNoChecks(llvm::StringRef File);

  unsigned Errors = 0, Warnings = 0;

private:
  std::unique_ptr<clang::tidy::ClangTidyOptionsProvider> Provider;
  llvm::StringSet<> Seen;
};

} // namespace lockcheck

#endif
