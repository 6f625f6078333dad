//===--- SharedData.cpp - data two threads can reach ----------------------===//

#include "checks/analysis/SharedData.h"
#include "checks/analysis/CallIndex.h"
#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/LockApi.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSwitch.h"
#include <functional>

using namespace clang;

namespace lockcheck {

bool isSynchronizationType(QualType T) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  while (const auto *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  if (T->isAtomicType())
    return true; // C11 _Atomic
  if (lockableInfo(T).IsLockable || isConditionVariableType(T) ||
      isCThreadHandleType(T) || isStdThreadType(T) || isStdJThreadType(T) ||
      isStdThreadContainerType(T))
    return true;
  for (llvm::StringRef N :
       {"atomic", "atomic_flag", "atomic_ref", "once_flag", "future",
        "shared_future", "promise", "packaged_task", "latch", "barrier",
        "counting_semaphore", "binary_semaphore", "stop_source", "stop_token",
        "condition_variable", "condition_variable_any"})
    if (isStdClassType(T, N))
      return true;
  // std::pmr::synchronized_pool_resource locks inside.
  if (const auto *RD = T->getAsCXXRecordDecl();
      RD && RD->getIdentifier() &&
      RD->getName() == "synchronized_pool_resource")
    for (const DeclContext *DC = RD->getDeclContext(); DC; DC = DC->getParent())
      if (DC->isStdNamespace())
        return true;
  // C typedefs of synchronisation objects.
  for (QualType Q = T; const auto *TT = Q->getAs<TypedefType>();
       Q = TT->getDecl()->getUnderlyingType()) {
    llvm::StringRef N = TT->getDecl()->getName();
    if (N == "sem_t" || N == "pthread_once_t" || N == "pthread_barrier_t" ||
        N == "once_flag" || N == "pthread_key_t" || N == "tss_t" ||
        N == "sig_atomic_t" || N.starts_with("atomic_"))
      return true;
  }
  return false;
}

namespace {

bool isTransparent(const Stmt *S) {
  if (const auto *C = dyn_cast<ImplicitCastExpr>(S))
    return C->getCastKind() != CK_LValueToRValue;
  return isa<ParenExpr>(S) || isa<MaterializeTemporaryExpr>(S) ||
         isa<CXXBindTemporaryExpr>(S) || isa<FullExpr>(S);
}

/// Whether the variable \p VD is captured by copy by the lambda whose call
/// operator is \p FD (then the body uses the lambda's own copy).
bool capturedByCopy(const FunctionDecl *FD, const VarDecl *VD) {
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  if (!MD || !MD->getParent()->isLambda())
    return false;
  llvm::DenseMap<const ValueDecl *, FieldDecl *> Fields;
  FieldDecl *ThisField = nullptr;
  MD->getParent()->getCaptureFields(Fields, ThisField);
  auto It = Fields.find(VD);
  return It != Fields.end() && !It->second->getType()->isReferenceType();
}

/// A class (with its bases) that has atomic members and no lock.
bool isLockFreeClass(const RecordDecl *RD) {
  bool Atomic = false, Lock = false;
  std::function<void(const RecordDecl *, unsigned)> Scan =
      [&](const RecordDecl *R, unsigned Depth) {
        if (!R || Depth > 8 || !R->getDefinition())
          return;
        R = R->getDefinition();
        for (const FieldDecl *F : R->fields()) {
          QualType T = F->getType();
          while (const auto *AT = T->getAsArrayTypeUnsafe())
            T = AT->getElementType();
          if (lockableInfo(T).IsLockable)
            Lock = true;
          else if (T->isAtomicType() || isStdClassType(T, "atomic") ||
                   isStdClassType(T, "atomic_flag"))
            Atomic = true;
        }
        if (const auto *CXX = dyn_cast<CXXRecordDecl>(R))
          for (const CXXBaseSpecifier &B : CXX->bases())
            Scan(B.getType()->getAsCXXRecordDecl(), Depth + 1);
      };
  Scan(RD, 0);
  return Atomic && !Lock;
}

bool isSelfSynchronizingCall(const CXXMethodDecl *MD) {
  return MD &&
         isSynchronizationType(QualType(MD->getParent()->getTypeForDecl(), 0));
}

/// A library member that only looks (`find`, `count`, `begin`, `size`...),
/// whether or not it is the non-const overload.
bool isLookupCall(const CXXMethodDecl *MD) {
  if (!MD || !MD->getIdentifier())
    return false;
  return llvm::StringSwitch<bool>(MD->getName())
      .Cases("find", "count", "contains", "equal_range", "lower_bound",
             "upper_bound", true)
      .Cases("begin", "end", "rbegin", "rend", "cbegin", "cend", "crbegin",
             "crend", true)
      .Cases("size", "empty", "max_size", "capacity", "bucket_count",
             "load_factor", "get_allocator", true)
      .Default(false);
}

/// A library member that hands out an element (`at`, `front`, `back`,
/// `data`): what is done with the element decides.
bool isElementCall(const CXXMethodDecl *MD) {
  if (!MD || !MD->getIdentifier())
    return false;
  return llvm::StringSwitch<bool>(MD->getName())
      .Cases("at", "front", "back", "data", true)
      .Default(false);
}

} // namespace

AccessUse classifyAccess(const Expr *E, const FunctionDecl *FD,
                         TUAnalysis &TU) {
  AccessUse U;
  ParentMap *PM = TU.getParentMap(FD);
  const SourceManager &SM = TU.getSourceManager();
  // Read or write: climb to what uses the value.
  const Stmt *Cur = E;
  const Stmt *P = PM ? PM->getParent(Cur) : nullptr;
  while (P) {
    if (isTransparent(P)) {
      Cur = P;
      P = PM->getParent(P);
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P);
        Op && Op->getNumArgs() >= 1 && Op->getArg(0) == Cur &&
        (Op->getOperator() == OO_Subscript || Op->getOperator() == OO_Star ||
         Op->getOperator() == OO_Arrow)) {
      if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
        U.SlotIndex = Op->getArg(1);
      Cur = P; // an element: its use decides
      P = PM->getParent(P);
      continue;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(PM->getParent(ME));
      if (MC && isElementCall(MC->getMethodDecl()) &&
          SM.isInSystemHeader(MC->getMethodDecl()->getLocation())) {
        Cur = MC; // v.at(i) = x: the element's use decides
        P = PM->getParent(MC);
        continue;
      }
    }
    break;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    U.SlotIndex = AS->getIdx();
  if (P) {
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      U.Write = BO->isAssignmentOp() && BO->getLHS() == Cur;
    } else if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
      U.Write = UO->isIncrementDecrementOp();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
      const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
      U.Write = MD && Op->getNumArgs() >= 1 && Op->getArg(0) == Cur &&
                !MD->isConst() && !isSelfSynchronizingCall(MD) &&
                SM.isInSystemHeader(MD->getLocation());
    } else if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      // obj.method(): a non-const member of a library class (a container's
      // push_back) writes; a user class's members are analysed themselves.
      if (const auto *MC =
              dyn_cast_or_null<CXXMemberCallExpr>(PM->getParent(ME))) {
        const CXXMethodDecl *MD = MC->getMethodDecl();
        U.Write = MD && !MD->isConst() && !isSelfSynchronizingCall(MD) &&
                  !isLookupCall(MD) && SM.isInSystemHeader(MD->getLocation());
      }
    }
  }
  // The statement holding the access, when it is a whole statement.
  for (const Stmt *S = E, *Parent = PM ? PM->getParent(E) : nullptr; Parent;
       S = Parent, Parent = PM->getParent(Parent))
    if (isa<CompoundStmt>(Parent)) {
      if (isa<Expr>(S))
        U.Statement = S;
      break;
    } else if (!isa<Expr>(Parent)) {
      break;
    }
  return U;
}

bool takesGuardByReference(const FunctionDecl *FD,
                           const LockModelOptions &Opts) {
  return llvm::any_of(FD->parameters(), [&](const ParmVarDecl *P) {
    QualType T = P->getType();
    return T->isReferenceType() &&
           isGuardType(T.getNonReferenceType().getUnqualifiedType(), Opts);
  });
}

HeldList locksAround(const Expr *E, const FunctionDecl *FD, TUAnalysis &TU,
                     const LockModelOptions &Opts) {
  HeldList Out;
  const LocksetResult &R = TU.getLockset(FD, Opts);
  ParentMap *PM = TU.getParentMap(FD);
  if (!R.Analyzed)
    return Out;
  // The function's lockset at the access, or at the nearest enclosing
  // expression the CFG lists.
  for (const Stmt *S = E; S; S = PM ? PM->getParent(S) : nullptr) {
    auto It = R.HeldAt.find(S);
    if (It != R.HeldAt.end()) {
      for (const HeldLock &H : It->second)
        if (H.Kind == HeldKind::Must || H.Kind == HeldKind::May)
          Out.push_back(H);
      break;
    }
    if (!isa<Expr>(S))
      break;
  }
  return Out;
}

HeldList locksAtAccess(const Expr *E, const FunctionDecl *FD, TUAnalysis &TU,
                       const LockModelOptions &Opts) {
  HeldList Out = locksAround(E, FD, TU, Opts);
  const LocksetResult &R = TU.getLockset(FD, Opts);
  const SourceManager &SM = TU.getSourceManager();
  // The releases of a lock this function never takes, in source order:
  // before the first one, the caller's lock is held. (A flag cleared where
  // nothing spins on it is a flag reset, not a release.)
  std::map<unsigned, SourceLocation> FirstRelease;
  for (const LockFinding &F : R.Findings)
    if (F.Kind == LockFindingKind::UnlockUnheld &&
        F.Reason == UnheldReason::NeverTaken && F.Loc.isValid() &&
        F.Lock < R.Locks.size() && !R.Locks[F.Lock].Type.Spin) {
      auto [It, New] = FirstRelease.try_emplace(F.Lock, F.Loc);
      if (!New && SM.isBeforeInTranslationUnit(F.Loc, It->second))
        It->second = F.Loc;
    }
  for (const auto &[K, Loc] : FirstRelease)
    if (SM.isBeforeInTranslationUnit(E->getExprLoc(), Loc) &&
        llvm::none_of(Out, [&](const HeldLock &H) { return H.Lock == K; }))
      Out.push_back({K, HeldKind::Must, false});
  return Out;
}

namespace {
/// A loop, or a call of a function that does not return but does not end
/// the process (`pthread_exit`, `longjmp`, a project's own).
bool loopsOrLeavesOtherwise(const Stmt *S, const ASTContext &Ctx) {
  if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
    return false;
  // `do { ... } while (0)` of a macro runs once.
  bool Once = false;
  if (const auto *D = dyn_cast<DoStmt>(S);
      D && !D->getCond()->isValueDependent() &&
      D->getCond()->EvaluateAsBooleanCondition(Once, Ctx) && !Once)
    return loopsOrLeavesOtherwise(D->getBody(), Ctx);
  if (isa<WhileStmt, DoStmt, ForStmt, CXXForRangeStmt, GotoStmt>(S))
    return true;
  if (const auto *C = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *Callee = C->getDirectCallee();
        Callee && Callee->isNoReturn() && Callee->getIdentifier() &&
        !llvm::is_contained({"exit", "_exit", "_Exit", "quick_exit", "abort"},
                            Callee->getName()))
      return true;
  for (const Stmt *Child : S->children())
    if (loopsOrLeavesOtherwise(Child, Ctx))
      return true;
  return false;
}
} // namespace

bool endsProcess(const FunctionDecl *FD, TUAnalysis &TU) {
  if (!FD->getBody() ||
      loopsOrLeavesOtherwise(FD->getBody(), FD->getASTContext()))
    return false;
  const CFG *G = TU.getCFG(FD);
  if (!G)
    return false;
  // Every way into the exit block is a call that ends the process (the CFG
  // links a call of a noreturn function to the exit).
  const CFGBlock &Exit = G->getExit();
  bool Any = false;
  for (const CFGBlock::AdjacentBlock &P : Exit.preds()) {
    const CFGBlock *B = P.getReachableBlock();
    if (!B)
      continue;
    Any = true;
    const CallExpr *Last = nullptr;
    for (const CFGElement &E : llvm::reverse(*B))
      if (std::optional<CFGStmt> St = E.getAs<CFGStmt>()) {
        Last = dyn_cast<CallExpr>(St->getStmt());
        break;
      }
    const FunctionDecl *Callee = Last ? Last->getDirectCallee() : nullptr;
    if (!Callee || !Callee->isNoReturn())
      return false;
  }
  return Any;
}

bool underConstruction(const FunctionDecl *FD, const FieldDecl *F) {
  if (!isa<CXXConstructorDecl>(FD) && !isa<CXXDestructorDecl>(FD))
    return false;
  const CXXRecordDecl *Own = cast<CXXMethodDecl>(FD)->getParent();
  const auto *Of = dyn_cast<CXXRecordDecl>(F->getParent());
  return F->getParent() == Own || (Of && Own->isDerivedFrom(Of));
}

llvm::DenseSet<const VarDecl *>
localsSharedWithThreads(const ThreadEntries &TE) {
  llvm::DenseSet<const VarDecl *> Out;
  for (const ThreadEntry &E : TE.entries()) {
    for (const ThreadEntry::LocalRef &R : E.LocalRefs)
      Out.insert(R.Var);
    for (const ThreadEntry::Binding &B : E.Bindings)
      if (B.PointeeOnly)
        Out.insert(B.Var);
  }
  return Out;
}

SharedData::SharedData(TUAnalysis &TU, const LockModelOptions &Opts)
    : TU(TU), Opts(Opts), TE(TU.getThreadEntries(Opts)) {
  if (TE.empty())
    return;
  EscapedLocals = localsSharedWithThreads(TE);
  for (const ThreadEntry &E : TE.entries())
    for (const ThreadEntry::LocalRef &R : E.LocalRefs)
      if (R.Param)
        BoundParams[R.Param].push_back({R.Var, E.Id});
  for (const ThreadEntry &E : TE.entries())
    for (const ThreadEntry::Binding &B : E.Bindings) {
      BoundParams[B.Param].push_back({B.Var, E.Id});
      if (B.PointeeOnly)
        PointeeOnly.insert(B.Var);
    }
  llvm::DenseSet<const FunctionDecl *> Done;
  for (const FunctionDecl *FD : TE.reachedFunctions())
    if (Done.insert(FD).second)
      scanFunction(FD);
  for (const ThreadEntry &E : TE.entries())
    if (Done.insert(E.Starter).second)
      scanFunction(E.Starter);
  for (const FunctionDecl *FD : TE.regionFunctions())
    if (Done.insert(FD).second)
      scanFunction(FD);
  infer();
}

std::string SharedData::lockName(const std::string &ClassKey) const {
  if (const LockRef *L = lockOf(ClassKey))
    return L->Name;
  return TE.lockName(ClassKey);
}

bool SharedData::writtenAtLockInit(const SharedAccess &W,
                                   StringRef Guard) const {
  const SourceManager &SM = TU.getSourceManager();
  auto Before = [&](SourceLocation A, SourceLocation B) {
    return SM.isBeforeInTranslationUnit(SM.getExpansionLoc(A),
                                        SM.getExpansionLoc(B));
  };
  SourceLocation Init;
  for (const LockInitSite &I : TU.getLockApi().initsIn(W.FD))
    if (I.Lock.classKey() == Guard && Before(I.Loc, W.Loc)) {
      Init = I.Loc;
      break;
    }
  if (Init.isInvalid())
    return false;
  auto Between = [&](SourceLocation L) {
    return L.isValid() && Before(Init, L) && Before(L, W.Loc);
  };
  for (const ThreadEntry &E : TE.entries())
    if (E.Starter == W.FD && Between(E.StartLoc))
      return false;
  // A call in between of a function that starts a thread.
  const CallIndex &CI = TU.getCallIndex();
  if (!Starting) {
    Starting.emplace();
    llvm::SmallVector<const FunctionDecl *, 8> Work;
    for (const ThreadEntry &E : TE.entries())
      if (E.Starter && Starting->insert(E.Starter->getCanonicalDecl()).second)
        Work.push_back(E.Starter);
    while (!Work.empty())
      for (const CallIndex::CallSite &C : CI.callers(Work.pop_back_val()))
        if (C.Caller && Starting->insert(C.Caller->getCanonicalDecl()).second)
          Work.push_back(C.Caller);
  }
  for (const FunctionDecl *G : *Starting)
    for (const CallIndex::CallSite &C : CI.callers(G))
      if (C.Caller == W.FD && Between(C.At->getBeginLoc()))
        return false;
  return true;
}

void SharedData::scanFunction(const FunctionDecl *FD) {
  // Compiler-generated members (an implicit copy assignment) have no line of
  // their own to report at, and copy whatever the code around them copies.
  if (TE.isOnceBody(FD) || !FD->getBody() || FD->isImplicit() ||
      endsProcess(FD, TU))
    return;
  bool IsStarter = llvm::is_contained(TE.regionFunctions(), FD);
  for (const ThreadEntry &E : TE.entries())
    IsStarter |= E.Starter == FD;
  if (!TE.reached(FD) && !IsStarter)
    return;

  // The shared variable an expression names, with its key and name; for a
  // parameter bound to different variables by different threads, one per
  // variable, each for the threads that bind it (Only).
  struct Target {
    std::string Key;
    std::string Name;
    const ValueDecl *D = nullptr;
    bool Pointer = false; ///< the pointee of a local pointer: `c->n`
    llvm::SmallVector<unsigned, 2> Only;
  };
  using Targets = llvm::SmallVector<Target, 1>;
  // Locals that only rename a bound parameter: `struct ctx *c = arg;`.
  llvm::DenseMap<const VarDecl *, const ParmVarDecl *> Renames;
  if (!BoundParams.empty())
    for (const ParmVarDecl *P : FD->parameters())
      if (BoundParams.count(P))
        forEachLocalRenaming(FD, P,
                             [&](const VarDecl *Local) { Renames[Local] = P; });
  std::function<Targets(const VarDecl *, bool)> VarTarget =
      [&](const VarDecl *VD, bool Deref) -> Targets {
    if (!VD)
      return {};
    if (auto It = Renames.find(VD); It != Renames.end())
      VD = It->second;
    if (const auto *P = dyn_cast<ParmVarDecl>(VD)) {
      auto It = BoundParams.find(P);
      if (It == BoundParams.end())
        return {};
      // A pointer parameter: only what it points to is shared.
      if (!P->getType()->isReferenceType() && !Deref)
        return {};
      Targets Out;
      for (const auto &[Var, Entry] : It->second) {
        Targets T = VarTarget(Var, Deref);
        if (T.empty())
          continue;
        auto Same = llvm::find_if(
            Out, [&](const Target &X) { return X.Key == T.front().Key; });
        if (Same == Out.end()) {
          T.front().Only.push_back(Entry);
          Out.push_back(T.front());
        } else {
          Same->Only.push_back(Entry);
        }
      }
      // Bound to one variable by every thread that reaches the parameter.
      if (Out.size() == 1)
        Out.front().Only.clear();
      return Out;
    }
    if (VD->hasGlobalStorage()) {
      if (VD->getTLSKind() != VarDecl::TLS_None)
        return {};
    } else if (!EscapedLocals.count(VD) || capturedByCopy(FD, VD) ||
               (PointeeOnly.count(VD) && !Deref)) {
      return {};
    }
    if (VD->getType().isConstQualified() ||
        isSynchronizationType(VD->getType()))
      return {};
    // One variable whatever declaration a use names (`extern int x;` and
    // `int x;`, a static member's declaration and its definition).
    VD = VD->getCanonicalDecl();
    Target T{"V:" + std::to_string(reinterpret_cast<uintptr_t>(VD)),
             VD->getNameAsString(), VD};
    T.Pointer = PointeeOnly.count(VD) != 0;
    return {T};
  };
  // `x`, `*p`, `p[i]`, `r` (bound parameters).
  auto RootTarget = [&](const Expr *E) -> Targets {
    E = E->IgnoreParenImpCasts();
    bool Deref = false;
    // Through a cast of the pointer: `*(int *)arg`.
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_Deref) {
      E = U->getSubExpr()->IgnoreParenCasts();
      Deref = true;
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase()->IgnoreParenCasts();
      Deref = true;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return VarTarget(dyn_cast<VarDecl>(DRE->getDecl()), Deref);
    return {};
  };
  // A member chain `this->a.b`, `g.a`, `p->a` (p bound to a shared local).
  auto MemberTarget = [&](const MemberExpr *ME) -> Targets {
    const auto *FD0 = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD0)
      return {};
    std::string Chain = FD0->getNameAsString();
    const MemberExpr *Cur = ME;
    for (;;) {
      const auto *F = dyn_cast<FieldDecl>(Cur->getMemberDecl());
      if (!F || F->getType().isConstQualified())
        return {};
      const Expr *Base = Cur->getBase()->IgnoreParenImpCasts();
      if (const auto *Inner = dyn_cast<MemberExpr>(Base);
          Inner && !Cur->isArrow()) {
        Cur = Inner;
        Chain = Cur->getMemberDecl()->getNameAsString() + "." + Chain;
        continue;
      }
      if (isa<CXXThisExpr>(Base)) {
        // The object under construction (its own or inherited members), or
        // one only the running thread reaches.
        if (underConstruction(FD, F))
          return {};
        if (!TE.sharedThis(FD))
          return {};
        std::string Key =
            "F:" + F->getParent()->getQualifiedNameAsString() + "::" + Chain;
        return {Target{Key, Chain, FD0}};
      }
      Targets Roots;
      if (Cur->isArrow()) {
        // `((struct ctx *)arg)->n`
        if (const auto *DRE = dyn_cast<DeclRefExpr>(Base->IgnoreParenCasts()))
          Roots = VarTarget(dyn_cast<VarDecl>(DRE->getDecl()), true);
      } else {
        Roots = RootTarget(Base);
      }
      for (Target &R : Roots) {
        R.Key += "." + Chain;
        R.Name += (R.Pointer ? "->" : ".") + Chain;
        R.D = FD0;
      }
      return Roots;
    }
  };

  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S)
      return;
    if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
      for (const Expr *Init : LE->capture_inits())
        Walk(Init);
      return;
    }
    if (isa<UnaryExprOrTypeTraitExpr>(S) || isa<BlockExpr>(S))
      return;
    // Taking an address reads nothing: `&x` handed to a thread or a call.
    if (const auto *U = dyn_cast<UnaryOperator>(S);
        U && U->getOpcode() == UO_AddrOf) {
      const Expr *Sub = U->getSubExpr()->IgnoreParenImpCasts();
      while (const auto *ME = dyn_cast<MemberExpr>(Sub)) {
        if (ME->isArrow())
          break;
        Sub = ME->getBase()->IgnoreParenImpCasts();
      }
      if (isa<DeclRefExpr>(Sub))
        return;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(S)) {
      Targets Ts = MemberTarget(ME);
      if (!Ts.empty()) {
        if (!isSynchronizationType(ME->getType()))
          for (const Target &T : Ts)
            addAccess(T.Key, T.D, T.Name, ME, FD, T.Only);
        return;
      }
    } else if (isa<DeclRefExpr>(S) || isa<UnaryOperator>(S) ||
               isa<ArraySubscriptExpr>(S)) {
      const auto *E = cast<Expr>(S);
      Targets Ts = RootTarget(E);
      if (!Ts.empty()) {
        if (!isSynchronizationType(E->getType()))
          for (const Target &T : Ts)
            addAccess(T.Key, T.D, T.Name, E, FD, T.Only);
        return;
      }
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  forEachCodeRoot(FD, Walk);
}

bool SharedData::perThreadIndex(const Expr *Index,
                                const FunctionDecl *FD) const {
  const VarDecl *I = refVar(Index);
  if (!I || I->hasGlobalStorage())
    return false;
  // Changed by the thread itself: not one value any more.
  if (mayChange(FD->getBody(), I))
    return false;
  for (const ThreadEntry &E : TE.entries()) {
    if (!E.InLoop || !E.Callee || E.Callee != FD || !E.Starter)
      continue;
    ParentMap *SPM = TU.getParentMap(E.Starter);
    const Stmt *Loop = SPM ? enclosingLoop(E.StartStmt, *SPM) : nullptr;
    if (!Loop)
      continue;
    // The value the thread got, as the starting function names it.
    const VarDecl *Source = nullptr;
    if (capturedByCopy(FD, I)) {
      Source = I; // [i] { ... v[i] ... }
    } else if (const auto *P = dyn_cast<ParmVarDecl>(I)) {
      unsigned K = P->getFunctionScopeIndex() + (E.ObjectArg ? 1 : 0);
      if (K < E.Creation.Args.size())
        Source = refVar(E.Creation.Args[K].E);
    }
    // A variable of the loop (its counter, or declared in its body): each
    // thread got another value.
    if (Source && Source->hasLocalStorage() &&
        Loop->getSourceRange().fullyContains(Source->getSourceRange()))
      return true;
  }
  return false;
}

void SharedData::addAccess(const std::string &Key, const ValueDecl *D,
                           std::string Name, const Expr *E,
                           const FunctionDecl *FD,
                           llvm::ArrayRef<unsigned> Only) {
  ContextSet Ctxs = TE.contextsAt(FD, E);
  if (!Only.empty())
    for (auto It = Ctxs.begin(); It != Ctxs.end();)
      It = llvm::is_contained(Only, It->Entry) ? std::next(It) : Ctxs.erase(It);
  if (Ctxs.empty() || TE.prunedByArguments(FD, E))
    return;
  SharedAccess A;
  A.E = E;
  A.FD = FD;
  A.Loc = E->getExprLoc();
  A.Contexts = std::move(Ctxs);
  A.CallerHoldsLock = takesGuardByReference(FD, Opts);

  AccessUse U = classifyAccess(E, FD, TU);
  // Thread i writing v[i], with i a value of its own: a slot no other
  // thread writes.
  if (U.SlotIndex && perThreadIndex(U.SlotIndex, FD))
    return;
  A.Write = U.Write;
  A.Statement = U.Statement;
  // The locks held: the function's lockset at the access, and those of
  // every call path.
  for (const HeldLock &H : locksAtAccess(E, FD, TU, Opts)) {
    const LocksetResult &R = TU.getLockset(FD, Opts);
    const LockInfo &L = R.Locks[H.Lock];
    std::string K = L.Origin.classKey();
    Locks.emplace(K, LockRef{L.Origin, L.Name, L.Type});
    (H.Kind == HeldKind::Must ? A.Locks : A.MayLocks).insert(K);
    if (H.ReadOnly)
      A.ReadLocks.insert(K);
  }
  const auto &Ctx = TE.contextLocks(FD);
  A.Locks.insert(Ctx.begin(), Ctx.end());

  auto [It, New] = Index.try_emplace(Key, Vars.size());
  if (New) {
    SharedVariable V;
    V.Decl = D;
    V.Name = std::move(Name);
    if (llvm::StringRef(Key).starts_with("F:")) {
      V.OwnerClass = Key.substr(2, Key.rfind("::") - 2);
      if (const auto *F = dyn_cast<FieldDecl>(D))
        V.LockFreeClass = isLockFreeClass(F->getParent());
    }
    Vars.push_back(std::move(V));
  }
  Vars[It->second].Accesses.push_back(std::move(A));
}

bool SharedData::mayGuard(llvm::StringRef LockClass, const SharedVariable &V) {
  // A member reached through `this` belongs to whichever object the method
  // runs on: a lock of another class that its callers hold guards some of
  // those objects (a container inside the class owning the lock), not the
  // member of every object. Only a lock of its own class, or a global, is
  // evidence about all of them.
  if (V.OwnerClass.empty() || LockClass.starts_with("g:"))
    return true;
  if (!LockClass.consume_front("f:"))
    return false;
  size_t Sep = LockClass.rfind("::");
  return Sep != llvm::StringRef::npos &&
         LockClass.take_front(Sep) == V.OwnerClass;
}

std::set<std::string> SharedData::locksIn(const SharedAccess &A,
                                          const ThreadContext &C) const {
  std::set<std::string> L = A.Locks;
  const std::set<std::string> &Path = TE.contextLocks(A.FD, C);
  L.insert(Path.begin(), Path.end());
  return L;
}

bool SharedData::mayRace(const SharedVariable &V, const SharedAccess &A,
                         const ThreadContext &X, const SharedAccess &B,
                         const ThreadContext &Y) const {
  if (!TE.concurrent(X, Y))
    return false;
  std::set<std::string> LA = locksIn(A, X), LB = locksIn(B, Y);
  // A common lock excludes the other side, unless both hold it for reading.
  if (llvm::any_of(LA, [&](const std::string &K) {
        return LB.count(K) && !(A.ReadLocks.count(K) && B.ReadLocks.count(K));
      }))
    return false;
  if (V.OwnerClass.empty() || LA.empty() == LB.empty())
    return true;
  return llvm::any_of(LA.empty() ? LB : LA,
                      [&](const std::string &K) { return mayGuard(K, V); });
}

void SharedData::infer() {
  for (SharedVariable &V : Vars) {
    if (const auto *GB = V.Decl->getAttr<GuardedByAttr>()) {
      if (auto O = resolveLockExpr(GB->getArg())) {
        V.Guard = O->classKey();
        V.Declared = true;
        if (!Locks.count(V.Guard)) {
          LockRef L{*O, O->className(), lockableInfo(GB->getArg()->getType())};
          L.Name = O->Fields.empty()
                       ? (O->Var ? O->Var->getNameAsString() : O->className())
                       : O->Fields.back()->getNameAsString();
          Locks.emplace(V.Guard, std::move(L));
        }
      }
    }
    std::map<std::string, unsigned> Count;
    for (const SharedAccess &A : V.Accesses) {
      for (const std::string &K : A.Locks)
        ++Count[K];
      V.AnyLocked |= !A.Locks.empty() || !A.MayLocks.empty();
    }
    if (!V.Declared) {
      unsigned Best = 0;
      for (const auto &[K, N] : Count)
        if (N > Best && mayGuard(K, V)) {
          Best = N;
          V.Guard = K;
        }
    }
    if (!V.Guard.empty())
      V.GuardedCount = Count[V.Guard];
  }
}

} // namespace lockcheck
