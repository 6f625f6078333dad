//===--- FileSelection.h - the files of a run -------------------*- C++ -*-===//
//
// Which files a run of the lockcheck tool analyses: the compilation
// database (-p, "--" flags, or found above the first source), the sources
// and directories given, minus the excluded ones; and where the cache of
// the run lives.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_FILESELECTION_H
#define LOCKCHECK_TOOL_FILESELECTION_H

#include "tool/Analysis.h"
#include "tool/Output.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/GlobPattern.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lockcheck {

/// \p P made absolute (against the current directory).
std::string absolutePath(llvm::StringRef P);
std::string currentDirectory();

/// The compilation database: -p, or the first one found in a parent
/// directory of \p FirstSource. Null with \p Error set when there is none.
std::unique_ptr<clang::tooling::CompilationDatabase>
findCompilations(llvm::StringRef FirstSource, std::string &Error);

/// The files of a run and their compilation database.
struct RunFiles {
  std::unique_ptr<clang::tooling::CompilationDatabase> Compilations;
  std::vector<std::string> Files;
  unsigned ExcludedCount = 0;
  bool HadError = false;
  std::vector<Notification> Notifications;
};

/// Loads the compilation database (unless "--" gave one) and selects the
/// files of the run: the explicit sources, the database files under the
/// directories given, or the whole database; minus the excluded ones.
/// Returns the exit status when the run cannot go on.
std::optional<int>
selectFiles(RunFiles &Run, llvm::StringRef FirstFile,
            llvm::ArrayRef<llvm::GlobPattern> ExcludePatterns,
            llvm::StringRef CWD);

/// The files of the run: those of the shards of --merge (with their
/// results in \p MergedResults, in the order of the files), else those
/// selectFiles selects. Returns the exit status when the run cannot go on.
std::optional<int>
gatherFiles(RunFiles &Run, std::vector<FileResult> &MergedResults,
            llvm::StringRef FirstFile,
            llvm::ArrayRef<llvm::GlobPattern> ExcludePatterns,
            llvm::StringRef CWD);

/// The cache directory of the run: --cache-dir, else .lockcheck-cache in
/// the build directory of -p; empty for none (--no-cache, --merge, a run
/// that only lists the model, a crash test).
std::string cacheDirectory(bool ModelOnly);

} // namespace lockcheck

#endif
