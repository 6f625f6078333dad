//===--- RunAnalysis.cpp - the analysis of a run's files ------------------===//

#include "tool/RunAnalysis.h"
#include "checks/summary/SummaryIO.h"
#include "merge/KeptSummaries.h"
#include "merge/LockApiMerge.h"
#include "tool/CommandLine.h"
#include "tool/ConfigProviders.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Threading.h"

using namespace clang;
using namespace clang::tidy;
using namespace llvm;

namespace lockcheck {

using namespace cli;

/// At most this many times a file is analysed again with the lock functions
/// other files define (wrappers of wrappers across files: rarely deeper).
constexpr unsigned MaxLockApiRounds = 3;

RunAnalysis::RunAnalysis(const RunFiles &Run,
                         ClangTidyOptionsProvider &OptionsProvider,
                         const WorkerCommand &Worker, ShardSpec Shard,
                         Console &Progress, StringRef CWD, bool ModelOnly)
    : Files(Run.Files), Compilations(Run.Compilations.get()),
      OptionsProvider(OptionsProvider), Worker(Worker), Progress(Progress),
      CWD(CWD.str()), Pending(Files.size()), ApiTexts(Files.size()) {
  Setup.Compilations = Compilations;
  Setup.MakeOptionsProvider = createOptionsProvider;
  Setup.CrashOn = DebugCrashOn;
  Setup.DumpModel = DumpModel;
  Setup.Summarize = !ModelOnly || DumpModel;

  if (Shard.valid())
    ToRun = shardPart(Files, Shard);
  else
    for (size_t I = 0; I < Files.size(); ++I)
      ToRun.push_back(I);

  std::string CachePath = cacheDirectory(ModelOnly);
  if (!CachePath.empty() && Compilations)
    Cache.emplace(CachePath, Worker.Executable);
}

// Every file's result stays until the lock-API rounds are decided: keep
// what a run that reports needs, in lists without spare capacity (a shard
// writes the whole result).
void RunAnalysis::keep(size_t I, FileResult R) {
  if (ShardOut.empty())
    std::vector<std::string>().swap(R.Dependencies);
  shrinkSummary(R.Summary);
  Pending[I] = std::move(R);
}

void RunAnalysis::analyse(ArrayRef<size_t> Indices,
                          std::shared_ptr<const std::vector<LockApiFact>> Api,
                          StringRef ApiFile, bool CountHits) {
  std::vector<std::string> Keys(Files.size());
  std::vector<size_t> Misses;
  for (size_t I : Indices) {
    if (Cache) {
      std::string Config =
          configurationAsText(OptionsProvider.getOptions(Files[I]));
      if (!ApiTexts[I].empty())
        Config += "\n# lock functions of other files\n" + ApiTexts[I];
      Keys[I] = Cache->key(Files[I], Compilations->getCompileCommands(Files[I]),
                           Config);
      std::string Note;
      if (std::optional<FileResult> R = Cache->lookup(Keys[I], Note)) {
        keep(I, std::move(*R));
        CacheHits += CountHits;
        continue;
      }
      if (!Note.empty())
        errs() << "lockcheck: note: " << Note << "\n";
    }
    Misses.push_back(I);
  }
  auto Done = [&](size_t I, FileResult R) {
    if (Cache && R.analysed() && !CacheWriteFailed) {
      std::string Error;
      if (!Cache->store(Keys[I], R, Error)) {
        errs() << "lockcheck: warning: " << Error
               << "; the results are not cached\n";
        CacheWriteFailed = true;
      }
    }
    keep(I, std::move(R));
  };
  // The progress line counts the files analysed (not those from the
  // cache). A lone file is parsed in this process while no worker was
  // needed (a run of one file, a re-run that found the others in the
  // cache): a worker's start-up would be a good part of such a run.
  // Once workers analysed the files, a later round's lone file goes to a
  // worker too: this process holds every other file's result, and its
  // peak memory would be theirs plus an AST, above the largest worker's.
  if (Misses.size() == 1 && !UsedWorkers) {
    std::string Shown = displayPath(Files[Misses[0]], CWD);
    Progress.starting(1, Shown);
    AnalysisSetup WithApi = Setup;
    WithApi.ExternalApi = Api;
    FileResult R = analyseInProcess(WithApi, Files[Misses[0]]);
    Progress.finished(1, 1, Shown);
    Done(Misses[0], std::move(R));
  } else if (!Misses.empty()) {
    unsigned N =
        Jobs ? unsigned(Jobs)
             : heavyweight_hardware_concurrency().compute_thread_count();
    std::vector<WorkerRequest> MissFiles;
    for (size_t I : Misses) {
      MissFiles.push_back({Files[I], {}});
      if (Api)
        MissFiles.back().Arguments.push_back(
            ("--" + Twine(WorkerExternalApi.ArgStr) + "=" + ApiFile).str());
    }
    size_t Finished = 0;
    UsedWorkers = true;
    analyseInWorkers(
        MissFiles, N, Worker,
        [&](size_t I) {
          Progress.starting(MissFiles.size(),
                            displayPath(MissFiles[I].File, CWD));
        },
        [&](size_t I, FileResult R) {
          Progress.finished(++Finished, MissFiles.size(),
                            displayPath(MissFiles[I].File, CWD));
          Done(Misses[I], std::move(R));
        });
  }
}

bool RunAnalysis::run(std::vector<FileResult> MergedResults) {
  for (size_t I = 0; I < MergedResults.size(); ++I)
    keep(I, std::move(MergedResults[I]));
  MergedResults.clear();
  {
    std::vector<size_t> First;
    for (size_t I : ToRun)
      if (!Pending[I])
        First.push_back(I);
    analyse(First, nullptr, "", /*CountHits=*/true);
  }
  return lockApiRounds();
}

bool RunAnalysis::lockApiRounds() {
  // The lock functions one file defines and others call: those others are
  // analysed again with them, round after round (a wrapper of a wrapper in
  // a third file is known once its callee is).
  for (unsigned Round = 0; Setup.Summarize && !MergeShards && Compilations &&
                           Round < MaxLockApiRounds;
       ++Round) {
    std::vector<const TUSummary *> Units;
    for (size_t I : ToRun)
      if (Pending[I])
        Units.push_back(&Pending[I]->Summary);
    auto Api =
        std::make_shared<const std::vector<LockApiFact>>(programLockApi(Units));
    if (Api->empty())
      break;
    std::vector<size_t> Again;
    for (size_t I : ToRun) {
      if (!Pending[I] || Pending[I]->Status == FileResult::NotAnalysed ||
          Pending[I]->Status == FileResult::Crashed)
        continue;
      std::vector<LockApiFact> Needed =
          neededLockApi(Pending[I]->Summary, *Api);
      std::string Text;
      if (!Needed.empty()) {
        raw_string_ostream OS(Text);
        writeLockApiFacts(Needed, OS);
      }
      if (Text != ApiTexts[I]) {
        ApiTexts[I] = std::move(Text);
        Again.push_back(I);
      }
    }
    if (Again.empty())
      break;
    // Their results of this round are replaced: give the memory back first.
    Units.clear();
    for (size_t I : Again)
      Pending[I].reset();
    SmallString<128> ApiFile;
    int FD = -1;
    if (std::error_code EC = sys::fs::createTemporaryFile(
            "lockcheck-api", "yaml", FD, ApiFile)) {
      error() << "cannot create a temporary file: " << EC.message() << "\n";
      return false;
    }
    auto Remove = make_scope_exit([&] { sys::fs::remove(ApiFile); });
    {
      raw_fd_ostream OS(FD, /*shouldClose=*/true);
      writeLockApiFacts(*Api, OS);
    }
    analyse(Again, Api, ApiFile, /*CountHits=*/false);
  }
  return true;
}

void RunAnalysis::finish(function_ref<void(FileResult)> Deliver) {
  // The merge reads one definition of a function defined in several files
  // (a header's): the others' facts can go before it.
  if (ShardOut.empty()) {
    std::vector<TUSummary *> Merged;
    for (size_t I : ToRun)
      if (Pending[I] && (Pending[I]->analysed() ||
                         Pending[I]->Status == FileResult::CompileErrors))
        Merged.push_back(&Pending[I]->Summary);
    dropRedefinitions(Merged);
  }
  for (size_t I : ToRun) {
    if (!Pending[I])
      continue;
    Deliver(std::move(*Pending[I]));
    Pending[I].reset();
  }
  Progress.done();
}

} // namespace lockcheck
