//===--- UnreleasedLockCheck.h ---------------------------------------*- C++
//-*-===//

#ifndef LOCKCHECK_CHECKS_UNRELEASEDLOCKCHECK_H
#define LOCKCHECK_CHECKS_UNRELEASEDLOCKCHECK_H

#include "checks/LocksetCheckBase.h"
#include "checks/analysis/ThrowAnalysis.h"

namespace lockcheck {

/// See docs/checks/unreleased-lock.md.
class UnreleasedLockCheck : public LocksetCheckBase {
public:
  UnreleasedLockCheck(llvm::StringRef Name,
                      clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  void checkFunction(const clang::FunctionDecl *FD,
                     const LocksetResult &R) override;

private:
  /// Which exits through a throwing call are reported.
  const ExceptionPathMode ExceptionPaths;
  /// How many "if 'f' throws here" notes a finding shows.
  const unsigned MaxExceptionNotes;
};

} // namespace lockcheck

#endif
