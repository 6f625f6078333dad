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
#include "clang/AST/ParentMap.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include <functional>

using namespace clang;

namespace lockcheck {

using namespace thread_entries;

std::vector<ThreadEntries::StartWrapperInfo>
ThreadEntries::startWrappers() const {
  std::vector<StartWrapperInfo> Out;
  for (const FunctionDecl *FD : TU.functions())
    if (auto It = StartWrappers.find(FD->getCanonicalDecl());
        It != StartWrappers.end() && It->second.FnParam >= 0)
      Out.push_back({FD, unsigned(It->second.FnParam), It->second.Inner,
                     It->second.Pool ? nullptr : It->second.InnerIn});
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

/// The local an expression reads: a variable of scalar type
/// (`thread_fn f`) or a member of a local union (`f.out`), and whether it is
/// the union; null otherwise.
static const VarDecl *readLocal(const Expr *E, const FunctionDecl *FD,
                                bool &Union) {
  E = stripValueExpr(E);
  Union = false;
  if (const auto *ME = dyn_cast<MemberExpr>(E); ME && !ME->isArrow()) {
    E = ME->getBase()->IgnoreParenImpCasts();
    Union = true;
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || isa<ParmVarDecl>(VD) || !VD->hasLocalStorage() ||
      VD->getDeclContext() != FD)
    return nullptr;
  if (Union) {
    const RecordDecl *RD = VD->getType()->getAsRecordDecl();
    return RD && RD->isUnion() ? VD : nullptr;
  }
  return VD->getType()->isScalarType() ? VD : nullptr;
}

/// The index of the parameter of \p FD whose value \p E holds where
/// statement \p At of \p FD uses it: \p E names the parameter (see
/// paramIndex), or a local it was stored into: a variable
/// (`thread_fn f = fn;`) or a member of a local union read through another
/// member (`f.in = entry; pthread_create(t, 0, f.out, arg);`, how libuv
/// squelches a function cast). Every store to the local before \p At (and
/// anywhere in the loop around \p At) stores the parameter; the local is
/// otherwise only read (never pointed to, captured or bound to a
/// reference). -1 otherwise.
static int heldParam(const Expr *E, const FunctionDecl *FD, const Stmt *At,
                     TUAnalysis &TU) {
  if (int P = paramIndex(E, FD); P >= 0 || !E)
    return P;
  bool Union = false;
  const VarDecl *VD = readLocal(E, FD, Union);
  ParentMap *PM = VD ? TU.getParentMap(FD) : nullptr;
  if (!PM || !FD->getBody())
    return -1;
  const SourceManager &SM = TU.getSourceManager();
  // The read at the start itself.
  const Expr *Read = stripValueExpr(E);
  if (const auto *ME = dyn_cast<MemberExpr>(Read))
    Read = ME->getBase()->IgnoreParenImpCasts();
  const Stmt *Loop = enclosingLoop(At, *PM);
  SourceLocation AtLoc = SM.getExpansionLoc(At->getBeginLoc());
  // Whether a store at S reaches At: before it, or in its loop.
  auto Reaches = [&](const Stmt *S) {
    SourceLocation L = SM.getExpansionLoc(S->getBeginLoc());
    return SM.isBeforeInTranslationUnit(L, AtLoc) ||
           (Loop && Loop->getSourceRange().fullyContains(S->getSourceRange()));
  };
  int Held = -1;
  bool Ok = true, Stored = false;
  auto Store = [&](bool Reached, const Expr *Value) {
    if (!Reached)
      return;
    int P = paramIndex(Value, FD);
    Ok &= P >= 0 && (Held < 0 || Held == P);
    Held = P;
    Stored = true;
  };
  const Expr *Init = VD->getInit();
  // A default construction (C++) stores nothing.
  if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(Init);
      CE && CE->getNumArgs() == 0)
    Init = nullptr;
  if (Init) {
    // `union { ... } f = {entry};` stores its one initialiser.
    if (const auto *ILE = dyn_cast<InitListExpr>(Init->IgnoreParenImpCasts());
        ILE && Union)
      Init = ILE->getNumInits() == 1 ? ILE->getInit(0) : nullptr;
    if (Init)
      Store(true, Init);
    else
      Ok = false;
  }
  std::function<void(const Stmt *, bool)> Walk = [&](const Stmt *S,
                                                     bool InClosure) {
    if (!S || !Ok)
      return;
    InClosure |= isa<LambdaExpr>(S) || isa<BlockExpr>(S);
    for (const Stmt *Child : S->children())
      Walk(Child, InClosure);
    const auto *DRE = dyn_cast<DeclRefExpr>(S);
    if (!DRE || DRE->getDecl() != VD || DRE == Read)
      return;
    // The use: `f` or `f.m`, then what is done with it.
    const Stmt *Use = DRE;
    const Stmt *P = PM->getParentIgnoreParens(Use);
    if (const auto *ME = dyn_cast_or_null<MemberExpr>(P); ME && Union) {
      Use = ME;
      P = PM->getParentIgnoreParens(ME);
    }
    if (InClosure) {
      Ok = false; // a lambda or a block may change it when it runs
    } else if (const auto *IC = dyn_cast_or_null<ImplicitCastExpr>(P);
               IC && IC->getCastKind() == CK_LValueToRValue) {
      // read
    } else if (isa_and_nonnull<UnaryExprOrTypeTraitExpr>(P)) {
      // sizeof
    } else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P);
               BO && BO->getOpcode() == BO_Assign &&
               BO->getLHS()->IgnoreParens() == Use) {
      Store(Reaches(BO), BO->getRHS());
    } else {
      Ok = false; // a compound assignment, `&f`, a reference...
    }
  };
  Walk(FD->getBody(), false);
  return Ok && Stored ? Held : -1;
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
    int FnParam = heldParam(E.Creation.Callable, E.Starter, E.StartStmt, TU);
    if (FnParam < 0)
      continue;
    StartWrapper W;
    W.Kind = E.Creation.Kind;
    W.FnParam = FnParam;
    for (const ThreadArg &A : E.Creation.Args)
      W.ArgParams.push_back(heldParam(A.E, E.Starter, E.StartStmt, TU));
    if (E.Creation.HandleOut)
      if (const auto *U = dyn_cast<UnaryOperator>(
              E.Creation.HandleOut->IgnoreParenImpCasts());
          !U || U->getOpcode() != UO_AddrOf)
        W.HandleParam =
            heldParam(E.Creation.HandleOut, E.Starter, E.StartStmt, TU);
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
        if (int P = heldParam(Callable, FD, S, TU); P >= 0) {
          if (StartWrappers.count(FD->getCanonicalDecl()))
            return true;
          StartWrapper Up = W;
          Up.FnParam = P;
          for (int &A : Up.ArgParams)
            A = A >= 0 && A < (int)Args.size() ? heldParam(Args[A], FD, S, TU)
                                               : -1;
          Up.HandleParam =
              W.HandleParam >= 0 && W.HandleParam < (int)Args.size()
                  ? heldParam(Args[W.HandleParam], FD, S, TU)
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
