//===--- UnlockUnheldCheck.h ---------------------------------------*- C++
//-*-===//

#ifndef LOCKCHECK_CHECKS_UNLOCKUNHELDCHECK_H
#define LOCKCHECK_CHECKS_UNLOCKUNHELDCHECK_H

#include "checks/LocksetCheckBase.h"

namespace lockcheck {

/// See docs/checks/unlock-unheld.md.
class UnlockUnheldCheck : public LocksetCheckBase {
public:
  using LocksetCheckBase::LocksetCheckBase;

protected:
  void checkFunction(const clang::FunctionDecl *FD,
                     const LocksetResult &R) override;
};

} // namespace lockcheck

#endif
