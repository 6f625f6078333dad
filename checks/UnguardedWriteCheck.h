//===--- UnguardedWriteCheck.h ---------------------------------*- C++ -*-===//

#ifndef LOCKCHECK_CHECKS_UNGUARDEDWRITECHECK_H
#define LOCKCHECK_CHECKS_UNGUARDEDWRITECHECK_H

#include "checks/analysis/ThreadEntries.h"
#include "checks/model/LockModel.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <memory>
#include <set>

namespace lockcheck {

class TUAnalysis;
struct SharedAccess;
struct SharedVariable;
struct LockRef;
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
  /// Returns whether it reported.
  bool reportGuarded(const SharedVariable &V, const SharedAccess &W,
                     const SharedData &SD);
  /// The writes that break a declared guard or the class's own locking,
  /// whatever the threads; skips the locations in \p Reported.
  void reportDiscipline(std::set<unsigned> &Reported);
  /// Wraps \p Statement in a scope holding \p L, when it can be spelled.
  llvm::SmallVector<clang::FixItHint, 2>
  guardFix(const LockRef *L, const clang::Stmt *Statement,
           clang::SourceLocation Loc, const clang::FunctionDecl *FD);
  bool reportUnlocked(const SharedVariable &V, const SharedAccess &W);
  /// Notes on how the write runs in context \p C: the thread's start and
  /// each call from the thread's function to the write.
  void notePath(const SharedAccess &W, const ThreadContext &C);
  /// For an access in an "alongside" context: the function running it
  /// alongside the thread (the starting function, or a caller of it that
  /// returns from the start with the thread running, then \p R is set).
  const clang::FunctionDecl *alongsideRoot(const SharedAccess &W,
                                           const ThreadContext &C,
                                           const ThreadEntries::Region **R);

  LockModelOptions ModelOpts;
  bool SuggestAtomic;
  /// Whether an unlocked member of a class that has atomics and no lock is
  /// taken as ordered by those atomics (not reported).
  bool LockFreeClasses;
  /// Whether a class's own locking (a member written under its mutex
  /// elsewhere) is checked without visible threads.
  bool ClassConsistency;
  std::shared_ptr<TUAnalysis> TU;
};

} // namespace lockcheck

#endif
