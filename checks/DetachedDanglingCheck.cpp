//===--- DetachedDanglingCheck.cpp - lockcheck-detached-dangling ----------===//

#include "checks/DetachedDanglingCheck.h"
#include "checks/LocksetCheckBase.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadEntries.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace lockcheck {

DetachedDanglingCheck::DetachedDanglingCheck(llvm::StringRef Name,
                                             tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), ModelOpts(readModelOptions(Options)) {}

void DetachedDanglingCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  storeModelOptions(ModelOpts, Options, Opts);
}

void DetachedDanglingCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void DetachedDanglingCheck::check(const MatchFinder::MatchResult &Result) {
  std::shared_ptr<TUAnalysis> TU = TUAnalysis::get(*Result.Context);
  const ThreadEntries &TE = TU->getThreadEntries(ModelOpts);
  std::set<std::pair<unsigned, const VarDecl *>> Seen;
  for (const ThreadEntry &E : TE.entries()) {
    if (!E.Detached)
      continue;
    for (const ThreadEntry::LocalRef &R : E.LocalRefs) {
      // A template's instantiations share their source locations.
      if (!Seen.insert({E.StartLoc.getRawEncoding(), R.Var}).second)
        continue;
      std::string Starter = "'" + E.Starter->getNameAsString() + "'";
      if (const auto *MD = dyn_cast<CXXMethodDecl>(E.Starter);
          MD && MD->getParent()->isLambda())
        Starter = "the lambda";
      if (E.Pool && E.Wrapper)
        diag(E.StartLoc, "task submitted to %2 refers to '%0', a local of %1; "
                         "%1 can return and destroy it while the task still "
                         "runs")
            << R.Var->getName() << Starter
            << ("'" + E.Wrapper->getQualifiedNameAsString() + "'");
      else
        diag(E.StartLoc, "detached thread refers to '%0', a local of %1; %1 "
                         "can return and destroy it while the thread still "
                         "runs")
            << R.Var->getName() << Starter;
      const ThreadArg *Arg = nullptr;
      for (const ThreadArg &A : E.Creation.Args)
        if (A.E->getExprLoc() == R.Loc)
          Arg = &A;
      if (R.Captured)
        diag(R.Loc, "'%0' is captured by reference here", DiagnosticIDs::Note)
            << R.Var->getName();
      else
        diag(R.Loc, "'%0' is passed %select{by pointer|by std::ref}1 here",
             DiagnosticIDs::Note)
            << R.Var->getName()
            << (Arg && Arg->Passing == ArgPassing::Reference ? 1 : 0);
      if (E.DetachLoc.isValid())
        diag(E.DetachLoc, "the thread is detached here", DiagnosticIDs::Note);
    }
  }
}

} // namespace lockcheck
