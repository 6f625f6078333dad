//===--- DetachedDanglingCheck.h -------------------------------*- C++ -*-===//

#ifndef LOCKCHECK_CHECKS_DETACHEDDANGLINGCHECK_H
#define LOCKCHECK_CHECKS_DETACHEDDANGLINGCHECK_H

#include "checks/model/LockModel.h"
#include "clang-tidy/ClangTidyCheck.h"

namespace lockcheck {

/// See docs/checks/detached-dangling.md.
class DetachedDanglingCheck : public clang::tidy::ClangTidyCheck {
public:
  DetachedDanglingCheck(llvm::StringRef Name,
                        clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  LockModelOptions ModelOpts;
};

} // namespace lockcheck

#endif
