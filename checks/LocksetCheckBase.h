//===--- LocksetCheckBase.h - checks reading the lockset --------*- C++ -*-===//
//
// The lock checks share one model configuration (LockFunctions,
// TryLockFunctions, UnlockFunctions, GuardTypes: check options, best set
// globally) and one lockset analysis per function. This base class reads
// the options, finds the functions, and hands each check the lockset.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_CHECKS_LOCKSETCHECKBASE_H
#define LOCKCHECK_CHECKS_LOCKSETCHECKBASE_H

#include "checks/UserCodeScope.h"
#include "checks/analysis/Lockset.h"
#include "checks/model/LockModel.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>

namespace lockcheck {

class TUAnalysis;

class LocksetCheckBase : public clang::tidy::ClangTidyCheck {
public:
  LocksetCheckBase(llvm::StringRef Name,
                   clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

protected:
  /// Whether checkFunction is called only for functions whose lockset has
  /// findings (double locks, unlocks of unheld locks, leaks); otherwise it
  /// is called for every analysable function, analysed or not.
  virtual bool onlyWithFindings() const { return true; }
  virtual void checkFunction(const clang::FunctionDecl *FD,
                             const LocksetResult &R) = 0;
  /// "'name'" or "the lambda".
  static std::string functionName(const clang::FunctionDecl *FD);
  /// A thread entry (the function a thread runs) or main: nothing calls it
  /// with a lock held, and nothing releases what it returns holding.
  bool isThreadEntryOrMain(const clang::FunctionDecl *FD);

  LockModelOptions ModelOpts;
  std::shared_ptr<TUAnalysis> TU;

private:
  llvm::DenseSet<const clang::FunctionDecl *> Seen;
  UserCodeScope Scope;
};

/// Reads the model options of a check (LockFunctions, ...).
LockModelOptions
readModelOptions(const clang::tidy::ClangTidyCheck::OptionsView &Options);
void storeModelOptions(const LockModelOptions &M,
                       const clang::tidy::ClangTidyCheck::OptionsView &Options,
                       clang::tidy::ClangTidyOptions::OptionMap &Opts);

} // namespace lockcheck

#endif
