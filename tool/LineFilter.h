//===--- LineFilter.h - a pull-request gate: only some lines ----*- C++ -*-===//
//
// --line-filter (clang-tidy's JSON list of files and line ranges) and
// --diff=<git revision> (the lines changed since that revision) keep the
// findings of a run that concern the given lines; the others are counted,
// not shown, and do not fail the run (docs/user-guide.md, "Pull-request
// gates").
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_LINEFILTER_H
#define LOCKCHECK_TOOL_LINEFILTER_H

#include "tool/Analysis.h"
#include "tool/Findings.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lockcheck {

/// Inclusive 1-based line ranges.
using LineRanges = std::vector<std::pair<unsigned, unsigned>>;

/// clang-tidy's --line-filter: a finding is kept when its location, or the
/// location of one of its notes, passes the filter. A location passes when
/// the first entry whose name is a suffix of its file's path has no ranges
/// or a range that contains its line; a file that no entry names does not
/// pass.
class LineFilter {
public:
  /// Parses `[{"name":"file.cpp","lines":[[1,3],[5,5]]},{"name":"x.h"}]`.
  /// Returns false with a one-line \p Error when \p Json is not of that form.
  bool parse(llvm::StringRef Json, std::string &Error);
  bool passes(llvm::StringRef File, unsigned Line) const;
  bool keeps(const Finding &F, SourceCache &Texts) const;

private:
  struct Entry {
    std::string Name;
    LineRanges Lines;
  };
  std::vector<Entry> Entries;
};

/// --diff=<revision>: the lines changed since a git revision (`git diff
/// <revision>`: committed, staged and unstaged changes; an untracked file is
/// changed entirely). A finding is kept when its location or one of its
/// notes' is on a changed line, or when the innermost function (or class)
/// definition containing its location has a changed or deleted line.
class DiffFilter {
public:
  /// Runs git in the repository of the directory \p Dir. Returns false with
  /// a one-line \p Error when git is missing, \p Dir is not in a repository
  /// or \p Revision names no commit.
  bool load(llvm::StringRef Revision, llvm::StringRef Dir, std::string &Error);
  /// Reads the output of `git diff -U0` whose paths are relative to the
  /// directory \p Top (for tests and load()).
  void parseDiff(llvm::StringRef Diff, llvm::StringRef Top);
  bool keeps(const Finding &F, SourceCache &Texts);
  const std::string &revision() const { return Revision; }

private:
  struct FileChanges {
    LineRanges Lines;                   ///< added or modified lines
    std::vector<unsigned> DeletedAfter; ///< lines deleted after line N
    bool All = false;                   ///< untracked: every line is new
  };
  const FileChanges *changes(llvm::StringRef Path);
  bool changedLine(llvm::StringRef Path, unsigned Line);

  std::string Revision;
  /// By real path.
  llvm::StringMap<FileChanges> Files;
  /// Real paths of the files of findings.
  llvm::StringMap<std::string> RealPaths;
};

/// The filters of a run (either, both or none) and how many findings they
/// left out.
class FindingSelection {
public:
  std::optional<LineFilter> Lines;
  std::optional<DiffFilter> Diff;

  bool active() const { return Lines || Diff; }
  /// Whether \p F is shown; counts it when not.
  bool keeps(const Finding &F, SourceCache &Texts);
  /// "N findings outside the diff since 'main' not shown".
  std::string summary() const;

private:
  unsigned Outside = 0;
};

} // namespace lockcheck

#endif
