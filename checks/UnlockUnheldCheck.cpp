//===--- UnlockUnheldCheck.cpp - lockcheck-unlock-unheld ------------------===//

#include "checks/UnlockUnheldCheck.h"
#include "checks/analysis/CallIndex.h"
#include "checks/analysis/LockApi.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadEntries.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace lockcheck {

namespace {

/// The index of the lock \p O names in \p R, if \p R tracks it.
std::optional<unsigned> findOrigin(const LocksetResult &R,
                                   const LockOrigin &O) {
  std::string K = O.key();
  for (unsigned I = 0; I < R.Locks.size(); ++I)
    if (R.Locks[I].Key == K)
      return I;
  return std::nullopt;
}

/// What \p R knows of lock \p I just before \p At: Unknown when nothing.
HeldKind stateAt(const LocksetResult &R, unsigned I, const Stmt *At) {
  for (const HeldLock &H : R.heldAt(At))
    if (H.Lock == I)
      return H.Kind;
  return HeldKind::Unknown;
}

} // namespace

bool UnlockUnheldCheck::someCallerHolds(const FunctionDecl *FD,
                                        const LockOrigin &O) {
  for (const CallIndex::CallSite &C : TU->getCallIndex().callers(FD)) {
    auto M = mapLockToCaller(O, C.At, FD, C.Caller);
    if (!M)
      continue;
    const LocksetResult &R = TU->getLockset(C.Caller, ModelOpts);
    auto I = findOrigin(R, *M);
    if (!I)
      continue;
    HeldKind K = stateAt(R, *I, C.At);
    if (K == HeldKind::Must || K == HeldKind::May)
      return true;
  }
  return false;
}

bool UnlockUnheldCheck::noCallerHolds(const FunctionDecl *FD,
                                      const LockOrigin &O, unsigned Depth) {
  const CallIndex &CI = TU->getCallIndex();
  llvm::ArrayRef<CallIndex::CallSite> Calls = CI.callers(FD);
  if (Calls.empty() || CI.hasHiddenCallers(FD))
    return false;
  for (const CallIndex::CallSite &C : Calls) {
    auto M = mapLockToCaller(O, C.At, FD, C.Caller);
    if (!M || !isAnalyzableFunction(C.Caller, TU->getSourceManager()))
      return false;
    const LocksetResult &R = TU->getLockset(C.Caller, ModelOpts);
    auto I = findOrigin(R, *M);
    if (!I || !R.Analyzed)
      return false;
    const CalleeRelease *Rel = nullptr;
    for (const CalleeRelease &CR : R.CalleeReleases)
      if (CR.Call == C.At && CR.Lock == *I)
        Rel = &CR;
    if (!Rel)
      return false;
    // Released before the call on every path: not held. Anything else the
    // caller knows or half-knows of the lock: it may hold it.
    if (Rel->State == HeldKind::Free)
      continue;
    if (!Rel->Untouched)
      return false;
    // Nothing before the call touched the lock: a thread starts holding
    // nothing; any other caller passes on what its own callers hold.
    if (isThreadEntryOrMain(C.Caller))
      continue;
    if (Depth >= 3 || !noCallerHolds(C.Caller, *M, Depth + 1))
      return false;
  }
  return true;
}

void UnlockUnheldCheck::checkFunction(const FunctionDecl *FD,
                                      const LocksetResult &R) {
  checkExternalReleases(FD, R);
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
    switch (F.Reason) {
    case UnheldReason::Released:
      break;
    case UnheldReason::SomePathsOnly:
      // A function that takes the lock unless its caller already holds it
      // (`if (!locked) lock(m); ... unlock(m);`) releases the caller's lock
      // on the other paths.
      if (someCallerHolds(FD, L.Origin))
        continue;
      diag(F.Loc, "'%0' is unlocked here but is not held on some path; it "
                  "is locked only on some of the paths that reach this "
                  "unlock")
          << L.Name;
      if (F.Prior.isValid())
        diag(F.Prior, "'%0' is locked here, on some paths only",
             DiagnosticIDs::Note)
            << L.Name;
      continue;
    case UnheldReason::ThrownBeforeLock:
      diag(F.Loc, "'%0' is unlocked here but is not held on some path; an "
                  "exception thrown while it is not locked reaches this "
                  "handler")
          << L.Name;
      if (F.Thrower)
        diag(F.Prior, "'%0' may throw here, while '%1' is not locked",
             DiagnosticIDs::Note)
            << F.Thrower->getNameAsString() << L.Name;
      else
        diag(F.Prior, "an exception is thrown here, while '%0' is not locked",
             DiagnosticIDs::Note)
            << L.Name;
      continue;
    case UnheldReason::NeverTaken: {
      // A release on behalf of the caller, unless every call lockcheck
      // sees is made without the lock (and no call is hidden from it). A
      // flag cleared where nothing spins on it is a flag reset.
      if (L.Type.Spin || !noCallerHolds(FD, L.Origin, 0))
        continue;
      diag(F.Loc, "'%0' is unlocked here, but %1 does not lock it and no "
                  "call of %1 holds it")
          << L.Name << functionName(FD);
      callerNotes(FD, L.Name);
      continue;
    }
    }
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

void UnlockUnheldCheck::callerNotes(const FunctionDecl *FD,
                                    llvm::StringRef Lock) {
  unsigned Notes = 0;
  for (const CallIndex::CallSite &C : TU->getCallIndex().callers(FD))
    if (Notes++ < 3)
      diag(C.At->getExprLoc(), "%0 is called here without '%1' held",
           DiagnosticIDs::Note)
          << functionName(FD) << Lock;
}

void UnlockUnheldCheck::checkExternalReleases(const FunctionDecl *FD,
                                              const LocksetResult &R) {
  // A release function another file defines (the program's lock API) has
  // its unlock in a file this unit does not read: its calls are judged
  // here, each with what this function knows of the lock there.
  for (const CalleeRelease &CR : R.CalleeReleases) {
    const auto *Call = dyn_cast_or_null<CallExpr>(CR.Call);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    const InferredLockFunction *F =
        Callee ? TU->getLockApi().function(Callee) : nullptr;
    if (!F || !F->External || F->Kind != LockOpKind::Release ||
        CR.Lock >= R.Locks.size())
      continue;
    const LockInfo &L = R.Locks[CR.Lock];
    std::string Fn = functionName(Callee);
    // Only a lock nothing before the call touched (one released before on
    // every path is the engine's own second-unlock finding): a thread
    // starts holding nothing; any other function passes on what its
    // callers hold.
    if (!CR.Untouched)
      continue;
    if (isThreadEntryOrMain(FD)) {
      diag(Call->getExprLoc(), "'%0' is unlocked here, by %1, but %2 does "
                               "not lock it and starts holding no lock")
          << L.Name << Fn << functionName(FD);
      const FunctionDecl *Canon = FD->getCanonicalDecl();
      for (const ThreadEntry &E : TU->getThreadEntries(ModelOpts).entries())
        if (E.Callee && E.Callee->getCanonicalDecl() == Canon &&
            E.StartLoc.isValid()) {
          diag(E.StartLoc, "the thread started here runs %0",
               DiagnosticIDs::Note)
              << functionName(FD);
          break;
        }
      continue;
    }
    if (!noCallerHolds(FD, L.Origin, 1))
      continue;
    diag(Call->getExprLoc(), "'%0' is unlocked here, by %1, but %2 does not "
                             "lock it and no call of %2 holds it")
        << L.Name << Fn << functionName(FD);
    callerNotes(FD, L.Name);
  }
}

} // namespace lockcheck
