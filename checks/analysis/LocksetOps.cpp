//===--- LocksetOps.cpp - the lock operations of a function ---------------===//
//
// The first walk of a function's body: each lock operation (a lock call, a
// guard's construction or member call, a lock handed over) becomes the
// events of its statement, and each lock the key the dataflow tracks it by.
//
//===----------------------------------------------------------------------===//

#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/LockApi.h"
#include "checks/analysis/LocksetInternal.h"
#include "checks/model/ThreadModel.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"

using namespace clang;

namespace lockcheck {
namespace lockset_impl {

std::string Analyzer::nameOf(const Expr *E) {
  return lockExprName(E, SM, TU.getContext().getLangOpts(), "lock");
}

std::optional<KeyId> Analyzer::lockKeyFromOrigin(const LockOrigin &O,
                                                 llvm::StringRef Name) {
  std::string K = O.key();
  auto It = LockKeys.find(K);
  if (It != LockKeys.end())
    return It->second;
  KeyId Id = Out.Locks.size();
  LockInfo Info;
  Info.Origin = O;
  Info.Key = K;
  Info.Name = Name.str();
  Out.Locks.push_back(Info);
  LockKeys[K] = Id;
  return Id;
}

std::optional<KeyId> Analyzer::lockKey(const Expr *E) {
  if (!E)
    return std::nullopt;
  auto O = resolveLockExpr(E);
  if (!O)
    return std::nullopt;
  auto K = lockKeyFromOrigin(*O, nameOf(E));
  LockInfo &Info = Out.Locks[*K];
  if (!Info.Type.IsLockable) {
    QualType T = E->getType();
    if (T->isPointerType())
      T = T->getPointeeType();
    Info.Type = lockableInfo(T, Opts);
  }
  return K;
}

/// The name of the lock at \p Fields inside what \p Base designates, as the
/// caller would write it: `mu.m` for `&mu`, `q->mu` for `q`, `mu_` for
/// `this`.
std::string fieldPathName(const Expr *Base,
                          llvm::ArrayRef<const FieldDecl *> Fields,
                          llvm::StringRef BaseName) {
  const Expr *B = Base->IgnoreParenImpCasts();
  bool Object = false;
  if (const auto *U = dyn_cast<UnaryOperator>(B);
      U && U->getOpcode() == UO_AddrOf)
    Object = true;
  else if (!B->getType()->isPointerType())
    Object = true;
  std::string Name = isa<CXXThisExpr>(B) ? "" : BaseName.str();
  for (const FieldDecl *F : Fields) {
    if (!Name.empty())
      Name += Object ? "." : "->";
    Name += F->getNameAsString();
    Object = !F->getType()->isPointerType();
  }
  return Name;
}

std::optional<KeyId> Analyzer::lockKey(const LockOp &Op, const Expr *L) {
  if (Op.Fields.empty() && !Op.Type)
    return lockKey(L);
  auto O = L ? resolveLockExpr(L) : std::nullopt;
  if (!O)
    return std::nullopt;
  std::string Name = fieldPathName(L, Op.Fields, nameOf(L));
  QualType T = Op.Fields.empty() ? L->getType() : Op.Fields.back()->getType();
  O->Fields.append(Op.Fields.begin(), Op.Fields.end());
  auto K = lockKeyFromOrigin(*O, Name);
  LockInfo &Info = Out.Locks[*K];
  if (Op.Type) {
    Info.Type = *Op.Type;
  } else if (!Info.Type.IsLockable) {
    if (T->isPointerType())
      T = T->getPointeeType();
    Info.Type = lockableInfo(T, Opts);
  }
  return K;
}

/// Whether the value of \p E is thrown away: \p E is a statement of its
/// own (in a block, the body of a brace-less if, else or loop, a label, a
/// case), cast to void, the left of a comma, or a for's init or increment.
bool isDiscardedValue(const Expr *E, ParentMap &PM) {
  const Stmt *Child = E;
  const Stmt *P = PM.getParent(E);
  for (; P; Child = P, P = PM.getParent(P)) {
    if (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P) || isa<FullExpr>(P))
      continue;
    if (const auto *C = dyn_cast<ExplicitCastExpr>(P)) {
      if (C->getType()->isVoidType())
        return true;
      continue;
    }
    break;
  }
  if (!P || isa<CompoundStmt>(P) || isa<SwitchCase>(P) || isa<LabelStmt>(P) ||
      isa<AttributedStmt>(P))
    return true;
  if (const auto *If = dyn_cast<IfStmt>(P))
    return If->getThen() == Child || If->getElse() == Child ||
           If->getInit() == Child;
  if (const auto *W = dyn_cast<WhileStmt>(P))
    return W->getBody() == Child;
  if (const auto *D = dyn_cast<DoStmt>(P))
    return D->getBody() == Child;
  if (const auto *F = dyn_cast<ForStmt>(P))
    return F->getBody() == Child || F->getInit() == Child ||
           F->getInc() == Child;
  if (const auto *R = dyn_cast<CXXForRangeStmt>(P))
    return R->getBody() == Child;
  if (const auto *BO = dyn_cast<BinaryOperator>(P);
      BO && BO->getOpcode() == BO_Comma)
    return BO->getLHS() == Child || isDiscardedValue(BO, PM);
  return false;
}

void Analyzer::onCall(const CallExpr *Call) {
  // Guard member calls: lk.lock(), lk.unlock(), lk.release().
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    GuardMemberKind GK = classifyGuardMember(MC->getMethodDecl(), Opts);
    if (GK != GuardMemberKind::None) {
      const VarDecl *GV = refVar(MC->getImplicitObjectArgument());
      auto It = GV ? Guards.find(GV) : Guards.end();
      if (It == Guards.end())
        return;
      KeyId G = It->second;
      SourceLocation Loc = MC->getExprLoc();
      switch (GK) {
      case GuardMemberKind::Lock:
        add(Call, {EvKind::GuardLock, G, Loc});
        for (KeyId L : GuardLocks[G])
          Acquires[L].push_back({Loc, Call});
        break;
      case GuardMemberKind::TryLock: {
        TryInfo T;
        T.Locks = GuardLocks[G];
        T.Guard = G;
        TryCalls[Call] = T;
        break;
      }
      case GuardMemberKind::Unlock:
        add(Call, {EvKind::GuardUnlock, G, Loc});
        for (KeyId L : GuardLocks[G])
          Releases[L].push_back({Loc, Call});
        break;
      case GuardMemberKind::Release:
        add(Call, {EvKind::GuardDisown, G, Loc});
        for (KeyId L : GuardLocks[G])
          add(Call, {EvKind::Escape, L, Loc});
        break;
      case GuardMemberKind::OwnsLock: {
        TryInfo T;
        T.Guard = G;
        T.Locks = GuardLocks[G];
        TryCalls[Call] = T; // a test, not an acquisition: see transferEdge
        break;
      }
      default:
        break;
      }
      return;
    }
  }

  // std::move(guard): handed over.
  if (const Expr *Moved = getMovedArg(Call))
    if (const VarDecl *GV = refVar(Moved)) {
      auto It = Guards.find(GV);
      if (It != Guards.end()) {
        add(Call, {EvKind::GuardEscape, It->second, Call->getExprLoc()});
        return;
      }
    }

  // mu.AssertHeld() (ASSERT_CAPABILITY): the caller holds it.
  if (const FunctionDecl *Callee = Call->getDirectCallee();
      Callee && Callee->hasAttr<AssertCapabilityAttr>()) {
    // Held from the assertion on, on that path only: not on entry.
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      if (auto K = lockKey(MC->getImplicitObjectArgument())) {
        Asserted.insert(*K);
        add(Call, {EvKind::Assert, *K, Call->getExprLoc()});
      }
    return;
  }
  LockOp Op = classifyLockCall(Call, Opts);
  if (Op.Spin) {
    onSpin(Call, Op);
    return;
  }
  SourceLocation Loc = Call->getExprLoc();
  if (Op.Kind != LockOpKind::Wait) {
    bool AnyGuard = false;
    for (const Expr *Arg : Call->arguments()) {
      const VarDecl *GV = refVar(Arg);
      auto It = GV ? Guards.find(GV) : Guards.end();
      if (It == Guards.end())
        continue;
      AnyGuard = true;
      if (Op.Kind == LockOpKind::Acquire && Op.Unordered) {
        add(Call, {EvKind::GuardLock, It->second, Loc});
        for (KeyId L : GuardLocks[It->second])
          Acquires[L].push_back({Loc, Call});
      } else {
        add(Call, {EvKind::GuardEscape, It->second, Loc});
      }
    }
    if (AnyGuard)
      return;
  }
  // A C lock call whose result is used can fail: it acquires, and a branch
  // that tests the result for failure undoes that.
  if (Op.Kind == LockOpKind::Acquire && Op.Success == TrySuccess::Zero &&
      !Op.Unordered && !isDiscardedValue(Call, *PM)) {
    TryInfo T;
    T.Checked = true;
    T.Success = Op.Success;
    for (const Expr *L : Op.Locks)
      if (auto K = lockKey(Op, L))
        T.Locks.push_back(*K);
    noteResult(Call, T);
  }
  switch (Op.Kind) {
  case LockOpKind::None:
    onCallee(Call, Call->getDirectCallee());
    CallbackCalls.push_back(Call);
    return;
  case LockOpKind::Wait:
    // Releases and takes back the lock: no net change. Tracked so that the
    // checks can tell whether the thread holds it.
    if (!Op.Locks.empty()) {
      const VarDecl *GV = refVar(Op.Locks.front());
      auto It = GV ? Guards.find(GV) : Guards.end();
      if (It != Guards.end())
        WaitCalls[Call] = {std::nullopt, GV};
      else
        WaitCalls[Call] = {lockKey(Op, Op.Locks.front()), nullptr};
    }
    return;
  case LockOpKind::Acquire:
    for (const Expr *L : Op.Locks)
      if (auto K = lockKey(Op, L)) {
        Ev V{EvKind::Acquire, *K, Loc};
        V.Shared = Op.Shared;
        add(Call, V);
        Acquires[*K].push_back({Loc, Call});
      }
    return;
  case LockOpKind::Release:
    for (const Expr *L : Op.Locks)
      if (auto K = lockKey(Op, L)) {
        add(Call, {EvKind::Release, *K, Loc});
        Releases[*K].push_back({Loc, Call});
      }
    return;
  case LockOpKind::Init:
    for (const Expr *L : Op.Locks)
      if (auto K = lockKey(Op, L))
        add(Call, {EvKind::Reset, *K, Loc});
    return;
  case LockOpKind::TryAcquire: {
    TryInfo T;
    T.Success = Op.Success;
    for (const Expr *L : Op.Locks)
      if (auto K = lockKey(Op, L)) {
        T.Locks.push_back(*K);
        Acquires[*K].push_back({Loc, Call});
      }
    noteResult(Call, T);
    return;
  }
  }
}

void Analyzer::onGuardDecl(const VarDecl *VD) {
  const auto *CE = dyn_cast_or_null<CXXConstructExpr>(
      VD->getInit() ? stripExpr(VD->getInit()) : nullptr);
  KeyId G = GuardBase + GuardVars.size();
  Guards[VD] = G;
  GuardVars.push_back(VD);
  if (!CE)
    return;
  GuardCtor GC = classifyGuardConstruction(CE, Opts);
  SourceLocation Loc = VD->getLocation();
  if (GC.Init == GuardInit::Move) {
    // Adopts another guard's locks and ownership.
    const Expr *From =
        GC.MovedFrom ? getMovedArg(stripExpr(GC.MovedFrom)) : nullptr;
    if (const VarDecl *Src = From ? refVar(From) : nullptr) {
      auto It = Guards.find(Src);
      if (It != Guards.end()) {
        GuardLocks[G] = GuardLocks[It->second];
        KnownGuards.insert(G);
        InitEvents[VD].push_back({EvKind::GuardOwn, G, Loc});
        InitEvents[VD].push_back({EvKind::GuardEscape, It->second, Loc});
        return;
      }
    }
    return;
  }
  for (const Expr *L : GC.Locks)
    if (auto K = lockKey(L))
      GuardLocks[G].push_back(*K);
  if (GC.Shared)
    SharedGuards.insert(G);
  if (GC.Init != GuardInit::None)
    KnownGuards.insert(G);
  switch (GC.Init) {
  case GuardInit::Acquire:
    for (KeyId L : GuardLocks[G]) {
      Ev A{EvKind::Acquire, L, Loc};
      A.Shared = GC.Shared;
      InitEvents[VD].push_back(A);
      Acquires[L].push_back({Loc, nullptr});
    }
    InitEvents[VD].push_back({EvKind::GuardOwn, G, Loc});
    break;
  case GuardInit::Adopt:
    InitEvents[VD].push_back({EvKind::GuardOwn, G, Loc});
    break;
  case GuardInit::Release:
    // A scoped unlocker: releases now, takes the locks back at its end.
    for (KeyId L : GuardLocks[G]) {
      InitEvents[VD].push_back({EvKind::Release, L, Loc});
      Releases[L].push_back({Loc, nullptr});
    }
    InitEvents[VD].push_back({EvKind::GuardUnlocker, G, Loc});
    break;
  case GuardInit::Try: {
    TryInfo T;
    T.Locks = GuardLocks[G];
    T.Guard = G;
    // Until a branch tells, the guard may or may not own.
    for (KeyId L : GuardLocks[G])
      Acquires[L].push_back({Loc, nullptr});
    TryResults[VD] = T;
    InitEvents[VD].push_back({EvKind::TryAcquire, G, Loc});
    break;
  }
  default:
    break;
  }
}

void Analyzer::collect(const Stmt *S) {
  if (!S)
    return;
  if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : LE->capture_inits())
      collect(Init);
    return;
  }
  if (isa<BlockExpr>(S))
    return;
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->hasLocalStorage() && isGuardType(VD->getType(), Opts) &&
            !VD->getType()->isReferenceType()) {
          GuardDeclStmts[DS] = VD;
          onGuardDecl(VD);
        }
  if (const auto *Call = dyn_cast<CallExpr>(S))
    onCall(Call);
  if (const auto *AE = dyn_cast<AtomicExpr>(S))
    if (LockOp Op = classifySpinOp(AE); Op.Kind != LockOpKind::None)
      onSpin(AE, Op);
  if (const auto *Ret = dyn_cast<ReturnStmt>(S))
    if (const VarDecl *GV = refVar(Ret->getRetValue())) {
      auto It = Guards.find(GV);
      if (It != Guards.end())
        add(Ret, {EvKind::GuardEscape, It->second, Ret->getBeginLoc()});
    }
  for (const Stmt *Child : S->children())
    collect(Child);
}

} // namespace lockset_impl

std::string lockPathName(const Expr *Base,
                         llvm::ArrayRef<const FieldDecl *> Fields,
                         llvm::StringRef BaseName) {
  return lockset_impl::fieldPathName(Base, Fields, BaseName);
}

} // namespace lockcheck
