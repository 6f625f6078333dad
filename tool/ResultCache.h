//===--- ResultCache.h - analyses kept between runs -------------*- C++ -*-===//
//
// --cache-dir: the result of a translation unit (its findings and its
// summary for the merge) is kept under a key made of everything the analysis
// reads besides the source files: the lockcheck binary, the summary format,
// the file's compile commands and its configuration. An entry also lists
// the files the translation unit read with a hash of their content; it is
// used again only while every one of them is unchanged. Only the merge then
// runs again. A corrupt or unreadable entry is ignored (with a note) and
// replaced.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_RESULTCACHE_H
#define LOCKCHECK_TOOL_RESULTCACHE_H

#include "tool/Analysis.h"
#include "llvm/ADT/StringMap.h"
#include <optional>
#include <string>

namespace lockcheck {

class ResultCache {
public:
  /// A cache in \p Dir (created when the first entry is stored). \p Binary
  /// is the running lockcheck executable: a rebuilt one invalidates every
  /// entry.
  ResultCache(std::string Dir, llvm::StringRef Binary);

  /// The key of \p File's analysis under \p Commands (its compile commands)
  /// and \p Config (its configuration, as text).
  std::string key(llvm::StringRef File,
                  llvm::ArrayRef<clang::tooling::CompileCommand> Commands,
                  llvm::StringRef Config) const;

  /// The stored result for \p Key, if every file it read is unchanged. Sets
  /// \p Note when an entry exists but cannot be read.
  std::optional<FileResult> lookup(llvm::StringRef Key, std::string &Note);

  /// Stores \p R (an analysed file) under \p Key. Returns false and sets
  /// \p Error when the entry cannot be written.
  bool store(llvm::StringRef Key, const FileResult &R, std::string &Error);

  const std::string &directory() const { return Dir; }

private:
  std::string entryPath(llvm::StringRef Key) const;
  /// The hash of a file's content ("-" when it cannot be read), once per
  /// run.
  std::string contentHash(llvm::StringRef Path);

  std::string Dir;
  std::string BinaryStamp;
  llvm::StringMap<std::string> Hashes;
};

} // namespace lockcheck

#endif
