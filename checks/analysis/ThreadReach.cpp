//===--- ThreadReach.cpp - what each thread entry reaches -----------------===//
//
// The functions each thread context reaches through calls (direct calls,
// constructors, lambdas, and callbacks called through function pointers
// stored in fields or globals), with the locks held on every path; the
// regions of the starting functions' callers that run alongside a thread;
// and the queries on them.
//
//===----------------------------------------------------------------------===//

#include "checks/analysis/CallIndex.h"
#include "checks/analysis/Conditions.h"
#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/Lockset.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadEntries.h"
#include "checks/analysis/ThreadEntriesInternal.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>
#include <deque>
#include <functional>

using namespace clang;

namespace lockcheck {

using namespace thread_entries;

/// Whether \p Call joins the thread handle \p H (`H.join()`,
/// `pthread_join(H, ...)`, `thrd_join`, a future's get/wait).
static bool joinsHandle(const CallExpr *Call, const ValueDecl *H) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    if (namedDecl(MC->getImplicitObjectArgument()) != H)
      return false;
    return classifyThreadMember(MC->getMethodDecl()) ==
               ThreadMemberKind::Join ||
           isFutureWait(MC->getMethodDecl());
  }
  return Call->getNumArgs() > 0 && namedDecl(Call->getArg(0)) == H &&
         classifyCThreadCall(Call->getDirectCallee()).Api == CThreadApi::Join;
}

void ThreadEntries::collectRegions() {
  const SourceManager &SM = TU.getSourceManager();
  // Threads left running when their starting function returns: held by a
  // member or a global (a local handle dies with the function; a temporary
  // is detached or joined at once).
  struct Pending {
    unsigned Entry;
    const FunctionDecl *Running; ///< returns with the thread running
    llvm::DenseSet<const FunctionDecl *> Joiners;
  };
  std::vector<Pending> Work;
  for (const ThreadEntry &E : Entries) {
    // A task submitted to a pool: only its submitter's own code after the
    // submit is followed, not the submitter's callers.
    if (!E.Joins.empty() || !E.Starter || isLambdaCallOperator(E.Starter) ||
        E.Pool)
      continue;
    const ValueDecl *H = E.Handle;
    if (E.Detached) {
      // Runs on its own until the process ends: alongside everything after.
    } else if (!H ||
               (!isa<FieldDecl>(H) &&
                !(isa<VarDecl>(H) && cast<VarDecl>(H)->hasGlobalStorage()))) {
      continue;
    }
    Pending P{E.Id, E.Starter, {}};
    if (H && !E.Detached)
      for (const FunctionDecl *FD : TU.functions())
        walkFunction(FD, [&](const Stmt *S) {
          if (const auto *Call = dyn_cast<CallExpr>(S);
              Call && (joinsHandle(Call, H) || configuredJoin(Call, H)))
            P.Joiners.insert(FD->getCanonicalDecl());
          return true;
        });
    Work.push_back(std::move(P));
  }
  // Up through the callers, a few levels: `main` calls `start_all` calls
  // `start_worker`.
  for (unsigned Level = 0; Level < 3 && !Work.empty(); ++Level) {
    std::vector<Pending> Next;
    for (Pending &P : Work) {
      const FunctionDecl *Running = P.Running->getCanonicalDecl();
      for (const FunctionDecl *F : TU.functions()) {
        if (F->getCanonicalDecl() == Running || Entries[P.Entry].Starter == F)
          continue;
        llvm::SmallVector<const Stmt *, 2> StartCalls, JoinCalls;
        walkFunction(F, [&](const Stmt *S) {
          const FunctionDecl *Callee = nullptr;
          if (const auto *Call = dyn_cast<CallExpr>(S))
            Callee = Call->getDirectCallee();
          else if (const auto *CE = dyn_cast<CXXConstructExpr>(S))
            Callee = CE->getConstructor();
          if (!Callee)
            return true;
          Callee = Callee->getCanonicalDecl();
          if (Callee == Running)
            StartCalls.push_back(S);
          else if (P.Joiners.count(Callee))
            JoinCalls.push_back(S);
          return true;
        });
        if (StartCalls.empty())
          continue;
        bool StillRunning = false;
        // Built only for a function that calls the start: a parent map of
        // every function costs memory for nothing.
        ParentMap *PM = TU.getParentMap(F);
        for (const Stmt *Call : StartCalls) {
          Region R;
          R.Entry = P.Entry;
          R.Call = Call;
          R.Callee = P.Running;
          R.From = SM.getExpansionLoc(Call->getEndLoc());
          if (PM)
            if (const Stmt *Loop = enclosingLoop(Call, *PM))
              R.From = SM.getExpansionLoc(Loop->getBeginLoc());
          for (const Stmt *J : JoinCalls) {
            SourceLocation L = SM.getExpansionLoc(J->getBeginLoc());
            if (SM.isBeforeInTranslationUnit(R.From, L) &&
                (R.Until.isInvalid() ||
                 SM.isBeforeInTranslationUnit(L, R.Until)))
              R.Until = L;
          }
          StillRunning |= R.Until.isInvalid();
          auto &List = Regions[F];
          if (List.empty())
            RegionOrder.push_back(F);
          List.push_back(R);
        }
        if (StillRunning && !isLambdaCallOperator(F))
          Next.push_back({P.Entry, F, P.Joiners});
      }
    }
    Work = std::move(Next);
  }
}

bool ThreadEntries::inRegion(const Region &R, const Stmt *S) const {
  const SourceManager &SM = TU.getSourceManager();
  SourceLocation Begin = S->getBeginLoc();
  if (Begin.isInvalid())
    return false;
  Begin = SM.getExpansionLoc(Begin);
  if (!SM.isBeforeInTranslationUnit(R.From, Begin))
    return false;
  return R.Until.isInvalid() || SM.isBeforeInTranslationUnit(Begin, R.Until);
}

const ThreadEntries::Region *ThreadEntries::regionAt(const FunctionDecl *FD,
                                                     const Stmt *S,
                                                     unsigned Entry) const {
  auto It = Regions.find(FD);
  if (It == Regions.end())
    return nullptr;
  for (const Region &R : It->second)
    if (R.Entry == Entry && inRegion(R, S))
      return &R;
  return nullptr;
}

const std::vector<ThreadEntries::CallSite> &
ThreadEntries::callSites(const FunctionDecl *FD) {
  auto It = Calls.find(FD);
  if (It != Calls.end())
    return It->second;
  const SourceManager &SM = TU.getSourceManager();
  std::vector<CallSite> Sites;
  llvm::DenseSet<const Expr *> ThreadCallables;
  walkFunction(FD, [&](const Stmt *S) {
    if (StartStmts.count(S)) {
      for (const ThreadEntry &E : Entries)
        if (E.StartStmt == S)
          ThreadCallables.insert(stripValueExpr(E.Creation.Callable));
      return true;
    }
    const FunctionDecl *Callee = nullptr;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      Callee = Call->getDirectCallee();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(S))
      Callee = CE->getConstructor();
    else if (const auto *LE = dyn_cast<LambdaExpr>(S);
             LE && !ThreadCallables.count(LE))
      Callee = LE->getCallOperator();
    Callee = definitionOf(Callee);
    if (Callee && !OnceBodies.count(Callee) && isAnalyzableFunction(Callee, SM))
      Sites.push_back({S, Callee});
    // A call through a function pointer kept in a field or a global runs
    // every function stored there.
    if (const auto *Call = dyn_cast<CallExpr>(S); Call && !Callee) {
      const Expr *Base = nullptr;
      bool TaskCall = llvm::any_of(
          Pools, [&](const PoolInfo &P) { return P.TaskCall == S; });
      for (const CallIndex::Stored &St :
           TU.getCallIndex().storedFor(Call, Base))
        if (const FunctionDecl *F = definitionOf(St.Fn);
            F && !OnceBodies.count(F) && isAnalyzableFunction(F, SM) &&
            !(TaskCall && PoolTaskCallees.count(F)))
          Sites.push_back({S, F});
    }
    return true;
  });
  return Calls[FD] = std::move(Sites);
}

std::set<std::string> ThreadEntries::locksAt(const FunctionDecl *FD,
                                             const Stmt *S) {
  std::set<std::string> Out;
  const LocksetResult &R = TU.getLockset(FD, Opts);
  if (!R.Analyzed)
    return Out;
  for (const HeldLock &H : R.heldAt(S)) {
    if (H.Kind != HeldKind::Must)
      continue;
    const LockInfo &L = R.Locks[H.Lock];
    std::string Key = L.Origin.classKey();
    LockNames.emplace(Key, L.Name);
    Out.insert(std::move(Key));
  }
  return Out;
}

/// Whether every use of the local \p VD in \p FD keeps it with the thread
/// running \p FD: the object of a member access or call (`g.f()`, `g.x`),
/// an operand of an operator of its class (`s += t`), copied or moved from
/// (`T u(g)`, `return g;`), or an argument bound to a const reference or
/// passed by value. It is never captured, pointed to or handed over to be
/// changed.
static bool staysWithThread(const VarDecl *VD, const FunctionDecl *FD,
                            ParentMap &PM) {
  bool Ok = true;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || !Ok)
      return;
    if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
      for (const LambdaCapture &C : LE->captures())
        if (C.capturesVariable() && C.getCapturedVar() == VD)
          Ok = false;
      return;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S);
        DRE && DRE->getDecl() == VD) {
      const Stmt *Child = DRE;
      const Stmt *P = PM.getParent(DRE);
      while (P && (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P))) {
        Child = P;
        P = PM.getParent(P);
      }
      if (const auto *ME = dyn_cast_or_null<MemberExpr>(P)) {
        Ok = !ME->isArrow();
        return;
      }
      if (isa_and_nonnull<ReturnStmt>(P) ||
          isa_and_nonnull<CXXOperatorCallExpr>(P))
        return;
      if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(P);
          CE && (CE->getConstructor()->isCopyOrMoveConstructor()))
        return;
      if (const auto *Call = dyn_cast_or_null<CallExpr>(P)) {
        const FunctionDecl *Callee = Call->getDirectCallee();
        for (unsigned I = 0;
             Callee && I < Call->getNumArgs() && I < Callee->getNumParams();
             ++I)
          if (Call->getArg(I) == Child) {
            QualType T = Callee->getParamDecl(I)->getType();
            if (!T->isPointerType() &&
                (!T->isReferenceType() ||
                 T.getNonReferenceType().isConstQualified()))
              return;
          }
      }
      Ok = false;
      return;
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(FD->getBody());
  return Ok;
}

bool ThreadEntries::objectShared(const FunctionDecl *Caller, const Stmt *At,
                                 bool CallerShared) const {
  if (isa<CXXConstructExpr>(At))
    return false; // the object being built
  const Expr *Obj = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(At))
    Obj = MC->getImplicitObjectArgument();
  else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(At);
           Op && isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()) &&
           Op->getNumArgs() > 0)
    Obj = Op->getArg(0); // `a = b` on a class: operator= of `a`
  if (!Obj)
    return true; // a lambda's closure, a static member: shared as before
  // A member object (not through a pointer) of `this` or of a local is
  // shared as its enclosing object is.
  for (;;) {
    Obj = Obj->IgnoreParenImpCasts();
    const auto *ME = dyn_cast<MemberExpr>(Obj);
    const auto *F = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
    if (!F || F->getType()->isPointerType() ||
        F->getType()->isReferenceType() ||
        (ME->isArrow() &&
         !isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts())))
      break;
    Obj = ME->getBase();
  }
  Obj = Obj->IgnoreParenImpCasts();
  if (isa<CXXThisExpr>(Obj))
    return CallerShared;
  // A temporary (`String(lhs) += rhs`, `make().f()`): the thread's own.
  if (isa<MaterializeTemporaryExpr>(Obj) || isa<CXXTemporaryObjectExpr>(Obj) ||
      isa<CXXBindTemporaryExpr>(Obj) || isa<CXXFunctionalCastExpr>(Obj) ||
      isa<CXXConstructExpr>(Obj) ||
      (Obj->isPRValue() && Obj->getType()->isRecordType()))
    return false;
  const auto *DRE = dyn_cast<DeclRefExpr>(Obj);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  // A local of the caller itself (not a capture, a static or a reference).
  if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
      VD->getType()->isReferenceType() || VD->getDeclContext() != Caller)
    return true;
  auto [It, New] = OwnedLocals.try_emplace(VD, false);
  if (New) {
    ParentMap *PM = TU.getParentMap(Caller);
    It->second = PM && staysWithThread(VD, Caller, *PM);
  }
  return !It->second;
}

bool ThreadEntries::sharedThis(const FunctionDecl *FD) const {
  auto It = Reach.find(FD);
  return It == Reach.end() || It->second.SharedThis || StartedIn.count(FD);
}

void ThreadEntries::propagate() {
  std::deque<const FunctionDecl *> Work;
  auto Reach1 = [&](const FunctionDecl *Callee, const ContextSet &Ctxs,
                    const std::set<std::string> &Locks, bool SharedThis,
                    const FunctionDecl *Caller, const Stmt *At) {
    auto [It, New] = Reach.try_emplace(Callee);
    ReachInfo &RI = It->second;
    if (New)
      ReachedOrder.push_back(Callee);
    bool Changed = New;
    if (SharedThis && !RI.SharedThis) {
      RI.SharedThis = true;
      Changed = true;
    }
    for (const ThreadContext &C : Ctxs) {
      Changed |= RI.Contexts.insert(C).second;
      // The first call that brings the context here: a shortest path back.
      RI.Via.try_emplace(C, Caller, At);
      if (At && !llvm::is_contained(ReachCalls[Callee], At))
        ReachCalls[Callee].push_back(At);
      auto [CI, NewCtx] = RI.CtxLocks.try_emplace(C, Locks);
      if (NewCtx)
        continue;
      for (auto LI = CI->second.begin(); LI != CI->second.end();)
        if (!Locks.count(*LI)) {
          LI = CI->second.erase(LI);
          Changed = true;
        } else {
          ++LI;
        }
    }
    if (!RI.LocksKnown) {
      RI.Locks = Locks;
      RI.LocksKnown = true;
      Changed = true;
    } else {
      for (auto LI = RI.Locks.begin(); LI != RI.Locks.end();) {
        if (!Locks.count(*LI)) {
          LI = RI.Locks.erase(LI);
          Changed = true;
        } else {
          ++LI;
        }
      }
    }
    if (Changed)
      Work.push_back(Callee);
  };
  const SourceManager &SM = TU.getSourceManager();
  for (const ThreadEntry &E : Entries)
    if (E.Callee && isAnalyzableFunction(E.Callee, SM))
      Reach1(E.Callee, {ThreadContext{E.Id, false}}, {}, true, nullptr,
             E.StartStmt);
  // Calls made by the callers of a starting function while its thread
  // runs.
  // The object whose member started the thread (`s.start()`) is shared
  // with it, whatever else the caller does with it.
  auto ObjectOf = [](const Stmt *At) -> const ValueDecl * {
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(At))
      return namedDecl(MC->getImplicitObjectArgument());
    return nullptr;
  };
  for (const FunctionDecl *F : RegionOrder)
    for (const CallSite &CS : callSites(F)) {
      ContextSet Ctxs;
      bool Shared = false;
      for (const Region &R : Regions[F])
        if (inRegion(R, CS.At)) {
          Ctxs.insert({R.Entry, true});
          const ValueDecl *Obj = ObjectOf(CS.At);
          Shared |= Obj && Obj == ObjectOf(R.Call);
        }
      if (!Ctxs.empty())
        Reach1(CS.Callee, Ctxs, locksAt(F, CS.At),
               Shared || objectShared(F, CS.At, true), F, CS.At);
    }
  // Calls made by the starting function while its threads run.
  for (auto &[Starter, Ids] : StartedIn)
    for (const CallSite &CS : callSites(Starter)) {
      ContextSet Ctxs;
      for (unsigned Id : Ids)
        if (runsBetweenStartAndJoin(Entries[Id], CS.At))
          Ctxs.insert({Id, true});
      if (!Ctxs.empty())
        Reach1(CS.Callee, Ctxs, locksAt(Starter, CS.At),
               objectShared(Starter, CS.At, true), Starter, CS.At);
    }
  // Bounded: contexts only grow and lock sets only shrink.
  unsigned Steps = 0;
  while (!Work.empty() && ++Steps < 100000) {
    const FunctionDecl *FD = Work.front();
    Work.pop_front();
    ReachInfo RI = Reach[FD];
    for (const CallSite &CS : callSites(FD)) {
      std::set<std::string> Here = locksAt(FD, CS.At);
      bool Shared = objectShared(FD, CS.At, RI.SharedThis);
      // Per context, so that the locks one thread holds on its way are not
      // lost to another thread's path that holds none.
      for (const ThreadContext &C : RI.Contexts) {
        std::set<std::string> Locks = Here;
        auto CI = RI.CtxLocks.find(C);
        if (CI != RI.CtxLocks.end())
          Locks.insert(CI->second.begin(), CI->second.end());
        Reach1(CS.Callee, {C}, Locks, Shared, FD, CS.At);
      }
    }
  }
}

const ContextSet &ThreadEntries::contexts(const FunctionDecl *FD) const {
  static const ContextSet None;
  auto It = Reach.find(FD);
  return It == Reach.end() ? None : It->second.Contexts;
}

const std::set<std::string> &
ThreadEntries::contextLocks(const FunctionDecl *FD) const {
  static const std::set<std::string> None;
  auto It = Reach.find(FD);
  return It == Reach.end() ? None : It->second.Locks;
}

/// The argument a call or thread start passes for parameter \p Index of
/// \p FD, or null.
static const Expr *argumentFor(const Stmt *At, const FunctionDecl *FD,
                               unsigned Index, ASTContext &Ctx) {
  if (const auto *Call = dyn_cast<CallExpr>(At)) {
    unsigned Offset =
        isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(FD) ? 1 : 0;
    if (Call->getDirectCallee() &&
        Call->getDirectCallee()->getCanonicalDecl() == FD->getCanonicalDecl())
      return Index + Offset < Call->getNumArgs() ? Call->getArg(Index + Offset)
                                                 : nullptr;
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(At))
    if (CE->getConstructor()->getCanonicalDecl() == FD->getCanonicalDecl())
      return Index < CE->getNumArgs() ? CE->getArg(Index) : nullptr;
  // A thread start: its arguments after the callable.
  if (const auto *E = dyn_cast<Expr>(At))
    if (auto TC = getThreadCreation(E, Ctx)) {
      bool ObjectArg = false;
      const FunctionDecl *Callee =
          resolveThreadCallable(TC->Callable, ObjectArg);
      if (Callee && Callee->getCanonicalDecl() == FD->getCanonicalDecl()) {
        unsigned K = Index + (ObjectArg ? 1 : 0);
        return K < TC->Args.size() ? TC->Args[K].E : nullptr;
      }
    }
  return nullptr;
}

bool ThreadEntries::prunedByArguments(const FunctionDecl *FD,
                                      const Stmt *S) const {
  auto CIt = ReachCalls.find(FD);
  if (CIt == ReachCalls.end())
    return false;
  return ruledOut(FD, S, CIt->second);
}

bool ThreadEntries::prunedIn(const FunctionDecl *FD, const Stmt *S,
                             const ThreadContext &C) const {
  auto It = Reach.find(FD);
  if (It == Reach.end())
    return false;
  auto VI = It->second.Via.find(C);
  if (VI == It->second.Via.end() || !VI->second.second)
    return false;
  return ruledOut(FD, S, {VI->second.second});
}

bool ThreadEntries::ruledOut(const FunctionDecl *FD, const Stmt *S,
                             llvm::ArrayRef<const Stmt *> Calls) const {
  if (Calls.empty())
    return false;
  ParentMap *PM = TU.getParentMap(FD);
  if (!PM)
    return false;
  ASTContext &Ctx = TU.getContext();
  const Stmt *Child = S;
  for (const Stmt *P = PM->getParent(S); P; Child = P, P = PM->getParent(P)) {
    const auto *If = dyn_cast<IfStmt>(P);
    if (!If || If->getCond() == Child || If->getConditionVariable())
      continue;
    DecomposedCondition D = decomposeCondition(If->getCond(), Ctx);
    const auto *Param = dyn_cast_or_null<ParmVarDecl>(refVar(D.Operand));
    if (!Param || Param->getType()->isReferenceType() ||
        Param->getType()->isPointerType())
      continue;
    // Successor 0 is the then branch: which value of the parameter the
    // branch holding S needs.
    unsigned Succ = If->getThen() == Child ? 0 : 1;
    bool NeedsNonZero = Succ == D.NonZeroSucc;
    // The parameter keeps its value in the function.
    if (mayChange(FD->getBody(), Param))
      continue;
    unsigned Index = Param->getFunctionScopeIndex();
    bool RuledOut = llvm::all_of(Calls, [&](const Stmt *At) {
      const Expr *Arg = argumentFor(At, FD, Index, Ctx);
      Expr::EvalResult R;
      if (!Arg || Arg->isValueDependent() || !Arg->EvaluateAsInt(R, Ctx))
        return false;
      return (R.Val.getInt() != 0) != NeedsNonZero;
    });
    if (RuledOut)
      return true;
  }
  return false;
}

std::vector<ThreadEntries::PathStep>
ThreadEntries::callPath(const FunctionDecl *FD, const ThreadContext &C) const {
  std::vector<PathStep> Path;
  std::set<const FunctionDecl *> Seen;
  for (const FunctionDecl *Cur = FD; Cur && Seen.insert(Cur).second;) {
    auto It = Reach.find(Cur);
    if (It == Reach.end())
      break;
    auto VI = It->second.Via.find(C);
    if (VI == It->second.Via.end() || !VI->second.first)
      break;
    Path.push_back({VI->second.first, VI->second.second, Cur});
    Cur = VI->second.first;
  }
  std::reverse(Path.begin(), Path.end());
  return Path;
}

const std::set<std::string> &
ThreadEntries::contextLocks(const FunctionDecl *FD,
                            const ThreadContext &C) const {
  auto It = Reach.find(FD);
  if (It != Reach.end()) {
    auto CI = It->second.CtxLocks.find(C);
    if (CI != It->second.CtxLocks.end())
      return CI->second;
  }
  return contextLocks(FD);
}

std::string ThreadEntries::lockName(const std::string &ClassKey) const {
  auto It = LockNames.find(ClassKey);
  return It == LockNames.end() ? ClassKey : It->second;
}

ContextSet ThreadEntries::contextsAt(const FunctionDecl *FD,
                                     const Stmt *S) const {
  ContextSet Out = contexts(FD);
  auto It = StartedIn.find(FD);
  if (It != StartedIn.end())
    for (unsigned Id : It->second)
      if (runsBetweenStartAndJoin(Entries[Id], S))
        Out.insert({Id, true});
  auto RI = Regions.find(FD);
  if (RI != Regions.end())
    for (const Region &R : RI->second)
      if (inRegion(R, S))
        Out.insert({R.Entry, true});
  return Out;
}

} // namespace lockcheck
