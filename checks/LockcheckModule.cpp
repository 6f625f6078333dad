//===--- LockcheckModule.cpp - the lockcheck clang-tidy module ------------===//

#include "checks/LockcheckModule.h"
#include "checks/UnjoinedThreadCheck.h"

using namespace clang::tidy;

namespace lockcheck {

void LockcheckModule::addCheckFactories(ClangTidyCheckFactories &Factories) {
  Factories.registerCheck<UnjoinedThreadCheck>("lockcheck-unjoined-thread");
}

ClangTidyOptions LockcheckModule::getModuleOptions() { return {}; }

} // namespace lockcheck
