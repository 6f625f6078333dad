//===--- UnguardedWriteCheck.h ---------------------------------*- C++ -*-===//

#ifndef LOCKCHECK_CHECKS_UNGUARDEDWRITECHECK_H
#define LOCKCHECK_CHECKS_UNGUARDEDWRITECHECK_H

#include "checks/model/LockModel.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <memory>

namespace lockcheck {

class TUAnalysis;
struct SharedAccess;
struct SharedVariable;
struct ThreadContext;
class SharedData;

/// See docs/checks/unguarded-write.md.
class UnguardedWriteCheck : public clang::tidy::ClangTidyCheck {
public:
  UnguardedWriteCheck(llvm::StringRef Name,
                      clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void reportGuarded(const SharedVariable &V, const SharedAccess &W,
                     const SharedData &SD);
  bool reportUnlocked(const SharedVariable &V, const SharedAccess &W);
  /// Notes on how the write runs in context \p C: the thread's start and
  /// each call from the thread's function to the write.
  void notePath(const SharedAccess &W, const ThreadContext &C);

  LockModelOptions ModelOpts;
  bool SuggestAtomic;
  /// Whether an unlocked member of a class that has atomics and no lock is
  /// taken as ordered by those atomics (not reported).
  bool LockFreeClasses;
  std::shared_ptr<TUAnalysis> TU;
};

} // namespace lockcheck

#endif
