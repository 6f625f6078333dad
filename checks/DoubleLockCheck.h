//===--- DoubleLockCheck.h ---------------------------------------*- C++
//-*-===//

#ifndef LOCKCHECK_CHECKS_DOUBLELOCKCHECK_H
#define LOCKCHECK_CHECKS_DOUBLELOCKCHECK_H

#include "checks/LocksetCheckBase.h"

namespace lockcheck {

/// See docs/checks/double-lock.md.
class DoubleLockCheck : public LocksetCheckBase {
public:
  using LocksetCheckBase::LocksetCheckBase;

protected:
  void checkFunction(const clang::FunctionDecl *FD,
                     const LocksetResult &R) override;
};

} // namespace lockcheck

#endif
