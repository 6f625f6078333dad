//===--- LocksetCheckBase.cpp - checks reading the lockset ----------------===//

#include "checks/LocksetCheckBase.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadEntries.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace lockcheck {

LockModelOptions
readModelOptions(const tidy::ClangTidyCheck::OptionsView &Options) {
  LockModelOptions M;
  for (auto &[Name, List] : M.mutableNameLists())
    *List = parseNameList(Options.getLocalOrGlobal(Name, ""));
  return M;
}

void storeModelOptions(const LockModelOptions &M,
                       const tidy::ClangTidyCheck::OptionsView &Options,
                       tidy::ClangTidyOptions::OptionMap &Opts) {
  for (const auto &[Name, List] : M.nameLists())
    Options.store(Opts, Name, joinNameList(*List));
}

LocksetCheckBase::LocksetCheckBase(llvm::StringRef Name,
                                   tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), ModelOpts(readModelOptions(Options)),
      Scope(Context) {}

void LocksetCheckBase::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  storeModelOptions(ModelOpts, Options, Opts);
}

void LocksetCheckBase::registerMatchers(MatchFinder *Finder) {
  Scope.registerMatchers(Finder);
  Finder->addMatcher(functionDecl(isDefinition()).bind("fn"), this);
  Finder->addMatcher(lambdaExpr().bind("lambda"), this);
}

void LocksetCheckBase::check(const MatchFinder::MatchResult &Result) {
  if (!TU)
    TU = TUAnalysis::get(*Result.Context);
  const FunctionDecl *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn");
  if (const auto *LE = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    FD = LE->getCallOperator();
  if (!FD || !isAnalyzableFunction(FD, TU->getSourceManager()) ||
      !Seen.insert(FD).second)
    return;
  const LocksetResult &R = TU->getLockset(FD, ModelOpts);
  if (onlyWithFindings() && (!R.Analyzed || R.Findings.empty()))
    return;
  checkFunction(FD, R);
}

std::string LocksetCheckBase::functionName(const FunctionDecl *FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return "the lambda";
  return "'" + FD->getNameAsString() + "'";
}

bool LocksetCheckBase::isThreadEntryOrMain(const FunctionDecl *FD) {
  if (FD->isMain())
    return true;
  const FunctionDecl *Canon = FD->getCanonicalDecl();
  for (const ThreadEntry &E : TU->getThreadEntries(ModelOpts).entries())
    if (E.Callee && E.Callee->getCanonicalDecl() == Canon)
      return true;
  return false;
}

} // namespace lockcheck
