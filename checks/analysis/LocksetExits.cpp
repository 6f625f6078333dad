//===--- LocksetExits.cpp - locks held at the exits -----------------------===//
//
// The findings at the exits of a function: locks held where it returns,
// falls off its end or lets an exception out (unless it is an acquire or
// acquire-on-success function), and unlocks in catch handlers that a throw
// reaches before the lock was taken.
//
//===----------------------------------------------------------------------===//

#include "checks/analysis/LocksetInternal.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThrowAnalysis.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace lockcheck {
namespace lockset_impl {

/// How a returned value reads: success (0, true, a non-null pointer),
/// failure (a negative integer, false, null) or neither (a Status object, a
/// count).
enum class ReturnValue { Success, Failure, Unknown };

/// Whether every use of \p V in \p S reads it (never assigns it, takes its
/// address or binds a reference to it).
static bool onlyRead(const Stmt *S, const VarDecl *V, ParentMap &PM) {
  if (!S)
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S); DRE && DRE->getDecl() == V) {
    const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(PM.getParent(S));
    return Cast && Cast->getCastKind() == CK_LValueToRValue;
  }
  for (const Stmt *Child : S->children())
    if (!onlyRead(Child, V, PM))
      return false;
  return true;
}

static ReturnValue classifyReturn(const ReturnStmt *R, ASTContext &Ctx,
                                  const FunctionDecl *FD, ParentMap &PM) {
  if (!R || !R->getRetValue() || R->getRetValue()->isValueDependent())
    return ReturnValue::Unknown;
  const Expr *E = R->getRetValue();
  // `int ret = -1; ... return ret;` with `ret` never changed: its value.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
        V && V->hasLocalStorage() && !isa<ParmVarDecl>(V) && V->getInit() &&
        !V->getType().isVolatileQualified() &&
        !V->getType()->isReferenceType() && onlyRead(FD->getBody(), V, PM))
      E = V->getInit();
  QualType T = E->getType();
  if (T->isPointerType())
    return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull)
               ? ReturnValue::Failure
               : ReturnValue::Success;
  if (!T->isIntegralOrEnumerationType())
    return ReturnValue::Unknown;
  Expr::EvalResult V;
  if (!E->EvaluateAsInt(V, Ctx))
    return ReturnValue::Unknown;
  const llvm::APSInt &I = V.Val.getInt();
  if (T->isBooleanType())
    return I == 0 ? ReturnValue::Failure : ReturnValue::Success;
  // Integers: 0 is success and a negative value an error (-1, -EINVAL);
  // other values are data.
  if (I == 0)
    return ReturnValue::Success;
  return I.isSigned() && I.isNegative() ? ReturnValue::Failure
                                        : ReturnValue::Unknown;
}

static bool isFullStatement(const Stmt *S, ParentMap &PM,
                            const CompoundStmt *&Parent) {
  const Stmt *P = PM.getParent(S);
  while (P && isa<ExprWithCleanups>(P))
    P = PM.getParent(P);
  Parent = dyn_cast_or_null<CompoundStmt>(P);
  return Parent != nullptr;
}

Analyzer::HandlerUnlockMap Analyzer::handlerUnlocks() {
  HandlerUnlockMap Map;
  for (const auto &[K, Sites] : Releases)
    for (const auto &[Loc, At] : Sites) {
      if (!At || !isa<CallExpr>(At))
        continue;
      const Stmt *Child = At;
      for (const Stmt *P = PM->getParent(At); P;
           Child = P, P = PM->getParent(P)) {
        if (const auto *C = dyn_cast<CXXCatchStmt>(P)) {
          const auto *T = dyn_cast_or_null<CXXTryStmt>(PM->getParent(C));
          if (!T)
            break;
          SourceRange Block = T->getTryBlock()->getSourceRange();
          bool TakenInTry = llvm::any_of(Acquires[K], [&](const auto &A) {
            return !SM.isBeforeInTranslationUnit(A.first, Block.getBegin()) &&
                   SM.isBeforeInTranslationUnit(A.first, Block.getEnd());
          });
          if (TakenInTry)
            Map[T].push_back({K, At, Loc, SourceLocation()});
          break;
        }
        // Only an unlock every path through the handler runs.
        if (const auto *If = dyn_cast<IfStmt>(P); If && If->getCond() != Child)
          break;
        if (isa<SwitchStmt>(P) || isa<ConditionalOperator>(P) ||
            isa<WhileStmt>(P) || isa<ForStmt>(P) || isa<CXXForRangeStmt>(P))
          break;
        if (const auto *BO = dyn_cast<BinaryOperator>(P);
            BO && BO->isLogicalOp() && BO->getRHS() == Child)
          break;
      }
    }
  return Map;
}

void Analyzer::throwToHandlers(const Stmt *St, const StateMap &S,
                               HandlerUnlockMap &Unlocks) {
  // The innermost try block around the statement: its handlers catch first.
  const CXXTryStmt *Try = nullptr;
  const Stmt *Child = St;
  for (const Stmt *P = PM->getParent(St); P; Child = P, P = PM->getParent(P)) {
    if (isa<CXXCatchStmt>(P))
      return; // a throw out of a handler goes further out
    if (const auto *T = dyn_cast<CXXTryStmt>(P);
        T && T->getTryBlock() == Child) {
      Try = T;
      break;
    }
  }
  auto It = Try ? Unlocks.find(Try) : Unlocks.end();
  if (It == Unlocks.end())
    return;
  const FunctionDecl *Thrower = nullptr;
  if (TU.getThrowAnalysis().throwKind(St, Thrower) != ThrowKind::Visible)
    return;
  for (HandlerUnlock &U : It->second) {
    ValueBits V = S.get(U.Lock);
    if ((V & (HeldMask | Escaped | Uncertain)) || !(V & (Unknown | Released)))
      continue;
    // The first such throw in source order.
    SourceLocation Loc = isa<CallExpr>(St) ? cast<CallExpr>(St)->getExprLoc()
                                           : St->getBeginLoc();
    if (U.ThrowAt.isValid() && !SM.isBeforeInTranslationUnit(Loc, U.ThrowAt))
      continue;
    U.ThrowAt = Loc;
    U.Thrower = Thrower;
  }
}

void Analyzer::report(const CFG &Cfg, ForwardDataflow &DF) {
  Reporting = true;
  ThrowAnalysis &Throws = TU.getThrowAnalysis();
  // Per lock: exits reached with it held, and whether some exit is free.
  std::map<KeyId, std::vector<LockExit>> HeldExits;
  std::set<KeyId> FreeSomewhere, ReleasedOnSomePath;
  // The return statements (null: falling off the end) reached with the lock
  // held on every path, and with it free on every path.
  std::map<KeyId, std::vector<const ReturnStmt *>> HeldRets, FreeRets;
  HandlerUnlockMap HandlerUnlocks = handlerUnlocks();

  DF.replay([&](const CFGElement &E, const CFGBlock &B, const StateMap &S) {
    auto CS = E.getAs<CFGStmt>();
    if (!CS)
      return;
    const Stmt *St = CS->getStmt();
    record(St, S);
    if (!isa<CallExpr>(St) && !isa<CXXConstructExpr>(St) &&
        !isa<CXXThrowExpr>(St))
      return;
    if (!HandlerUnlocks.empty())
      throwToHandlers(St, S, HandlerUnlocks);
    // Locks taken by hand (no owning guard) are leaked by an exception.
    llvm::SmallVector<KeyId, 4> Manual;
    S.forEach([&](KeyId K, ValueBits V) {
      if (K >= GuardBase || !(V & HeldMask) || (V & Escaped))
        return;
      for (const auto &[G, Locks] : GuardLocks)
        if (S.get(G) & Owning)
          for (KeyId L : Locks)
            if (L == K)
              return;
      Manual.push_back(K);
    });
    if (Manual.empty())
      return;
    // Acquiring or releasing the lock itself is no throwing call.
    auto EvIt = Events.find(St);
    if (EvIt != Events.end())
      return;
    const FunctionDecl *Thrower = nullptr;
    ThrowKind Kind = Throws.throwKind(St, Thrower);
    if (Kind == ThrowKind::None || ThrowAnalysis::isInsideTryBlock(St, *PM))
      return;
    SourceLocation Loc = isa<CallExpr>(St) ? cast<CallExpr>(St)->getExprLoc()
                                           : St->getBeginLoc();
    for (KeyId K : Manual) {
      LockExit X;
      X.Kind = LockExitKind::Exception;
      X.Loc = Loc;
      X.Thrower = Thrower;
      X.VisibleThrow = Kind == ThrowKind::Visible;
      X.SomePaths = (S.get(K) & FreeMask) != 0;
      HeldExits[K].push_back(X);
    }
  });

  // Unlocks in catch handlers that a throw reaches with the lock not held.
  for (auto &[Try, Unlocks] : HandlerUnlocks)
    for (const HandlerUnlock &U : Unlocks) {
      if (!U.ThrowAt.isValid() || !Reported.insert({U.At, U.Lock}).second)
        continue;
      LockFinding F;
      F.Kind = LockFindingKind::UnlockUnheld;
      F.Reason = UnheldReason::ThrownBeforeLock;
      F.Lock = U.Lock;
      F.At = U.At;
      F.Loc = U.Loc;
      F.AllPaths = false;
      F.Prior = U.ThrowAt;
      F.Thrower = U.Thrower;
      Out.Findings.push_back(F);
    }

  for (const ForwardDataflow::NormalExit &X : DF.normalExits()) {
    const StateMap &S = X.State;
    const ReturnStmt *Ret = X.Return;
    for (KeyId K = 0; K < Out.Locks.size(); ++K) {
      ValueBits V = S.get(K);
      if (V & Escaped)
        continue;
      if (V & (Released | EntryMask | ReleasedUnknown))
        FreeSomewhere.insert(K);
      if (V & (Released | ReleasedUnknown))
        ReleasedOnSomePath.insert(K);
      if (!(V & HeldMask)) {
        FreeRets[K].push_back(Ret);
        continue;
      }
      if (!(V & FreeMask))
        HeldRets[K].push_back(Ret);
      else
        HeldRets[K].push_back(nullptr); // mixed: no API shape
      LockExit X;
      X.SomePaths = (V & FreeMask) != 0;
      if (Ret) {
        X.Kind = LockExitKind::Return;
        X.Loc = Ret->getBeginLoc();
        const auto *Body = dyn_cast<CompoundStmt>(FD->getBody());
        X.Final = Body && !Body->body_empty() && Body->body_back() == Ret;
      } else {
        X.Final = true;
        X.Kind = LockExitKind::FallOff;
        if (const auto *Body = dyn_cast<CompoundStmt>(FD->getBody()))
          X.Loc = Body->getRBracLoc();
      }
      HeldExits[K].push_back(X);
    }
  }

  // Functions annotated to acquire a lock hold it on purpose.
  bool AcquireWrapper = FD->hasAttr<AcquireCapabilityAttr>() ||
                        FD->hasAttr<TryAcquireCapabilityAttr>();
  for (auto &[K, Exits] : HeldExits) {
    if (AcquireWrapper || Acquires[K].empty())
      continue;
    // Held on every normal exit: an acquire function, unless nothing can
    // call it back (a thread entry, main): the checks decide. A semaphore
    // held there was consumed on purpose.
    bool EveryExit = !FreeSomewhere.count(K);
    if (EveryExit && (Out.Locks[K].Type.Semaphore ||
                      llvm::all_of(Exits, [](const LockExit &X) {
                        return X.Kind == LockExitKind::Exception;
                      })))
      continue;
    // The function releases this lock without having taken it: it runs with
    // the caller's lock held (drops it around slow work, or is a pause /
    // resume switch), so holding it at an exit is no leak.
    if (ReleasedFromEntry.count(K) || Required.count(K) || Asserted.count(K))
      continue;
    // An acquire-on-success API (a try-lock wrapper, "returns 0 with the
    // lock held"): every exit holding the lock returns success and every
    // exit without it returns failure (0, true or non-null against a
    // negative integer, false or null).
    auto Reads = [&](const std::vector<const ReturnStmt *> &Rets,
                     ReturnValue Want) {
      return !Rets.empty() && llvm::all_of(Rets, [&](const ReturnStmt *R) {
        return classifyReturn(R, TU.getContext(), FD, *PM) == Want;
      });
    };
    bool AcquireOnSuccess = Reads(HeldRets[K], ReturnValue::Success) &&
                            Reads(FreeRets[K], ReturnValue::Failure);
    if (AcquireOnSuccess && Releases[K].empty())
      Out.AcquiredOnSuccess.push_back(K);
    if (AcquireOnSuccess && llvm::none_of(Exits, [](const LockExit &X) {
          return X.Kind == LockExitKind::Exception;
        }))
      continue;
    // A semaphore still held where the function ends normally was consumed
    // on purpose (a counter of items); one held at an early exit leaks.
    if (Out.Locks[K].Type.Semaphore &&
        llvm::any_of(Exits, [](const LockExit &X) { return X.Final; }))
      continue;
    LockFinding F;
    F.Kind = LockFindingKind::Unreleased;
    F.Lock = K;
    F.Exits = Exits;
    F.AcquireOnSuccess = AcquireOnSuccess;
    // The caller can tell whether it got the lock: from the value returned,
    // from the object constructed, or from the state of the object or
    // argument the lock belongs to (tested again around the release). The
    // checks decide with the exception exits they keep.
    bool CallerCanTell = isa<CXXConstructorDecl>(FD) ||
                         !FD->getReturnType()->isVoidType() ||
                         Out.Locks[K].Origin.K == LockOrigin::Param ||
                         Out.Locks[K].Origin.K == LockOrigin::This ||
                         isCapturedLocal(Out.Locks[K].Origin, FD);
    F.ConditionalAcquire =
        CallerCanTell && Releases[K].empty() && !ReleasedOnSomePath.count(K);
    F.EveryExit = EveryExit;
    // Notes in source order, whatever order the CFG lists its blocks in.
    llvm::stable_sort(F.Exits, [&](const LockExit &A, const LockExit &B) {
      return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
    });
    // Report at the acquisition: the first one in source order.
    F.Loc = Acquires[K].front().first;
    F.At = Acquires[K].front().second;
    // Scope-shaped: one `m.lock();` and one `m.unlock();`, full statements,
    // the unlock being the last statement of the lock's compound statement.
    if (Acquires[K].size() == 1 && Releases[K].size() == 1 &&
        Acquires[K].front().second && Releases[K].front().second) {
      const CompoundStmt *LockParent = nullptr, *UnlockParent = nullptr;
      const Stmt *LockS = Acquires[K].front().second;
      const Stmt *UnlockS = Releases[K].front().second;
      if (isa<CXXMemberCallExpr>(LockS) && isa<CXXMemberCallExpr>(UnlockS) &&
          isFullStatement(LockS, *PM, LockParent) &&
          isFullStatement(UnlockS, *PM, UnlockParent) &&
          LockParent == UnlockParent && LockParent->body_back() == UnlockS) {
        F.LockStmt = LockS;
        F.UnlockStmt = UnlockS;
      }
    }
    Out.Findings.push_back(F);
  }
}

} // namespace lockset_impl
} // namespace lockcheck
