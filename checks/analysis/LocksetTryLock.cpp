//===--- LocksetTryLock.cpp - try-locks and spin locks --------------------===//
//
// The operations that may or may not take their lock: try-locks and checked
// lock calls, whose branches tell (directly, or through a variable that
// keeps the result, with a snapshot of the lock's state before the call),
// and spin loops whose exit edge takes the flag.
//
//===----------------------------------------------------------------------===//

#include "checks/analysis/Conditions.h"
#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/LockApi.h"
#include "checks/analysis/LocksetInternal.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"

using namespace clang;

namespace lockcheck {
namespace lockset_impl {

void Analyzer::noteResult(const CallExpr *Call, TryInfo T) {
  // `rc = trylock(...)` / `bool ok = m.try_lock()` / `int rc =
  // pthread_mutex_lock(&m)`: the variable is what branches test.
  const Stmt *P = PM->getParent(Call);
  while (P && (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P) ||
               isa<FullExpr>(P) || isa<CXXFunctionalCastExpr>(P)))
    P = PM->getParent(P);
  llvm::SmallVector<const VarDecl *, 1> Kept;
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P);
      BO && BO->getOpcode() == BO_Assign)
    if (const VarDecl *V = refVar(BO->getLHS()))
      Kept.push_back(V);
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(P))
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D))
        Kept.push_back(V);
  if (!Kept.empty() && !T.Checked && !T.Guard) {
    T.Snapshot = SnapBase + Snapshots.size();
    for (unsigned I = 0; I < T.Locks.size(); ++I)
      Snapshots.push_back(
          {T.Snapshot + I, T.Locks[I], Call, P,
           llvm::SmallVector<const VarDecl *, 1>(Kept.begin(), Kept.end())});
  }
  for (const VarDecl *V : Kept)
    TryResults[V] = T;
  T.Stored = !Kept.empty();
  if (!T.Checked) {
    // Used in a condition (`if (!m.try_lock())`, `ok && m.try_lock()`) or
    // returned: the branches decide. Discarded: assume it succeeded.
    const Stmt *Q = P;
    while (Q && (isa<UnaryOperator>(Q) || isa<BinaryOperator>(Q) ||
                 isa<ImplicitCastExpr>(Q) || isa<ParenExpr>(Q) ||
                 isa<CXXFunctionalCastExpr>(Q) || isa<FullExpr>(Q)))
      Q = PM->getParent(Q);
    bool Tested = Q && (isa<IfStmt>(Q) || isa<WhileStmt>(Q) ||
                        isa<ForStmt>(Q) || isa<DoStmt>(Q) ||
                        isa<ConditionalOperator>(Q) || isa<ReturnStmt>(Q));
    T.AssumeAcquired = Kept.empty() && (!Tested || isDiscardedValue(Call, *PM));
  }
  TryCalls[Call] = T;
}

/// `0`, `false`.
static bool isZeroLiteral(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *IL = dyn_cast<IntegerLiteral>(E))
    return IL->getValue() == 0;
  if (const auto *BL = dyn_cast<CXXBoolLiteralExpr>(E))
    return !BL->getValue();
  return false;
}

/// Whether \p E is the condition of a loop that goes round again exactly
/// when the operation fails: `while (test_and_set(&f))`, `while (!cas(&l,
/// 0, 1))`, `do ... while (xchg(&l, 1) != 0)`.
bool Analyzer::spinsOn(const Expr *E, TrySuccess Success) const {
  bool Flip = false;
  const Stmt *Child = E;
  for (const Stmt *P = PM->getParent(E); P; Child = P, P = PM->getParent(P)) {
    if (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P) || isa<FullExpr>(P))
      continue;
    if (const auto *U = dyn_cast<UnaryOperator>(P);
        U && U->getOpcode() == UO_LNot) {
      Flip = !Flip;
      continue;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(P);
        B && (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE)) {
      const Expr *Other = B->getLHS() == Child ? B->getRHS() : B->getLHS();
      if (!isZeroLiteral(Other))
        return false;
      if (B->getOpcode() == BO_EQ)
        Flip = !Flip;
      continue;
    }
    const Expr *Cond = loopCondition(P);
    if (!Cond || Cond != Child)
      return false;
    // The loop goes on where the condition is non-zero: that must be the
    // failure (a set flag; a compare-and-swap that did not swap).
    return (Success == TrySuccess::Zero) != Flip;
  }
  return false;
}

void Analyzer::onSpin(const Expr *E, const LockOp &Op) {
  SourceLocation Loc = E->getExprLoc();
  // C11's atomic_flag_test_and_set(&f) is a macro of <stdatomic.h>: the
  // place is where the user wrote it.
  if (Loc.isMacroID() && SM.isInSystemMacro(Loc))
    Loc = SM.getExpansionLoc(Loc);
  if (Op.Kind == LockOpKind::Release) {
    for (const Expr *L : Op.Locks)
      if (auto K = lockKey(Op, L)) {
        add(E, {EvKind::Release, *K, Loc});
        Releases[*K].push_back({Loc, E});
      }
    return;
  }
  // A test-and-set anywhere else tests a flag: a once-flag, a "warned"
  // flag, a try-lock of a flag whose clear the code may never make.
  if (Op.Kind != LockOpKind::TryAcquire || !spinsOn(E, Op.Success))
    return;
  TryInfo T;
  T.Success = Op.Success;
  for (const Expr *L : Op.Locks)
    if (auto K = lockKey(Op, L)) {
      T.Locks.push_back(*K);
      Acquires[*K].push_back({Loc, E});
      add(E, {EvKind::SpinTest, *K, Loc});
    }
  TryCalls[E] = T;
}

bool Analyzer::reassigns(const CFGElement &E, const SnapshotKey &N) {
  auto CS = E.getAs<CFGStmt>();
  if (!CS || CS->getStmt() == N.Store)
    return false;
  const Stmt *St = CS->getStmt();
  const Expr *Target = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(St); BO && BO->isAssignmentOp())
    Target = BO->getLHS();
  else if (const auto *U = dyn_cast<UnaryOperator>(St);
           U && (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf))
    Target = U->getSubExpr();
  if (Target)
    return llvm::is_contained(N.Vars, refVar(Target));
  // Declared again (in a loop).
  if (const auto *DS = dyn_cast<DeclStmt>(St))
    return llvm::any_of(DS->decls(), [&](const Decl *D) {
      return llvm::is_contained(N.Vars, dyn_cast<VarDecl>(D));
    });
  return false;
}

void Analyzer::transferElement(const CFGElement &E, const CFGBlock &B,
                               StateMap &S) {
  if (Snapshots.empty())
    return transferLocks(E, S);
  llvm::SmallVector<ValueBits, 4> Before;
  for (const SnapshotKey &N : Snapshots)
    Before.push_back(S.get(N.Lock));
  transferLocks(E, S);
  // A snapshot holds only while nothing else touches its lock, and its
  // variables keep the result.
  auto CS = E.getAs<CFGStmt>();
  for (unsigned I = 0; I < Snapshots.size(); ++I) {
    const SnapshotKey &N = Snapshots[I];
    if (S.get(N.Key) == InitialBit || (CS && CS->getStmt() == N.Call))
      continue;
    if (S.get(N.Lock) != Before[I] || touches(E, N.Lock) || reassigns(E, N))
      S.set(N.Key, InitialBit);
  }
}

void Analyzer::transferEdge(const CFGBlock &From, unsigned SuccIndex,
                            StateMap &S) {
  std::optional<BranchOperand> Branch =
      branchOperand(From, SuccIndex, TU.getContext(), /*ErrorCodes=*/true);
  if (!Branch)
    return;
  bool NonZero = Branch->NonZero;
  const Expr *Op = Branch->Operand;
  // A null lock pointer is no lock (`if (lockvar) lock(lockvar)`): where it
  // is null, the lock has no state, and that path agrees with every other.
  if (!NonZero && Op->getType()->isPointerType())
    if (auto O = resolveLockExpr(Op)) {
      auto KIt = LockKeys.find(O->key());
      if (KIt != LockKeys.end())
        S.set(KIt->second, 0);
    }
  const TryInfo *T = nullptr;
  auto It = TryCalls.find(Op);
  if (It != TryCalls.end())
    T = &It->second;
  else if (const VarDecl *V = refVar(Op)) {
    auto RIt = TryResults.find(V);
    if (RIt != TryResults.end())
      T = &RIt->second;
  } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Op)) {
    // if (lk) / if (lk.owns_lock()) on a guard.
    auto GIt = TryCalls.find(MC);
    if (GIt != TryCalls.end())
      T = &GIt->second;
  }
  if (!T)
    return;
  bool Success = T->Success == TrySuccess::True ? NonZero : !NonZero;
  if (T->Checked) {
    // The failure branch of a lock call that acquired: no lock was taken,
    // and the path is an error path (it aborts, or returns the error): it
    // says nothing of the lock, and agrees with every other path.
    if (!Success)
      for (KeyId L : T->Locks)
        S.set(L, 0);
    return;
  }
  bool WasCall = (isa<CallExpr>(Op) || isa<AtomicExpr>(Op)) && !T->Guard;
  for (unsigned I = 0; I < T->Locks.size(); ++I) {
    KeyId L = T->Locks[I];
    ValueBits V = S.get(L);
    // `rc = trylock(m); ... if (rc == 0)`, nothing done to m in between
    // (or `if ((rc = trylock(m)) == 0)`): what m was before the call, taken
    // once more or not.
    if (T->Snapshot) {
      ValueBits Snap = S.get(T->Snapshot + I);
      ValueBits Prior = Snap >> SnapShift;
      // V == 0: a path where the lock is no lock (a null pointer) keeps
      // no state.
      if (V && !(Snap & InitialBit) && !(V & ~(Prior | acquireBits(Prior)))) {
        S.set(L, Success ? acquireBits(Prior) : Prior);
        continue;
      }
    }
    if (Success) {
      if (WasCall)
        V = acquireBits(V); // the call itself did not change the state
      else if (V & HeldMask)
        V &= HeldMask | Escaped;
    } else if (!WasCall) {
      if (V & (FreeMask))
        V &= FreeMask | Escaped;
    }
    S.set(L, V);
  }
  if (T->Guard)
    S.set(*T->Guard, Success ? Owning : NotOwning);
}

} // namespace lockset_impl
} // namespace lockcheck
