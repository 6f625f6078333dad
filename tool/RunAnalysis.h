//===--- RunAnalysis.h - the analysis of a run's files ----------*- C++ -*-===//
//
// The files of a run analysed as one program, in two passes: each file
// first (from the cache when it is unchanged, in this process when it is
// the only one, else in worker processes), then again, round after round,
// the files that call lock functions other files define, with those
// functions' facts. The results stay until the rounds are decided, then
// go on in the order of the files whatever order they finished in: to the
// report, or to the shard's results (--shard).
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_RUNANALYSIS_H
#define LOCKCHECK_TOOL_RUNANALYSIS_H

#include "clang-tidy/ClangTidyOptions.h"
#include "tool/Analysis.h"
#include "tool/Console.h"
#include "tool/FileSelection.h"
#include "tool/ResultCache.h"
#include "tool/Shards.h"
#include "tool/Workers.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lockcheck {

class RunAnalysis {
public:
  /// The analysis of the files of \p Run (those of \p Shard, when valid),
  /// each with the configuration \p OptionsProvider gives it, in workers
  /// started as \p Worker says. \p ModelOnly: only the model is reported.
  RunAnalysis(const RunFiles &Run,
              clang::tidy::ClangTidyOptionsProvider &OptionsProvider,
              const WorkerCommand &Worker, ShardSpec Shard, Console &Progress,
              llvm::StringRef CWD, bool ModelOnly);

  /// Analyses the files (\p MergedResults, read from the shards of --merge,
  /// are the results of the first files). Returns false, with an error, when
  /// the run cannot go on.
  bool run(std::vector<FileResult> MergedResults);

  /// Hands the results to \p Deliver in the order of the files, then
  /// removes the progress line. For a report (not a shard), the facts of a
  /// function defined in several files are kept once.
  void finish(llvm::function_ref<void(FileResult)> Deliver);

  /// The indices of the files this process analyses, in order.
  llvm::ArrayRef<size_t> part() const { return ToRun; }
  /// How many files' results came from the cache.
  unsigned cacheHits() const { return CacheHits; }

private:
  /// Keeps the result of file \p I until the rounds are decided.
  void keep(size_t I, FileResult R);
  /// Analyses \p Indices (or takes their results from the cache), with the
  /// program's lock API \p Api (null: none) written in \p ApiFile.
  void analyse(llvm::ArrayRef<size_t> Indices,
               std::shared_ptr<const std::vector<LockApiFact>> Api,
               llvm::StringRef ApiFile, bool CountHits);
  /// The rounds with the lock functions of other files; false when the
  /// run cannot go on.
  bool lockApiRounds();

  llvm::ArrayRef<std::string> Files;
  const clang::tooling::CompilationDatabase *Compilations;
  clang::tidy::ClangTidyOptionsProvider &OptionsProvider;
  const WorkerCommand &Worker;
  Console &Progress;
  std::string CWD;
  AnalysisSetup Setup;

  /// The files this process analyses (all, or one shard's part), in the
  /// order of Files; their results are merged (or written to the shard) in
  /// that order, whatever order they finish in.
  std::vector<size_t> ToRun;
  std::vector<std::optional<FileResult>> Pending;

  /// The cache: results of unchanged files are used again.
  std::optional<ResultCache> Cache;
  unsigned CacheHits = 0;
  bool CacheWriteFailed = false;
  /// The lock functions of other files each file was analysed with (the
  /// text of its facts; empty: none): part of its cache key.
  std::vector<std::string> ApiTexts;
  bool UsedWorkers = false;
};

} // namespace lockcheck

#endif
