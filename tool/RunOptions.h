//===--- RunOptions.h - the options of a run, checked -----------*- C++ -*-===//
//
// What the options of a run of the lockcheck tool give once they are
// checked, before any work is done: the shard, the findings shown
// (--line-filter, --diff), the excluded files, the baseline and where the
// report goes.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_RUNOPTIONS_H
#define LOCKCHECK_TOOL_RUNOPTIONS_H

#include "tool/Findings.h"
#include "tool/LineFilter.h"
#include "tool/Shards.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace lockcheck {

struct RunOptions {
  /// The shard this process analyses (--shard), if any.
  ShardSpec Shard;
  /// --line-filter and --diff: which findings are shown.
  FindingSelection Selection;
  std::vector<llvm::GlobPattern> ExcludePatterns;
  /// --baseline: its entries and their fingerprints.
  std::vector<BaselineEntry> Baseline;
  std::set<std::string> BaselineFingerprints;
  /// --output: the file the report goes to (null: standard output).
  std::unique_ptr<llvm::raw_fd_ostream> OutputStream;
};

/// Checks the options that are checked before any work is done and reads
/// what they name into \p O. Prints the errors and returns false on a usage
/// error.
bool checkRunOptions(RunOptions &O);

} // namespace lockcheck

#endif
