//===--- CheckOptions.h - boolean and integer check options -----*- C++ -*-===//
//
// clang-tidy's OptionsView::get<bool>/get<T integral> are explicit template
// specialisations whose mangled names differ between the compiler that built
// libclangTidy (Clang) and the one building lockcheck (GCC): calling them
// fails to link in the tool and to resolve in the plugin. Read and store
// such options through the string overloads instead, here, once.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_CHECKS_CHECKOPTIONS_H
#define LOCKCHECK_CHECKS_CHECKOPTIONS_H

#include "checks/analysis/ThrowAnalysis.h"
#include "clang-tidy/ClangTidyCheck.h"

namespace lockcheck {

/// "true"/"false" (any case), "1"/"0"; anything else gives \p Default.
bool getBoolOption(const clang::tidy::ClangTidyCheck::OptionsView &Options,
                   llvm::StringRef Name, bool Default);
/// A non-negative integer; anything else gives \p Default.
unsigned
getUnsignedOption(const clang::tidy::ClangTidyCheck::OptionsView &Options,
                  llvm::StringRef Name, unsigned Default);
void storeBoolOption(const clang::tidy::ClangTidyCheck::OptionsView &Options,
                     clang::tidy::ClangTidyOptions::OptionMap &Opts,
                     llvm::StringRef Name, bool Value);
void storeUnsignedOption(
    const clang::tidy::ClangTidyCheck::OptionsView &Options,
    clang::tidy::ClangTidyOptions::OptionMap &Opts, llvm::StringRef Name,
    unsigned Value);

/// The ExceptionPaths option: "visible", "strict", "off", or the boolean
/// values of older configurations ("true" is "strict", "false" is "off");
/// anything else gives \p Default.
ExceptionPathMode
getExceptionPathOption(const clang::tidy::ClangTidyCheck::OptionsView &Options,
                       llvm::StringRef Name, ExceptionPathMode Default);
void storeExceptionPathOption(
    const clang::tidy::ClangTidyCheck::OptionsView &Options,
    clang::tidy::ClangTidyOptions::OptionMap &Opts, llvm::StringRef Name,
    ExceptionPathMode Value);

} // namespace lockcheck

#endif
