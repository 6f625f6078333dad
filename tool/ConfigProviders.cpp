//===--- ConfigProviders.cpp - the configuration of a run -----------------===//

#include "tool/ConfigProviders.h"
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

using namespace cli;

namespace {
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

} // namespace

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

ConfigChecker::ConfigChecker() : Provider(createProjectOptionsProvider()) {}

void ConfigChecker::check(StringRef File) {
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

std::string ConfigChecker::whyNoChecks(StringRef File) {
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

} // namespace lockcheck
