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
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <string>
#include <vector>

namespace lockcheck {

struct DecomposedCondition {
  const clang::Expr *Operand = nullptr;
  /// CFG successor index (0: condition true, 1: false) on which the operand
  /// is non-zero (true).
  unsigned NonZeroSucc = 0;
  /// The operand is compared with a non-zero constant (`rc == EBUSY`):
  /// NonZeroSucc is where it equals it; on the other successor its value is
  /// unknown.
  bool OnlyNonZeroSucc = false;
};

/// Strips negations and comparisons against a zero constant (including an
/// enumerator equal to zero, such as `thrd_success`). With
/// \p ErrorCodes, also a last `==` or `!=` against a non-zero constant
/// (OnlyNonZeroSucc).
DecomposedCondition decomposeCondition(const clang::Expr *Cond,
                                       const clang::ASTContext &Ctx,
                                       bool ErrorCodes = false);

/// The conditions of a function that the dataflow keeps apart: a variable
/// (local, parameter or global, not volatile) or a member path from one of
/// them or from `this`, tested by two or more branches, whose address is not
/// taken. With them, `if (c) lock(); ... if (c) unlock();` has no path
/// through both branches' opposites. What a path knows of an atom is
/// forgotten where the function assigns it (or declares it, in a loop). At
/// most MaxAtoms are kept (the first tested).
class ConditionAtoms {
public:
  static constexpr unsigned MaxAtoms = 4;
  /// With \p Relevant, only the branches (if, loop, ?:, && / ||) in that set
  /// count as tests: a client keeps apart the conditions of the branches
  /// that do what it tracks.
  ConditionAtoms(const clang::FunctionDecl *FD, const clang::ASTContext &Ctx,
                 const llvm::DenseSet<const clang::Stmt *> *Relevant = nullptr);
  /// The atom a branch condition tests (-1 if none), and the successor on
  /// which it is non-zero.
  int lookup(const clang::Expr *Cond, unsigned &NonZeroSucc) const;
  unsigned size() const { return Keys.size(); }
  /// The valuation bits (two per atom) that block \p B forgets because it
  /// assigns those atoms.
  uint32_t killMask(const clang::CFGBlock &B) const;

private:
  const clang::ASTContext &Ctx;
  std::vector<std::string> Keys;
  llvm::DenseMap<const clang::Stmt *, uint32_t> KillAt;
};

} // namespace lockcheck

#endif
