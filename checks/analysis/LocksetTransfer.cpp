//===--- LocksetTransfer.cpp - the transfer of lock events ----------------===//
//
// The transfer function: what each event does to the state of its lock or
// guard (acquire, release, a guard owning, unlocking or handed over), and
// the double locks and unlocks of locks not held it finds on the way.
//
//===----------------------------------------------------------------------===//

#include "checks/analysis/LocksetInternal.h"
#include "checks/analysis/MutexInits.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/ParentMap.h"

using namespace clang;

namespace lockcheck {
namespace lockset_impl {

ValueBits acquireBits(ValueBits V) {
  ValueBits R = V & Escaped;
  if (V & FreeMask)
    R |= Held1;
  constexpr unsigned N = std::size(HeldDepths);
  for (unsigned I = 0; I + 1 < N; ++I)
    if (V & HeldDepths[I])
      R |= HeldDepths[I + 1];
  if (V & HeldMax)
    R |= HeldMax;
  return R;
}

ValueBits releaseBits(ValueBits V) {
  ValueBits R = V & Escaped;
  if (V & Held1)
    R |= Released;
  constexpr unsigned N = std::size(HeldDepths);
  for (unsigned I = 1; I < N; ++I)
    if (V & HeldDepths[I])
      R |= HeldDepths[I - 1];
  if (V & HeldMax)
    R |= HeldMax;
  if (V & (EntryMask | ReleasedUnknown))
    R |= ReleasedUnknown;
  if (V & Released)
    R |= Released;
  return R;
}

bool Analyzer::isConditional(const Stmt *S) const {
  const Stmt *Child = S;
  for (const Stmt *P = PM->getParent(S); P; Child = P, P = PM->getParent(P)) {
    if (const auto *If = dyn_cast<IfStmt>(P)) {
      if (If->getCond() != Child)
        return true;
    } else if (isa<SwitchStmt>(P) || isa<ConditionalOperator>(P)) {
      return true;
    } else if (const auto *BO = dyn_cast<BinaryOperator>(P);
               BO && BO->isLogicalOp() && BO->getRHS() == Child) {
      return true;
    }
  }
  return false;
}

void Analyzer::release(KeyId K, SourceLocation Loc, const Stmt *At, StateMap &S,
                       bool Report, bool Direct) {
  ValueBits V = S.get(K);
  if (Report && !Direct && At && isa<CallExpr>(At) && !(V & Escaped)) {
    CalleeRelease C;
    C.Call = At;
    C.Lock = K;
    C.Untouched = V == Unknown;
    if (V & HeldMask)
      C.State = (V & FreeMask) ? HeldKind::May : HeldKind::Must;
    else if (!(V & ~(Released | ReleasedUnknown)))
      C.State = HeldKind::Free;
    Out.CalleeReleases.push_back(C);
  }
  if (Report && Direct && At && !(V & (Escaped | Released | ReleasedUnknown)) &&
      !Reported.count({At, K})) {
    LockFinding F;
    F.Kind = LockFindingKind::UnlockUnheld;
    F.Lock = K;
    F.At = At;
    F.Loc = Loc;
    F.AllPaths = false;
    if ((V & HeldMask) && (V & Unknown) && !Acquires[K].empty() &&
        !isConditional(At)) {
      // Taken on some paths only, with no condition the engine correlates,
      // and released on all of them: the paths that never took it unlock
      // a lock not held (unless the caller holds it there: the checks
      // decide).
      F.Reason = UnheldReason::SomePathsOnly;
      F.Prior = Acquires[K].front().first;
      for (const auto &A : Acquires[K])
        if (SM.isBeforeInTranslationUnit(A.first, Loc))
          F.Prior = A.first;
      Reported.insert({At, K});
      Out.Findings.push_back(F);
    } else if (V == Unknown && Acquires[K].empty() && !Required.count(K) &&
               !Asserted.count(K) && !FD->hasAttr<ReleaseCapabilityAttr>()) {
      // Never taken here: a release for the caller, unless no caller the
      // checks can see holds it.
      F.Reason = UnheldReason::NeverTaken;
      F.AllPaths = true;
      Reported.insert({At, K});
      Out.Findings.push_back(F);
    }
  }
  if (V & (EntryMask | ReleasedUnknown))
    ReleasedFromEntry.insert(K);
  // Released before on some path (by this function): a double unlock there.
  // Held on other paths, an unlock that is itself conditional is most often
  // paired with the first one by a correlated condition (`if (!c) unlock;
  // ... if (c) unlock;`), which the engine does not track: report only an
  // unconditional one then.
  bool MaybeOnly = (V & (HeldMask | EntryMask | ReleasedUnknown)) != 0;
  if (Report && !(V & Escaped) && (V & Released) &&
      !(MaybeOnly && At && isConditional(At)) &&
      Reported.insert({At, K}).second) {
    LockFinding F;
    F.Kind = LockFindingKind::UnlockUnheld;
    F.Lock = K;
    F.At = At;
    F.Loc = Loc;
    F.AllPaths = !(V & (EntryMask | ReleasedUnknown | HeldMask));
    // The release before this one, in source order.
    for (const auto &R : Releases[K])
      if (SM.isBeforeInTranslationUnit(R.first, Loc))
        F.Prior = R.first;
    Out.Findings.push_back(F);
  }
  S.set(K, releaseBits(V));
}

void Analyzer::apply(const Ev &E, StateMap &S, bool Report) {
  switch (E.Kind) {
  case EvKind::Acquire:
  case EvKind::InsideLock:
  case EvKind::SpinTest: {
    ValueBits V = S.get(E.Key);
    LockInfo &Info = Out.Locks[E.Key];
    bool MustHeld = (V & HeldMask) && !(V & (FreeMask | Escaped));
    // Whether a C mutex is recursive is read from the TU's initialisations,
    // only when it matters (a walk of the TU, done once).
    if (MustHeld && Info.Type.IsLockable && !Info.Type.RecursionKnown)
      TU.getMutexInits(Opts).apply(Info.Origin.classKey(), Info.Type);
    bool SharedAgain = E.Shared && Info.Type.Shared;
    if (Report && MustHeld && !Info.Type.Recursive && !Info.Type.Semaphore &&
        !SharedAgain && Reported.insert({CurrentStmt, E.Key}).second) {
      LockFinding F;
      F.Kind = LockFindingKind::DoubleLock;
      F.Lock = E.Key;
      F.At = CurrentStmt;
      F.Loc = E.Loc;
      F.Via = E.Via;
      F.ViaLoc = E.ViaLoc;
      F.Through = E.Through;
      F.StoredAt = E.StoredAt;
      F.StoredInto = E.StoredInto;
      for (const auto &A : Acquires[E.Key])
        if (SM.isBeforeInTranslationUnit(A.first, E.Loc))
          F.Prior = A.first;
      if (F.Prior.isInvalid() && !Acquires[E.Key].empty())
        F.Prior = Acquires[E.Key].front().first;
      if (F.Prior == F.Loc) // held on entry (REQUIRES, an assertion)
        F.Prior = SourceLocation();
      Out.Findings.push_back(F);
    }
    // A mutex known not to be recursive cannot be held twice: the thread
    // deadlocked there, and what follows is not a second bug.
    if (E.Kind == EvKind::Acquire &&
        !(MustHeld && Info.Type.RecursionKnown && !Info.Type.Recursive &&
          !Info.Type.Semaphore && !SharedAgain)) {
      S.set(E.Key, acquireBits(V));
      // Free on every path: a fresh mode; else add this one.
      ValueBits Mode = (V & HeldMask) ? S.get(ModeBase + E.Key) : 0;
      S.set(ModeBase + E.Key, Mode | (E.Shared ? ModeShared : ModeExclusive));
    }
    // A callee that takes the lock inside may return holding it.
    if (E.Kind == EvKind::InsideLock && !E.Through && (V & Unknown))
      S.set(E.Key, (V & ~Unknown) | Uncertain);
    break;
  }
  case EvKind::TryAcquire:
    // A guard constructed with try_to_lock: owns on some paths.
    S.set(E.Key, NotOwning | Owning);
    for (KeyId L : GuardLocks[E.Key]) {
      ValueBits V = S.get(L);
      S.set(L, V | acquireBits(V));
    }
    break;
  case EvKind::Release:
    release(E.Key, E.Loc, CurrentStmt, S, Report, !E.Via);
    break;
  case EvKind::GuardOwn:
    S.set(E.Key, Owning);
    break;
  case EvKind::GuardUnlocker:
    S.set(E.Key, Unlocking);
    break;
  case EvKind::GuardDisown:
    S.set(E.Key, NotOwning);
    break;
  case EvKind::GuardLock:
    for (KeyId L : GuardLocks[E.Key]) {
      Ev A{EvKind::Acquire, L, E.Loc};
      A.Shared = SharedGuards.count(E.Key) != 0;
      apply(A, S, Report);
    }
    S.set(E.Key, Owning);
    break;
  case EvKind::GuardUnlock: {
    ValueBits G = S.get(E.Key);
    if (Report && G == NotOwning &&
        Reported.insert({CurrentStmt, E.Key}).second &&
        !GuardLocks[E.Key].empty()) {
      LockFinding F;
      F.Kind = LockFindingKind::GuardNotOwned;
      F.Lock = GuardLocks[E.Key].front();
      F.At = CurrentStmt;
      F.Loc = E.Loc;
      F.GuardName = GuardVars[E.Key - GuardBase]->getNameAsString();
      Out.Findings.push_back(F);
    }
    if (G & Owning)
      for (KeyId L : GuardLocks[E.Key])
        release(L, E.Loc, CurrentStmt, S, Report && G == Owning);
    S.set(E.Key, NotOwning);
    break;
  }
  case EvKind::GuardEscape:
    S.set(E.Key, GuardGone);
    for (KeyId L : GuardLocks[E.Key])
      S.set(L, S.get(L) | Escaped);
    break;
  case EvKind::Escape:
    S.set(E.Key, S.get(E.Key) | Escaped);
    break;
  case EvKind::Assert:
    if (!(S.get(E.Key) & ~EntryMask))
      S.set(E.Key, Held1);
    break;
  case EvKind::Reset:
    S.set(E.Key, Unknown);
    break;
  }
}

bool Analyzer::touches(const CFGElement &E, KeyId L) const {
  auto Names = [&](KeyId K) {
    if (K == L)
      return true;
    if (K < GuardBase || K >= ModeBase)
      return false;
    auto It = GuardLocks.find(K);
    return It != GuardLocks.end() && llvm::is_contained(It->second, L);
  };
  auto AnyEvent = [&](llvm::ArrayRef<Ev> Evs) {
    return llvm::any_of(Evs, [&](const Ev &V) { return Names(V.Key); });
  };
  if (auto Dtor = E.getAs<CFGAutomaticObjDtor>()) {
    auto It = Guards.find(Dtor->getVarDecl());
    return It != Guards.end() && Names(It->second);
  }
  auto CS = E.getAs<CFGStmt>();
  if (!CS)
    return false;
  const Stmt *St = CS->getStmt();
  if (auto It = Events.find(St); It != Events.end() && AnyEvent(It->second))
    return true;
  if (auto It = TryCalls.find(St);
      It != TryCalls.end() && llvm::is_contained(It->second.Locks, L))
    return true;
  if (const auto *DS = dyn_cast<DeclStmt>(St))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (auto It = InitEvents.find(VD);
            It != InitEvents.end() && AnyEvent(It->second))
          return true;
  return false;
}

void Analyzer::transferLocks(const CFGElement &E, StateMap &S) {
  if (auto CS = E.getAs<CFGStmt>()) {
    const Stmt *St = CS->getStmt();
    CurrentStmt = St;
    if (const auto *DS = dyn_cast<DeclStmt>(St))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D)) {
          auto It = InitEvents.find(VD);
          if (It != InitEvents.end())
            for (const Ev &V : It->second)
              apply(V, S, Reporting);
        }
    auto It = Events.find(St);
    if (It != Events.end())
      for (const Ev &V : It->second)
        apply(V, S, Reporting);
    // A try-lock whose result nobody tests: assume it succeeded.
    auto TIt = TryCalls.find(St);
    if (TIt != TryCalls.end() && TIt->second.AssumeAcquired)
      for (KeyId L : TIt->second.Locks)
        S.set(L, acquireBits(S.get(L)));
    // A try-lock whose result a variable keeps: taken or not.
    else if (TIt != TryCalls.end() && TIt->second.Stored &&
             !TIt->second.Checked && !TIt->second.Guard)
      for (unsigned I = 0; I < TIt->second.Locks.size(); ++I) {
        KeyId L = TIt->second.Locks[I];
        ValueBits V = S.get(L);
        if (TIt->second.Snapshot)
          S.set(TIt->second.Snapshot + I, V << SnapShift);
        S.set(L, V | acquireBits(V));
      }
    return;
  }
  if (auto Dtor = E.getAs<CFGAutomaticObjDtor>()) {
    auto It = Guards.find(Dtor->getVarDecl());
    if (It == Guards.end())
      return;
    KeyId G = It->second;
    ValueBits GV = S.get(G);
    CurrentStmt = Dtor->getTriggerStmt();
    SourceLocation Loc =
        CurrentStmt ? CurrentStmt->getEndLoc() : SourceLocation();
    if (const auto *CSt = dyn_cast_or_null<CompoundStmt>(CurrentStmt))
      Loc = CSt->getRBracLoc();
    if (GV & Unlocking)
      for (KeyId L : GuardLocks[G]) {
        ValueBits V = S.get(L);
        S.set(L, (GV == Unlocking ? 0 : V) | acquireBits(V));
      }
    if (GV & Owning) {
      for (KeyId L : GuardLocks[G]) {
        ValueBits Before = S.get(L);
        release(L, Loc, CurrentStmt, S, Reporting && GV == Owning);
        if (GV != Owning) // owned on some paths only
          S.set(L, S.get(L) | (Before & ~HeldMask));
      }
    }
    S.set(G, NotOwning);
  }
}

} // namespace lockset_impl
} // namespace lockcheck
