//===--- WaitWithoutPredicateCheck.h -----------------------------*- C++
//-*-===//

#ifndef LOCKCHECK_CHECKS_WAITWITHOUTPREDICATECHECK_H
#define LOCKCHECK_CHECKS_WAITWITHOUTPREDICATECHECK_H

#include "checks/LocksetCheckBase.h"

namespace lockcheck {

/// See docs/checks/wait-without-predicate.md.
class WaitWithoutPredicateCheck : public LocksetCheckBase {
public:
  WaitWithoutPredicateCheck(llvm::StringRef Name,
                            clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  bool onlyWithFindings() const override { return false; }
  void checkFunction(const clang::FunctionDecl *FD,
                     const LocksetResult &R) override;

private:
  void visit(const clang::Stmt *S, const clang::FunctionDecl *FD,
             const LocksetResult &R);
  void checkWait(const clang::CallExpr *Call, const LockOp &Op,
                 const clang::FunctionDecl *FD, const LocksetResult &R);

  /// Also suggest the predicate overload for `while (!x) cv.wait(lk);`.
  bool PreferPredicateOverload;
};

} // namespace lockcheck

#endif
