//===--- UserCodeScope.cpp - walk only user code --------------------------===//

#include "checks/UserCodeScope.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace lockcheck {

/// Whether every registered clang-tidy module is lockcheck's: the tool.
static bool onlyLockcheckModule() {
  for (const auto &Entry : tidy::ClangTidyModuleRegistry::entries())
    if (Entry.getName() != "lockcheck-module")
      return false;
  return true;
}

void UserCodeScope::registerMatchers(MatchFinder *Finder) {
  static const bool OnlyLockcheck = onlyLockcheckModule();
  if (!OnlyLockcheck) {
    const tidy::ClangTidyOptions &Opts = Context->getOptions();
    if (!Opts.Checks || !enablesOnlyLockcheck(*Opts.Checks))
      return;
  }
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void UserCodeScope::run(const MatchFinder::MatchResult &Result) {
  // The MatchFinder matches the translation unit before it walks its
  // children, and reads the traversal scope only then.
  TU = TUAnalysis::get(*Result.Context);
  TU->limitTraversalToUserCode();
}

void UserCodeScope::onEndOfTranslationUnit() {
  if (TU)
    TU->restoreTraversal();
  TU.reset();
}

} // namespace lockcheck
