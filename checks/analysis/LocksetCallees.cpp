//===--- LocksetCallees.cpp - what calls do to the locks ------------------===//
//
// Summaries: what a call does to the locks its caller can name (a callee of
// this translation unit by its summary, another file's lock function, the
// callables stored into a function pointer or std::function), mapped to the
// caller through the call's object and arguments; and the summary of the
// function analysed, for its own callers.
//
//===----------------------------------------------------------------------===//

#include "checks/analysis/CallIndex.h"
#include "checks/analysis/LockApi.h"
#include "checks/analysis/LocksetInternal.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace lockcheck {
namespace lockset_impl {

/// A local of a function enclosing \p FD that \p FD captures (\p FD is a
/// lambda's call operator, or a function a lambda's effects reached).
bool isCapturedLocal(const LockOrigin &O, const FunctionDecl *FD) {
  return O.K == LockOrigin::Local && O.Var &&
         O.Var->getParentFunctionOrMethod() != FD;
}

static bool isLambdaCallOperator(const FunctionDecl *FD) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  return MD && MD->getParent()->isLambda();
}

/// Maps a callee's lock origin to the caller, through the call's object and
/// arguments.
static std::optional<LockOrigin> mapToCaller(const LockOrigin &O,
                                             const CallExpr *Call,
                                             const FunctionDecl *Callee,
                                             const FunctionDecl *Caller) {
  std::optional<LockOrigin> Base;
  switch (O.K) {
  case LockOrigin::Global:
    Base = O;
    Base->Fields.clear();
    Base->Suffix.clear();
    break;
  case LockOrigin::Local: {
    // A variable a lambda captured from an enclosing function: the same
    // variable in the caller (a parameter of the caller is named as one).
    if (!isCapturedLocal(O, Callee))
      return std::nullopt;
    Base = O;
    Base->Fields.clear();
    Base->Suffix.clear();
    if (const auto *P = dyn_cast<ParmVarDecl>(O.Var);
        P && P->getParentFunctionOrMethod() == Caller) {
      Base->K = LockOrigin::Param;
      Base->ParamIndex = P->getFunctionScopeIndex();
    }
    break;
  }
  case LockOrigin::This:
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      Base = resolveLockExpr(MC->getImplicitObjectArgument());
    else if ((isLambdaCallOperator(Callee) || !isa<CXXMethodDecl>(Callee)) &&
             (isLambdaCallOperator(Caller) ||
              (isa<CXXMethodDecl>(Caller) &&
               cast<CXXMethodDecl>(Caller)->isInstance()))) {
      // `this` captured by a lambda (or reached through a function called
      // with one) is the caller's own.
      Base = LockOrigin();
      Base->K = LockOrigin::This;
    }
    break;
  case LockOrigin::Param: {
    unsigned Offset =
        isa<CXXOperatorCallExpr>(Call) &&
                isa_and_nonnull<CXXMethodDecl>(Call->getDirectCallee())
            ? 1
            : 0;
    if (O.ParamIndex + Offset < Call->getNumArgs())
      Base = resolveLockExpr(Call->getArg(O.ParamIndex + Offset));
    break;
  }
  }
  if (!Base)
    return std::nullopt;
  Base->Fields.append(O.Fields.begin(), O.Fields.end());
  // An index that is a parameter of the callee (`locks[i]` in
  // `void done(int i)`) is the argument the caller passes.
  std::string Suffix = O.Suffix;
  unsigned Offset =
      isa<CXXOperatorCallExpr>(Call) &&
              isa_and_nonnull<CXXMethodDecl>(Call->getDirectCallee())
          ? 1
          : 0;
  for (unsigned I = 0; I < Callee->getNumParams(); ++I) {
    std::string Token =
        "[v" + std::to_string((uintptr_t)Callee->getParamDecl(I)) + "]";
    if (Suffix.find(Token) == std::string::npos)
      continue;
    if (I + Offset >= Call->getNumArgs())
      return std::nullopt;
    std::string Index = indexText(Call->getArg(I + Offset));
    if (Index.empty())
      return std::nullopt;
    for (size_t P; (P = Suffix.find(Token)) != std::string::npos;)
      Suffix.replace(P, Token.size(), "[" + Index + "]");
  }
  Base->Suffix += Suffix;
  return Base;
}

/// A lock function another translation unit defines (the whole program's
/// lock API, when the tool analyses the file with it): what it acquires or
/// releases, named through the call's arguments or object.
void Analyzer::onExternalCallee(const CallExpr *Call,
                                const FunctionDecl *Callee) {
  const InferredLockFunction *F = TU.getLockApi().function(Callee);
  if (!F || !F->External ||
      (F->Kind != LockOpKind::Acquire && F->Kind != LockOpKind::Release))
    return;
  auto O = mapToCaller(F->Lock, Call, Callee, FD);
  if (!O)
    return;
  std::string Name = F->LockName;
  const Expr *Base = nullptr;
  if (F->Lock.K == LockOrigin::This) {
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      Base = MC->getImplicitObjectArgument();
  } else if (F->Lock.K == LockOrigin::Param) {
    unsigned Offset =
        isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
    if (F->Lock.ParamIndex + Offset < Call->getNumArgs())
      Base = Call->getArg(F->Lock.ParamIndex + Offset);
  }
  if (Base)
    Name = fieldPathName(Base, F->Lock.Fields, nameOf(Base));
  auto K = lockKeyFromOrigin(*O, Name.empty() ? "lock" : Name);
  if (!K)
    return;
  if (!Out.Locks[*K].Type.IsLockable)
    Out.Locks[*K].Type = F->LockType;
  // No place inside the callee: it is in a file this unit does not read.
  Ev V{F->Kind == LockOpKind::Acquire ? EvKind::Acquire : EvKind::Release, *K,
       Call->getExprLoc(), Callee, SourceLocation()};
  V.Shared = F->Shared;
  add(Call, V);
  if (V.Kind == EvKind::Acquire)
    Acquires[*K].push_back({Call->getExprLoc(), Call});
}

void Analyzer::onCallee(const CallExpr *Call, const FunctionDecl *Callee) {
  const FunctionDecl *Def = nullptr;
  if (Callee && !Callee->hasBody(Def)) {
    onExternalCallee(Call, Callee);
    return;
  }
  if (!Callee || !Def || Def == FD)
    return;
  if (SM.isInSystemHeader(Def->getLocation()))
    return;
  const LocksetResult *Sum = TU.getLocksetIfAvailable(Def, Opts);
  if (!Sum)
    return;
  for (const LockEffect &E : Sum->Summary) {
    auto O = mapToCaller(E.Origin, Call, Def, FD);
    if (!O)
      continue;
    std::string Name;
    for (const LockInfo &L : Sum->Locks)
      if (L.Key == E.Origin.key())
        Name = L.Name;
    // Named as the caller writes it, through its argument or object.
    const Expr *Base = nullptr;
    if (E.Origin.K == LockOrigin::This) {
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
        Base = MC->getImplicitObjectArgument();
    } else if (E.Origin.K == LockOrigin::Param) {
      unsigned Offset =
          isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Def) ? 1 : 0;
      if (E.Origin.ParamIndex + Offset < Call->getNumArgs())
        Base = Call->getArg(E.Origin.ParamIndex + Offset);
    }
    if (Base && E.Origin.Suffix.empty())
      Name = fieldPathName(Base, E.Origin.Fields, nameOf(Base));
    auto K = lockKeyFromOrigin(*O, Name.empty() ? "lock" : Name);
    for (const LockInfo &L : Sum->Locks)
      if (L.Key == E.Origin.key() && !Out.Locks[*K].Type.IsLockable)
        Out.Locks[*K].Type = L.Type;
    Ev V{EvKind::InsideLock, *K, Call->getExprLoc(), Def, E.Loc};
    V.Shared = E.Shared;
    if (E.Kind == LockEffect::NetAcquire)
      V.Kind = EvKind::Acquire;
    else if (E.Kind == LockEffect::NetRelease)
      V.Kind = EvKind::Release;
    add(Call, V);
    if (V.Kind == EvKind::Acquire)
      Acquires[*K].push_back({Call->getExprLoc(), Call});
    // A lambda called by a function it was handed to (`template <class F>
    // void apply(F f) { f(); }`), or a helper a lambda calls (`[this] {
    // refresh(); }`): the locks taken inside are the caller's too, so that
    // its callers see them.
    if (V.Kind == EvKind::InsideLock &&
        ((isLambdaCallOperator(Def) && Def->getParent()->getParent() != FD) ||
         isLambdaCallOperator(FD)))
      InsideViaCallable.try_emplace(*K, E.Loc);
  }
}

void Analyzer::onCallback(const CallExpr *Call) {
  if (const FunctionDecl *Callee = Call->getDirectCallee()) {
    // Only operator() of a callable object whose body is not the user's
    // (std::function); a user's functor is a callee like any other.
    const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
    if (!MD || MD->getOverloadedOperator() != OO_Call ||
        MD->getParent()->isLambda())
      return;
    const FunctionDecl *Def = nullptr;
    if (MD->hasBody(Def) && Def && !SM.isInSystemHeader(Def->getLocation()))
      return;
  }
  const Expr *Base = nullptr;
  for (const CallIndex::Stored &S : TU.getCallIndex().storedFor(Call, Base)) {
    const FunctionDecl *Def = nullptr;
    if (!S.Fn->hasBody(Def) || !Def || Def == FD ||
        SM.isInSystemHeader(Def->getLocation()))
      continue;
    const LocksetResult *Sum = TU.getLocksetIfAvailable(Def, Opts);
    if (!Sum)
      continue;
    for (const LockEffect &E : Sum->Summary) {
      if (E.Kind == LockEffect::NetRelease)
        continue;
      std::optional<LockOrigin> O;
      if (E.Origin.K == LockOrigin::This) {
        // A lambda capturing `this`, stored into a field of that object:
        // its `this` is the object the field is called through. Defined
        // here and called through a local: this function's `this`.
        if (E.Origin.Suffix.find("[v") != std::string::npos)
          continue;
        if (S.ThisIsSlotObject && Base) {
          O = resolveLockExpr(Base);
        } else if (isLambdaCallOperator(Def) &&
                   Def->getParent()->getParent() == FD &&
                   isa<VarDecl>(S.Slot) &&
                   cast<VarDecl>(S.Slot)->getParentFunctionOrMethod() == FD) {
          O = LockOrigin();
          O->K = LockOrigin::This;
        }
        if (!O)
          continue;
        O->Fields.append(E.Origin.Fields.begin(), E.Origin.Fields.end());
        O->Suffix += E.Origin.Suffix;
      } else {
        O = mapToCaller(E.Origin, Call, Def, FD);
      }
      // Only a lock this function names can be held here.
      auto It = O ? LockKeys.find(O->key()) : LockKeys.end();
      if (It == LockKeys.end())
        continue;
      Ev V{EvKind::InsideLock, It->second, Call->getExprLoc(), Def, E.Loc};
      V.Through = S.Called;
      V.StoredAt = S.Loc;
      V.StoredInto = S.Slot;
      add(Call, V);
    }
  }
}

void Analyzer::summarize(const CFG &Cfg, ForwardDataflow &DF) {
  // Per lock: at every normal exit, what state is it in?
  std::map<KeyId, ValueBits> AtExit, ModeAtExit;
  bool AnyExit = false;
  for (const ForwardDataflow::NormalExit &X : DF.normalExits()) {
    for (KeyId K = 0; K < Out.Locks.size(); ++K) {
      AtExit[K] |= X.State.get(K);
      ModeAtExit[K] |= X.State.get(ModeBase + K);
    }
    AnyExit = true;
  }
  for (KeyId K = 0; K < Out.Locks.size(); ++K) {
    const LockInfo &L = Out.Locks[K];
    if ((L.Origin.K == LockOrigin::Local && !isCapturedLocal(L.Origin, FD)) ||
        Required.count(K) || Asserted.count(K))
      continue;
    LockEffect E;
    E.Origin = L.Origin;
    ValueBits V = AtExit[K];
    if (ReleasedFromEntry.count(K) && Acquires[K].empty())
      Out.ReleasedNeverTaken.push_back(K);
    if (ReleasedFromEntry.count(K)) {
      // Unlocks the caller's lock: a release wrapper, or a function that
      // drops the lock for a while and takes it back (no net effect).
      if (AnyExit && V == ReleasedUnknown) {
        E.Kind = LockEffect::NetRelease;
        if (!Releases[K].empty())
          E.Loc = Releases[K].front().first;
        Out.Summary.push_back(E);
      }
      continue;
    }
    if (AnyExit && V && !(V & ~HeldMask)) {
      E.Kind = LockEffect::NetAcquire;
      E.Shared = ModeAtExit[K] == ModeShared;
      if (!Acquires[K].empty())
        E.Loc = Acquires[K].front().first;
    } else if (!Acquires[K].empty()) {
      E.Kind = LockEffect::Inside;
      E.Loc = Acquires[K].front().first;
    } else if (auto It = InsideViaCallable.find(K);
               It != InsideViaCallable.end()) {
      E.Kind = LockEffect::Inside;
      E.Loc = It->second;
    } else {
      continue;
    }
    Out.Summary.push_back(E);
  }
}

} // namespace lockset_impl

using namespace lockset_impl;

std::optional<LockOrigin> mapLockToCaller(const LockOrigin &O,
                                          const CallExpr *Call,
                                          const FunctionDecl *Callee,
                                          const FunctionDecl *Caller) {
  return mapToCaller(O, Call, Callee, Caller);
}

} // namespace lockcheck
