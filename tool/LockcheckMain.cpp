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
//===----------------------------------------------------------------------===//

#include "checks/summary/SummaryIO.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "merge/KeptSummaries.h"
#include "merge/LockApiMerge.h"
#include "tool/Analysis.h"
#include "tool/CheckInfo.h"
#include "tool/CommandLine.h"
#include "tool/ConfigCheck.h"
#include "tool/ConfigProviders.h"
#include "tool/Console.h"
#include "tool/Database.h"
#include "tool/FileSelection.h"
#include "tool/Findings.h"
#include "tool/LineFilter.h"
#include "tool/Output.h"
#include "tool/Reporter.h"
#include "tool/ResultCache.h"
#include "tool/Shards.h"
#include "tool/WholeProgram.h"
#include "tool/Workers.h"
#include "clang/Basic/Version.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/WithColor.h"
#include <chrono>
#include <map>
#include <set>
#include <unistd.h>

using namespace clang;
using namespace clang::tidy;
using namespace llvm;
using namespace lockcheck;
using namespace lockcheck::cli;

namespace {

void mainExecutableAnchor() {}

/// At most this many times a file is analysed again with the lock functions
/// other files define (wrappers of wrappers across files: rarely deeper).
constexpr unsigned MaxLockApiRounds = 3;

/// The shard this process analyses (--shard), if any.
ShardSpec Shard;

/// A worker process (--worker): the database and the configuration are
/// read once, then each file the parent sends is analysed. \p Args are the
/// run's own arguments; a request's extra arguments are parsed after them.
int runWorker(std::unique_ptr<tooling::CompilationDatabase> Compilations,
              ArrayRef<const char *> Args) {
  std::string Error;
  if (!Compilations)
    Compilations = findCompilations(
        Sources.empty() ? StringRef() : StringRef(Sources.front()), Error);
  if (Compilations)
    Compilations = prepareDatabase(std::move(Compilations));
  std::vector<std::string> Applied; // the extra arguments in effect
  return serveWorkerRequests([&](const WorkerRequest &Request) {
    FileResult R;
    R.File = Request.File;
    R.Status = FileResult::NotAnalysed;
    if (Request.Arguments != Applied) {
      std::vector<const char *> All(Args.begin(), Args.end());
      for (const std::string &A : Request.Arguments)
        All.push_back(A.c_str());
      cl::ResetAllOptionOccurrences();
      Applied = Request.Arguments;
      if (!parseOptions(All.size(), All.data())) {
        Applied.clear();
        R.Errors.push_back("invalid options for '" + Request.File + "'");
        return R;
      }
    }
    if (!Compilations) {
      R.Errors.push_back(Error);
      return R;
    }
    AnalysisSetup Setup;
    Setup.Compilations = Compilations.get();
    Setup.MakeOptionsProvider = createOptionsProvider;
    Setup.CrashOn = DebugCrashOn;
    Setup.DumpModel = DumpModel;
    if (!WorkerExternalApi.empty()) {
      auto Facts = std::make_shared<std::vector<LockApiFact>>();
      std::string ReadError;
      ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
          MemoryBuffer::getFile(WorkerExternalApi);
      if (!Text || !readLockApiFacts((*Text)->getBuffer(), *Facts, ReadError)) {
        R.Errors.push_back("cannot read '" + WorkerExternalApi + "': " +
                           (Text ? ReadError : Text.getError().message()));
        return R;
      }
      Setup.ExternalApi = std::move(Facts);
    }
    return analyseFile(Setup, Request.File);
  });
}

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
  WorkerCommand Worker;
  Worker.Executable = sys::fs::getMainExecutable(
      argv[0], reinterpret_cast<void *>(&mainExecutableAnchor));
  for (int I = 1; I < argc; ++I)
    Worker.Arguments.push_back(argv[I]);

  // Fixed compiler arguments after "--".
  std::string FixedDBError;
  std::unique_ptr<tooling::CompilationDatabase> Compilations =
      tooling::FixedCompilationDatabase::loadFromCommandLine(argc, argv,
                                                             FixedDBError);
  if (!FixedDBError.empty()) {
    reportCompilerArgumentErrors(FixedDBError);
    return ExitError;
  }
  // Until the options are parsed: NO_COLOR only.
  WithColor::setAutoDetectFunction([](const raw_ostream &OS) {
    std::optional<std::string> NoColor = sys::Process::GetEnv("NO_COLOR");
    return (!NoColor || NoColor->empty()) && OS.has_colors();
  });
  if (!parseOptions(argc, argv))
    return ExitError;
  WithColor::setAutoDetectFunction(useColor);

  InitializeAllTargetInfos();
  InitializeAllTargetMCs();
  InitializeAllAsmParsers();

  if (WorkerMode)
    return runWorker(std::move(Compilations), ArrayRef(argv, argc));

  auto OptionsProvider = createOptionsProvider();
  if (!OptionsProvider)
    return ExitError;

  StringRef FirstFile =
      Sources.empty() ? StringRef("dummy.cpp") : StringRef(Sources.front());
  std::string FirstPath = absolutePath(FirstFile);
  ClangTidyOptions Effective = OptionsProvider->getOptions(FirstPath);
  std::vector<std::string> Enabled = getCheckNames(Effective, false);

  if (Explain.getNumOccurrences()) {
    const CheckInfo *Info = findCheckInfo(Explain);
    if (!Info || Info->Markdown.empty()) {
      std::vector<std::string> Names;
      for (const CheckInfo &I : allCheckInfos())
        Names.push_back(("lockcheck-" + I.Name).str());
      std::string Near = nearestName(
          StringRef(Explain).starts_with("lockcheck-") ? Explain
                                                       : "lockcheck-" + Explain,
          Names);
      error() << "--explain: no check named '" << Explain << "'"
              << (Near.empty() ? std::string()
                               : "; did you mean '" + Near + "'?")
              << " (--list-checks lists them)\n";
      return ExitError;
    }
    outs() << Info->Markdown;
    if (!Info->Markdown.ends_with("\n"))
      outs() << "\n";
    return ExitClean;
  }
  // Check names and option keys: an unknown check is an error, an unknown
  // option a warning (both are counted by --verify-config).
  ConfigChecker Config;
  Config.check(FirstPath);
  if (Config.Errors && !VerifyConfig)
    return ExitError;
  // The header filters are regular expressions: an invalid one would match
  // nothing, and hide every header's findings in silence.
  for (auto [Regex, Flag, Key] :
       {std::tuple(Effective.HeaderFilterRegex, &HeaderFilter,
                   "HeaderFilterRegex"),
        std::tuple(Effective.ExcludeHeaderFilterRegex, &ExcludeHeaderFilter,
                   "ExcludeHeaderFilterRegex")}) {
    std::string Problem;
    if (!Regex || Regex->empty() || llvm::Regex(*Regex).isValid(Problem))
      continue;
    error() << "invalid regular expression '" << *Regex << "' in "
            << (Flag->getNumOccurrences()
                    ? "--" + Flag->ArgStr.str()
                    : Twine(Key).concat(" of the configuration").str())
            << ": " << Problem << "\n";
    return ExitError;
  }
  auto NoChecks = [&] {
    std::string Why = Config.whyNoChecks(FirstPath);
    error() << "no checks enabled"
            << (Why.empty() ? std::string()
                            : ": " + Why + " every lockcheck check off")
            << "\n";
    return ExitError;
  };
  if (VerifyConfig && Sources.empty() && BuildPath.empty() && !Compilations) {
    // Only the configuration: there are no files to match names against.
    if (!Config.Errors && !Config.Warnings && !Quiet)
      errs() << "lockcheck: no configuration errors found\n";
    return Config.Errors || Config.Warnings ? ExitFindings : ExitClean;
  }
  if (ListChecks) {
    if (Enabled.empty())
      return NoChecks();
    size_t Width = 0;
    for (const std::string &Name : Enabled)
      Width = std::max(Width, Name.size());
    outs() << "Enabled checks:";
    for (const std::string &Name : Enabled) {
      outs() << "\n    " << Name;
      if (const CheckInfo *Info = findCheckInfo(Name))
        outs().indent(Width - Name.size() + 2) << Info->ShortDescription;
    }
    outs() << "\n\n";
    return ExitClean;
  }
  if (DumpConfig) {
    if (Effective.Checks)
      Effective.Checks = simplifyChecks(*Effective.Checks);
    std::vector<std::string> Removed = removedArguments(Effective);
    Effective.CheckOptions = getCheckOptions(Effective, false);
    if (!Removed.empty())
      Effective.CheckOptions[RemoveArgsKey] =
          ClangTidyOptions::ClangTidyValue(join(Removed, ";"));
    ClangTidyOptions ToDump =
        ClangTidyOptions::getDefaults().merge(Effective, 0);
    outs() << configurationAsText(ToDump) << "\n";
    return ExitClean;
  }
  if (Enabled.empty() && !VerifyConfig)
    return NoChecks();

  // Options that are checked before any work is done.
  if (ShardOption.getNumOccurrences() && !parseShardSpec(ShardOption, Shard)) {
    error() << "--shard='" << ShardOption
            << "' is not K/N with 1 <= K <= N (e.g. --shard=2/3)\n";
    return ExitError;
  }
  if (Shard.valid() != !ShardOut.empty()) {
    error() << (Shard.valid() ? "--shard needs --shard-out=<dir>, where the "
                                "shard's results go"
                              : "--shard-out needs --shard=K/N")
            << "\n";
    return ExitError;
  }
  if (MergeShards && (Shard.valid() || BuildPath.getNumOccurrences())) {
    error() << "--merge reads the results of the shards; it takes neither "
            << (Shard.valid() ? "--shard" : "-p") << "\n";
    return ExitError;
  }
  if (MergeShards && Sources.empty()) {
    error() << "--merge needs the directories the shards were written to "
               "(--shard-out)\n";
    return ExitError;
  }
  if (!BaselineFile.empty() && !WriteBaselineFile.empty()) {
    error() << "--baseline and --write-baseline cannot be used together\n";
    return ExitError;
  }
  // --line-filter and --diff: which findings are shown.
  FindingSelection Selection;
  if (LineFilterJson.getNumOccurrences() || DiffRevision.getNumOccurrences()) {
    std::string Error;
    if (!WriteBaselineFile.empty()) {
      error() << "--write-baseline records every finding; it cannot be used "
                 "with --line-filter or --diff\n";
      return ExitError;
    }
    if (LineFilterJson.getNumOccurrences() &&
        !Selection.Lines.emplace().parse(LineFilterJson, Error)) {
      error() << Error << "\n";
      return ExitError;
    }
    if (DiffRevision.getNumOccurrences() &&
        !Selection.Diff.emplace().load(DiffRevision, currentDirectory(),
                                       Error)) {
      error() << Error << "\n";
      return ExitError;
    }
  }
  std::vector<GlobPattern> ExcludePatterns;
  for (const std::string &Pattern : Excludes) {
    Expected<GlobPattern> P = GlobPattern::create(Pattern, /*MaxSubPatterns=*/
                                                  1024);
    if (!P) {
      error() << "invalid --exclude pattern '" << Pattern
              << "': " << toString(P.takeError()) << "\n";
      return ExitError;
    }
    ExcludePatterns.push_back(std::move(*P));
  }
  std::string CWD = currentDirectory();
  std::vector<BaselineEntry> Baseline;
  std::set<std::string> BaselineFingerprints;
  if (!BaselineFile.empty()) {
    std::string Error;
    if (!readBaseline(BaselineFile, Baseline, Error)) {
      error() << Error << "\n";
      return ExitError;
    }
    for (const BaselineEntry &E : Baseline)
      BaselineFingerprints.insert(E.Fingerprint);
  }
  if (SarifRoot.getNumOccurrences() && !sys::fs::is_directory(SarifRoot)) {
    error() << "--sarif-root '" << SarifRoot << "' is not a directory\n";
    return ExitError;
  }
  if (!SarifHelpBase.empty() && !StringRef(SarifHelpBase).contains("://")) {
    error() << "--sarif-help-base '" << SarifHelpBase
            << "' is not an absolute URL (https://...)\n";
    return ExitError;
  }
  std::unique_ptr<raw_fd_ostream> OutputStream;
  if (!OutputFile.empty()) {
    std::error_code EC;
    OutputStream =
        std::make_unique<raw_fd_ostream>(OutputFile, EC, sys::fs::OF_Text);
    if (EC) {
      error() << "cannot write '" << OutputFile << "': " << EC.message()
              << "\n";
      return ExitError;
    }
  }
  raw_ostream &Out = OutputStream ? *OutputStream : outs();

  // The files: from the shards of a run (--merge), or from the compilation
  // database.
  bool HadError = false;
  std::vector<std::string> Files;
  unsigned ExcludedCount = 0;
  std::vector<FileResult> MergedResults;
  // What went wrong, for SARIF's toolExecutionNotifications.
  std::vector<Notification> Notifications;
  if (MergeShards) {
    std::string Error;
    if (!readShards(std::vector<std::string>(Sources.begin(), Sources.end()),
                    Files, MergedResults, Error)) {
      error() << Error << "\n";
      return ExitError;
    }
  } else {
    RunFiles Run;
    Run.Compilations = std::move(Compilations);
    if (std::optional<int> Exit =
            selectFiles(Run, FirstFile, ExcludePatterns, CWD))
      return *Exit;
    Compilations = std::move(Run.Compilations);
    Files = std::move(Run.Files);
    ExcludedCount = Run.ExcludedCount;
    HadError = Run.HadError;
    Notifications = std::move(Run.Notifications);
  }
  // The configuration of every file (.clang-tidy files of subdirectories).
  for (const std::string &F : Files)
    Config.check(F);
  if (Config.Errors && !VerifyConfig)
    return ExitError;
  // The compiler flags Clang does not know (GCC's), dropped from the
  // commands: named once for the run, not per file.
  if (!MergeShards && !Quiet) {
    std::string Note = unknownArgumentsNote(
        unknownArguments(*Compilations, Files, [&](StringRef F) {
          return removedArguments(OptionsProvider->getOptions(F));
        }));
    if (!Note.empty())
      errs() << "lockcheck: note: " << Note << "\n";
  }

  // Where the files of fingerprints are relative to: the baseline's
  // directory, else the SARIF root, else the current directory.
  std::string SarifRootDir = SarifRoot.empty() ? CWD : absolutePath(SarifRoot);
  std::string FingerprintRoot = SarifRootDir;
  if (!BaselineFile.empty() || !WriteBaselineFile.empty())
    FingerprintRoot = sys::path::parent_path(
                          absolutePath(BaselineFile.empty() ? WriteBaselineFile
                                                            : BaselineFile))
                          .str();

  SourceCache Texts;
  Fingerprinter Fingerprints(FingerprintRoot, Texts);
  bool Color = !OutputStream && useColor(outs());
  bool Terminal = errs().is_displayed();
  Console Progress(ShowProgress || (Terminal && !Quiet), Terminal);

  // The results, merged in the order of Files whatever order the workers
  // finish in.
  std::vector<Reported> Shown;
  std::vector<bool> Fixable;
  std::map<std::tuple<std::string, std::string, unsigned, std::string>, int>
      Dedup;
  std::map<std::string, unsigned> PerCheck;
  std::set<std::string> BaselineMatched;
  unsigned Baselined = 0, Analysed = 0, NotAnalysed = 0, AsErrors = 0;
  StringSet<> LogLines;
  std::set<std::string> Covered;

  // The findings of one file (or the cross-file ones), in order: printed,
  // fingerprinted, matched against the baseline and kept for the outputs.
  auto MergeFindings = [&](std::vector<Finding> &Findings, bool Analysed) {
    std::vector<ClangTidyError> ToPrint, CompilerErrors;
    for (Finding &F : Findings) {
      ClangTidyError &E = F.Error;
      // A finding in a header reached from several files is one finding,
      // even when a count in its message differs between them ("guarded
      // by 'mu' at 1 other access" in one file, "at 5 other accesses" in
      // another): the message up to its first number tells it apart.
      StringRef Key = E.Message.Message;
      if (!isCompilerError(E))
        Key = Key.take_until([](char C) { return isDigit(C); });
      auto [It, New] = Dedup.try_emplace({E.DiagnosticName, E.Message.FilePath,
                                          E.Message.FileOffset, Key.str()},
                                         -1);
      if (!New) {
        // A finding in a header reached from several files: reported once,
        // fixable if any of them compiled.
        if (It->second >= 0 && Analysed)
          Fixable[It->second] = true;
        continue;
      }
      if (isCompilerError(E)) {
        Notifications.push_back({E.Message.Message, E.Message.FilePath,
                                 E.Message.FileOffset,
                                 !E.Message.FilePath.empty()});
        CompilerErrors.push_back(E);
        if (Format == FormatText)
          ToPrint.push_back(E);
        continue;
      }
      std::string Fingerprint = Fingerprints.fingerprint(F);
      if (BaselineFingerprints.count(Fingerprint)) {
        BaselineMatched.insert(Fingerprint);
        ++Baselined;
        continue;
      }
      if (Selection.active() && !Selection.keeps(F, Texts))
        continue;
      if (Format == FormatText)
        ToPrint.push_back(E);
      if (E.IsWarningAsError)
        ++AsErrors;
      ++PerCheck[E.DiagnosticName];
      It->second = Shown.size();
      Shown.push_back({std::move(F), std::move(Fingerprint)});
      Fixable.push_back(Analysed);
    }
    if (!ToPrint.empty()) {
      printDiagnostics(ToPrint, Out, Color);
      Out.flush();
    }
    if (Format != FormatText && !CompilerErrors.empty())
      printDiagnostics(CompilerErrors, errs(), useColor(errs()));
  };

  // What the whole-program merge needs of each file, in the order of Files,
  // and where the files' own findings are.
  std::vector<UnitFacts> Units;
  std::set<std::tuple<std::string, std::string, unsigned>> LocalPlaces;
  // The inferred API (--dump-model), each line once; the configured names
  // matched in some file, and those matched in none so far.
  std::vector<std::string> ModelLines;
  StringSet<> SeenModelLines, MatchedNames;
  // The findings left out as in headers, each once over the run.
  std::set<std::string> HiddenInHeaders;
  std::vector<std::string> UnmatchedNames;
  bool ModelOnly = DumpModel || VerifyConfig;
  auto Merge = [&](FileResult R) {
    Progress.clear();
    if (ModelOnly) {
      for (Finding &F : R.Findings)
        if (isCompilerError(F.Error))
          printDiagnostics({F.Error}, errs(), useColor(errs()));
    } else {
      MergeFindings(R.Findings, R.analysed());
    }
    for (std::string &L : R.Model)
      if (SeenModelLines.insert(L).second)
        ModelLines.push_back(std::move(L));
    for (const std::string &N : R.MatchedNames)
      MatchedNames.insert(N);
    HiddenInHeaders.insert(R.HiddenInHeaders.begin(), R.HiddenInHeaders.end());
    for (std::string &N : R.UnmatchedNames)
      if (!llvm::is_contained(UnmatchedNames, N))
        UnmatchedNames.push_back(std::move(N));
    for (const Finding &F : R.Findings)
      LocalPlaces.insert({F.Error.DiagnosticName, F.Error.Message.FilePath,
                          F.Error.Message.FileOffset});
    if (R.analysed() || R.Status == FileResult::CompileErrors)
      Units.push_back({std::move(R.Summary), std::move(R.OrderEdges)});

    for (const std::string &Message : R.Errors) {
      error() << Message << "\n";
      Notifications.push_back({Message, R.File, 0, false});
    }
    if (R.Status == FileResult::CompileErrors) {
      std::string Message = "'" + R.File +
                            "' could not be compiled; its findings may be "
                            "incomplete";
      error() << Message << "\n";
      Notifications.push_back({Message, R.File, 0, false});
    }
    // What a worker wrote on standard error: all of it after a crash, else
    // each line once (a configuration warning is not repeated per file).
    if (R.Status == FileResult::Crashed) {
      errs() << R.Log;
    } else {
      SmallVector<StringRef, 8> Lines;
      StringRef(R.Log).split(Lines, '\n', -1, /*KeepEmpty=*/false);
      for (StringRef L : Lines)
        if (LogLines.insert(L).second)
          errs() << L << "\n";
    }
    Covered.insert(R.Covered.begin(), R.Covered.end());
    if (R.analysed()) {
      ++Analysed;
    } else {
      ++NotAnalysed;
      HadError = true;
    }
    Progress.redraw();
  };

  AnalysisSetup Setup;
  Setup.Compilations = Compilations.get();
  Setup.MakeOptionsProvider = createOptionsProvider;
  Setup.CrashOn = DebugCrashOn;
  Setup.DumpModel = DumpModel;
  Setup.Summarize = !ModelOnly || DumpModel;

  // The files this process analyses (all, or one shard's part), in the
  // order of Files; their results are merged (or written to the shard) in
  // that order, whatever order they finish in.
  std::vector<size_t> ToRun;
  if (Shard.valid())
    ToRun = shardPart(Files, Shard);
  else
    for (size_t I = 0; I < Files.size(); ++I)
      ToRun.push_back(I);
  std::vector<std::optional<FileResult>> Pending(Files.size());
  // Every file's result stays until the lock-API rounds are decided: keep
  // what a run that reports needs, in lists without spare capacity (a
  // shard writes the whole result).
  auto Keep = [&](size_t I, FileResult R) {
    if (ShardOut.empty())
      std::vector<std::string>().swap(R.Dependencies);
    shrinkSummary(R.Summary);
    Pending[I] = std::move(R);
  };
  for (size_t I = 0; I < MergedResults.size(); ++I)
    Keep(I, std::move(MergedResults[I]));
  MergedResults.clear();

  // The cache: results of unchanged files are used again.
  std::optional<ResultCache> Cache;
  std::string CachePath = cacheDirectory(ModelOnly);
  if (!CachePath.empty() && Compilations)
    Cache.emplace(CachePath, Worker.Executable);
  unsigned CacheHits = 0;
  bool CacheWriteFailed = false;
  // The lock functions of other files each file was analysed with (the
  // text of its facts; empty: none): part of its cache key.
  std::vector<std::string> ApiTexts(Files.size());
  bool UsedWorkers = false;
  // Analyses \p Indices (or takes their results from the cache), with the
  // program's lock API \p Api (null: none) written in \p ApiFile.
  auto Analyse = [&](ArrayRef<size_t> Indices,
                     std::shared_ptr<const std::vector<LockApiFact>> Api,
                     StringRef ApiFile, bool CountHits) {
    std::vector<std::string> Keys(Files.size());
    std::vector<size_t> Misses;
    for (size_t I : Indices) {
      if (Cache) {
        std::string Config =
            configurationAsText(OptionsProvider->getOptions(Files[I]));
        if (!ApiTexts[I].empty())
          Config += "\n# lock functions of other files\n" + ApiTexts[I];
        Keys[I] = Cache->key(
            Files[I], Compilations->getCompileCommands(Files[I]), Config);
        std::string Note;
        if (std::optional<FileResult> R = Cache->lookup(Keys[I], Note)) {
          Keep(I, std::move(*R));
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
      Keep(I, std::move(R));
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
  };
  {
    std::vector<size_t> First;
    for (size_t I : ToRun)
      if (!Pending[I])
        First.push_back(I);
    Analyse(First, nullptr, "", /*CountHits=*/true);
  }
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
      return ExitError;
    }
    auto Remove = make_scope_exit([&] { sys::fs::remove(ApiFile); });
    {
      raw_fd_ostream OS(FD, /*shouldClose=*/true);
      writeLockApiFacts(*Api, OS);
    }
    Analyse(Again, Api, ApiFile, /*CountHits=*/false);
  }
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
  std::vector<FileResult> ShardResults;
  for (size_t I : ToRun) {
    if (!Pending[I])
      continue;
    if (!ShardOut.empty())
      ShardResults.push_back(std::move(*Pending[I]));
    else
      Merge(std::move(*Pending[I]));
    Pending[I].reset();
  }
  Progress.done();

  if (!ShardOut.empty()) {
    std::string Error;
    if (!writeShard(ShardOut, Shard, Files, ToRun, ShardResults, Error)) {
      error() << Error << "\n";
      return ExitError;
    }
    if (!Quiet)
      errs() << "lockcheck: shard " << Shard.K << "/" << Shard.N << ": "
             << plural(ToRun.size(), "file", "files") << " of " << Files.size()
             << " analysed"
             << (CacheHits ? " (" + Twine(CacheHits).str() + " from the cache)"
                           : std::string())
             << ", results in '" << ShardOut << "'; report with --merge\n";
    return ExitClean;
  }

  // Configured names that match nothing in the whole run: once each.
  llvm::erase_if(UnmatchedNames,
                 [&](const std::string &N) { return MatchedNames.count(N); });
  for (const std::string &N : UnmatchedNames) {
    auto [Option, Name] = StringRef(N).split(": ");
    errs() << "lockcheck: warning: the " << Option << " name '" << Name
           << "' matches no declaration in the analysed files\n";
  }
  if (ModelOnly) {
    for (const std::string &L : ModelLines)
      Out << L << "\n";
    // What only the whole program shows: trampoline thread-start wrappers.
    if (DumpModel)
      for (const std::string &L : wholeProgramModel(
               Units, Texts, [&](StringRef P) { return displayPath(P, CWD); }))
        if (SeenModelLines.insert(L).second)
          Out << L << "\n";
    Out.flush();
    if (HadError)
      return ExitError;
    if (VerifyConfig) {
      bool Clean = UnmatchedNames.empty() && !Config.Errors && !Config.Warnings;
      if (Clean && !Quiet)
        errs() << "lockcheck: no configuration errors found\n";
      return Clean ? ExitClean : ExitFindings;
    }
    return ExitClean;
  }

  // The findings that span files, once every file is merged.
  {
    StringSet<> EnabledSet;
    for (const std::string &C : Enabled)
      EnabledSet.insert(C);
    std::vector<Finding> CrossFile = wholeProgramFindings(
        Units, [&](StringRef Check) { return EnabledSet.count(Check) != 0; },
        [&](StringRef Check, StringRef File) {
          ClangTidyOptions Opts = OptionsProvider->getOptions(File);
          return Opts.WarningsAsErrors &&
                 CachedGlobList(*Opts.WarningsAsErrors).contains(Check);
        },
        LocalPlaces, Texts);
    MergeFindings(CrossFile, /*Analysed=*/true);
  }

  std::vector<ClangTidyError> ShownErrors;
  for (const Reported &R : Shown)
    ShownErrors.push_back(R.F.Error);

  if (Format == FormatSarif) {
    SarifRun Run;
    Run.Version = LOCKCHECK_VERSION;
    Run.Root = SarifRootDir;
    Run.Checks = Enabled;
    Run.Notifications = Notifications;
    Run.Successful = !HadError;
    Run.HelpBase = SarifHelpBase;
    writeSarif(Out, Run, Shown, Texts);
  } else if (Format == FormatJson) {
    writeJson(Out, Shown, Texts);
  }
  Out.flush();
  if (OutputStream) {
    OutputStream->close();
    if (OutputStream->has_error()) {
      error() << "cannot write '" << OutputFile
              << "': " << OutputStream->error().message() << "\n";
      OutputStream->clear_error();
      HadError = true;
    }
  }

  if (!ExportFixes.empty()) {
    std::error_code EC;
    raw_fd_ostream OS(ExportFixes, EC, sys::fs::OF_None);
    if (EC) {
      error() << "cannot write '" << ExportFixes << "': " << EC.message()
              << "\n";
      HadError = true;
    } else {
      exportReplacements(Files.empty() ? FirstPath : Files.front(), ShownErrors,
                         OS);
    }
  }

  if (Fix) {
    std::vector<ClangTidyError> ToFix;
    for (size_t I = 0; I < Shown.size(); ++I)
      if (Fixable[I])
        ToFix.push_back(ShownErrors[I]);
    FixSummary S = applyFixes(ToFix, [&](StringRef File) {
      ClangTidyOptions Opts = OptionsProvider->getOptions(File);
      return Opts.FormatStyle ? *Opts.FormatStyle : std::string("none");
    });
    for (const std::string &Msg : S.WriteErrors) {
      error() << "cannot apply fixes to " << Msg << "\n";
      HadError = true;
    }
    if (!Quiet)
      errs() << "lockcheck: applied " << plural(S.Applied, "fix", "fixes")
             << " in " << plural(S.FilesWritten, "file", "files")
             << (S.Conflicting ? " (" +
                                     plural(S.Conflicting, "conflicting fix",
                                            "conflicting fixes") +
                                     " skipped)"
                               : std::string())
             << "\n";
  }

  if (!WriteBaselineFile.empty()) {
    std::vector<BaselineEntry> Entries;
    for (const Reported &R : Shown) {
      const ClangTidyError &E = R.F.Error;
      BaselineEntry B;
      B.Fingerprint = R.Fingerprint;
      B.Check = E.DiagnosticName;
      B.File = E.Message.FilePath.empty()
                   ? std::string()
                   : relativePath(E.Message.FilePath, FingerprintRoot);
      B.Function = R.F.Function;
      B.Line = Texts.position(E.Message.FilePath, E.Message.FileOffset).Line;
      B.Message = E.Message.Message;
      Entries.push_back(std::move(B));
    }
    std::string Error;
    if (!writeBaseline(WriteBaselineFile, Entries, Error)) {
      error() << Error << "\n";
      HadError = true;
    } else if (!Quiet) {
      errs() << "lockcheck: wrote "
             << plural(Entries.size(), "finding", "findings")
             << " to the baseline '" << WriteBaselineFile << "'\n";
    }
  }

  if (!BaselineFile.empty() && !Quiet) {
    // A baseline finding is gone when it was not found again although its
    // file was analysed (findings of files left out of this run are not).
    std::set<std::string> CoveredRelative;
    for (const std::string &F : Covered)
      CoveredRelative.insert(relativePath(F, FingerprintRoot));
    unsigned Gone = 0;
    for (const BaselineEntry &E : Baseline)
      if (!BaselineMatched.count(E.Fingerprint) &&
          CoveredRelative.count(E.File))
        ++Gone;
    errs() << "lockcheck: baseline '" << BaselineFile
           << "': " << plural(Baselined, "known finding", "known findings")
           << " not shown, " << Gone << " gone"
           << (Gone ? " (fixed or changed; --write-baseline updates the "
                      "baseline)"
                    : "")
           << "\n";
  }

  if (Selection.active() && !Quiet)
    errs() << "lockcheck: " << Selection.summary() << "\n";

  if (AsErrors && !Quiet)
    errs() << "lockcheck: "
           << plural(AsErrors, "warning treated as error",
                     "warnings treated as errors")
           << "\n";

  // The findings a header filter left out: said, as clang-tidy does, so that
  // they do not vanish in silence.
  std::string HiddenNote;
  {
    unsigned System = 0;
    for (const std::string &K : HiddenInHeaders)
      System += StringRef(K).starts_with("system:");
    if (!HiddenInHeaders.empty()) {
      HiddenNote = plural(HiddenInHeaders.size(), "finding", "findings") +
                   " in headers not shown";
      if (System)
        HiddenNote += " (" + Twine(System).str() + " in system headers)";
      HiddenNote += "; use ";
      if (System < HiddenInHeaders.size())
        HiddenNote += "--header-filter";
      if (System)
        HiddenNote += System < HiddenInHeaders.size()
                          ? " and --system-headers"
                          : "--system-headers with --header-filter";
    }
  }

  if (!Quiet && !HiddenNote.empty() && !(Terminal || ShowProgress))
    errs() << "lockcheck: note: " << HiddenNote << "\n";

  if (!Quiet && (Terminal || ShowProgress)) {
    double Seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - StartTime)
                         .count();
    size_t Count = Files.size();
    errs() << "lockcheck: ";
    if (NotAnalysed)
      errs() << Analysed << " of " << plural(Count, "file", "files")
             << " analysed (" << NotAnalysed << " could not be)";
    else
      errs() << plural(Count, "file", "files") << " analysed";
    if (ExcludedCount)
      errs() << ", " << ExcludedCount << " excluded";
    if (CacheHits)
      errs() << ", " << CacheHits << " from the cache";
    errs() << " in " << format("%.2f", Seconds) << " s: ";
    if (Shown.empty()) {
      errs() << (BaselineFile.empty() ? "no findings" : "no new findings");
    } else {
      errs() << plural(Shown.size(),
                       BaselineFile.empty() ? "finding" : "new finding",
                       BaselineFile.empty() ? "findings" : "new findings")
             << " (";
      bool First = true;
      for (const auto &[Check, N] : PerCheck) {
        errs() << (First ? "" : ", ") << Check << ": " << N;
        First = false;
      }
      errs() << ")";
    }
    if (!HiddenNote.empty())
      errs() << "; " << HiddenNote;
    errs() << "\n";
  }

  if (HadError)
    return ExitError;
  if (!WriteBaselineFile.empty())
    return ExitClean;
  return Shown.empty() ? ExitClean : ExitFindings;
}
