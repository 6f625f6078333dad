//===--- ThreadEntriesInternal.h - ThreadEntries' shared code ---*- C++ -*-===//
//-*-===//
//
// What the files implementing ThreadEntries share and nothing else uses:
// ThreadEntries.cpp (the entries, their handles and joins, concurrency),
// ThreadStartWrappers.cpp (thread-start, join and detach wrappers),
// ThreadPools.cpp (pools and executors) and ThreadReach.cpp (what each
// entry reaches through calls and callbacks, with the locks held).
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_THREADENTRIESINTERNAL_H
#define LOCKCHECK_ANALYSIS_THREADENTRIESINTERNAL_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"

namespace lockcheck {
namespace thread_entries {

/// The variable or field an expression names: `t`, `this->t`, `&t`,
/// `t[i]`, `&t[i]`, `ts.at(i)`, `std::move(t)`.
const clang::ValueDecl *namedDecl(const clang::Expr *E);

/// Visits the statements of a function body; a lambda's body is a function
/// of its own, only its captures' initialisers are visited.
template <typename Fn> void walk(const clang::Stmt *S, Fn &&Visit) {
  if (!S)
    return;
  if (!Visit(S))
    return;
  if (const auto *LE = llvm::dyn_cast<clang::LambdaExpr>(S)) {
    for (const clang::Expr *Init : LE->capture_inits())
      walk(Init, Visit);
    return;
  }
  if (llvm::isa<clang::BlockExpr>(S))
    return;
  for (const clang::Stmt *Child : S->children())
    walk(Child, Visit);
}

template <typename Fn>
void walkFunction(const clang::FunctionDecl *FD, Fn &&Visit) {
  if (const auto *Ctor = llvm::dyn_cast<clang::CXXConstructorDecl>(FD))
    for (const clang::CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten() || Init->isAnyMemberInitializer())
        walk(Init->getInit(), Visit);
  walk(FD->getBody(), Visit);
}

/// The definition of \p FD, or null.
inline const clang::FunctionDecl *definitionOf(const clang::FunctionDecl *FD) {
  return FD ? FD->getDefinition() : nullptr;
}

} // namespace thread_entries
} // namespace lockcheck

#endif
