//===--- LockcheckModule.h - the lockcheck clang-tidy module ----*- C++ -*-===//

#ifndef LOCKCHECK_CHECKS_LOCKCHECKMODULE_H
#define LOCKCHECK_CHECKS_LOCKCHECKMODULE_H

#include "clang-tidy/ClangTidyModule.h"

namespace lockcheck {

/// Registers every lockcheck check as `lockcheck-<name>`. The same module is
/// used by the standalone tool and by the clang-tidy plugin.
class LockcheckModule : public clang::tidy::ClangTidyModule {
public:
  void
  addCheckFactories(clang::tidy::ClangTidyCheckFactories &Factories) override;
  clang::tidy::ClangTidyOptions getModuleOptions() override;
};

} // namespace lockcheck

#endif
