//===--- ThrowAnalysis.cpp - which calls can throw ------------------------===//

#include "checks/analysis/ThrowAnalysis.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace lockcheck {

static bool isNoexcept(const FunctionDecl *FD) {
  const auto *FPT = FD->getType()->getAs<FunctionProtoType>();
  return FPT && FPT->isNothrow();
}

bool ThrowAnalysis::functionCanThrow(const FunctionDecl *FD) {
  if (!FD)
    return false;
  if (!Ctx.getLangOpts().CPlusPlus || !Ctx.getLangOpts().CXXExceptions)
    return false;
  if (isNoexcept(FD) || FD->isExternC() || FD->getBuiltinID())
    return false;
  if (isa<CXXDestructorDecl>(FD))
    return false;
  const SourceManager &SM = Ctx.getSourceManager();
  if (SM.isInSystemHeader(FD->getLocation()))
    return false;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def)
    return true; // defined elsewhere: may throw
  // A virtual function may be overridden by one that throws.
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Def))
    if (MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
        !MD->getParent()->hasAttr<FinalAttr>())
      return true;
  auto It = Summaries.find(Def);
  if (It != Summaries.end())
    return It->second == State::Throws; // Computing: assume no (recursion)
  Summaries[Def] = State::Computing;
  bool Throws = bodyCanThrow(Def->getBody());
  if (!Throws)
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getInit() && bodyCanThrow(Init->getInit()))
          Throws = true;
  Summaries[Def] = Throws ? State::Throws : State::NoThrow;
  return Throws;
}

bool ThrowAnalysis::bodyCanThrow(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    // A catch-all handler swallows what the try block throws.
    bool CatchAll = false;
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      if (!Try->getHandler(I)->getExceptionDecl())
        CatchAll = true;
    if (!CatchAll && bodyCanThrow(Try->getTryBlock()))
      return true;
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      if (bodyCanThrow(Try->getHandler(I)->getHandlerBlock()))
        return true;
    return false;
  }
  if (isa<LambdaExpr>(S) || isa<BlockExpr>(S))
    return false; // creating a closure does not run its body
  const FunctionDecl *Callee = nullptr;
  if (canThrow(S, Callee))
    return true;
  for (const Stmt *Child : S->children())
    if (bodyCanThrow(Child))
      return true;
  return false;
}

bool ThrowAnalysis::canThrow(const Stmt *S, const FunctionDecl *&Callee) {
  Callee = nullptr;
  if (!Ctx.getLangOpts().CPlusPlus || !Ctx.getLangOpts().CXXExceptions)
    return false;
  if (isa<CXXThrowExpr>(S))
    return true;
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    Callee = CE->getDirectCallee();
    return functionCanThrow(Callee);
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(S)) {
    Callee = CE->getConstructor();
    return functionCanThrow(Callee);
  }
  return false;
}

bool ThrowAnalysis::isInsideTryBlock(const Stmt *S, ParentMap &PM) {
  const Stmt *Child = S;
  for (const Stmt *P = PM.getParent(S); P; Child = P, P = PM.getParent(P)) {
    if (const auto *Try = dyn_cast<CXXTryStmt>(P))
      if (Try->getTryBlock() == Child)
        return true;
  }
  return false;
}

} // namespace lockcheck
