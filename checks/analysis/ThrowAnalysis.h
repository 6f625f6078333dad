//===--- ThrowAnalysis.h - which calls can throw ----------------*- C++ -*-===//
//
// Decides whether an expression can leave the current function by throwing.
// Used for exceptional exits: a lock held or a thread joinable at such a call
// is leaked or destroyed during unwinding.
//
// The policy (documented in docs/checks/unreleased-lock.md, "Exception
// paths"): only C++ with exceptions enabled. An exception is *visible* when
// it can be seen to propagate: a `throw` expression; a call of a function
// whose body (or a callee's, transitively, in the translation unit) throws;
// a standard-library call documented to throw (model/ThrowModel.h); a call
// of a function declared `noexcept(false)` or `throw(X)`. A call of a
// function declared elsewhere that is not noexcept, not extern "C", not in a
// system header is *assumed* to throw: the reading of the `strict` mode.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_THROWANALYSIS_H
#define LOCKCHECK_ANALYSIS_THROWANALYSIS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>

namespace lockcheck {

/// How sure lockcheck is that a call throws. Ordered: a body containing
/// both kinds of call is Visible.
enum class ThrowKind {
  None,
  /// Only because its callee is declared elsewhere (or is a virtual
  /// function) and not declared noexcept.
  Assumed,
  /// A throw lockcheck can see.
  Visible,
};

/// Which exception exits a check reports (its ExceptionPaths option).
enum class ExceptionPathMode {
  Off,     ///< none
  Visible, ///< ThrowKind::Visible only (the default)
  Strict,  ///< any call without a visible noexcept
};

/// "visible", "strict", "off" (any case); the old boolean values: "true" is
/// "strict", "false" is "off". Anything else: std::nullopt.
std::optional<ExceptionPathMode> parseExceptionPathMode(llvm::StringRef Value);
llvm::StringRef exceptionPathModeName(ExceptionPathMode M);
/// Whether an exit through a call of kind \p K is reported in mode \p M.
inline bool reportsThrow(ExceptionPathMode M, ThrowKind K) {
  switch (M) {
  case ExceptionPathMode::Off:
    return false;
  case ExceptionPathMode::Visible:
    return K == ThrowKind::Visible;
  case ExceptionPathMode::Strict:
    return K != ThrowKind::None;
  }
  return false;
}

class ThrowAnalysis {
public:
  explicit ThrowAnalysis(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// How \p S (a call, construction or throw expression) can throw; sets
  /// \p Callee to the called function (null for `throw`).
  ThrowKind throwKind(const clang::Stmt *S, const clang::FunctionDecl *&Callee);
  /// Whether \p S can throw, under the strict reading.
  bool canThrow(const clang::Stmt *S, const clang::FunctionDecl *&Callee) {
    return throwKind(S, Callee) != ThrowKind::None;
  }
  /// How a call to \p FD can throw; \p Call (the call or construction, if
  /// any) lets the standard-library model look at the arguments.
  ThrowKind functionThrowKind(const clang::FunctionDecl *FD,
                              const clang::Expr *Call = nullptr);
  /// Whether \p S lies inside the `try` block of a try statement of the
  /// function whose parent map is \p PM (so a throw is caught there first).
  static bool isInsideTryBlock(const clang::Stmt *S, clang::ParentMap &PM);

private:
  ThrowKind bodyThrowKind(const clang::Stmt *S);
  clang::ASTContext &Ctx;
  enum class State { Computing, Done };
  struct Summary {
    State St = State::Computing;
    ThrowKind Kind = ThrowKind::None;
  };
  llvm::DenseMap<const clang::FunctionDecl *, Summary> Summaries;
};

} // namespace lockcheck

#endif
