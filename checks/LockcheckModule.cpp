//===--- LockcheckModule.cpp - the lockcheck clang-tidy module ------------===//

#include "checks/LockcheckModule.h"
#include "checks/BlockingUnderLockCheck.h"
#include "checks/DetachedDanglingCheck.h"
#include "checks/DoubleLockCheck.h"
#include "checks/LockOrderCheck.h"
#include "checks/UnguardedWriteCheck.h"
#include "checks/UnjoinedThreadCheck.h"
#include "checks/UnlockUnheldCheck.h"
#include "checks/UnreleasedLockCheck.h"
#include "checks/UnusedGuardCheck.h"
#include "checks/WaitWithoutPredicateCheck.h"

using namespace clang::tidy;

namespace lockcheck {

void LockcheckModule::addCheckFactories(ClangTidyCheckFactories &Factories) {
  Factories.registerCheck<BlockingUnderLockCheck>(
      "lockcheck-blocking-under-lock");
  Factories.registerCheck<DetachedDanglingCheck>("lockcheck-detached-dangling");
  Factories.registerCheck<DoubleLockCheck>("lockcheck-double-lock");
  Factories.registerCheck<LockOrderCheck>("lockcheck-lock-order");
  Factories.registerCheck<UnguardedWriteCheck>("lockcheck-unguarded-write");
  Factories.registerCheck<UnjoinedThreadCheck>("lockcheck-unjoined-thread");
  Factories.registerCheck<UnlockUnheldCheck>("lockcheck-unlock-unheld");
  Factories.registerCheck<UnreleasedLockCheck>("lockcheck-unreleased-lock");
  Factories.registerCheck<UnusedGuardCheck>("lockcheck-unused-guard");
  Factories.registerCheck<WaitWithoutPredicateCheck>(
      "lockcheck-wait-without-predicate");
}

ClangTidyOptions LockcheckModule::getModuleOptions() { return {}; }

} // namespace lockcheck
