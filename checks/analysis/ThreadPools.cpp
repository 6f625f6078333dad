//===--- ThreadPools.cpp - tasks submitted to pools and executors ---------===//
//
// A callable parameter stored into a queue (a container member or global,
// or the function field of a task node) from which a worker thread takes
// callables and calls them: the function storing it is a submit function,
// its calls start tasks that run on the pool's workers.
//
//===----------------------------------------------------------------------===//

#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadEntries.h"
#include "checks/analysis/ThreadEntriesInternal.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <map>

using namespace clang;

namespace lockcheck {

using namespace thread_entries;

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

} // namespace lockcheck
