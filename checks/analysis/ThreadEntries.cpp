//===--- ThreadEntries.cpp - which code runs on which thread --------------===//

#include "checks/analysis/ThreadEntries.h"
#include "checks/analysis/CallIndex.h"
#include "checks/analysis/Conditions.h"
#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/Lockset.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <algorithm>
#include <deque>
#include <functional>

using namespace clang;

namespace lockcheck {

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

/// Visits the statements of a function body; a lambda's body is a function
/// of its own, only its captures' initialisers are visited.
template <typename Fn> void walk(const Stmt *S, Fn &&Visit) {
  if (!S)
    return;
  if (!Visit(S))
    return;
  if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : LE->capture_inits())
      walk(Init, Visit);
    return;
  }
  if (isa<BlockExpr>(S))
    return;
  for (const Stmt *Child : S->children())
    walk(Child, Visit);
}

template <typename Fn> void walkFunction(const FunctionDecl *FD, Fn &&Visit) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten() || Init->isAnyMemberInitializer())
        walk(Init->getInit(), Visit);
  walk(FD->getBody(), Visit);
}

const FunctionDecl *definitionOf(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  if (const FunctionDecl *Def = FD->getDefinition())
    return Def;
  return nullptr;
}

} // namespace

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

std::vector<ThreadEntries::StartWrapperInfo>
ThreadEntries::startWrappers() const {
  std::vector<StartWrapperInfo> Out;
  for (const FunctionDecl *FD : TU.functions())
    if (auto It = StartWrappers.find(FD->getCanonicalDecl());
        It != StartWrappers.end() && It->second.FnParam >= 0)
      Out.push_back({FD, unsigned(It->second.FnParam), It->second.Inner});
  return Out;
}

std::vector<LockApiEntry> ThreadEntries::listing() const {
  std::vector<LockApiEntry> Out;
  const SourceManager &SM = TU.getSourceManager();
  for (const FunctionDecl *FD : TU.functions()) {
    const FunctionDecl *C = FD->getCanonicalDecl();
    std::string Name = FD->getQualifiedNameAsString();
    if (auto It = StartWrappers.find(C);
        It != StartWrappers.end() && It->second.Pool) {
      const StartWrapper &W = It->second;
      const PoolInfo &P = Pools[W.Pool - 1];
      std::string Kind = "pool submit function, callable argument " +
                         std::to_string(W.FnParam + 1);
      for (int A : W.ArgParams)
        if (A >= 0)
          Kind += ", task argument " + std::to_string(A + 1);
      Kind += std::string(P.NodeField ? ", tasks called through '"
                                      : ", tasks taken from '") +
              P.Queue->getQualifiedNameAsString() + "' by the thread" +
              (P.Concurrent ? "s" : "") + " started at line " +
              std::to_string(SM.getPresumedLineNumber(
                  SM.getExpansionLoc(W.Inner->getBeginLoc())));
      Out.push_back({FD->getLocation(), Name, Kind,
                     "stores its callable parameter where a thread takes it "
                     "out and calls it"});
    } else if (auto It = StartWrappers.find(C); It != StartWrappers.end()) {
      const StartWrapper &W = It->second;
      std::string Kind = "thread-start wrapper, callable argument " +
                         std::to_string(W.FnParam + 1);
      for (int A : W.ArgParams)
        if (A >= 0)
          Kind += ", thread argument " + std::to_string(A + 1);
      if (W.HandleParam >= 0)
        Kind += ", handle argument " + std::to_string(W.HandleParam + 1);
      if (W.Detached)
        Kind += ", detached";
      if (W.Joined)
        Kind += ", joined before it returns";
      Out.push_back({FD->getLocation(), Name, Kind,
                     "passes its parameter as a thread's callable"});
    }
    if (auto It = HandleWrappers.find(C); It != HandleWrappers.end())
      Out.push_back({FD->getLocation(), Name,
                     std::string(It->second.second ? "join" : "detach") +
                         " wrapper of argument " +
                         std::to_string(It->second.first + 1),
                     It->second.second ? "joins its parameter"
                                       : "detaches its parameter"});
    if (auto It = FieldJoiners.find(C); It != FieldJoiners.end())
      Out.push_back(
          {FD->getLocation(), Name,
           "joins thread member '" + It->second->getNameAsString() + "'",
           "joins a thread member of its object"});
  }
  llvm::stable_sort(Out, [&](const LockApiEntry &A, const LockApiEntry &B) {
    return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
  });
  return Out;
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

/// The index of the parameter of \p FD that \p E names (through casts and
/// `std::move`/`std::forward`), or -1.
static int paramIndex(const Expr *E, const FunctionDecl *FD) {
  if (!E)
    return -1;
  E = stripValueExpr(E);
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && Call->getNumArgs() == 1 &&
      (isStdFunction(Call->getDirectCallee(), "move") ||
       isStdFunction(Call->getDirectCallee(), "forward")))
    E = stripValueExpr(Call->getArg(0));
  const auto *P = dyn_cast_or_null<ParmVarDecl>(refVar(E->IgnoreParenCasts()));
  if (!P)
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts()))
      P = dyn_cast<ParmVarDecl>(DRE->getDecl());
  if (!P || P->getDeclContext() != FD)
    return -1;
  return P->getFunctionScopeIndex();
}

void ThreadEntries::collectHandleWrappers() {
  // A function joining (or detaching) its parameter: `thread_join(t)`; a
  // member function joining a thread member: `Worker::join()`.
  for (const FunctionDecl *FD : TU.functions()) {
    walkFunction(FD, [&](const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      if (!Call)
        return true;
      bool Join = false, Detach = false;
      const Expr *Handle = nullptr;
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
        ThreadMemberKind K = classifyThreadMember(MC->getMethodDecl());
        Join = K == ThreadMemberKind::Join;
        Detach = K == ThreadMemberKind::Detach;
        Handle = MC->getImplicitObjectArgument();
      } else if (Call->getNumArgs() > 0) {
        CThreadCall C = classifyCThreadCall(Call->getDirectCallee());
        Join = C.Api == CThreadApi::Join;
        Detach = C.Api == CThreadApi::Detach;
        Handle = Call->getArg(0);
      }
      if (!Join && !Detach)
        return true;
      int Index = paramIndex(Handle, FD);
      if (Index < 0)
        if (const auto *U =
                dyn_cast<UnaryOperator>(Handle->IgnoreParenImpCasts());
            U && U->getOpcode() == UO_Deref)
          Index = paramIndex(U->getSubExpr(), FD); // pthread_join(*t, ...)
      if (Index >= 0)
        HandleWrappers.try_emplace(FD->getCanonicalDecl(), Index, Join);
      else if (Join)
        if (const auto *F = dyn_cast_or_null<FieldDecl>(namedDecl(Handle)))
          FieldJoiners.try_emplace(FD->getCanonicalDecl(), F);
      return true;
    });
  }
}

void ThreadEntries::collectStartWrappers() {
  // A start whose callable is a parameter of its function makes that
  // function a thread-start wrapper; a call of a wrapper whose callable is
  // again a parameter makes its caller one, a few levels up.
  std::vector<unsigned> Wrapped;
  for (ThreadEntry &E : Entries) {
    int FnParam = paramIndex(E.Creation.Callable, E.Starter);
    if (FnParam < 0)
      continue;
    StartWrapper W;
    W.Kind = E.Creation.Kind;
    W.FnParam = FnParam;
    for (const ThreadArg &A : E.Creation.Args)
      W.ArgParams.push_back(paramIndex(A.E, E.Starter));
    if (E.Creation.HandleOut)
      if (const auto *U = dyn_cast<UnaryOperator>(
              E.Creation.HandleOut->IgnoreParenImpCasts());
          !U || U->getOpcode() != UO_AddrOf)
        W.HandleParam = paramIndex(E.Creation.HandleOut, E.Starter);
    W.Detached = E.Detached;
    W.Joined = !E.Joins.empty();
    W.InLoop = E.InLoop;
    W.HandleField = dyn_cast_or_null<FieldDecl>(E.Handle);
    W.Inner = E.StartStmt;
    W.InnerIn = E.Starter;
    StartWrappers.try_emplace(E.Starter->getCanonicalDecl(), W);
    Wrapped.push_back(E.Id);
  }
  if (StartWrappers.empty())
    return;
  expandWrappers(Wrapped);
}

void ThreadEntries::expandWrappers(llvm::ArrayRef<unsigned> Wrapped) {
  std::vector<ThreadEntry> New;
  for (unsigned Round = 0; Round < 4; ++Round) {
    bool Grew = false;
    for (const FunctionDecl *FD : TU.functions()) {
      walkFunction(FD, [&](const Stmt *S) {
        const FunctionDecl *Callee = nullptr;
        llvm::SmallVector<const Expr *, 4> Args;
        if (const auto *Call = dyn_cast<CallExpr>(S)) {
          Callee = Call->getDirectCallee();
          unsigned First = isa<CXXOperatorCallExpr>(Call) &&
                                   isa_and_nonnull<CXXMethodDecl>(Callee)
                               ? 1
                               : 0;
          for (unsigned I = First; I < Call->getNumArgs(); ++I)
            Args.push_back(Call->getArg(I));
        } else if (const auto *CE = dyn_cast<CXXConstructExpr>(S)) {
          Callee = CE->getConstructor();
          Args.append(CE->arg_begin(), CE->arg_end());
        }
        if (!Callee || StartStmts.count(S) || WrapperCalls.count(S))
          return true;
        auto It = StartWrappers.find(Callee->getCanonicalDecl());
        if (It == StartWrappers.end())
          return true;
        const StartWrapper &W = It->second;
        if (W.FnParam >= (int)Args.size())
          return true;
        const Expr *Callable = Args[W.FnParam];
        // A wrapper of a wrapper.
        if (int P = paramIndex(Callable, FD); P >= 0) {
          if (StartWrappers.count(FD->getCanonicalDecl()))
            return true;
          StartWrapper Up = W;
          Up.FnParam = P;
          for (int &A : Up.ArgParams)
            A = A >= 0 && A < (int)Args.size() ? paramIndex(Args[A], FD) : -1;
          Up.HandleParam =
              W.HandleParam >= 0 && W.HandleParam < (int)Args.size()
                  ? paramIndex(Args[W.HandleParam], FD)
                  : -1;
          StartWrappers.try_emplace(FD->getCanonicalDecl(), Up);
          WrapperCalls.insert(S);
          Grew = true;
          return true;
        }
        WrapperCalls.insert(S);
        ThreadEntry E;
        E.Creation.Kind = W.Kind;
        E.Creation.Start = cast<Expr>(S);
        E.Creation.Callable = Callable;
        for (int A : W.ArgParams) {
          ThreadArg TA;
          TA.E = cast<Expr>(S);
          if (A >= 0 && A < (int)Args.size())
            TA = classifyThreadArg(Args[A]);
          E.Creation.Args.push_back(TA);
        }
        if (W.HandleParam >= 0 && W.HandleParam < (int)Args.size())
          E.Creation.HandleOut = Args[W.HandleParam];
        unwrapThreadCallable(E.Creation);
        E.Starter = FD;
        E.StartStmt = S;
        E.StartLoc = S->getBeginLoc();
        E.Wrapper = Callee;
        E.Callee = resolveThreadCallable(E.Creation.Callable, E.ObjectArg);
        if (const FunctionDecl *Def = definitionOf(E.Callee))
          E.Callee = Def;
        E.HandleField = W.HandleField;
        E.Detached = W.Detached;
        E.DetachLoc = S->getBeginLoc();
        E.InLoop = W.InLoop;
        E.WrapperJoins = W.Joined;
        E.WrapperStart = W.Inner;
        E.WrapperStartIn = W.InnerIn;
        E.Pool = W.Pool;
        New.push_back(std::move(E));
        return true;
      });
    }
    if (!Grew)
      break;
  }
  // The starts inside the wrappers run what their callers pass: their
  // callers' starts replace them.
  std::vector<ThreadEntry> Kept;
  for (ThreadEntry &E : Entries)
    if (!llvm::is_contained(Wrapped, E.Id))
      Kept.push_back(std::move(E));
  for (ThreadEntry &E : New) {
    E.Id = Kept.size();
    Kept.push_back(std::move(E));
    finishEntry(Kept.back());
    if (Kept.back().Pool)
      poolWaits(Kept.back());
  }
  Entries = std::move(Kept);
  StartedIn.clear();
  StartStmts.clear();
  for (ThreadEntry &E : Entries) {
    E.Id = &E - Entries.data();
    StartedIn[E.Starter].push_back(E.Id);
    StartStmts.insert(E.StartStmt);
  }
}

/// A field a task's function is kept in: a function pointer or a
/// std::function.
static bool isCallableFieldType(QualType T) {
  T = T.getNonReferenceType();
  return T->isFunctionPointerType() || isStdClassType(T, "function") ||
         isStdClassType(T, "move_only_function");
}

/// Whether \p S refers to one of \p Vars (lambdas through their captures).
static bool mentions(const Stmt *S,
                     const llvm::SmallPtrSetImpl<const VarDecl *> &Vars) {
  if (!S)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return Vars.count(VD) != 0;
  if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : LE->capture_inits())
      if (mentions(Init, Vars))
        return true;
    return false;
  }
  for (const Stmt *Child : S->children())
    if (mentions(Child, Vars))
      return true;
  return false;
}

/// A member function that puts an element into a queue.
static bool isQueueAdd(const CXXMethodDecl *MD) {
  if (!MD || !MD->getIdentifier())
    return false;
  StringRef N = MD->getName();
  return N == "push" || N == "enqueue" ||
         classifyContainerMember(MD) == ContainerOpKind::Add;
}

/// A member function that takes an element out of a queue (or reads the
/// one it will take).
static bool isQueueTake(const CXXMethodDecl *MD) {
  if (!MD || !MD->getIdentifier())
    return false;
  StringRef N = MD->getName();
  return N == "front" || N == "back" || N == "top" ||
         N.contains_insensitive("pop") || N.contains_insensitive("take") ||
         N.contains_insensitive("dequeue");
}

/// A queue: a field, or a variable of static storage.
static const NamedDecl *queueDecl(const Expr *E) {
  const ValueDecl *D = namedDecl(E);
  if (const auto *F = dyn_cast_or_null<FieldDecl>(D))
    return F->getCanonicalDecl();
  if (const auto *VD = dyn_cast_or_null<VarDecl>(D);
      VD && VD->hasGlobalStorage())
    return VD->getCanonicalDecl();
  return nullptr;
}

/// The field a call goes through (`t->fn(t->arg)`, `(*job.fn)(x)`), or
/// null.
static const FieldDecl *calledField(const CallExpr *Call) {
  if (Call->getDirectCallee())
    return nullptr;
  const Expr *E = Call->getCallee()->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_Deref)
    E = U->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      return F->getCanonicalDecl();
  return nullptr;
}

/// A call of a callable object or through a function pointer: how a worker
/// runs a task it took.
static bool isIndirectCall(const CallExpr *Call) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
    return Op->getOperator() == OO_Call && Op->getNumArgs() > 0 &&
           isCallableParamType(Op->getArg(0)->getType());
  return !Call->getDirectCallee() && !Call->getCalleeDecl() &&
         Call->getCallee()->getType()->isPointerType();
}

void ThreadEntries::collectPools() {
  // Submit functions: a callable parameter stored, as it is or wrapped (a
  // lambda capturing it, a packaged_task made from it), into a queue (a
  // member or global container) or into the function field of a task node
  // (a local of the function, or a node of a linked list).
  struct Submit {
    const FunctionDecl *FD;
    int FnParam;
    llvm::SmallVector<int, 2> ArgParams;
  };
  std::map<const NamedDecl *, std::vector<Submit>> Queues;
  std::vector<const NamedDecl *> QueueOrder;
  for (const FunctionDecl *FD : TU.functions()) {
    if (isLambdaCallOperator(FD) ||
        StartWrappers.count(FD->getCanonicalDecl()) ||
        llvm::none_of(FD->parameters(), [](const ParmVarDecl *P) {
          return isCallableParamType(P->getType());
        }))
      continue;
    // Cheap first: the function stores into a queue or a function field at
    // all.
    bool Stores = false;
    walkFunction(FD, [&](const Stmt *S) {
      if (Stores)
        return false;
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
        Stores = isQueueAdd(MC->getMethodDecl()) &&
                 queueDecl(MC->getImplicitObjectArgument());
      else if (const auto *BO = dyn_cast<BinaryOperator>(S))
        Stores = BO->getOpcode() == BO_Assign &&
                 isCallableFieldType(BO->getLHS()->getType());
      else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
        Stores = Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
                 isCallableFieldType(Op->getArg(0)->getType());
      else if (isa<InitListExpr>(S))
        Stores = true;
      return !Stores;
    });
    if (!Stores)
      continue;
    for (const ParmVarDecl *P : FD->parameters()) {
      if (!isCallableParamType(P->getType()))
        continue;
      llvm::SmallPtrSet<const VarDecl *, 8> Vars;
      Vars.insert(P);
      // Locals made from the callable (`auto task = make_shared<...>(f)`).
      for (unsigned Round = 0; Round < 3; ++Round)
        walkFunction(FD, [&](const Stmt *S) {
          if (const auto *DS = dyn_cast<DeclStmt>(S))
            for (const Decl *D : DS->decls())
              if (const auto *VD = dyn_cast<VarDecl>(D);
                  VD && VD->getInit() && !Vars.count(VD) &&
                  mentions(VD->getInit(), Vars))
                Vars.insert(VD);
          return true;
        });
      const NamedDecl *Queue = nullptr;
      // The stores: the task's arguments are the other parameters stored
      // with it.
      llvm::SmallVector<const Stmt *, 4> Stored;
      const RecordDecl *Node = nullptr;
      auto IsNode = [&](const FieldDecl *F, const Expr *Base) {
        const RecordDecl *RD = F->getParent();
        // A node of a linked list: a field pointing to its own type.
        for (const FieldDecl *G : RD->fields())
          if (G->getType()->isPointerType() &&
              G->getType()->getPointeeType()->getAsRecordDecl() == RD)
            return true;
        // A node made by each call: a local of the submit function.
        const auto *VD = Base ? refVar(Base->IgnoreParenImpCasts()) : nullptr;
        return VD && VD->isLocalVarDecl() && VD->getDeclContext() == FD;
      };
      walkFunction(FD, [&](const Stmt *S) {
        if (Queue)
          return false;
        if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
            MC && isQueueAdd(MC->getMethodDecl()) &&
            llvm::any_of(MC->arguments(),
                         [&](const Expr *A) { return mentions(A, Vars); })) {
          if (const NamedDecl *Q = queueDecl(MC->getImplicitObjectArgument())) {
            Queue = Q;
            Stored.push_back(MC);
          }
          return true;
        }
        const Expr *LHS = nullptr, *RHS = nullptr;
        if (const auto *BO = dyn_cast<BinaryOperator>(S);
            BO && BO->getOpcode() == BO_Assign) {
          LHS = BO->getLHS();
          RHS = BO->getRHS();
        } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
                   Op && Op->getOperator() == OO_Equal &&
                   Op->getNumArgs() == 2) {
          LHS = Op->getArg(0);
          RHS = Op->getArg(1);
        }
        if (LHS)
          if (const auto *ME = dyn_cast<MemberExpr>(LHS->IgnoreParenImpCasts()))
            if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
                F && isCallableFieldType(F->getType()) && mentions(RHS, Vars) &&
                IsNode(F, ME->getBase())) {
              Queue = F->getCanonicalDecl();
              Node = F->getParent();
            }
        // `struct job j = {fn, arg};`
        if (const auto *DS = dyn_cast<DeclStmt>(S))
          for (const Decl *D : DS->decls()) {
            const auto *VD = dyn_cast<VarDecl>(D);
            const auto *ILE = VD && VD->getInit()
                                  ? dyn_cast<InitListExpr>(
                                        VD->getInit()->IgnoreParenImpCasts())
                                  : nullptr;
            const RecordDecl *RD =
                VD ? VD->getType()->getAsRecordDecl() : nullptr;
            if (!ILE || !RD || RD->isUnion() || !VD->isLocalVarDecl())
              continue;
            unsigned I = 0;
            for (const FieldDecl *F : RD->fields()) {
              if (I >= ILE->getNumInits())
                break;
              const Expr *Init = ILE->getInit(I++);
              if (isCallableFieldType(F->getType()) && mentions(Init, Vars)) {
                Queue = F->getCanonicalDecl();
                Stored.push_back(ILE);
              }
            }
          }
        return true;
      });
      if (!Queue)
        continue;
      // A node's other fields written in the function hold the arguments.
      if (Node)
        walkFunction(FD, [&](const Stmt *S) {
          if (const auto *BO = dyn_cast<BinaryOperator>(S);
              BO && BO->getOpcode() == BO_Assign)
            if (const auto *ME =
                    dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts());
                ME && ME->getMemberDecl()->getDeclContext() == Node)
              Stored.push_back(BO->getRHS());
          return true;
        });
      Submit Sub{FD, (int)P->getFunctionScopeIndex(), {}};
      for (const ParmVarDecl *Q : FD->parameters()) {
        if (Q == P)
          continue;
        llvm::SmallPtrSet<const VarDecl *, 8> One;
        One.insert(Q);
        bool Used = llvm::any_of(
            Stored, [&](const Stmt *St) { return mentions(St, One); });
        // Bound into a local made from the callable (`std::bind(f, args)`).
        for (const VarDecl *V : Vars)
          if (V != P && V->getInit() && mentions(V->getInit(), One))
            Used = true;
        if (Used)
          Sub.ArgParams.push_back(Q->getFunctionScopeIndex());
      }
      if (!Queues.count(Queue))
        QueueOrder.push_back(Queue);
      Queues[Queue].push_back(std::move(Sub));
      break;
    }
  }
  if (Queues.empty())
    return;

  // Workers: threads reaching a function that takes from the queue and
  // calls a callable (a container), or calls through the node's field.
  struct Taking {
    llvm::SmallVector<const NamedDecl *, 2> Taken;
    const Stmt *Indirect = nullptr;
    llvm::SmallVector<std::pair<const NamedDecl *, const Stmt *>, 1> Fields;
  };
  llvm::DenseMap<const FunctionDecl *, Taking> Takes;
  auto TakingOf = [&](const FunctionDecl *FD) -> const Taking & {
    auto [It, New] = Takes.try_emplace(FD);
    if (New)
      walkFunction(FD, [&](const Stmt *S) {
        const auto *Call = dyn_cast<CallExpr>(S);
        if (!Call)
          return true;
        if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
            MC && isQueueTake(MC->getMethodDecl()))
          if (const NamedDecl *Q = queueDecl(MC->getImplicitObjectArgument()))
            It->second.Taken.push_back(Q);
        if (const FieldDecl *F = calledField(Call))
          It->second.Fields.push_back({F, Call});
        else if (!It->second.Indirect && isIndirectCall(Call))
          It->second.Indirect = Call;
        return true;
      });
    return It->second;
  };
  std::map<const NamedDecl *, PoolInfo> Found;
  for (const ThreadEntry &E : Entries) {
    if (!E.Callee || E.Pool)
      continue;
    std::vector<const FunctionDecl *> Work{E.Callee};
    llvm::DenseSet<const FunctionDecl *> Seen{E.Callee};
    for (size_t I = 0; I < Work.size() && I < 2000; ++I) {
      const FunctionDecl *FD = Work[I];
      const Taking &T = TakingOf(FD);
      auto Note = [&](const NamedDecl *Q, const Stmt *Call) {
        if (!Queues.count(Q))
          return;
        PoolInfo &P = Found[Q];
        P.Queue = Q;
        P.NodeField = isa<FieldDecl>(Q) &&
                      isCallableFieldType(cast<FieldDecl>(Q)->getType());
        if (!P.Runner) {
          P.Runner = FD;
          P.TaskCall = Call;
        }
        if (!llvm::is_contained(P.Workers, E.Id))
          P.Workers.push_back(E.Id);
      };
      if (T.Indirect)
        for (const NamedDecl *Q : T.Taken)
          Note(Q, T.Indirect);
      for (const auto &[F, Call] : T.Fields)
        Note(F, Call);
      for (const CallSite &CS : callSites(FD))
        if (Seen.insert(CS.Callee).second)
          Work.push_back(CS.Callee);
    }
  }
  if (Found.empty())
    return;
  for (const NamedDecl *Q : QueueOrder) {
    auto It = Found.find(Q);
    if (It == Found.end())
      continue;
    PoolInfo &P = It->second;
    P.Concurrent =
        P.Workers.size() > 1 || llvm::any_of(P.Workers, [&](unsigned Id) {
          return Entries[Id].InLoop;
        });
    Pools.push_back(P);
    const ThreadEntry &Worker = Entries[P.Workers.front()];
    for (const Submit &Sub : Queues[Q]) {
      StartWrapper W;
      W.Kind = ThreadStartKind::StdThread;
      W.FnParam = Sub.FnParam;
      W.ArgParams.assign(Sub.ArgParams.begin(), Sub.ArgParams.end());
      W.Inner = Worker.StartStmt;
      W.InnerIn = Worker.Starter;
      W.Pool = Pools.size();
      StartWrappers.try_emplace(Sub.FD->getCanonicalDecl(), W);
    }
  }
  if (Pools.empty())
    return;
  expandWrappers({});
  for (const ThreadEntry &E : Entries)
    if (E.Pool && E.Callee)
      PoolTaskCallees.insert(E.Callee);
  // The tasks' calls through the node's field run the tasks: reached from
  // their submits, not again from the worker.
  Calls.clear();
}

void ThreadEntries::poolWaits(ThreadEntry &E) {
  const SourceManager &SM = TU.getSourceManager();
  const PoolInfo &P = Pools[E.Pool - 1];
  const auto *MC = dyn_cast<CXXMemberCallExpr>(E.StartStmt);
  const ValueDecl *PoolObj = nullptr;
  if (MC)
    PoolObj = namedDecl(MC->getImplicitObjectArgument());
  else if (const auto *Call = dyn_cast<CallExpr>(E.StartStmt);
           Call && Call->getNumArgs() > 0 && E.Wrapper) {
    // `pool_add(p, fn, arg)`: the pool is the first argument, unless that
    // is the callable.
    auto It = StartWrappers.find(E.Wrapper->getCanonicalDecl());
    if (It != StartWrappers.end() && It->second.FnParam != 0)
      PoolObj = namedDecl(Call->getArg(0));
  }
  SourceLocation After = E.StartStmt->getEndLoc();
  walkFunction(E.Starter, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || !SM.isBeforeInTranslationUnit(After, Call->getBeginLoc()))
      return true;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true;
    if (auto It = StartWrappers.find(Callee->getCanonicalDecl());
        It != StartWrappers.end() && It->second.Pool)
      return true; // another task
    bool Waits = Callee->getIdentifier() &&
                 (Callee->getName().contains_insensitive("wait") ||
                  Callee->getName().contains_insensitive("join"));
    if (!Waits && PoolObj) {
      if (const auto *M = dyn_cast<CXXMemberCallExpr>(Call))
        Waits = namedDecl(M->getImplicitObjectArgument()) == PoolObj;
      else
        Waits = llvm::any_of(Call->arguments(), [&](const Expr *A) {
          return namedDecl(A) == PoolObj;
        });
    }
    if (Waits)
      E.Joins.push_back(Call->getExprLoc());
    return true;
  });
  llvm::sort(E.Joins, [&](SourceLocation A, SourceLocation B) {
    return SM.isBeforeInTranslationUnit(A, B);
  });
  // One worker runs the pool's tasks one after the other.
  if (!P.Concurrent)
    E.InLoop = false;
  // Nothing waits for the task: it runs on its own, like a detached thread.
  E.Detached = !E.Handle && E.Joins.empty();
  E.DetachLoc = SourceLocation();
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
        bool StillRunning = false;
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
