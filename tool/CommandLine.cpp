//===--- CommandLine.cpp - lockcheck's options ----------------------------===//

#include "tool/CommandLine.h"
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

namespace lockcheck {
namespace cli {

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

// Internal: a worker process analyses the files its parent sends it.
cl::opt<bool> WorkerMode(
    StringRef(WorkerOption), cl::Hidden,
    cl::desc("Internal: analyse the files the parent process sends."),
    cl::init(false), cl::cat(InternalCategory));
cl::opt<std::string> WorkerExternalApi(
    "external-api", cl::Hidden,
    cl::desc("Internal: the lock functions other files of the program "
             "define, for a worker analysing a file again with them."),
    cl::value_desc("file"), cl::cat(InternalCategory));
// For lockcheck's tests: crash while analysing the files matching a regex.
cl::opt<std::string> DebugCrashOn(
    "debug-crash-on", cl::Hidden,
    cl::desc("Testing: crash while analysing the files matching this regex."),
    cl::value_desc("regex"), cl::cat(InternalCategory));

} // namespace cli

using namespace cli;

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
static std::string nearestOption(StringRef Given) {
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
static void reportOptionErrors(StringRef Raw) {
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

bool parseCommandLine(
    int &argc, const char **argv,
    std::unique_ptr<tooling::CompilationDatabase> &Compilations) {
  // Fixed compiler arguments after "--".
  std::string FixedDBError;
  Compilations = tooling::FixedCompilationDatabase::loadFromCommandLine(
      argc, argv, FixedDBError);
  if (!FixedDBError.empty()) {
    reportCompilerArgumentErrors(FixedDBError);
    return false;
  }
  // Until the options are parsed: NO_COLOR only.
  WithColor::setAutoDetectFunction([](const raw_ostream &OS) {
    std::optional<std::string> NoColor = sys::Process::GetEnv("NO_COLOR");
    return (!NoColor || NoColor->empty()) && OS.has_colors();
  });
  if (!parseOptions(argc, argv))
    return false;
  WithColor::setAutoDetectFunction(useColor);
  return true;
}

} // namespace lockcheck
