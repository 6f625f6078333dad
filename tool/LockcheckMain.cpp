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

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "tool/Analysis.h"
#include "tool/CheckInfo.h"
#include "tool/ConfigCheck.h"
#include "tool/Database.h"
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

namespace {

/// Exit codes: the contract a CI gate relies on (docs/user-guide.md).
enum ExitCode {
  ExitClean = 0,    ///< every file analysed, no (new) finding
  ExitFindings = 1, ///< every file analysed, (new) findings reported
  ExitError = 2,    ///< a usage error, or some input could not be analysed
};

cl::OptionCategory Category("lockcheck options");
cl::OptionCategory InternalCategory("lockcheck internal options");

const char Overview[] =
    R"(lockcheck finds lock misuse in threaded C and C++ code: threads never
joined, locks not released, shared data written without its lock, double
locks and lock-order deadlocks.

  lockcheck [options] <source>... [-- <compiler args>]
  lockcheck -p <build-dir> [<source-or-directory>...]

Compiler flags come from a compile_commands.json: the one in the directory
given with -p, or else the first one found in a parent directory of the
first source. Arguments after '--' give fixed compiler flags instead.

Exit status: 0 when every file was analysed and nothing was found (nothing
new, with --baseline), 1 when findings were reported, 2 when lockcheck could
not do what was asked (a usage error, a missing, unreadable or unparsable
file, no or a malformed compilation database, a crash). When some files fail
and others have findings, the status is 2.
)";

cl::list<std::string> Sources(cl::Positional,
                              cl::desc("<source files or directories>"),
                              cl::cat(Category));

cl::opt<std::string>
    BuildPath("p", cl::desc(R"(Build directory containing compile_commands.json.
With no sources, every file of the database is
analysed; a directory given as a source means
every file of the database under it.)"),
              cl::value_desc("build-dir"), cl::cat(Category));

cl::list<std::string>
    Excludes("exclude",
             cl::desc(R"(Leave out the files whose path matches this glob
('*' matches across '/', '?', [a-z], {a,b}),
tried on the absolute path and on the path
relative to the current directory; repeatable.
E.g. --exclude='third_party/*' --exclude='*.pb.cc'.)"),
             cl::value_desc("glob"), cl::cat(Category));

cl::opt<unsigned>
    Jobs("j", cl::desc(R"(Analyse N translation units at once, each in its
own worker process. 0 (the default) means the
number of cores. The output is the same for any N.)"),
         cl::value_desc("N"), cl::init(0), cl::Prefix, cl::cat(Category));

cl::opt<std::string>
    Checks("checks", cl::desc(R"(Comma-separated list of globs of checks to run,
prefix '-' to disable (clang-tidy syntax). Applied
after the .clang-tidy files. Default: lockcheck-*.)"),
           cl::value_desc("globs"), cl::init(""), cl::cat(Category));

cl::opt<bool>
    ListChecks("list-checks",
               cl::desc("List the enabled checks, with what each finds, and "
                        "exit."),
               cl::init(false), cl::cat(Category));

cl::opt<std::string>
    Explain("explain",
            cl::desc(R"(Print the documentation page of this check (what it
finds, why it matters, how to fix it, its options)
and exit, e.g. --explain=lockcheck-lock-order.)"),
            cl::value_desc("check"), cl::cat(Category));

cl::opt<std::string>
    Config("config", cl::desc(R"(Configuration in YAML/JSON, as in a .clang-tidy
file, e.g. --config="{Checks: 'lockcheck-*',
CheckOptions: {...}}". Replaces .clang-tidy files.)"),
           cl::value_desc("yaml"), cl::init(""), cl::cat(Category));

cl::opt<std::string>
    ConfigFile("config-file",
               cl::desc(R"(Read the configuration from this file instead of
.clang-tidy files (same format).)"),
               cl::value_desc("file"), cl::init(""), cl::cat(Category));

cl::opt<bool>
    DumpConfig("dump-config",
               cl::desc(R"(Print the effective configuration (checks and
check options) for the first source, then exit.)"),
               cl::init(false), cl::cat(Category));

cl::opt<bool>
    DumpModel("dump-model",
              cl::desc(R"(Print the lock API lockcheck inferred for the given
files with no configuration (lock, try-lock,
release and wait wrappers, mutex and guard types),
one '<file>:<line>:<col>: <name>: <kind> (<rule>)'
line per element, instead of the findings.)"),
              cl::init(false), cl::cat(Category));

cl::opt<bool>
    VerifyConfig("verify-config",
                 cl::desc(R"(Check the configuration instead of reporting
findings: unknown check names and option keys, and,
with files, every name of a model option
(LockFunctions, WaitFunctions, ...) that matches no
declaration in them. Exit 1 if any.)"),
                 cl::init(false), cl::cat(Category));

enum OutputFormat { FormatText, FormatSarif, FormatJson };
cl::opt<OutputFormat> Format(
    "format", cl::desc("Output format (default: text):"),
    cl::values(clEnumValN(FormatText, "text",
                          "clang's diagnostic format, with source lines and "
                          "fix-it hints"),
               clEnumValN(FormatSarif, "sarif",
                          "SARIF 2.1.0, for code-scanning pages (GitHub, "
                          "GitLab)"),
               clEnumValN(FormatJson, "json",
                          "a JSON array of findings (docs/user-guide.md)")),
    cl::init(FormatText), cl::cat(Category));

cl::opt<std::string>
    OutputFile("output",
               cl::desc(R"(Write the findings to this file instead of the
standard output.)"),
               cl::value_desc("file"), cl::cat(Category));

cl::opt<std::string>
    SarifRoot("sarif-root",
              cl::desc(R"(SARIF file URIs are relative to this directory
(uriBaseId %SRCROOT%); without a baseline, so are
the files in fingerprints. Default: the current
directory.)"),
              cl::value_desc("dir"), cl::cat(Category));

cl::opt<std::string>
    BaselineFile("baseline",
                 cl::desc(R"(Report, and fail on, only the findings that are
not in this baseline file (see --write-baseline);
say on standard error how many of its findings
are gone.)"),
                 cl::value_desc("file"), cl::cat(Category));

cl::opt<std::string>
    WriteBaselineFile("write-baseline",
                      cl::desc(R"(Record the findings of this run in a baseline
file, and exit 0 unless something could not be
analysed.)"),
                      cl::value_desc("file"), cl::cat(Category));

cl::opt<std::string>
    LineFilterJson("line-filter",
                   cl::desc(R"(Report, and fail on, only the findings on these
lines (clang-tidy's form): a JSON list of
{"name":"<path suffix>","lines":[[first,last],...]};
a file without "lines" is kept whole, a file not
listed is left out. A finding is on the lines when
its location or one of its notes' is.)"),
                   cl::value_desc("json"), cl::cat(Category));

cl::opt<std::string>
    DiffRevision("diff",
                 cl::desc(R"(Report, and fail on, only the findings on lines
changed since this git revision (git diff <rev>,
in the repository of the current directory), or
in a function changed since: for a pull-request
gate, e.g. --diff=origin/main. With --baseline,
both apply.)"),
                 cl::value_desc("git revision"), cl::cat(Category));

cl::opt<bool> Fix("fix",
                  cl::desc(R"(Apply the suggested fix-its to the files. Each
file is rewritten atomically; a fix reached from
several translation units is applied once. Fixes
are not applied to files that failed to compile.)"),
                  cl::init(false), cl::cat(Category));

cl::opt<std::string>
    FormatStyle("format-style",
                cl::desc(R"(Style for formatting the code around applied fixes,
as in clang-tidy: 'none' (default), 'file' (the
nearest .clang-format), 'llvm', 'google',
'chromium', 'mozilla', 'webkit', or '{key: value,
...}'. Overrides FormatStyle of .clang-tidy.)"),
                cl::value_desc("style"), cl::cat(Category));

cl::opt<std::string>
    SarifHelpBase("sarif-help-base",
                  cl::desc(R"(Absolute URL where the check pages (docs/checks)
are published; each SARIF rule's helpUri is
<url>/<check>.md, "{version}" replaced by
lockcheck's version. Default: )" LOCKCHECK_HELP_BASE_DESC),
                  cl::value_desc("url"), cl::init(LOCKCHECK_HELP_BASE_URL),
                  cl::cat(Category));

cl::opt<std::string>
    ExportFixes("export-fixes",
                cl::desc(R"(Write the suggested fixes to this YAML file, for
clang-apply-replacements.)"),
                cl::value_desc("file"), cl::cat(Category));

cl::opt<std::string>
    HeaderFilter("header-filter",
                 cl::desc(R"(Regular expression of headers whose findings are
shown (findings in the main files always are).
System headers never are. Default: none.)"),
                 cl::value_desc("regex"), cl::init(""), cl::cat(Category));

cl::opt<std::string> ExcludeHeaderFilter(
    "exclude-header-filter",
    cl::desc(R"(Regular expression of headers whose findings are not
shown, even when --header-filter matches them.)"),
    cl::value_desc("regex"), cl::init(""), cl::cat(Category));

cl::opt<bool>
    SystemHeaders("system-headers",
                  cl::desc(R"(Show the findings in system headers too (those
--header-filter matches).)"),
                  cl::init(false), cl::cat(Category));

cl::opt<std::string>
    WarningsAsErrors("warnings-as-errors",
                     cl::desc(R"(Globs of checks whose findings are reported as
errors (clang-tidy syntax).)"),
                     cl::value_desc("globs"), cl::init(""), cl::cat(Category));

cl::list<std::string>
    ExtraArgs("extra-arg",
              cl::desc(R"(Additional argument to append to the compiler
command line (repeatable).)"),
              cl::value_desc("arg"), cl::cat(Category));

cl::list<std::string>
    ExtraArgsBefore("extra-arg-before",
                    cl::desc(R"(Additional argument to prepend to the compiler
command line (repeatable).)"),
                    cl::value_desc("arg"), cl::cat(Category));

cl::list<std::string>
    RemoveArgs("remove-arg",
               cl::desc(R"(Compiler argument to remove from the compilation
database's commands (repeatable): a glob ('-fno-*',
'-Werror*'), or an option's name ('-I' removes each
'-I <dir>'). Added to the RemoveArgs of the
configuration.)"),
               cl::value_desc("glob"), cl::cat(Category));

cl::opt<bool>
    ShowProgress("progress",
                 cl::desc(R"(Show the progress line and the summary even when
standard error is not a terminal (one line per
file then). By default they are shown only on a
terminal.)"),
                 cl::init(false), cl::cat(Category));

cl::opt<bool> Quiet("quiet",
                    cl::desc(R"(Do not print the progress line, the summary, the
baseline and the fix counts on standard error.)"),
                    cl::init(false), cl::cat(Category));

cl::opt<bool>
    UseColor("use-color",
             cl::desc(R"(Colour the diagnostics (--use-color=false: never).
Default: when the output is a terminal and the
NO_COLOR environment variable is not set.)"),
             cl::init(false), cl::cat(Category));

cl::opt<std::string>
    CacheDir("cache-dir",
             cl::desc(R"(Keep each file's results in <dir> and use them
again while the file, every header it includes,
its compile command, the configuration and
lockcheck itself are unchanged: only the
whole-program merge runs again. Default:
.lockcheck-cache in the build directory given
with -p (no cache without -p).)"),
             cl::value_desc("dir"), cl::cat(Category));
cl::opt<bool> NoCache("no-cache",
                      cl::desc("Neither read nor write the cache (see "
                               "--cache-dir)."),
                      cl::init(false), cl::cat(Category));
cl::opt<std::string>
    ShardOption("shard",
                cl::desc(R"(Analyse part K of N of the files: every N-th
file in path order, from the K-th (e.g. 2/3).
Needs --shard-out; see --merge.)"),
                cl::value_desc("K/N"), cl::cat(Category));
cl::opt<std::string>
    ShardOut("shard-out",
             cl::desc(R"(With --shard: write the results of the shard
to <dir>/shard-K-of-N, for --merge, instead of
reporting them.)"),
             cl::value_desc("dir"), cl::cat(Category));
cl::opt<bool> MergeShards("merge",
                          cl::desc(R"(The arguments are directories holding the
shards of one run (--shard-out): report on them
as one run over all the files would, with the
same outputs and exit status.)"),
                          cl::init(false), cl::cat(Category));

// Internal: a worker process analyses one file and writes its results.
cl::opt<std::string>
    WorkerFile(StringRef(WorkerFileOption), cl::Hidden,
               cl::desc("Internal: analyse this one file as a worker process."),
               cl::value_desc("file"), cl::cat(InternalCategory));
cl::opt<std::string> WorkerOutput(
    StringRef(WorkerOutputOption), cl::Hidden,
    cl::desc("Internal: where a worker process writes its results."),
    cl::value_desc("file"), cl::cat(InternalCategory));
// For lockcheck's tests: crash while analysing the files matching a regex.
cl::opt<std::string> DebugCrashOn(
    "debug-crash-on", cl::Hidden,
    cl::desc("Testing: crash while analysing the files matching this regex."),
    cl::value_desc("regex"), cl::cat(InternalCategory));

void printVersion(raw_ostream &OS) {
  OS << "lockcheck " << LOCKCHECK_VERSION << "\n  built with "
     << getClangFullVersion() << "\n";
}

/// Whether to colour what is written to \p OS: as --use-color says when it
/// is given; else never when NO_COLOR is set (https://no-color.org), else
/// when \p OS is a terminal.
bool useColor(const raw_ostream &OS) {
  if (UseColor.getNumOccurrences())
    return UseColor;
  std::optional<std::string> NoColor = sys::Process::GetEnv("NO_COLOR");
  if (NoColor && !NoColor->empty())
    return false;
  return OS.has_colors();
}

raw_ostream &error() {
  return WithColor(errs(), raw_ostream::RED, /*Bold=*/true)
         << "lockcheck: error: ";
}

/// The lockcheck option nearest to \p Given ("--fxi": "--fix"), or "" when
/// none is near.
std::string nearestOption(StringRef Given) {
  StringRef Name = Given.ltrim('-').split('=').first;
  std::string Best;
  unsigned BestDistance = std::max<unsigned>(2, Name.size() / 3) + 1;
  for (const auto &[Key, Opt] : cl::getRegisteredOptions()) {
    if (Opt->getOptionHiddenFlag() != cl::NotHidden ||
        !llvm::is_contained(Opt->Categories, &Category))
      continue;
    unsigned D =
        Name.edit_distance(Key, /*AllowReplacements=*/true, BestDistance);
    if (D < BestDistance) {
      BestDistance = D;
      Best = (Key.size() == 1 ? "-" : "--") + Key.str();
    }
  }
  return Best;
}

/// LLVM's command-line errors ("for the -j option: 'x' value invalid for
/// uint argument!") in plain words, one "lockcheck: error:" line each.
void reportOptionErrors(StringRef Raw) {
  SmallVector<StringRef, 4> Lines;
  Raw.split(Lines, '\n', -1, /*KeepEmpty=*/false);
  std::string Unknown;
  for (StringRef L : Lines) {
    L = L.trim();
    L.consume_front("lockcheck: ");
    if (L.consume_front("Unknown command line argument '")) {
      if (!Unknown.empty())
        error() << Unknown << " (lockcheck --help lists the options)\n";
      StringRef Given = L.split('\'').first;
      Unknown = "unknown option '" + Given.str() + "'";
      std::string Near = nearestOption(Given);
      if (!Near.empty())
        Unknown += "; did you mean '" + Near + "'?";
      continue;
    }
    if (L.starts_with("Did you mean '"))
      continue; // LLVM may suggest its own hidden options; see below.
    if (!Unknown.empty()) {
      error() << Unknown << " (lockcheck --help lists the options)\n";
      Unknown.clear();
    }
    StringRef Option, Problem = L;
    if (L.consume_front("for the ")) {
      std::tie(Option, Problem) = L.split(" option: ");
      if (Option.starts_with("--") && Option.size() == 3)
        Option = Option.drop_front(); // -j, -p
    }
    auto Quoted = [&] { return Problem.drop_front().split('\'').first; };
    std::string Plain;
    if (Problem.contains("value invalid for uint argument"))
      Plain = (Option + " expects a number, not '" + Quoted() + "'").str();
    else if (Problem.contains("invalid value for boolean argument"))
      Plain =
          (Option + " takes no value, or true or false; not '" + Quoted() + "'")
              .str();
    else if (Problem.starts_with("Cannot find option named '")) {
      Plain = (Option + ": unknown value '" +
               Problem.drop_front(26).split('\'').first + "'")
                  .str();
      if (Option == "--format")
        Plain += "; expected text, sarif or json";
    } else if (Problem.starts_with("requires a value"))
      Plain = (Option + " needs a value (" + Option + "=<value>)").str();
    else if (Problem.starts_with("does not allow a value"))
      Plain = (Option + " takes no value").str();
    else if (Problem.starts_with("may only occur zero or one times"))
      Plain = (Option + " is given more than once").str();
    else
      Plain =
          ((Option.empty() ? "" : Option + ": ") + Problem.rtrim("!")).str();
    error() << Plain << "\n";
  }
  if (!Unknown.empty())
    error() << Unknown << " (lockcheck --help lists the options)\n";
}

/// Parses the command line; on an error, says what is wrong in plain words.
/// LLVM prints some of its errors on standard error whatever stream it is
/// given: standard error goes to a temporary file while parsing.
bool parseOptions(int argc, const char **argv) {
  // The file is removed at once (--help exits inside the parser): what is
  // written to it is read back through its descriptor.
  SmallString<128> Temp;
  int TempFD = -1, Saved = -1;
  if (!sys::fs::createTemporaryFile("lockcheck-options", "txt", TempFD, Temp)) {
    sys::fs::remove(Temp);
    errs().flush();
    Saved = ::dup(2);
    if (Saved >= 0)
      ::dup2(TempFD, 2);
  }
  bool OK = cl::ParseCommandLineOptions(argc, argv, Overview, &errs());
  std::string Errors;
  if (Saved >= 0) {
    errs().flush();
    ::dup2(Saved, 2);
    ::close(Saved);
    ::lseek(TempFD, 0, SEEK_SET);
    char Buffer[4096];
    for (ssize_t N; (N = ::read(TempFD, Buffer, sizeof(Buffer))) > 0;)
      Errors.append(Buffer, N);
  }
  if (TempFD >= 0)
    ::close(TempFD);
  if (!OK || !Errors.empty())
    reportOptionErrors(Errors);
  return OK;
}

/// The messages of the compiler driver about the arguments after "--"
/// ("error: unknown argument: '-foo'"), one "lockcheck: error:" line each.
void reportCompilerArgumentErrors(StringRef Raw) {
  SmallVector<StringRef, 4> Lines;
  Raw.split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (StringRef L : Lines) {
    L = L.trim();
    if (!L.consume_front("error: "))
      L.consume_front("warning: ");
    error() << "the compiler arguments after '--': " << L << "\n";
  }
}

/// The standalone tool runs lockcheck's checks only. A project's .clang-tidy
/// is written for clang-tidy: its `Checks: '-*,bugprone-*'` must neither
/// switch lockcheck off (and let a gate pass with nothing checked) nor turn
/// on clang-tidy's own checks, such as the static analyzer, inside lockcheck.
/// In each configuration file, the globs that name lockcheck checks are
/// kept; `*` and `-*` only in a file that also names a lockcheck check.
/// --checks on the command line is kept as given.
class LockcheckOnlyProvider : public ClangTidyOptionsProvider {
public:
  explicit LockcheckOnlyProvider(
      std::unique_ptr<ClangTidyOptionsProvider> Inner)
      : Inner(std::move(Inner)) {}
  const ClangTidyGlobalOptions &getGlobalOptions() override {
    return Inner->getGlobalOptions();
  }
  std::vector<OptionsSource> getRawOptions(StringRef FileName) override {
    std::vector<OptionsSource> Sources = Inner->getRawOptions(FileName);
    bool First = true;
    for (OptionsSource &Source : Sources) {
      if (!Source.first.Checks)
        continue;
      // --checks on the command line says what the user wants here.
      bool CommandLine =
          Source.second == OptionsSourceTypeCheckCommandLineOption;
      Source.first.Checks = filter(*Source.first.Checks, First, CommandLine);
      First = false;
    }
    addRemovedArguments(Sources, RemoveArgs);
    return Sources;
  }

private:
  static std::string filter(StringRef Globs, bool First, bool CommandLine) {
    SmallVector<StringRef, 16> Items;
    Globs.split(Items, ',', -1, /*KeepEmpty=*/false);
    std::vector<std::string> Kept, Wildcards;
    bool NamesLockcheck = false;
    for (StringRef Item : Items) {
      Item = Item.trim();
      StringRef Name = Item;
      Name.consume_front("-");
      if (Name.starts_with("lockcheck")) {
        Kept.push_back(Item.str());
        NamesLockcheck = true;
      } else if (Name == "*") {
        Kept.push_back(Item.str());
        Wildcards.push_back(Item.str());
      }
    }
    std::string Out = First ? "-*" : "";
    for (const std::string &Item : Kept) {
      if (!NamesLockcheck && !CommandLine &&
          llvm::is_contained(Wildcards, Item))
        continue;
      if (!Out.empty())
        Out += ",";
      Out += Item;
    }
    return Out;
  }
  std::unique_ptr<ClangTidyOptionsProvider> Inner;
};

std::unique_ptr<ClangTidyOptionsProvider> createProjectOptionsProvider();

std::unique_ptr<ClangTidyOptionsProvider> createOptionsProvider() {
  auto P = createProjectOptionsProvider();
  if (!P)
    return nullptr;
  return std::make_unique<LockcheckOnlyProvider>(std::move(P));
}

std::unique_ptr<ClangTidyOptionsProvider> createProjectOptionsProvider() {
  ClangTidyGlobalOptions GlobalOptions;
  ClangTidyOptions DefaultOptions;
  DefaultOptions.Checks = "-*,lockcheck-*";
  DefaultOptions.WarningsAsErrors = "";
  DefaultOptions.HeaderFilterRegex = HeaderFilter;
  DefaultOptions.SystemHeaders = false;
  DefaultOptions.User = sys::Process::GetEnv("USER");

  ClangTidyOptions OverrideOptions;
  if (Checks.getNumOccurrences())
    OverrideOptions.Checks = Checks;
  if (WarningsAsErrors.getNumOccurrences())
    OverrideOptions.WarningsAsErrors = WarningsAsErrors;
  if (HeaderFilter.getNumOccurrences())
    OverrideOptions.HeaderFilterRegex = HeaderFilter;
  if (FormatStyle.getNumOccurrences())
    OverrideOptions.FormatStyle = FormatStyle;
  if (ExcludeHeaderFilter.getNumOccurrences())
    OverrideOptions.ExcludeHeaderFilterRegex = ExcludeHeaderFilter;
  if (SystemHeaders.getNumOccurrences())
    OverrideOptions.SystemHeaders = SystemHeaders;
  if (!ExtraArgs.empty())
    OverrideOptions.ExtraArgs =
        std::vector<std::string>(ExtraArgs.begin(), ExtraArgs.end());
  if (!ExtraArgsBefore.empty())
    OverrideOptions.ExtraArgsBefore = std::vector<std::string>(
        ExtraArgsBefore.begin(), ExtraArgsBefore.end());

  auto LoadConfig =
      [&](StringRef Text,
          StringRef Source) -> std::unique_ptr<ClangTidyOptionsProvider> {
    ErrorOr<ClangTidyOptions> Parsed =
        parseConfiguration(MemoryBufferRef(Text, Source));
    if (!Parsed) {
      error() << "invalid configuration in " << Source << ": "
              << Parsed.getError().message() << "\n";
      return nullptr;
    }
    return std::make_unique<ConfigOptionsProvider>(
        std::move(GlobalOptions),
        ClangTidyOptions::getDefaults().merge(DefaultOptions, 0),
        std::move(*Parsed), std::move(OverrideOptions));
  };
  if (ConfigFile.getNumOccurrences()) {
    if (Config.getNumOccurrences()) {
      error() << "--config and --config-file cannot be used together\n";
      return nullptr;
    }
    auto Text = MemoryBuffer::getFile(ConfigFile);
    if (!Text) {
      error() << "cannot read config file '" << ConfigFile
              << "': " << Text.getError().message() << "\n";
      return nullptr;
    }
    return LoadConfig((*Text)->getBuffer(), ConfigFile);
  }
  if (Config.getNumOccurrences())
    return LoadConfig(Config, "<command-line-config>");
  return std::make_unique<FileOptionsProvider>(
      std::move(GlobalOptions), std::move(DefaultOptions),
      std::move(OverrideOptions), vfs::getRealFileSystem());
}

/// The configuration mistakes of every file's configuration sources (the
/// raw ones, before lockcheck keeps its own checks), each printed once.
class ConfigChecker {
public:
  ConfigChecker() : Provider(createProjectOptionsProvider()) {}

  /// Checks the sources of \p File's configuration; prints what is new.
  void check(StringRef File) {
    if (!Provider)
      return;
    for (const ConfigProblem &P : checkConfiguration(
             Provider->getRawOptions(File), ConfigFile.getValue())) {
      if (!Seen.insert(P.Message).second)
        continue;
      switch (P.Kind) {
      case ConfigProblem::Error:
        ++Errors;
        error() << P.Message << "\n";
        break;
      case ConfigProblem::Warning:
        ++Warnings;
        WithColor(errs(), raw_ostream::MAGENTA, /*Bold=*/true)
            << "lockcheck: warning: ";
        errs() << P.Message << "\n";
        break;
      case ConfigProblem::Note:
        if (!Quiet)
          errs() << "lockcheck: note: " << P.Message << "\n";
        break;
      }
    }
  }

  /// Why no check is enabled for \p File: the check lists that chose, as
  /// "the check lists of 'x/.clang-tidy' ('-*,lockcheck-x') and --checks
  /// ('-*') turn".
  std::string whyNoChecks(StringRef File) {
    std::vector<std::string> Lists;
    if (Provider)
      for (const auto &[Options, Source] : Provider->getRawOptions(File))
        if (Options.Checks &&
            Source != ClangTidyOptionsProvider::OptionsSourceTypeDefaultBinary)
          Lists.push_back(sourceName(Source, ConfigFile) + " ('" +
                          simplifyChecks(*Options.Checks) + "')");
    if (Lists.empty())
      return "";
    return (Lists.size() == 1 ? "the check list of " : "the check lists of ") +
           join(Lists, " and ") + (Lists.size() == 1 ? " turns" : " turn");
  }

  unsigned Errors = 0, Warnings = 0;

private:
  std::unique_ptr<ClangTidyOptionsProvider> Provider;
  StringSet<> Seen;
};

std::string absolutePath(StringRef P) {
  SmallString<256> Abs(P);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

std::string currentDirectory() {
  SmallString<256> CWD;
  sys::fs::current_path(CWD);
  return std::string(CWD);
}

/// The compilation database: -p, or the first one found in a parent
/// directory of \p FirstSource.
std::unique_ptr<tooling::CompilationDatabase>
findCompilations(StringRef FirstSource, std::string &Error) {
  if (!BuildPath.empty()) {
    std::string Dir = BuildPath;
    if (sys::path::filename(Dir) == "compile_commands.json" &&
        sys::fs::is_regular_file(Dir))
      Dir = sys::path::parent_path(Dir).str();
    if (Dir.empty())
      Dir = ".";
    if (!sys::fs::exists(Dir)) {
      Error = "build directory '" + BuildPath + "' does not exist";
      return nullptr;
    }
    if (!sys::fs::is_directory(Dir)) {
      Error = "'" + BuildPath + "' (given with -p) is not a directory";
      return nullptr;
    }
    return loadFromBuildDirectory(Dir, Error);
  }
  if (Sources.empty()) {
    Error = "no input files; give source files, or -p <build-dir> to "
            "analyse every file of a compilation database (see --help)";
    return nullptr;
  }
  std::string Start = absolutePath(FirstSource);
  if (!sys::fs::is_directory(Start))
    Start = sys::path::parent_path(Start).str();
  for (StringRef Dir = Start; !Dir.empty(); Dir = sys::path::parent_path(Dir)) {
    SmallString<256> JSON(Dir);
    sys::path::append(JSON, "compile_commands.json");
    if (sys::fs::exists(JSON))
      return loadFromBuildDirectory(Dir, Error);
    std::string Ignored;
    if (auto DB = tooling::CompilationDatabase::loadFromDirectory(Dir, Ignored))
      return DB;
  }
  Error = "no compilation database found for '" + FirstSource.str() +
          "' (no compile_commands.json in its parent directories); pass "
          "-p <build-dir>, or compiler flags after '--'";
  return nullptr;
}

void mainExecutableAnchor() {}

/// The shard this process analyses (--shard), if any.
ShardSpec Shard;

/// The cache directory of the run: --cache-dir, else .lockcheck-cache in
/// the build directory of -p; empty for none (--no-cache, --merge, a run
/// that only lists the model, a crash test).
std::string cacheDirectory(bool ModelOnly) {
  if (NoCache || MergeShards || ModelOnly || !DebugCrashOn.empty())
    return std::string();
  if (!CacheDir.empty())
    return absolutePath(CacheDir);
  if (BuildPath.empty())
    return std::string();
  std::string Dir = absolutePath(BuildPath);
  if (sys::path::filename(Dir) == "compile_commands.json")
    Dir = sys::path::parent_path(Dir).str();
  SmallString<256> P(Dir);
  sys::path::append(P, ".lockcheck-cache");
  return std::string(P);
}

/// The progress line and the summary, on standard error.
class Console {
public:
  Console(bool Show, bool Terminal) : Show(Show), Terminal(Terminal) {}

  /// A file is being analysed: on a terminal, before any has finished,
  /// "[0/N] file" says that something is happening.
  void starting(size_t Count, StringRef File) {
    if (Show && Terminal && Line.empty())
      show(0, Count, File);
  }
  /// A file has been analysed: "[done/N] file", where done counts the
  /// finished files (not the started ones, which run ahead with -j).
  void finished(size_t Done, size_t Count, StringRef File) {
    if (Show)
      show(Done, Count, File);
  }
  /// Removes the progress line before something else is printed.
  void clear() {
    if (Shown)
      errs() << "\r\x1b[K";
    Shown = false;
  }
  /// Shows it again.
  void redraw() {
    if (Show && Terminal && !Line.empty() && !Shown) {
      errs() << "\r" << Line << "\x1b[K";
      Shown = true;
    }
  }
  void done() {
    clear();
    Line.clear();
  }

private:
  void show(size_t Done, size_t Count, StringRef File) {
    Line = ("[" + Twine(Done) + "/" + Twine(Count) + "] " + File).str();
    if (!Terminal) {
      errs() << Line << "\n";
      return;
    }
    unsigned Width = sys::Process::StandardErrColumns();
    if (Width > 10 && Line.size() >= Width)
      Line = "..." + Line.substr(Line.size() - Width + 4);
    errs() << "\r" << Line << "\x1b[K";
    Shown = true;
  }

  bool Show;
  bool Terminal;
  bool Shown = false;
  std::string Line;
};

std::string plural(size_t N, StringRef One, StringRef Many) {
  return (Twine(N) + " " + (N == 1 ? One : Many)).str();
}

/// A path for people: relative to the current directory when under it.
std::string displayPath(StringRef Path, StringRef CWD) {
  if (isUnder(Path, CWD) && Path.size() > CWD.size())
    return Path.substr(CWD.rtrim('/').size() + 1).str();
  return Path.str();
}

/// The files of a run and their compilation database.
struct RunFiles {
  std::unique_ptr<tooling::CompilationDatabase> Compilations;
  std::vector<std::string> Files;
  unsigned ExcludedCount = 0;
  bool HadError = false;
  std::vector<Notification> Notifications;
};

/// Loads the compilation database (unless "--" gave one) and selects the
/// files of the run: the explicit sources, the database files under the
/// directories given, or the whole database; minus the excluded ones.
/// Returns the exit status when the run cannot go on.
std::optional<int> selectFiles(RunFiles &Run, StringRef FirstFile,
                               ArrayRef<GlobPattern> ExcludePatterns,
                               StringRef CWD) {
  // The compilation database: "--" flags, -p, or auto-detected.
  if (!Run.Compilations) {
    std::string Error;
    Run.Compilations = findCompilations(FirstFile, Error);
    if (!Run.Compilations) {
      error() << Error << "\n";
      return ExitError;
    }
  }
  // Entries that are not C or C++ (assembler next to the C files) are left
  // out, counted and named once.
  std::vector<std::string> Skipped = nonSourceFiles(*Run.Compilations);
  if (!Skipped.empty() && !Quiet)
    errs() << "lockcheck: note: skipped "
           << plural(Skipped.size(), "database entry", "database entries")
           << " that " << (Skipped.size() == 1 ? "is" : "are")
           << " not C or C++ source ("
           << displayPath(Skipped.front(), currentDirectory())
           << (Skipped.size() > 1 ? ", ..." : "") << ")\n";
  Run.Compilations = prepareDatabase(std::move(Run.Compilations));

  // The files: explicit sources, directories (every database file below),
  // or the whole database; minus the excluded ones.
  // In the order of the database's entries (getAllFiles() is unordered).
  std::vector<std::string> DatabaseFiles;
  {
    std::set<std::string> Seen;
    for (const tooling::CompileCommand &C :
         Run.Compilations->getAllCompileCommands()) {
      SmallString<256> F(C.Directory);
      sys::path::append(F, C.Filename);
      std::string Abs = absolutePath(sys::path::is_absolute(C.Filename)
                                         ? StringRef(C.Filename)
                                         : StringRef(F));
      if (Seen.insert(Abs).second)
        DatabaseFiles.push_back(std::move(Abs));
    }
  }
  std::set<std::string> SeenFiles;
  auto Excluded = [&](StringRef F) {
    std::string Relative = displayPath(F, CWD);
    for (const GlobPattern &P : ExcludePatterns)
      if (P.match(F) || P.match(Relative))
        return true;
    return false;
  };
  auto AddFile = [&](const std::string &F) {
    if (!SeenFiles.insert(F).second)
      return;
    if (Excluded(F)) {
      ++Run.ExcludedCount;
      return;
    }
    Run.Files.push_back(F);
  };
  if (Sources.empty()) {
    for (const std::string &F : DatabaseFiles)
      AddFile(F);
    if (DatabaseFiles.empty()) {
      if (BuildPath.empty())
        error() << "no input files; give the source files before '--' (after "
                   "it come the compiler arguments)\n";
      else
        error() << "the compilation database in '" << BuildPath
                << "' has no entries\n";
      return ExitError;
    }
  }
  for (const std::string &Source : Sources) {
    std::string Abs = absolutePath(Source);
    if (sys::fs::is_directory(Abs)) {
      bool Any = false;
      for (const std::string &F : DatabaseFiles)
        if (isUnder(F, Abs)) {
          AddFile(F);
          Any = true;
        }
      if (!Any) {
        std::string Message =
            "no file of the compilation database is under '" + Source + "'";
        error() << Message << "\n";
        Run.Notifications.push_back({Message, Abs, 0, false});
        Run.HadError = true;
      }
      continue;
    }
    if (!sys::fs::exists(Abs)) {
      std::string Message = "'" + Source + "': no such file or directory";
      error() << Message << "\n";
      Run.Notifications.push_back({Message, Abs, 0, false});
      Run.HadError = true;
      continue;
    }
    AddFile(Abs);
  }
  if (Run.Files.empty() && Run.ExcludedCount) {
    error() << "every file was excluded by --exclude; nothing to analyse\n";
    return ExitError;
  }
  return std::nullopt;
}

int runWorker(std::unique_ptr<tooling::CompilationDatabase> Compilations) {
  FileResult R;
  std::string Error;
  if (!Compilations)
    Compilations = findCompilations(
        Sources.empty() ? StringRef(WorkerFile) : StringRef(Sources.front()),
        Error);
  if (!Compilations) {
    R.File = WorkerFile;
    R.Status = FileResult::NotAnalysed;
    R.Errors.push_back(Error);
  } else {
    Compilations = prepareDatabase(std::move(Compilations));
    AnalysisSetup Setup;
    Setup.Compilations = Compilations.get();
    Setup.MakeOptionsProvider = createOptionsProvider;
    Setup.CrashOn = DebugCrashOn;
    Setup.DumpModel = DumpModel;
    R = analyseFile(Setup, WorkerFile);
  }
  std::error_code EC;
  raw_fd_ostream OS(WorkerOutput, EC, sys::fs::OF_None);
  if (EC) {
    error() << "cannot write '" << WorkerOutput << "': " << EC.message()
            << "\n";
    return ExitError;
  }
  writeFileResult(R, OS);
  return ExitClean;
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

  if (!WorkerFile.empty())
    return runWorker(std::move(Compilations));

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
  for (size_t I = 0; I < MergedResults.size(); ++I)
    Pending[I] = std::move(MergedResults[I]);

  // The cache: results of unchanged files are used again.
  std::optional<ResultCache> Cache;
  std::string CachePath = cacheDirectory(ModelOnly);
  if (!CachePath.empty() && Compilations)
    Cache.emplace(CachePath, Worker.Executable);
  std::vector<std::string> Keys(Files.size());
  std::vector<size_t> Misses;
  unsigned CacheHits = 0;
  bool CacheWriteFailed = false;
  for (size_t I : ToRun) {
    if (Pending[I])
      continue;
    if (Cache) {
      Keys[I] = Cache->key(
          Files[I], Compilations->getCompileCommands(Files[I]),
          configurationAsText(OptionsProvider->getOptions(Files[I])));
      std::string Note;
      if (std::optional<FileResult> R = Cache->lookup(Keys[I], Note)) {
        Pending[I] = std::move(*R);
        ++CacheHits;
        continue;
      }
      if (!Note.empty())
        errs() << "lockcheck: note: " << Note << "\n";
    }
    Misses.push_back(I);
  }
  std::vector<FileResult> ShardResults;
  size_t NextToMerge = 0;
  auto Flush = [&]() {
    while (NextToMerge < ToRun.size() && Pending[ToRun[NextToMerge]]) {
      FileResult &Next = *Pending[ToRun[NextToMerge]];
      if (!ShardOut.empty())
        ShardResults.push_back(std::move(Next));
      else
        Merge(std::move(Next));
      Pending[ToRun[NextToMerge]].reset();
      ++NextToMerge;
    }
  };
  auto Done = [&](size_t I, FileResult R) {
    if (Cache && R.analysed() && !CacheWriteFailed) {
      std::string Error;
      if (!Cache->store(Keys[I], R, Error)) {
        errs() << "lockcheck: warning: " << Error
               << "; the results are not cached\n";
        CacheWriteFailed = true;
      }
    }
    Pending[I] = std::move(R);
    Flush();
  };
  Flush();
  // The progress line counts the files analysed (not those from the cache).
  if (Misses.size() == 1) {
    std::string Shown = displayPath(Files[Misses[0]], CWD);
    Progress.starting(1, Shown);
    FileResult R = analyseInProcess(Setup, Files[Misses[0]]);
    Progress.finished(1, 1, Shown);
    Done(Misses[0], std::move(R));
  } else if (!Misses.empty()) {
    unsigned N =
        Jobs ? unsigned(Jobs)
             : heavyweight_hardware_concurrency().compute_thread_count();
    std::vector<std::string> MissFiles;
    for (size_t I : Misses)
      MissFiles.push_back(Files[I]);
    size_t Finished = 0;
    analyseInWorkers(
        MissFiles, N, Worker,
        [&](size_t I) {
          Progress.starting(MissFiles.size(), displayPath(MissFiles[I], CWD));
        },
        [&](size_t I, FileResult R) {
          Progress.finished(++Finished, MissFiles.size(),
                            displayPath(MissFiles[I], CWD));
          Done(Misses[I], std::move(R));
        });
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
