//===--- ExprUtils.cpp - expression helpers shared by the engines ---------===//

#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/Conditions.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"

#include <functional>

using namespace clang;

namespace lockcheck {

const Expr *stripExpr(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *FE = dyn_cast<FullExpr>(Next))
      Next = FE->getSubExpr();
    else if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = B->getSubExpr();
    else if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(Next))
      Next = FC->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

const VarDecl *refVar(const Expr *E) {
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(stripExpr(E)))
    return dyn_cast<VarDecl>(DRE->getDecl());
  return nullptr;
}

std::optional<BranchOperand> branchOperand(const CFGBlock &From,
                                           unsigned SuccIndex, ASTContext &Ctx,
                                           bool ErrorCodes) {
  const auto *Cond = dyn_cast_or_null<Expr>(From.getTerminatorCondition());
  if (!Cond || From.succ_size() != 2)
    return std::nullopt;
  DecomposedCondition D = decomposeCondition(Cond, Ctx, ErrorCodes);
  if (!D.Operand || (D.OnlyNonZeroSucc && SuccIndex != D.NonZeroSucc))
    return std::nullopt;
  return BranchOperand{stripExpr(D.Operand), SuccIndex == D.NonZeroSucc};
}

const Expr *loopCondition(const Stmt *S) {
  if (const auto *W = dyn_cast<WhileStmt>(S))
    return W->getCond();
  if (const auto *D = dyn_cast<DoStmt>(S))
    return D->getCond();
  if (const auto *F = dyn_cast<ForStmt>(S))
    return F->getCond();
  return nullptr;
}

const FunctionDecl *namedFunction(const Expr *E) {
  for (;;) {
    E = E->IgnoreParenCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_AddrOf) {
      E = U->getSubExpr();
      continue;
    }
    break;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<FunctionDecl>(DRE->getDecl());
  return nullptr;
}

bool mayChange(const Stmt *S, const VarDecl *V) {
  if (!S)
    return false;
  if (const auto *BO = dyn_cast<BinaryOperator>(S);
      BO && BO->isAssignmentOp() && refVar(BO->getLHS()) == V)
    return true;
  if (const auto *U = dyn_cast<UnaryOperator>(S);
      U && (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf) &&
      refVar(U->getSubExpr()) == V)
    return true;
  for (const Stmt *Child : S->children())
    if (mayChange(Child, V))
      return true;
  return false;
}

void forEachLocalRenaming(const FunctionDecl *FD, const VarDecl *P,
                          llvm::function_ref<void(const VarDecl *)> Fn) {
  const Stmt *Body = FD->getBody();
  if (!Body || mayChange(Body, P))
    return;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D);
            VD && VD->hasLocalStorage() && VD->getInit() &&
            !VD->getType()->isReferenceType() &&
            refVar(VD->getInit()->IgnoreParenCasts()) == P &&
            !mayChange(Body, VD))
          Fn(VD);
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Body);
}

const Stmt *enclosingLoop(const Stmt *S, ParentMap &PM) {
  const Stmt *Child = S;
  for (const Stmt *P = PM.getParent(S); P; Child = P, P = PM.getParent(P)) {
    if (const auto *F = dyn_cast<ForStmt>(P)) {
      if (F->getBody() == Child || F->getInc() == Child)
        return P;
    } else if (const auto *W = dyn_cast<WhileStmt>(P)) {
      if (W->getBody() == Child)
        return P;
    } else if (const auto *D = dyn_cast<DoStmt>(P)) {
      if (D->getBody() == Child)
        return P;
    } else if (const auto *R = dyn_cast<CXXForRangeStmt>(P)) {
      if (R->getBody() == Child)
        return P;
    }
  }
  return nullptr;
}

void forEachCodeRoot(const FunctionDecl *FD,
                     llvm::function_ref<void(const Stmt *)> Visit) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten())
        Visit(Init->getInit());
  Visit(FD->getBody());
}

} // namespace lockcheck
