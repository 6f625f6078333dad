//===--- UnusedGuardCheck.h - lockcheck-unused-guard ------------*- C++ -*-===//

#ifndef LOCKCHECK_CHECKS_UNUSEDGUARDCHECK_H
#define LOCKCHECK_CHECKS_UNUSEDGUARDCHECK_H

#include "checks/UserCodeScope.h"
#include "checks/model/LockModel.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <memory>

namespace lockcheck {

class TUAnalysis;

/// An RAII guard that is a temporary, destroyed at once, protecting
/// nothing: `std::lock_guard<std::mutex>{m};`, or a declaration that the
/// parentheses turn into a new default-constructed guard named like the
/// mutex: `std::unique_lock<std::mutex>(m);`.
///
/// See docs/checks/unused-guard.md.
class UnusedGuardCheck : public clang::tidy::ClangTidyCheck {
public:
  UnusedGuardCheck(llvm::StringRef Name,
                   clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const clang::LangOptions &LO) const override {
    return LO.CPlusPlus;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkStatement(const clang::Stmt *S, const clang::FunctionDecl *FD,
                      clang::ASTContext &Ctx);
  LockModelOptions ModelOpts;
  std::shared_ptr<TUAnalysis> TU;
  UserCodeScope Scope;
};

} // namespace lockcheck

#endif
