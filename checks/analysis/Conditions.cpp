//===--- Conditions.cpp - reading branch conditions -----------------------===//

#include "checks/analysis/Conditions.h"

using namespace clang;

namespace lockcheck {

static bool isZeroConstant(const Expr *E, const ASTContext &Ctx) {
  if (E->isValueDependent())
    return false;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx))
    return false;
  return R.Val.getInt() == 0;
}

DecomposedCondition decomposeCondition(const Expr *Cond,
                                       const ASTContext &Ctx) {
  DecomposedCondition D;
  bool Flipped = false;
  const Expr *E = Cond;
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_LNot) {
      Flipped = !Flipped;
      E = U->getSubExpr();
      continue;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(E);
        B && (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE)) {
      const Expr *Other = nullptr;
      if (isZeroConstant(B->getRHS(), Ctx))
        Other = B->getLHS();
      else if (isZeroConstant(B->getLHS(), Ctx))
        Other = B->getRHS();
      if (!Other)
        break;
      if (B->getOpcode() == BO_EQ)
        Flipped = !Flipped;
      E = Other;
      continue;
    }
    // `(rc = pthread_create(...))`: the value is the right-hand side.
    if (const auto *B = dyn_cast<BinaryOperator>(E);
        B && B->getOpcode() == BO_Assign) {
      E = B->getRHS();
      continue;
    }
    break;
  }
  D.Operand = E;
  D.NonZeroSucc = Flipped ? 1 : 0;
  return D;
}

} // namespace lockcheck
