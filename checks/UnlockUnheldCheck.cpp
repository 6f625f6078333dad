//===--- UnlockUnheldCheck.cpp - lockcheck-unlock-unheld ------------------===//

#include "checks/UnlockUnheldCheck.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace lockcheck {

void UnlockUnheldCheck::checkFunction(const FunctionDecl *FD,
                                      const LocksetResult &R) {
  for (const LockFinding &F : R.Findings) {
    const LockInfo &L = R.Locks[F.Lock];
    if (F.Kind == LockFindingKind::GuardNotOwned) {
      diag(F.Loc, "'%0' does not own '%1' here; unique_lock::unlock() "
                  "throws std::system_error")
          << F.GuardName << L.Name;
      continue;
    }
    if (F.Kind != LockFindingKind::UnlockUnheld)
      continue;
    // Released by a guard's destructor at the end of a scope or a return.
    bool ByGuard = F.At && !isa<Expr>(F.At);
    if (ByGuard)
      diag(F.Loc, "'%0' is unlocked again when its guard is destroyed here; "
                  "it was already unlocked%select{ on some path|}1")
          << L.Name << F.AllPaths;
    else
      diag(F.Loc, "'%0' is unlocked here but is not held%select{ on some "
                  "path|}1; it was already unlocked")
          << L.Name << F.AllPaths;
    if (F.Prior.isValid())
      diag(F.Prior, "'%0' was unlocked here", DiagnosticIDs::Note) << L.Name;
  }
}

} // namespace lockcheck
