//===--- LocksetRecord.cpp - what the checks read -------------------------===//
//
// What the checks read of each statement once the dataflow is done: the
// locks held before it, the acquisitions with the locks held before them
// (the lock-order edges), and the state of the mutex a condition wait names.
//
//===----------------------------------------------------------------------===//

#include "checks/analysis/LocksetInternal.h"

using namespace clang;

namespace lockcheck {
namespace lockset_impl {

HeldList Analyzer::heldList(const StateMap &S, std::optional<KeyId> Except) {
  HeldList H;
  S.forEach([&](KeyId K, ValueBits V) {
    if (K >= GuardBase || (V & Escaped) || K == Except)
      return;
    HeldLock L;
    L.Lock = K;
    if (V & HeldMask) {
      L.Kind = (V & FreeMask) ? HeldKind::May : HeldKind::Must;
      L.ReadOnly =
          L.Kind == HeldKind::Must && S.get(ModeBase + K) == ModeShared;
    } else if (V && !(V & ~(Released | ReleasedUnknown)))
      // Released on every path: taken here first, or the caller's.
      L.Kind = HeldKind::Free;
    else
      return;
    H.push_back(L);
  });
  llvm::sort(
      H, [](const HeldLock &A, const HeldLock &B) { return A.Lock < B.Lock; });
  return H;
}

/// Records, for the checks, what is held before \p St: its entry in HeldAt,
/// the acquisitions it performs with the locks held before them, and the
/// state of the mutex a condition wait names.
void Analyzer::record(const Stmt *St, const StateMap &S) {
  HeldList H = heldList(S, std::nullopt);
  if (!H.empty())
    Out.HeldAt.try_emplace(St, H);

  auto Acquisition = [&](KeyId L, SourceLocation Loc, const VarDecl *Guard,
                         const FunctionDecl *Via, SourceLocation ViaLoc,
                         bool Shared, bool Unordered) {
    if (!Recorded.insert({St, L}).second)
      return;
    LockAcquisition A;
    A.Lock = L;
    A.At = St;
    A.Loc = Loc;
    A.Guard = Guard;
    A.Via = Via;
    A.ViaLoc = ViaLoc;
    A.Shared = Shared;
    A.Unordered = Unordered;
    for (const HeldLock &Held : heldList(S, L))
      if (Held.Kind != HeldKind::Free)
        A.HeldBefore.push_back(Held);
    Out.Acquisitions.push_back(std::move(A));
  };
  if (auto It = Events.find(St); It != Events.end()) {
    unsigned N = 0;
    // What a callback may take is no acquisition of this call for sure.
    // A spin loop's test-and-set waits for the flag as a lock does.
    auto Acquiring = [](const Ev &E) {
      return (E.Kind == EvKind::Acquire || E.Kind == EvKind::InsideLock ||
              E.Kind == EvKind::SpinTest) &&
             !E.Through;
    };
    for (const Ev &E : It->second)
      N += Acquiring(E)                  ? 1
           : E.Kind == EvKind::GuardLock ? GuardLocks[E.Key].size()
                                         : 0;
    for (const Ev &E : It->second) {
      if (Acquiring(E))
        Acquisition(E.Key, E.Loc, nullptr, E.Via, E.ViaLoc, E.Shared, N > 1);
      else if (E.Kind == EvKind::GuardLock)
        for (KeyId L : GuardLocks[E.Key])
          Acquisition(L, E.Loc, GuardVars[E.Key - GuardBase], nullptr, {},
                      false, N > 1);
    }
  }
  if (const auto *DS = dyn_cast<DeclStmt>(St))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D)) {
        auto It = InitEvents.find(VD);
        if (It == InitEvents.end())
          continue;
        unsigned N = llvm::count_if(
            It->second, [](const Ev &E) { return E.Kind == EvKind::Acquire; });
        for (const Ev &E : It->second)
          if (E.Kind == EvKind::Acquire)
            Acquisition(E.Key, E.Loc, VD, nullptr, {}, E.Shared, N > 1);
      }
  if (const auto *Call = dyn_cast<CallExpr>(St)) {
    auto It = WaitCalls.find(Call);
    if (It != WaitCalls.end()) {
      WaitSite W;
      W.Call = Call;
      W.Lock = It->second.first;
      W.Guard = It->second.second;
      if (W.Guard) {
        KeyId G = Guards.lookup(W.Guard);
        ValueBits V = S.get(G);
        if (KnownGuards.count(G) && !(V & GuardGone))
          W.State = V == Owning    ? HeldKind::Must
                    : (V & Owning) ? HeldKind::May
                                   : HeldKind::Free;
      } else if (W.Lock) {
        for (const HeldLock &L : H)
          if (L.Lock == *W.Lock)
            W.State = L.Kind;
      }
      if (W.Guard) {
        auto G = Guards.find(W.Guard);
        if (G != Guards.end())
          W.Mutexes.append(GuardLocks[G->second].begin(),
                           GuardLocks[G->second].end());
      } else if (W.Lock) {
        W.Mutexes.push_back(*W.Lock);
      }
      SourceLocation CallLoc = Call->getBeginLoc();
      for (unsigned L : W.Mutexes)
        for (const auto &Rel : Releases[L])
          if (SM.isBeforeInTranslationUnit(Rel.first, CallLoc) &&
              (W.ReleasedAt.isInvalid() ||
               SM.isBeforeInTranslationUnit(W.ReleasedAt, Rel.first)))
            W.ReleasedAt = Rel.first;
      Out.Waits.push_back(W);
    }
  }
}

} // namespace lockset_impl
} // namespace lockcheck
