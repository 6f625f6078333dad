//===--- ThrowAnalysis.h - which calls can throw ----------------*- C++ -*-===//
//
// Decides whether an expression can leave the current function by throwing.
// Used for exceptional exits: a lock held or a thread joinable at such a call
// is leaked or destroyed during unwinding.
//
// The policy (documented in docs/checks): only C++ with exceptions enabled;
// `throw` expressions; calls of functions declared outside system headers
// that are not noexcept and not extern "C"; when the callee's body is in the
// translation unit, the body itself is inspected (a summary, memoized), so
// a helper that cannot throw is not reported. Standard library calls are
// assumed not to throw (bad_alloc and system_error are not modelled).
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_THROWANALYSIS_H
#define LOCKCHECK_ANALYSIS_THROWANALYSIS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/DenseMap.h"

namespace lockcheck {

class ThrowAnalysis {
public:
  explicit ThrowAnalysis(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// If \p S (a call, construction or throw expression) can throw, returns
  /// true and sets \p Callee to the called function (null for `throw`).
  bool canThrow(const clang::Stmt *S, const clang::FunctionDecl *&Callee);
  /// Whether a call to \p FD can throw.
  bool functionCanThrow(const clang::FunctionDecl *FD);
  /// Whether \p S lies inside the `try` block of a try statement of the
  /// function whose parent map is \p PM (so a throw is caught there first).
  static bool isInsideTryBlock(const clang::Stmt *S, clang::ParentMap &PM);

private:
  bool bodyCanThrow(const clang::Stmt *S);
  clang::ASTContext &Ctx;
  enum class State { Computing, Throws, NoThrow };
  llvm::DenseMap<const clang::FunctionDecl *, State> Summaries;
};

} // namespace lockcheck

#endif
