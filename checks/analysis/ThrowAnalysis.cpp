//===--- ThrowAnalysis.cpp - which calls can throw ------------------------===//

#include "checks/analysis/ThrowAnalysis.h"
#include "checks/model/ThrowModel.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace lockcheck {

std::optional<ExceptionPathMode> parseExceptionPathMode(llvm::StringRef V) {
  std::string L = V.trim().lower();
  if (L == "visible")
    return ExceptionPathMode::Visible;
  if (L == "strict" || L == "true" || L == "1")
    return ExceptionPathMode::Strict;
  if (L == "off" || L == "false" || L == "0")
    return ExceptionPathMode::Off;
  return std::nullopt;
}

llvm::StringRef exceptionPathModeName(ExceptionPathMode M) {
  switch (M) {
  case ExceptionPathMode::Off:
    return "off";
  case ExceptionPathMode::Visible:
    return "visible";
  case ExceptionPathMode::Strict:
    return "strict";
  }
  return "visible";
}

static const FunctionProtoType *protoOf(const FunctionDecl *FD) {
  return FD->getType()->getAs<FunctionProtoType>();
}

static bool isNoexcept(const FunctionDecl *FD) {
  const FunctionProtoType *FPT = protoOf(FD);
  return FPT && FPT->isNothrow();
}

/// Declared to throw in so many words: `noexcept(false)`, `throw(X)`.
static bool isDeclaredThrowing(const FunctionDecl *FD) {
  for (const FunctionDecl *R : FD->redecls()) {
    const FunctionProtoType *FPT = protoOf(R);
    if (!FPT)
      continue;
    if (FPT->getExceptionSpecType() == EST_NoexceptFalse)
      return true;
    if (FPT->getExceptionSpecType() == EST_Dynamic &&
        FPT->getNumExceptions() > 0)
      return true;
  }
  return false;
}

static ThrowKind maxKind(ThrowKind A, ThrowKind B) {
  return static_cast<int>(A) > static_cast<int>(B) ? A : B;
}

ThrowKind ThrowAnalysis::functionThrowKind(const FunctionDecl *FD,
                                           const Expr *Call) {
  if (!FD)
    return ThrowKind::None;
  if (!Ctx.getLangOpts().CPlusPlus || !Ctx.getLangOpts().CXXExceptions)
    return ThrowKind::None;
  if (Call && !documentedThrowingCall(Call).empty())
    return ThrowKind::Visible;
  if (isNoexcept(FD) || FD->isExternC() || FD->isInExternCContext() ||
      FD->getBuiltinID())
    return ThrowKind::None;
  if (isa<CXXDestructorDecl>(FD))
    return ThrowKind::None;
  const SourceManager &SM = Ctx.getSourceManager();
  if (SM.isInSystemHeader(FD->getLocation()))
    return ThrowKind::None;
  // A declaration that says it throws.
  if (isDeclaredThrowing(FD))
    return ThrowKind::Visible;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def)
    return ThrowKind::Assumed; // defined elsewhere: may throw
  // A virtual function may be overridden by one that throws.
  ThrowKind Floor = ThrowKind::None;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Def))
    if (MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
        !MD->getParent()->hasAttr<FinalAttr>())
      Floor = ThrowKind::Assumed;
  auto It = Summaries.find(Def);
  if (It != Summaries.end()) // Computing: recursion, assume no throw
    return maxKind(Floor, It->second.St == State::Done ? It->second.Kind
                                                       : ThrowKind::None);
  Summaries[Def] = Summary();
  ThrowKind K = bodyThrowKind(Def->getBody());
  if (K != ThrowKind::Visible)
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getInit())
          K = maxKind(K, bodyThrowKind(Init->getInit()));
  Summaries[Def] = Summary{State::Done, K};
  return maxKind(Floor, K);
}

ThrowKind ThrowAnalysis::bodyThrowKind(const Stmt *S) {
  if (!S)
    return ThrowKind::None;
  if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    // A catch-all handler swallows what the try block throws.
    bool CatchAll = false;
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      if (!Try->getHandler(I)->getExceptionDecl())
        CatchAll = true;
    ThrowKind K =
        CatchAll ? ThrowKind::None : bodyThrowKind(Try->getTryBlock());
    for (unsigned I = 0; I < Try->getNumHandlers() && K != ThrowKind::Visible;
         ++I)
      K = maxKind(K, bodyThrowKind(Try->getHandler(I)->getHandlerBlock()));
    return K;
  }
  if (isa<LambdaExpr>(S) || isa<BlockExpr>(S))
    return ThrowKind::None; // creating a closure does not run its body
  const FunctionDecl *Callee = nullptr;
  ThrowKind K = throwKind(S, Callee);
  for (const Stmt *Child : S->children()) {
    if (K == ThrowKind::Visible)
      break;
    K = maxKind(K, bodyThrowKind(Child));
  }
  return K;
}

ThrowKind ThrowAnalysis::throwKind(const Stmt *S, const FunctionDecl *&Callee) {
  Callee = nullptr;
  if (!Ctx.getLangOpts().CPlusPlus || !Ctx.getLangOpts().CXXExceptions)
    return ThrowKind::None;
  if (isa<CXXThrowExpr>(S))
    return ThrowKind::Visible;
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    Callee = CE->getDirectCallee();
    return functionThrowKind(Callee, CE);
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(S)) {
    Callee = CE->getConstructor();
    return functionThrowKind(Callee, CE);
  }
  return ThrowKind::None;
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
