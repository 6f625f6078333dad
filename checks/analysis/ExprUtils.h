//===--- ExprUtils.h - expression helpers shared by the engines -*- C++ -*-===//
//
// What the lockset and thread-lifetime engines both need to read an
// expression: see through the nodes that do not change which object or value
// it names, find the variable it refers to, and read the operand a two-way
// branch tests.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_EXPRUTILS_H
#define LOCKCHECK_ANALYSIS_EXPRUTILS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>

namespace lockcheck {

/// \p E without parentheses, implicit casts, full-expression wrappers
/// (ExprWithCleanups, ConstantExpr), temporary materialization and binding,
/// and functional casts (`T(x)`, `T{x}`), repeatedly. Null stays null.
///
/// Functional casts are stripped whatever their operand: `std::thread(f)`
/// (a construction), but also `int(pthread_create(...))` or `long(rc)`,
/// whose value is the call's or the variable's for every test an engine
/// makes (zero or not).
const clang::Expr *stripExpr(const clang::Expr *E);

/// The variable \p E names once stripped (`x`, `(x)`, `std::thread(x)` is
/// not one: a construction), or null.
const clang::VarDecl *refVar(const clang::Expr *E);

/// The function \p E names (`worker`, `&worker`, `(void *(*)(void *))worker`),
/// if any.
const clang::FunctionDecl *namedFunction(const clang::Expr *E);

/// The condition of a `while`, `do ... while` or `for` statement \p S (null
/// for `for (;;)` and for any other statement).
const clang::Expr *loopCondition(const clang::Stmt *S);

/// The operand a two-way branch at the end of \p From tests, and whether the
/// edge to successor \p SuccIndex is the one taken when it is non-zero.
struct BranchOperand {
  const clang::Expr *Operand; ///< stripped
  bool NonZero;
};
/// Nothing when \p From does not end in a two-way branch on a condition
/// that decomposeCondition can read. With \p ErrorCodes, `rc == EBUSY`
/// gives rc non-zero on the edge where it holds, and nothing on the other.
std::optional<BranchOperand> branchOperand(const clang::CFGBlock &From,
                                           unsigned SuccIndex,
                                           clang::ASTContext &Ctx,
                                           bool ErrorCodes = false);

/// Whether \p S (a function body) assigns \p V (`=`, `+=`...), increments
/// or decrements it, or takes its address: whether \p V may hold another
/// value than the one it started with.
bool mayChange(const clang::Stmt *S, const clang::VarDecl *V);

/// The innermost loop (for, while, do, range-for) whose body, or a for's
/// increment, contains \p S: what runs once per iteration.
/// Calls \p Fn for each local of \p FD that only renames \p P: declared
/// with \p P (through casts) as its initialiser, `struct ctx *c = arg;`,
/// and neither of them changed in \p FD.
/// Calls \p Visit on the roots of the code \p FD runs: for a constructor,
/// each initializer written in its source, then the body.
void forEachCodeRoot(const clang::FunctionDecl *FD,
                     llvm::function_ref<void(const clang::Stmt *)> Visit);

void forEachLocalRenaming(const clang::FunctionDecl *FD,
                          const clang::VarDecl *P,
                          llvm::function_ref<void(const clang::VarDecl *)> Fn);

const clang::Stmt *enclosingLoop(const clang::Stmt *S, clang::ParentMap &PM);

} // namespace lockcheck

#endif
