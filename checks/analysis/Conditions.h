//===--- Conditions.h - reading branch conditions ---------------*- C++ -*-===//
//
// Reduces a branch condition such as `!x`, `x != 0`, `0 == x` or `(x)` to its
// operand and which CFG edge sees the operand non-zero. Shared by the try-lock
// branches of the lockset engine and the create/joinable branches of the
// thread-lifetime engine.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_CONDITIONS_H
#define LOCKCHECK_ANALYSIS_CONDITIONS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

namespace lockcheck {

struct DecomposedCondition {
  const clang::Expr *Operand = nullptr;
  /// CFG successor index (0: condition true, 1: false) on which the operand
  /// is non-zero (true).
  unsigned NonZeroSucc = 0;
};

/// Strips negations and comparisons against a zero constant (including an
/// enumerator equal to zero, such as `thrd_success`).
DecomposedCondition decomposeCondition(const clang::Expr *Cond,
                                       const clang::ASTContext &Ctx);

} // namespace lockcheck

#endif
