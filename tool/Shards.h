//===--- Shards.h - a run split over machines -------------------*- C++ -*-===//
//
// --shard=K/N analyses every N-th file of the run (in path order, from the
// K-th) and --shard-out=DIR writes, in DIR/shard-K-of-N/, the list of all
// the run's files and the result of each file it analysed. --merge DIR...
// reads the shards of one run from any number of directories (the artifacts
// of several CI jobs), checks that each of the N shards is there once, and
// hands the results on in the order a single run would have produced them,
// so the merged report is the report of a single run.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_SHARDS_H
#define LOCKCHECK_TOOL_SHARDS_H

#include "tool/Analysis.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace lockcheck {

struct ShardSpec {
  unsigned K = 0, N = 0; ///< shard K of N, 1 <= K <= N
  bool valid() const { return N && K >= 1 && K <= N; }
};

/// Parses "K/N". Returns false for anything else.
bool parseShardSpec(llvm::StringRef Text, ShardSpec &S);

/// The indices into \p Files of the files shard \p S analyses: every N-th
/// file in path order, starting with the K-th. Deterministic, whatever the
/// order of \p Files.
std::vector<size_t> shardPart(llvm::ArrayRef<std::string> Files, ShardSpec S);

/// Writes shard \p S of a run over \p Files: \p Results[I] is the result of
/// \p Files[Part[I]].
bool writeShard(llvm::StringRef Dir, ShardSpec S,
                llvm::ArrayRef<std::string> Files, llvm::ArrayRef<size_t> Part,
                llvm::ArrayRef<FileResult> Results, std::string &Error);

/// Reads every shard of one run from \p Dirs. On success \p Files is the
/// run's list of files and \p Results holds one result per file, in that
/// order.
bool readShards(llvm::ArrayRef<std::string> Dirs,
                std::vector<std::string> &Files,
                std::vector<FileResult> &Results, std::string &Error);

/// --shard-out: writes the results of this process's shard \p Shard (\p
/// ShardResults[I] is the result of \p Files[ToRun[I]]) and says where they
/// are; \p CacheHits of them came from the cache. Returns the exit status.
int writeShardResults(ShardSpec Shard, llvm::ArrayRef<std::string> Files,
                      llvm::ArrayRef<size_t> ToRun,
                      llvm::ArrayRef<FileResult> ShardResults,
                      unsigned CacheHits);

} // namespace lockcheck

#endif
