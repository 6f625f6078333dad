//===--- DoubleLockCheck.cpp - lockcheck-double-lock ----------------------===//

#include "checks/DoubleLockCheck.h"

using namespace clang;

namespace lockcheck {

void DoubleLockCheck::checkFunction(const FunctionDecl *FD,
                                    const LocksetResult &R) {
  for (const LockFinding &F : R.Findings) {
    if (F.Kind != LockFindingKind::DoubleLock)
      continue;
    const LockInfo &L = R.Locks[F.Lock];
    std::string Type = L.Type.TypeName.empty() ? "mutex" : L.Type.TypeName;
    // A C mutex is recursive or not by its initialisation: never claim
    // "not recursive" when lockcheck has not seen it.
    if (F.Through && F.Via) {
      // Through a callback: the callable stored into the variable or field
      // takes the lock.
      if (L.Type.RecursionKnown)
        diag(F.Loc, "calling '%0' may run %1, which locks '%2', which this "
                    "thread already holds; '%3' is not recursive, so this "
                    "deadlocks")
            << F.Through->getName() << functionName(F.Via) << L.Name << Type;
      else
        diag(F.Loc, "calling '%0' may run %1, which locks '%2', which this "
                    "thread already holds; this deadlocks unless '%2' was "
                    "initialised recursive (lockcheck sees no initialisation "
                    "of it)")
            << F.Through->getName() << functionName(F.Via) << L.Name;
      if (F.StoredAt.isValid() && F.StoredInto)
        diag(F.StoredAt, "%0 is stored into '%1' here", DiagnosticIDs::Note)
            << functionName(F.Via) << F.StoredInto->getName();
      if (F.ViaLoc.isValid())
        diag(F.ViaLoc, "%0 locks it here", DiagnosticIDs::Note)
            << functionName(F.Via);
    } else if (F.Via) {
      if (L.Type.RecursionKnown)
        diag(F.Loc, "calling %0 locks '%1', which this thread already holds; "
                    "'%2' is not recursive, so this deadlocks")
            << functionName(F.Via) << L.Name << Type;
      else
        diag(F.Loc, "calling %0 locks '%1', which this thread already holds; "
                    "this deadlocks unless '%1' was initialised recursive "
                    "(lockcheck sees no initialisation of it)")
            << functionName(F.Via) << L.Name;
      if (F.ViaLoc.isValid())
        diag(F.ViaLoc, "%0 locks it here", DiagnosticIDs::Note)
            << functionName(F.Via);
    } else if (L.Type.RecursionKnown) {
      diag(F.Loc, "'%0' is locked again while this thread already holds it; "
                  "'%1' is not recursive, so this deadlocks")
          << L.Name << Type;
    } else {
      diag(F.Loc, "'%0' is locked again while this thread already holds it; "
                  "this deadlocks unless '%0' was initialised recursive "
                  "(lockcheck sees no initialisation of it)")
          << L.Name;
    }
    if (F.Prior.isValid())
      diag(F.Prior, "'%0' was locked here", DiagnosticIDs::Note) << L.Name;
  }
}

} // namespace lockcheck
