//===--- BlockingUnderLockCheck.h --------------------------------*- C++
//-*-===//

#ifndef LOCKCHECK_CHECKS_BLOCKINGUNDERLOCKCHECK_H
#define LOCKCHECK_CHECKS_BLOCKINGUNDERLOCKCHECK_H

#include "checks/LocksetCheckBase.h"
#include "checks/analysis/BlockingAnalysis.h"
#include "checks/model/BlockingModel.h"
#include <memory>

namespace lockcheck {

/// See docs/checks/blocking-under-lock.md.
class BlockingUnderLockCheck : public LocksetCheckBase {
public:
  BlockingUnderLockCheck(llvm::StringRef Name,
                         clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  bool onlyWithFindings() const override { return false; }
  void checkFunction(const clang::FunctionDecl *FD,
                     const LocksetResult &R) override;

private:
  /// The function checkFunction visits.
  const clang::FunctionDecl *Current = nullptr;
  void visit(const clang::Stmt *S, const clang::FunctionDecl *FD,
             const LocksetResult &R);
  void report(const clang::CallExpr *Call, const LocksetResult &R,
              llvm::ArrayRef<unsigned> Held, const WaitSite *Wait);
  /// Where the thread a join waits for takes a lock.
  struct ThreadLock {
    clang::SourceLocation Loc;
    const clang::FunctionDecl *In = nullptr;
  };
  /// For a join of a thread whose start lockcheck sees: drops from \p Held
  /// the locks the joined thread never takes, and returns the first place
  /// where it takes one of the others (invalid Loc: none known to be
  /// taken). Leaves \p Held as it is when the thread cannot be told.
  ThreadLock joinedThreadLocks(const clang::CallExpr *Call,
                               const LocksetResult &R,
                               llvm::SmallVectorImpl<unsigned> &Held,
                               unsigned &Taken);

  std::vector<std::string> Functions;
  BlockingModel Model;
  std::unique_ptr<BlockingAnalysis> Blocking;
};

} // namespace lockcheck

#endif
