//===--- ConfigCommands.cpp - the configuration of a run ------------------===//

#include "tool/ConfigCommands.h"
#include "clang-tidy/ClangTidy.h"
#include "tool/CheckInfo.h"
#include "tool/CommandLine.h"
#include "tool/Database.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"
#include <tuple>

using namespace clang;
using namespace clang::tidy;
using namespace llvm;

namespace lockcheck {

using namespace cli;

namespace {

/// --explain: the page of the check \p Name.
int explainCheck(StringRef Name) {
  const CheckInfo *Info = findCheckInfo(Name);
  if (!Info || Info->Markdown.empty()) {
    std::vector<std::string> Names;
    for (const CheckInfo &I : allCheckInfos())
      Names.push_back(("lockcheck-" + I.Name).str());
    std::string Near = nearestName(
        Name.starts_with("lockcheck-") ? Name.str() : "lockcheck-" + Name.str(),
        Names);
    error() << "--explain: no check named '" << Name << "'"
            << (Near.empty() ? std::string() : "; did you mean '" + Near + "'?")
            << " (--list-checks lists them)\n";
    return ExitError;
  }
  outs() << Info->Markdown;
  if (!Info->Markdown.ends_with("\n"))
    outs() << "\n";
  return ExitClean;
}

/// The header filters are regular expressions: an invalid one would match
/// nothing, and hide every header's findings in silence. Returns false
/// (with an error) for an invalid one.
bool checkHeaderFilters(const ClangTidyOptions &Effective) {
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
    return false;
  }
  return true;
}

int noChecks(RunConfiguration &C) {
  std::string Why = C.Checker.whyNoChecks(C.FirstPath);
  error() << "no checks enabled"
          << (Why.empty() ? std::string()
                          : ": " + Why + " every lockcheck check off")
          << "\n";
  return ExitError;
}

/// --list-checks.
int listChecks(ArrayRef<std::string> Enabled) {
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

/// --dump-config.
int dumpConfig(ClangTidyOptions Effective) {
  if (Effective.Checks)
    Effective.Checks = simplifyChecks(*Effective.Checks);
  std::vector<std::string> Removed = removedArguments(Effective);
  Effective.CheckOptions = getCheckOptions(Effective, false);
  if (!Removed.empty())
    Effective.CheckOptions[RemoveArgsKey] =
        ClangTidyOptions::ClangTidyValue(join(Removed, ";"));
  ClangTidyOptions ToDump = ClangTidyOptions::getDefaults().merge(Effective, 0);
  outs() << configurationAsText(ToDump) << "\n";
  return ExitClean;
}

} // namespace

std::optional<int> readConfiguration(RunConfiguration &C,
                                     bool HaveCompilations) {
  C.OptionsProvider = createOptionsProvider();
  if (!C.OptionsProvider)
    return ExitError;

  C.FirstFile =
      Sources.empty() ? StringRef("dummy.cpp") : StringRef(Sources.front());
  C.FirstPath = absolutePath(C.FirstFile);
  C.Effective = C.OptionsProvider->getOptions(C.FirstPath);
  C.Enabled = getCheckNames(C.Effective, false);

  if (Explain.getNumOccurrences())
    return explainCheck(Explain);
  // Check names and option keys: an unknown check is an error, an unknown
  // option a warning (both are counted by --verify-config).
  C.Checker.check(C.FirstPath);
  if (C.Checker.Errors && !VerifyConfig)
    return ExitError;
  if (!checkHeaderFilters(C.Effective))
    return ExitError;
  if (VerifyConfig && Sources.empty() && BuildPath.empty() &&
      !HaveCompilations) {
    // Only the configuration: there are no files to match names against.
    if (!C.Checker.Errors && !C.Checker.Warnings && !Quiet)
      errs() << "lockcheck: no configuration errors found\n";
    return C.Checker.Errors || C.Checker.Warnings ? ExitFindings : ExitClean;
  }
  if (ListChecks)
    return C.Enabled.empty() ? noChecks(C) : listChecks(C.Enabled);
  if (DumpConfig)
    return dumpConfig(C.Effective);
  if (C.Enabled.empty() && !VerifyConfig)
    return noChecks(C);
  return std::nullopt;
}

bool checkFileConfigurations(RunConfiguration &C, const RunFiles &Run) {
  // The configuration of every file (.clang-tidy files of subdirectories).
  for (const std::string &F : Run.Files)
    C.Checker.check(F);
  if (C.Checker.Errors && !VerifyConfig)
    return false;
  // The compiler flags Clang does not know (GCC's), dropped from the
  // commands: named once for the run, not per file.
  if (!MergeShards && !Quiet) {
    std::string Note = unknownArgumentsNote(
        unknownArguments(*Run.Compilations, Run.Files, [&](StringRef F) {
          return removedArguments(C.OptionsProvider->getOptions(F));
        }));
    if (!Note.empty())
      errs() << "lockcheck: note: " << Note << "\n";
  }
  return true;
}

} // namespace lockcheck
