//===--- ThreadEntries.cpp - which code runs on which thread --------------===//
//
// The entries: the thread starts of the translation unit, their handles,
// detaches and joins; and the queries on which entries run concurrently.
// The wrappers are in ThreadStartWrappers.cpp, the pools in
// ThreadPools.cpp, the reach through calls in ThreadReach.cpp.
//
//===----------------------------------------------------------------------===//

#include "checks/analysis/ThreadEntries.h"
#include "checks/analysis/CallIndex.h"
#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadEntriesInternal.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace lockcheck {

using namespace thread_entries;

namespace {

bool isTransparent(const Stmt *S) {
  return isa<ParenExpr>(S) || isa<CastExpr>(S) ||
         isa<MaterializeTemporaryExpr>(S) || isa<CXXBindTemporaryExpr>(S) ||
         isa<FullExpr>(S) || isa<CXXFunctionalCastExpr>(S);
}

const Stmt *climb(const Stmt *S, ParentMap &PM) {
  const Stmt *P = PM.getParent(S);
  while (P && isTransparent(P))
    P = PM.getParent(P);
  return P;
}

} // namespace

namespace thread_entries {

/// The variable or field an expression names: `t`, `this->t`, `&t`,
/// `t[i]`, `&t[i]`, `ts.at(i)`, `std::move(t)`.
const ValueDecl *namedDecl(const Expr *E) {
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = stripValueExpr(E);
    if (const Expr *Moved = getMovedArg(E)) {
      E = Moved;
      continue;
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_AddrOf) {
      E = U->getSubExpr();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && Op->getOperator() == OO_Subscript) {
      E = Op->getArg(0);
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && BO->isAdditiveOp()) {
      E = BO->getLHS();
      continue;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return DRE->getDecl();
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return ME->getMemberDecl();
    return nullptr;
  }
  return nullptr;
}

} // namespace thread_entries

ThreadEntries::ThreadEntries(TUAnalysis &TU, const LockModelOptions &Opts)
    : TU(TU), Opts(Opts) {
  collect();
  if (Entries.empty())
    return;
  collectHandleWrappers();
  for (ThreadEntry &E : Entries)
    finishEntry(E);
  collectStartWrappers();
  markRepeatedStarts();
  collectPools();
  if (!Pools.empty())
    markRepeatedStarts();
  collectRegions();
  propagate();
}

void ThreadEntries::markRepeatedStarts() {
  // A function that starts a thread and returns with it running, called
  // twice or in a loop, has several instances of the thread running at
  // once (`thr_init(&a, serve); thr_init(&b, serve);`).
  const CallIndex &CI = TU.getCallIndex();
  for (ThreadEntry &E : Entries) {
    if (!E.Joins.empty() || E.InLoop || E.Starter->isMain() ||
        (E.Pool && !Pools[E.Pool - 1].Concurrent))
      continue;
    unsigned Starts = 0;
    for (const CallIndex::CallSite &CS : CI.callers(E.Starter)) {
      ParentMap *PM = TU.getParentMap(CS.Caller);
      Starts += PM && enclosingLoop(CS.At, *PM) ? 2 : 1;
    }
    if (Starts >= 2)
      E.InLoop = E.Repeated = true;
  }
}

std::optional<ThreadCreation>
ThreadEntries::configuredCreation(const Expr *E) const {
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call || Opts.ThreadStartFunctions.empty())
    return std::nullopt;
  const FunctionDecl *Callee = Call->getDirectCallee();
  std::optional<ThreadStartParams> P =
      configuredThreadStart(Callee, Opts.ThreadStartFunctions);
  if (!P)
    return std::nullopt;
  unsigned Offset =
      isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
  auto Arg = [&](int I) -> const Expr * {
    return I >= 0 && I + Offset < Call->getNumArgs() ? Call->getArg(I + Offset)
                                                     : nullptr;
  };
  ThreadCreation T;
  T.Kind = TU.getContext().getLangOpts().CPlusPlus ? ThreadStartKind::StdThread
                                                   : ThreadStartKind::PThread;
  T.Start = Call;
  T.Callable = Arg(P->Fn);
  if (!T.Callable)
    return std::nullopt;
  if (const Expr *A = Arg(P->Arg))
    T.Args.push_back(classifyThreadArg(A));
  T.HandleOut = Arg(P->Handle);
  // `t.Start(fn)`: the object is the thread.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call); MC && !T.HandleOut)
    T.HandleOut = MC->getImplicitObjectArgument();
  unwrapThreadCallable(T);
  return T;
}

bool ThreadEntries::configuredJoin(const CallExpr *Call,
                                   const ValueDecl *H) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!H || !Callee || !matchesQualifiedName(Callee, Opts.ThreadJoinFunctions))
    return false;
  const Expr *Handle = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
    Handle = MC->getNumArgs() ? MC->getArg(0) : MC->getImplicitObjectArgument();
  else if (Call->getNumArgs() > 0)
    Handle = Call->getArg(0);
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(
          Handle ? Handle->IgnoreParenImpCasts() : nullptr);
      U && U->getOpcode() == UO_Deref)
    Handle = U->getSubExpr();
  return Handle && namedDecl(Handle) == H;
}

void ThreadEntries::collect() {
  ASTContext &Ctx = TU.getContext();
  for (const FunctionDecl *FD : TU.functions()) {
    walkFunction(FD, [&](const Stmt *S) {
      const auto *E = dyn_cast<Expr>(S);
      if (!E)
        return true;
      if (const auto *Call = dyn_cast<CallExpr>(E)) {
        const FunctionDecl *Callee = Call->getDirectCallee();
        // std::call_once(flag, f) / pthread_once(&once, f).
        bool Once = isStdFunction(Callee, "call_once") ||
                    (Callee && Callee->getIdentifier() &&
                     Callee->getName() == "pthread_once");
        if (Once && Call->getNumArgs() >= 2) {
          bool ObjArg;
          if (const FunctionDecl *F =
                  resolveThreadCallable(Call->getArg(1), ObjArg))
            OnceBodies.insert(F);
        }
      }
      std::optional<ThreadCreation> T = getThreadCreation(E, Ctx);
      if (!T)
        T = configuredCreation(E);
      if (!T)
        return true;
      ThreadEntry Entry;
      Entry.Id = Entries.size();
      Entry.Creation = *T;
      Entry.Starter = FD;
      Entry.StartStmt = E;
      Entry.StartLoc = E->getBeginLoc();
      Entry.Callee = resolveThreadCallable(T->Callable, Entry.ObjectArg);
      if (const FunctionDecl *Def = definitionOf(Entry.Callee))
        Entry.Callee = Def;
      StartedIn[FD].push_back(Entry.Id);
      StartStmts.insert(E);
      Entries.push_back(std::move(Entry));
      return true;
    });
  }
}

void ThreadEntries::finishEntry(ThreadEntry &E) {
  const SourceManager &SM = TU.getSourceManager();
  ASTContext &Ctx = TU.getContext();
  const ThreadCreation &T = E.Creation;
  ParentMap *PM = TU.getParentMap(E.Starter);
  bool InBody = PM && PM->hasParent(E.StartStmt);

  // The handle.
  if (T.HandleOut)
    E.Handle = namedDecl(T.HandleOut);
  else if (T.Container)
    E.Handle = namedDecl(T.Container);
  if (InBody && !E.Handle) {
    const Stmt *P = climb(E.StartStmt, *PM);
    if (const auto *DS = dyn_cast_or_null<DeclStmt>(P)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->getInit() && stripValueExpr(VD->getInit()) ==
                                   stripValueExpr(cast<Expr>(E.StartStmt)))
            E.Handle = VD;
      if (!E.Handle && DS->isSingleDecl())
        E.Handle = dyn_cast<VarDecl>(DS->getSingleDecl());
    } else if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(P);
               Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      E.Handle = namedDecl(Op->getArg(0));
    } else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P);
               BO && BO->getOpcode() == BO_Assign) {
      E.Handle = namedDecl(BO->getLHS());
    } else if (const auto *ME = dyn_cast_or_null<MemberExpr>(P)) {
      // std::thread(f).detach() on the temporary.
      if (const auto *MC =
              dyn_cast_or_null<CXXMemberCallExpr>(PM->getParent(ME)))
        if (classifyThreadMember(MC->getMethodDecl()) ==
            ThreadMemberKind::Detach) {
          E.Detached = true;
          E.DetachLoc = MC->getExprLoc();
        }
    } else if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(P)) {
      // threads.push_back(std::thread(f)).
      if (classifyContainerMember(MC->getMethodDecl()) == ContainerOpKind::Add)
        E.Handle = namedDecl(MC->getImplicitObjectArgument());
    } else if (T.Kind == ThreadStartKind::Async ||
               T.Kind == ThreadStartKind::JThread) {
      // A discarded future (or jthread temporary) waits at once.
      if (!P || isa<CompoundStmt>(P) || isa<ExprWithCleanups>(P))
        E.Joins.push_back(E.StartStmt->getEndLoc());
    }
  } else if (!InBody && !E.Handle) {
    // A member initialiser: `worker_(&C::run, this)`.
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(E.Starter))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getInit() && stripValueExpr(Init->getInit()) == E.StartStmt)
          E.Handle = Init->getMember();
  }
  // `w.start(fn, arg)` of a class that keeps the thread in a member: the
  // object is the handle.
  if (!E.Handle && E.HandleField)
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E.StartStmt))
      E.Handle = namedDecl(MC->getImplicitObjectArgument());
  if (InBody)
    if (const Stmt *Loop = enclosingLoop(E.StartStmt, *PM)) {
      E.InLoop = true;
      (void)Loop;
    }

  // Detached attribute, detaches and joins of the handle.
  llvm::DenseSet<const ValueDecl *> Aliases; // range-for variables
  llvm::DenseSet<const ValueDecl *> DetachedAttrs;
  const ValueDecl *H = E.Handle;
  SourceLocation After = E.StartStmt->getEndLoc();
  walkFunction(E.Starter, [&](const Stmt *S) {
    if (H)
      if (const auto *For = dyn_cast<CXXForRangeStmt>(S))
        if (namedDecl(For->getRangeInit()) == H && For->getLoopVariable())
          Aliases.insert(For->getLoopVariable());
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return true;
    if (const Expr *A = getDetachedAttr(Call, Ctx))
      if (const ValueDecl *VD = namedDecl(A))
        DetachedAttrs.insert(VD);
    if (!H)
      return true;
    bool Join = configuredJoin(Call, H), Detach = false;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Join) {
      // A join function of the configuration.
    } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
      const ValueDecl *Obj = namedDecl(MC->getImplicitObjectArgument());
      if (Obj != H && !Aliases.count(Obj))
        return true;
      ThreadMemberKind K = classifyThreadMember(MC->getMethodDecl());
      Join = K == ThreadMemberKind::Join || isFutureWait(MC->getMethodDecl());
      Detach = K == ThreadMemberKind::Detach;
      // `w.join()` of a class whose join() joins the thread it started.
      if (Callee && E.HandleField) {
        auto It = FieldJoiners.find(Callee->getCanonicalDecl());
        Join |= It != FieldJoiners.end() && It->second == E.HandleField;
      }
    } else if (Call->getNumArgs() > 0 && namedDecl(Call->getArg(0)) == H) {
      CThreadCall C = classifyCThreadCall(Callee);
      Join = C.Api == CThreadApi::Join;
      Detach = C.Api == CThreadApi::Detach;
    }
    // Join and detach wrappers: `thread_join(t)`.
    if (Callee && !Join && !Detach) {
      auto JW = HandleWrappers.find(Callee->getCanonicalDecl());
      if (JW != HandleWrappers.end() && JW->second.first < Call->getNumArgs() &&
          namedDecl(Call->getArg(JW->second.first)) == H) {
        Join = JW->second.second;
        Detach = !JW->second.second;
      }
    }
    if (!SM.isBeforeInTranslationUnit(After, Call->getBeginLoc()))
      return true;
    if (Join)
      E.Joins.push_back(Call->getExprLoc());
    if (Detach && !E.Detached) {
      E.Detached = true;
      E.DetachLoc = Call->getExprLoc();
    }
    return true;
  });
  if (T.Attr)
    if (const ValueDecl *A = namedDecl(T.Attr); A && DetachedAttrs.count(A)) {
      E.Detached = true;
      E.DetachLoc = T.Attr->getExprLoc();
    }
  // A local jthread or future joins (waits) at the end of its scope.
  if (const auto *VD = dyn_cast_or_null<VarDecl>(H);
      VD && VD->hasLocalStorage() && InBody &&
      (isStdJThreadType(VD->getType()) ||
       isStdClassType(VD->getType(), "future")))
    for (const Stmt *P = PM->getParent(E.StartStmt); P; P = PM->getParent(P))
      if (const auto *CS = dyn_cast<CompoundStmt>(P)) {
        E.Joins.push_back(CS->getRBracLoc());
        break;
      }
  // A wrapper that joins before it returns; a local object whose
  // destructor joins the thread member it started.
  if (E.WrapperJoins)
    E.Joins.push_back(E.StartStmt->getEndLoc());
  if (const auto *VD = dyn_cast_or_null<VarDecl>(H);
      VD && E.HandleField && VD->hasLocalStorage() && InBody)
    if (const auto *RD = VD->getType()->getAsCXXRecordDecl();
        RD && RD->getDestructor()) {
      auto It = FieldJoiners.find(RD->getDestructor()->getCanonicalDecl());
      if (It != FieldJoiners.end() && It->second == E.HandleField)
        for (const Stmt *P = PM->getParent(E.StartStmt); P;
             P = PM->getParent(P))
          if (const auto *CS = dyn_cast<CompoundStmt>(P)) {
            E.Joins.push_back(CS->getRBracLoc());
            break;
          }
    }
  llvm::sort(E.Joins, [&](SourceLocation A, SourceLocation B) {
    return SM.isBeforeInTranslationUnit(A, B);
  });

  // Locals of the starting function the thread refers to.
  auto IsLocal = [](const VarDecl *VD) {
    return VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType();
  };
  if (const auto *LE = dyn_cast<LambdaExpr>(stripValueExpr(T.Callable)))
    for (const LambdaCapture &C : LE->captures())
      if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
        if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar()); IsLocal(VD))
          E.LocalRefs.push_back({VD, C.getLocation(), true, nullptr});
  const Stmt *StartLoop =
      InBody && E.InLoop ? enclosingLoop(E.StartStmt, *PM) : nullptr;
  for (unsigned I = 0; I < T.Args.size(); ++I) {
    const ThreadArg &A = T.Args[I];
    const ParmVarDecl *Param = nullptr;
    if (E.Callee) {
      unsigned Index = I;
      bool IsObject = E.ObjectArg && I == 0;
      if (E.ObjectArg)
        Index = I - 1;
      if (!IsObject && Index < E.Callee->getNumParams())
        Param = E.Callee->getParamDecl(Index);
    }
    if (A.Passing == ArgPassing::Value) {
      // A local pointer handed over by value: its pointee is shared.
      const VarDecl *VD = refVar(A.E->IgnoreParenCasts());
      if (Param && IsLocal(VD) && VD->getType()->isPointerType() &&
          !(StartLoop &&
            StartLoop->getSourceRange().fullyContains(VD->getSourceRange())))
        E.Bindings.push_back({Param, VD, true});
      continue;
    }
    if (!A.Referent)
      continue;
    const auto *DRE = dyn_cast<DeclRefExpr>(stripValueExpr(A.Referent));
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (Param && VD && VD->hasGlobalStorage())
      E.Bindings.push_back({Param, VD, false});
    if (!IsLocal(VD))
      continue;
    E.LocalRefs.push_back({VD, A.E->getExprLoc(), false, Param});
  }
}

bool ThreadEntries::runsBetweenStartAndJoin(const ThreadEntry &E,
                                            const Stmt *S) const {
  const SourceManager &SM = TU.getSourceManager();
  SourceLocation Begin = S->getBeginLoc();
  if (Begin.isInvalid())
    return false;
  Begin = SM.getExpansionLoc(Begin);
  SourceLocation StartEnd = SM.getExpansionLoc(E.StartStmt->getEndLoc());
  SourceLocation StartBegin = SM.getExpansionLoc(E.StartStmt->getBeginLoc());
  // Inside the start itself (its arguments): before the thread runs.
  if (!SM.isBeforeInTranslationUnit(Begin, StartBegin) &&
      !SM.isBeforeInTranslationUnit(StartEnd, Begin))
    return false;
  // In a loop that starts threads, the whole body runs alongside those
  // started by earlier iterations.
  SourceLocation From = StartEnd;
  if (E.InLoop) {
    if (ParentMap *PM = TU.getParentMap(E.Starter))
      if (const Stmt *Loop = enclosingLoop(E.StartStmt, *PM))
        From = SM.getExpansionLoc(Loop->getBeginLoc());
  }
  if (SM.isBeforeInTranslationUnit(Begin, From))
    return false;
  SourceLocation Join = E.firstJoin();
  return Join.isInvalid() ||
         SM.isBeforeInTranslationUnit(Begin, SM.getExpansionLoc(Join));
}

bool ThreadEntries::overlap(const ThreadEntry &A, const ThreadEntry &B) const {
  // The tasks of a pool with one worker, and that worker's own code, run
  // one after the other on the worker's thread.
  auto Serial = [&](const ThreadEntry &T, const ThreadEntry &O) {
    if (!T.Pool || Pools[T.Pool - 1].Concurrent)
      return false;
    return O.Pool == T.Pool ||
           llvm::is_contained(Pools[T.Pool - 1].Workers, O.Id);
  };
  if (Serial(A, B) || Serial(B, A))
    return false;
  if (A.Starter != B.Starter || A.InLoop || B.InLoop)
    return true;
  const SourceManager &SM = TU.getSourceManager();
  auto JoinedBefore = [&](const ThreadEntry &X, const ThreadEntry &Y) {
    SourceLocation J = X.firstJoin();
    return J.isValid() && SM.isBeforeInTranslationUnit(J, Y.StartLoc);
  };
  return !JoinedBefore(A, B) && !JoinedBefore(B, A);
}

bool ThreadEntries::concurrent(const ThreadContext &A,
                               const ThreadContext &B) const {
  if (A.Alongside && B.Alongside)
    return false; // both on the starting thread
  if (A.Alongside || B.Alongside)
    return A.Entry == B.Entry;
  if (A.Entry == B.Entry)
    return Entries[A.Entry].InLoop;
  return overlap(Entries[A.Entry], Entries[B.Entry]);
}

bool ThreadEntries::concurrent(const ContextSet &A, const ContextSet &B) const {
  for (const ThreadContext &X : A)
    for (const ThreadContext &Y : B)
      if (concurrent(X, Y))
        return true;
  return false;
}

bool ThreadEntries::mayRunConcurrently(const FunctionDecl *A,
                                       const FunctionDecl *B) const {
  return concurrent(contexts(A), contexts(B));
}

bool ThreadEntries::mayRunConcurrently(const FunctionDecl *FA, const Stmt *A,
                                       const FunctionDecl *FB,
                                       const Stmt *B) const {
  return concurrent(contextsAt(FA, A), contextsAt(FB, B));
}

} // namespace lockcheck
