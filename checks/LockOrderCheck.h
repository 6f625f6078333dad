//===--- LockOrderCheck.h ----------------------------------------*- C++
//-*-===//

#ifndef LOCKCHECK_CHECKS_LOCKORDERCHECK_H
#define LOCKCHECK_CHECKS_LOCKORDERCHECK_H

#include "checks/LocksetCheckBase.h"
#include "checks/analysis/LockOrder.h"
#include "llvm/ADT/DenseSet.h"
#include <vector>

namespace lockcheck {

/// See docs/checks/lock-order.md.
class LockOrderCheck : public LocksetCheckBase {
public:
  using LocksetCheckBase::LocksetCheckBase;
  void onEndOfTranslationUnit() override;

protected:
  void checkFunction(const clang::FunctionDecl *FD,
                     const LocksetResult &R) override;
  bool onlyWithFindings() const override { return false; }

private:
  /// The AST side of an edge of the graph (LockOrderEdge::Id indexes these).
  struct Site {
    const clang::FunctionDecl *FD;
    const LocksetResult *R;
    unsigned Acquisition; ///< index into R->Acquisitions
    unsigned HeldLock;    ///< index into R->Locks
  };
  void report();
  bool isShared(const LockAcquisition &A) const;
  /// On which threads the edge's code runs (ThreadEntries).
  void setThreads(LockOrderEdge &E, const clang::FunctionDecl *FD,
                  const clang::Stmt *S);
  std::optional<clang::FixItHint> scopedLockFix(const Site &S);
  /// Two locks of one class taken one after the other through two objects
  /// the function is handed, with no order between the objects.
  void checkSameClass(const clang::FunctionDecl *FD, const LocksetResult &R,
                      unsigned Acquisition, unsigned HeldLock);
  llvm::DenseSet<unsigned> SameClassReported;
  std::vector<Site> Sites;
  LockOrderGraph Graph;
  /// Whether the translation unit being analysed defines main.
  bool hasMain();
  const clang::ASTContext *MainCachedFor = nullptr;
  bool MainCached = false;
};

} // namespace lockcheck

#endif
