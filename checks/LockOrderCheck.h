//===--- LockOrderCheck.h ----------------------------------------*- C++
//-*-===//

#ifndef LOCKCHECK_CHECKS_LOCKORDERCHECK_H
#define LOCKCHECK_CHECKS_LOCKORDERCHECK_H

#include "checks/LocksetCheckBase.h"
#include "checks/analysis/LockOrder.h"
#include "llvm/ADT/DenseSet.h"
#include <set>
#include <string>
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
  /// The fix-its that break a cycle whose sides are \p Sides: all, or none.
  std::vector<clang::FixItHint>
  cycleFix(llvm::ArrayRef<const LockOrderEdge *> Sides);
  /// Two locks of one class taken one after the other through two objects
  /// the function is handed, with no order between the objects.
  void checkSameClass(const clang::FunctionDecl *FD, const LocksetResult &R,
                      unsigned Acquisition, unsigned HeldLock);
  llvm::DenseSet<unsigned> SameClassReported;
  /// The links (From, To class keys) the fix-its given so far remove, and
  /// the ranges they replace: each link is fixed once, no fix overlaps
  /// another.
  std::set<std::pair<std::string, std::string>> FixedLinks;
  std::vector<clang::SourceRange> FixedRanges;
  std::vector<Site> Sites;
  LockOrderGraph Graph;
  /// Whether the translation unit being analysed defines main.
  bool hasMain();
  const clang::ASTContext *MainCachedFor = nullptr;
  bool MainCached = false;
};

} // namespace lockcheck

#endif
