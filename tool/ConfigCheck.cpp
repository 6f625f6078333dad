//===--- ConfigCheck.cpp - mistakes in a configuration --------------------===//

#include "tool/ConfigCheck.h"
#include "checks/model/LockModel.h"
#include "clang-tidy/ClangTidy.h"
#include "tool/CheckInfo.h"
#include "tool/Database.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include <map>

using namespace clang::tidy;
using namespace llvm;

namespace lockcheck {

namespace {

/// The checks registered in the binary, and the option keys they read, both
/// `lockcheck-double-lock.LockFunctions` and the global `LockFunctions`.
struct Known {
  std::vector<std::string> Checks;
  StringSet<> Options;
  std::vector<std::string> GlobalOptions;
  /// The lock model's options, read by their name after any prefix.
  StringSet<> ModelOptions;
};

const Known &known() {
  static const Known K = [] {
    Known K;
    NamesAndOptions All = getAllChecksAndOptions();
    for (const auto &N : All.Names)
      if (N.getKey().starts_with("lockcheck-"))
        K.Checks.push_back(N.getKey().str());
    llvm::sort(K.Checks);
    for (const auto &O : All.Options)
      K.Options.insert(O.getKey());
    // The model options are read by their name from any key (the model
    // is shared by every lock check).
    LockModelOptions Model;
    for (const auto &[Name, List] : Model.nameLists()) {
      K.Options.insert(Name);
      K.ModelOptions.insert(Name);
    }
    // The compiler arguments removed from the database's commands.
    K.Options.insert(RemoveArgsKey);
    for (const auto &O : K.Options)
      if (!O.getKey().contains('.'))
        K.GlobalOptions.push_back(O.getKey().str());
    llvm::sort(K.GlobalOptions);
    return K;
  }();
  return K;
}

std::string didYouMean(StringRef Near) {
  return Near.empty() ? std::string() : "; did you mean '" + Near.str() + "'?";
}

} // namespace

std::string sourceName(StringRef Source, StringRef ConfigFile) {
  if (Source ==
      ClangTidyOptionsProvider::OptionsSourceTypeCheckCommandLineOption)
    return "--checks";
  if (Source ==
      ClangTidyOptionsProvider::OptionsSourceTypeConfigCommandLineOption)
    return ConfigFile.empty() ? "--config" : "'" + ConfigFile.str() + "'";
  return "'" + Source.str() + "'";
}

std::vector<ConfigProblem>
checkConfiguration(ArrayRef<ClangTidyOptionsProvider::OptionsSource> Sources,
                   StringRef ConfigFile) {
  const Known &K = known();
  std::vector<ConfigProblem> Problems;
  // The names without their prefix too: "unjoined-thread".
  std::vector<std::string> Short;
  for (const std::string &C : K.Checks)
    Short.push_back(StringRef(C).drop_front(strlen("lockcheck-")).str());
  for (const auto &[Options, Source] : Sources) {
    if (Source == ClangTidyOptionsProvider::OptionsSourceTypeDefaultBinary)
      continue;
    std::string Where = sourceName(Source, ConfigFile);
    bool CommandLine =
        Source ==
        ClangTidyOptionsProvider::OptionsSourceTypeCheckCommandLineOption;
    if (Options.Checks) {
      SmallVector<StringRef, 16> Globs;
      StringRef(*Options.Checks).split(Globs, ',', -1, /*KeepEmpty=*/false);
      for (StringRef Glob : Globs) {
        StringRef Name = Glob.trim();
        Name.consume_front("-");
        Name = Name.trim();
        // A glob with a wildcard is a choice, not a name.
        if (Name.empty() || Name.contains('*') ||
            llvm::is_contained(K.Checks, Name))
          continue;
        std::string Near = nearestName(Name, K.Checks);
        bool Lockcheck = Name.starts_with("lockcheck-");
        if (!Lockcheck) {
          // Another tool's check unless it is a lockcheck name with a slip
          // in the prefix ("lockchek-double-lock") or without the prefix
          // ("double-lock"): a real .clang-tidy file must not fail here.
          if (!Near.empty() && Name.edit_distance(Near) > 2)
            Near.clear();
          for (size_t I = 0; Near.empty() && I < Short.size(); ++I)
            if (Name.edit_distance(Short[I]) <= 1)
              Near = K.Checks[I];
        }
        if (Lockcheck || !Near.empty()) {
          Problems.push_back(
              {ConfigProblem::Error, "unknown check '" + Name.str() + "' in " +
                                         Where + didYouMean(Near)});
        } else if (CommandLine) {
          // A .clang-tidy file is written for clang-tidy: its other checks
          // are not lockcheck's business. On the command line, say so.
          Problems.push_back(
              {ConfigProblem::Note,
               "'" + Name.str() + "' in " + Where +
                   " is not a lockcheck check; lockcheck runs only its own "
                   "checks (clang-tidy runs the others)"});
        }
      }
    }
    for (const auto &Entry : Options.CheckOptions) {
      StringRef KeyRef = Entry.getKey();
      std::string Key = KeyRef.str();
      auto [Check, Option] = KeyRef.rsplit('.');
      if (Option.empty()) {
        // A global option: lockcheck's, or another tool's unless it is
        // near one of lockcheck's.
        if (K.Options.count(KeyRef))
          continue;
        std::string Near = nearestName(KeyRef, K.GlobalOptions);
        if (!Near.empty())
          Problems.push_back(
              {ConfigProblem::Warning, "unknown check option '" + Key +
                                           "' in " + Where + didYouMean(Near)});
        continue;
      }
      if (!Check.starts_with("lockcheck-") || K.Options.count(KeyRef))
        continue;
      if (!llvm::is_contained(K.Checks, Check)) {
        std::string Near = nearestName(Check, K.Checks);
        Problems.push_back(
            {ConfigProblem::Warning,
             "unknown check option '" + Key + "' in " + Where + ": no check '" +
                 Check.str() + "'" +
                 didYouMean(Near.empty() ? Near : Near + "." + Option.str())});
        continue;
      }
      if (K.ModelOptions.count(Option))
        continue;
      std::vector<std::string> Same;
      for (const auto &O : K.Options)
        if (O.getKey().starts_with((Check + ".").str()))
          Same.push_back(O.getKey().str());
      llvm::sort(Same);
      Problems.push_back({ConfigProblem::Warning,
                          "unknown check option '" + Key + "' in " + Where +
                              didYouMean(nearestName(KeyRef, Same))});
    }
  }
  return Problems;
}

std::string simplifyChecks(StringRef Globs) {
  SmallVector<StringRef, 16> Items;
  Globs.split(Items, ',', -1, /*KeepEmpty=*/false);
  std::vector<std::string> Trimmed;
  for (StringRef Item : Items)
    if (!Item.trim().empty())
      Trimmed.push_back(Item.trim().str());
  size_t Start = 0;
  for (size_t I = 0; I < Trimmed.size(); ++I)
    if (Trimmed[I] == "*" || Trimmed[I] == "-*")
      Start = I;
  std::string Out;
  for (size_t I = Start; I < Trimmed.size(); ++I) {
    // The last of equal globs decides; the earlier ones change nothing.
    if (std::find(Trimmed.begin() + I + 1, Trimmed.end(), Trimmed[I]) !=
        Trimmed.end())
      continue;
    if (!Out.empty())
      Out += ",";
    Out += Trimmed[I];
  }
  return Out;
}

} // namespace lockcheck
