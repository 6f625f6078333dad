//===--- ThreadStartWrappers.cpp - the project's thread API ---------------===//
//
// Thread-start wrappers (a function passing its parameter as a thread's
// callable, and the functions calling it the same way), join and detach
// wrappers, and the listing of the inferred thread API.
//
//===----------------------------------------------------------------------===//

#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadEntries.h"
#include "checks/analysis/ThreadEntriesInternal.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace lockcheck {

using namespace thread_entries;

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

} // namespace lockcheck
