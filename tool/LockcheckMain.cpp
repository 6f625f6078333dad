//===--- LockcheckMain.cpp - the lockcheck command line -------------------===//
//
// lockcheck [options] <source>... [-- <compiler args>]
//
// Runs clang-tidy's engine with only lockcheck's checks, so .clang-tidy
// files, CheckOptions, NOLINT, --fix and --export-fixes behave as clang-tidy
// users expect, and adds what a command-line analyser and a CI gate need:
// whole-database runs and an exit code contract (docs/user-guide.md).
//
//===----------------------------------------------------------------------===//

#include "tool/Reporter.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Basic/Version.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/WithColor.h"
#include <set>

using namespace clang;
using namespace clang::tidy;
using namespace llvm;
using namespace lockcheck;

namespace {

/// Exit codes: the contract a CI gate relies on (docs/user-guide.md).
enum ExitCode {
  ExitClean = 0,    ///< every file analysed, no finding
  ExitFindings = 1, ///< every file analysed, findings reported
  ExitError = 2,    ///< a usage error, or some input could not be analysed
};

cl::OptionCategory Category("lockcheck options");

const char Overview[] = R"(lockcheck finds lock misuse in threaded C and C++ code: threads never
joined, locks not released, shared data written without its lock, double
locks and lock-order deadlocks.

  lockcheck [options] <source>... [-- <compiler args>]
  lockcheck -p <build-dir> [<source-or-directory>...]

Compiler flags come from a compile_commands.json: the one in the directory
given with -p, or else the first one found in a parent directory of the
first source. Arguments after '--' give fixed compiler flags instead.

Exit status: 0 when every file was analysed and nothing was found, 1 when
findings were reported, 2 when lockcheck could not do what was asked (a
usage error, a missing or unparsable file, no compilation database). When
some files fail and others have findings, the status is 2.
)";

cl::list<std::string> Sources(cl::Positional,
                              cl::desc("<source files or directories>"),
                              cl::cat(Category));

cl::opt<std::string> BuildPath("p", cl::desc(R"(Build directory containing compile_commands.json.
With no sources, every file of the database is
analysed; a directory given as a source means
every file of the database under it.)"),
                               cl::value_desc("build-dir"), cl::cat(Category));

cl::opt<std::string> Checks("checks", cl::desc(R"(Comma-separated list of globs of checks to run,
prefix '-' to disable (clang-tidy syntax). Applied
after the .clang-tidy files. Default: lockcheck-*.)"),
                            cl::init(""), cl::cat(Category));

cl::opt<bool> ListChecks("list-checks",
                         cl::desc("List the enabled checks and exit."),
                         cl::init(false), cl::cat(Category));

cl::opt<std::string> Config("config", cl::desc(R"(Configuration in YAML/JSON, as in a .clang-tidy
file, e.g. --config="{Checks: 'lockcheck-*',
CheckOptions: {...}}". Replaces .clang-tidy files.)"),
                            cl::init(""), cl::cat(Category));

cl::opt<std::string> ConfigFile("config-file", cl::desc(R"(Read the configuration from this file instead of
.clang-tidy files (same format).)"),
                                cl::value_desc("file"), cl::init(""),
                                cl::cat(Category));

cl::opt<bool> DumpConfig("dump-config", cl::desc(R"(Print the effective configuration (checks and
check options) for the first source, then exit.)"),
                         cl::init(false), cl::cat(Category));

cl::opt<bool> Fix("fix", cl::desc(R"(Apply the suggested fix-its to the files. Each
file is rewritten atomically; a fix reached from
several translation units is applied once. Fixes
are not applied to files that failed to compile.)"),
                  cl::init(false), cl::cat(Category));

cl::opt<std::string> ExportFixes("export-fixes", cl::desc(R"(Write the suggested fixes to this YAML file, for
clang-apply-replacements.)"),
                                 cl::value_desc("file"), cl::cat(Category));

cl::opt<std::string> HeaderFilter("header-filter", cl::desc(R"(Regular expression of headers whose findings are
shown (findings in the main files always are).
System headers never are. Default: none.)"),
                                  cl::init(""), cl::cat(Category));

cl::opt<std::string> WarningsAsErrors("warnings-as-errors", cl::desc(R"(Globs of checks whose findings are reported as
errors (clang-tidy syntax).)"),
                                      cl::init(""), cl::cat(Category));

cl::list<std::string> ExtraArgs("extra-arg", cl::desc(R"(Additional argument to append to the compiler
command line (repeatable).)"),
                                cl::cat(Category));

cl::list<std::string> ExtraArgsBefore("extra-arg-before", cl::desc(R"(Additional argument to prepend to the compiler
command line (repeatable).)"),
                                      cl::cat(Category));

cl::opt<bool> Quiet("quiet", cl::desc(R"(Do not print the summary line on standard
error.)"),
                    cl::init(false), cl::cat(Category));

cl::opt<bool> UseColor("use-color", cl::desc(R"(Colour the diagnostics. Default: when standard
output is a terminal.)"),
                       cl::init(false), cl::cat(Category));

void printVersion(raw_ostream &OS) {
  OS << "lockcheck " << LOCKCHECK_VERSION << "\n  built with "
     << getClangFullVersion() << "\n";
}

raw_ostream &error() {
  return WithColor(errs(), raw_ostream::RED, /*Bold=*/true) << "lockcheck: error: ";
}

std::unique_ptr<ClangTidyOptionsProvider> createOptionsProvider() {
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
  // Compiler diagnostics are collected and printed by lockcheck itself;
  // without carets the compiler does not add "N warnings generated." lines.
  OverrideOptions.ExtraArgs =
      std::vector<std::string>(ExtraArgs.begin(), ExtraArgs.end());
  OverrideOptions.ExtraArgs->push_back("-fno-caret-diagnostics");
  if (!ExtraArgsBefore.empty())
    OverrideOptions.ExtraArgsBefore = std::vector<std::string>(
        ExtraArgsBefore.begin(), ExtraArgsBefore.end());

  auto LoadConfig = [&](StringRef Text, StringRef Source)
      -> std::unique_ptr<ClangTidyOptionsProvider> {
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

std::string absolutePath(StringRef P) {
  SmallString<256> Abs(P);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

bool isCompilerError(const ClangTidyError &E) {
  return E.DiagLevel == ClangTidyError::Error &&
         StringRef(E.DiagnosticName).starts_with("clang-diagnostic-");
}

} // namespace

int main(int argc, const char **argv) {
  InitLLVM X(argc, argv);
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(printVersion);

  // Fixed compiler arguments after "--".
  std::string FixedDBError;
  std::unique_ptr<tooling::CompilationDatabase> Compilations =
      tooling::FixedCompilationDatabase::loadFromCommandLine(argc, argv,
                                                             FixedDBError);
  if (!FixedDBError.empty()) {
    error() << FixedDBError << "\n";
    return ExitError;
  }
  if (!cl::ParseCommandLineOptions(argc, argv, Overview, &errs()))
    return ExitError;

  auto OptionsProvider = createOptionsProvider();
  if (!OptionsProvider)
    return ExitError;

  StringRef FirstFile = Sources.empty() ? StringRef("dummy.cpp")
                                        : StringRef(Sources.front());
  std::string FirstPath = absolutePath(FirstFile);
  ClangTidyOptions Effective = OptionsProvider->getOptions(FirstPath);
  std::vector<std::string> Enabled = getCheckNames(Effective, false);

  if (ListChecks) {
    if (Enabled.empty()) {
      error() << "no checks enabled\n";
      return ExitError;
    }
    outs() << "Enabled checks:";
    for (const std::string &Name : Enabled)
      outs() << "\n    " << Name;
    outs() << "\n\n";
    return ExitClean;
  }
  if (DumpConfig) {
    Effective.CheckOptions = getCheckOptions(Effective, false);
    ClangTidyOptions ToDump =
        ClangTidyOptions::getDefaults().merge(Effective, 0);
    outs() << configurationAsText(ToDump) << "\n";
    return ExitClean;
  }
  if (Enabled.empty()) {
    error() << "no checks enabled (--checks='" << Checks
            << "' and the .clang-tidy files disable every lockcheck check)\n";
    return ExitError;
  }

  // The compilation database: "--" flags, -p, or auto-detected.
  if (!Compilations) {
    std::string Err;
    if (!BuildPath.empty()) {
      Compilations =
          tooling::CompilationDatabase::autoDetectFromDirectory(BuildPath, Err);
      if (!Compilations) {
        error() << "cannot load a compilation database from '" << BuildPath
                << "': " << Err << "\n";
        return ExitError;
      }
    } else if (!Sources.empty()) {
      Compilations =
          tooling::CompilationDatabase::autoDetectFromSource(FirstPath, Err);
      if (!Compilations) {
        error() << "no compilation database found for '" << FirstFile
                << "' (no compile_commands.json in its parent directories); "
                   "pass -p <build-dir>, or compiler flags after '--'\n";
        return ExitError;
      }
    } else {
      error() << "no input files; give source files, or -p <build-dir> to "
                 "analyse every file of a compilation database (see --help)\n";
      return ExitError;
    }
    Compilations = tooling::inferTargetAndDriverMode(
        tooling::inferMissingCompileCommands(std::move(Compilations)));
  }

  // The files: explicit sources, directories (every database file below),
  // or the whole database.
  bool HadInputError = false;
  std::vector<std::string> Files;
  std::set<std::string> SeenFiles;
  auto AddFile = [&](const std::string &F) {
    if (SeenFiles.insert(F).second)
      Files.push_back(F);
  };
  if (Sources.empty()) {
    for (const std::string &F : Compilations->getAllFiles())
      AddFile(absolutePath(F));
    if (Files.empty()) {
      error() << "the compilation database in '" << BuildPath
              << "' has no entries\n";
      return ExitError;
    }
  }
  for (const std::string &Source : Sources) {
    std::string Abs = absolutePath(Source);
    if (sys::fs::is_directory(Abs)) {
      size_t Before = Files.size();
      for (const std::string &F : Compilations->getAllFiles()) {
        std::string FAbs = absolutePath(F);
        if (StringRef(FAbs).starts_with(Abs + "/"))
          AddFile(FAbs);
      }
      if (Files.size() == Before) {
        error() << "no file of the compilation database is under '" << Source
                << "'\n";
        HadInputError = true;
      }
      continue;
    }
    if (!sys::fs::exists(Abs)) {
      error() << "'" << Source << "': no such file or directory\n";
      HadInputError = true;
      continue;
    }
    AddFile(Abs);
  }

  InitializeAllTargetInfos();
  InitializeAllTargetMCs();
  InitializeAllAsmParsers();

  ClangTidyContext Context(std::move(OptionsProvider));
  IntrusiveRefCntPtr<vfs::OverlayFileSystem> BaseFS(
      new vfs::OverlayFileSystem(vfs::getRealFileSystem()));

  std::vector<ClangTidyError> All;
  std::set<std::tuple<std::string, std::string, unsigned, std::string>> Dedup;
  std::set<std::string> FailedFiles;
  for (const std::string &File : Files) {
    std::vector<ClangTidyError> Errors =
        runClangTidy(Context, *Compilations, {File}, BaseFS,
                     /*ApplyAnyFix=*/false);
    for (ClangTidyError &E : Errors) {
      if (isCompilerError(E))
        FailedFiles.insert(File);
      // A finding in a header included by many files is reported once.
      if (!Dedup
               .insert({E.DiagnosticName, E.Message.FilePath,
                        E.Message.FileOffset, E.Message.Message})
               .second)
        continue;
      All.push_back(std::move(E));
    }
  }

  bool Color = UseColor.getNumOccurrences() ? bool(UseColor)
                                            : outs().has_colors();
  printDiagnostics(All, outs(), Color);
  outs().flush();

  unsigned Findings = 0;
  for (const ClangTidyError &E : All)
    if (!isCompilerError(E))
      ++Findings;

  if (!ExportFixes.empty()) {
    std::error_code EC;
    raw_fd_ostream OS(ExportFixes, EC, sys::fs::OF_None);
    if (EC) {
      error() << "cannot write '" << ExportFixes << "': " << EC.message()
              << "\n";
      return ExitError;
    }
    exportReplacements(FirstPath, All, OS);
  }

  if (Fix) {
    std::vector<ClangTidyError> Fixable;
    for (const ClangTidyError &E : All)
      if (!isCompilerError(E) && !FailedFiles.count(E.Message.FilePath))
        Fixable.push_back(E);
    FixSummary S = applyFixes(Fixable);
    for (const std::string &Msg : S.WriteErrors) {
      error() << "cannot apply fixes to " << Msg << "\n";
      HadInputError = true;
    }
    if (!Quiet)
      errs() << "lockcheck: applied " << S.Applied << " fix"
             << (S.Applied == 1 ? "" : "es") << " in " << S.FilesWritten
             << " file" << (S.FilesWritten == 1 ? "" : "s")
             << (S.Conflicting ? " (" + std::to_string(S.Conflicting) +
                                     " conflicting fixes skipped)"
                               : std::string())
             << "\n";
  }

  for (const std::string &F : FailedFiles)
    error() << "'" << F << "' could not be compiled; its findings may be "
               "incomplete\n";

  if (!Quiet && errs().is_displayed())
    errs() << "lockcheck: " << Files.size() << " file"
           << (Files.size() == 1 ? "" : "s") << " analysed, " << Findings
           << " finding" << (Findings == 1 ? "" : "s") << "\n";

  if (HadInputError || !FailedFiles.empty())
    return ExitError;
  return Findings ? ExitFindings : ExitClean;
}
