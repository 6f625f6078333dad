//===--- UnreleasedLockCheck.h ---------------------------------------*- C++ -*-===//

#ifndef LOCKCHECK_CHECKS_UNRELEASEDLOCKCHECK_H
#define LOCKCHECK_CHECKS_UNRELEASEDLOCKCHECK_H

#include "checks/LocksetCheckBase.h"

namespace lockcheck {

/// See docs/checks/unreleased-lock.md.
class UnreleasedLockCheck : public LocksetCheckBase {
public:
  using LocksetCheckBase::LocksetCheckBase;

protected:
  void checkFunction(const clang::FunctionDecl *FD,
                     const LocksetResult &R) override;

};

} // namespace lockcheck

#endif
