//===--- LockcheckMain.cpp - the lockcheck command line -------------------===//
//
// lockcheck [options] <source>... [-- <compiler args>]
//
// Runs clang-tidy's engine with only lockcheck's checks, so .clang-tidy
// files, CheckOptions, NOLINT, --fix and --export-fixes behave as clang-tidy
// users expect, and adds what a command-line analyser and a CI gate need:
// whole-database runs in parallel worker processes, SARIF and JSON output,
// baselines, and an exit code contract (docs/user-guide.md).
//
// main() is the sequence of the steps of a run; each step is in the file of
// its concern: the options (CommandLine, RunOptions), the configuration
// (ConfigCommands), the files (FileSelection, Shards), their analysis
// (RunAnalysis, Workers) and the report (RunReport, ReportOutputs,
// RunSummary).
//
//===----------------------------------------------------------------------===//

#include "tool/CommandLine.h"
#include "tool/ConfigCommands.h"
#include "tool/FileSelection.h"
#include "tool/RunAnalysis.h"
#include "tool/RunOptions.h"
#include "tool/RunReport.h"
#include "tool/Shards.h"
#include "tool/Workers.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/TargetSelect.h"
#include <chrono>

using namespace clang;
using namespace llvm;
using namespace lockcheck;
using namespace lockcheck::cli;

namespace {

void mainExecutableAnchor() {}

} // namespace

int main(int argc, const char **argv) {
  InitLLVM X(argc, argv);
  setBugReportMsg("PLEASE report this crash at "
                  "https://github.com/lockcheck/lockcheck/issues with the "
                  "stack dump below and, if you can, the file.\n");
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(printVersion);
  auto StartTime = std::chrono::steady_clock::now();

  // The arguments as given, for the worker processes.
  WorkerCommand Worker = workerCommand(
      argc, argv, reinterpret_cast<void *>(&mainExecutableAnchor));
  std::unique_ptr<tooling::CompilationDatabase> Compilations;
  if (!parseCommandLine(argc, argv, Compilations))
    return ExitError;

  InitializeAllTargetInfos();
  InitializeAllTargetMCs();
  InitializeAllAsmParsers();

  if (WorkerMode)
    return runWorker(std::move(Compilations), ArrayRef(argv, argc));

  // The configuration, and the commands answered from it alone.
  RunConfiguration Config;
  if (std::optional<int> Exit =
          readConfiguration(Config, Compilations != nullptr))
    return *Exit;
  RunOptions Options;
  if (!checkRunOptions(Options))
    return ExitError;

  // The files: from the shards of a run (--merge), or from the compilation
  // database.
  std::string CWD = currentDirectory();
  RunFiles Run;
  Run.Compilations = std::move(Compilations);
  std::vector<FileResult> MergedResults;
  if (std::optional<int> Exit = gatherFiles(
          Run, MergedResults, Config.FirstFile, Options.ExcludePatterns, CWD))
    return *Exit;
  if (!checkFileConfigurations(Config, Run))
    return ExitError;

  // The analysis; its results go to the shard's directory or to the report.
  RunReport Report(Options, Run, CWD);
  RunAnalysis Analysis(Run, *Config.OptionsProvider, Worker, Options.Shard,
                       Report.Progress, CWD, Report.ModelOnly);
  if (!Analysis.run(std::move(MergedResults)))
    return ExitError;
  if (!ShardOut.empty()) {
    std::vector<FileResult> ShardResults;
    Analysis.finish(
        [&](FileResult R) { ShardResults.push_back(std::move(R)); });
    return writeShardResults(Options.Shard, Run.Files, Analysis.part(),
                             ShardResults, Analysis.cacheHits());
  }
  Analysis.finish([&](FileResult R) { Report.merge(std::move(R)); });

  Report.warnUnmatchedNames();
  if (Report.ModelOnly)
    return Report.writeModel(Config.Checker);
  Report.addWholeProgramFindings(Config.Enabled, *Config.OptionsProvider);

  Report.writeOutputs(Config.Enabled);
  if (!ExportFixes.empty())
    Report.exportFixes(Run.Files.empty() ? Config.FirstPath
                                         : Run.Files.front());
  if (Fix)
    Report.fixFindings(*Config.OptionsProvider);
  if (!WriteBaselineFile.empty())
    Report.saveBaseline();
  Report.printSummary(Run.Files.size(), Run.ExcludedCount, Analysis.cacheHits(),
                      StartTime);
  return Report.exitStatus();
}
