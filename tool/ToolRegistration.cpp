//===--- ToolRegistration.cpp - lockcheck's module in the tool ------------===//

#include "checks/LockcheckModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

static clang::tidy::ClangTidyModuleRegistry::Add<lockcheck::LockcheckModule>
    Registration("lockcheck-module",
                 "Adds lockcheck's lock and thread checks.");
