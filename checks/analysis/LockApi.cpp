//===--- LockApi.cpp - the lock API a project defines for itself ----------===//

#include "checks/analysis/LockApi.h"
#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/MutexInits.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/model/ThreadModel.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include <set>

using namespace clang;

namespace lockcheck {

namespace {
const char *const RuleAcquire =
    "holds it on every normal exit and releases nothing";
const char *const RuleGlobal =
    "takes no argument and holds the global on every normal exit";
const char *const RuleRelease =
    "releases a lock its caller holds and acquires nothing";
const char *const RuleTryExits =
    "holds it exactly on the exits that return success";
const char *const RuleTryReturn = "returns the result of a try-lock";
const char *const RuleTestAndSet =
    "returns the result of a test-and-set of a flag";
const char *const RuleWait = "waits on a condition variable with a mutex "
                             "from its parameters, outside any loop";
const char *const RuleInit =
    "initialises a lock its parameters reach, or hands it to a function "
    "that does";
const char *const RuleMutex =
    "its member functions acquire and release its member mutex";
const char *const RuleGuard = "its constructor acquires the lock it is "
                              "given and its destructor releases it";
const char *const RuleUnlocker = "its constructor releases the lock it is "
                                 "given and its destructor re-acquires it";
} // namespace

const char *const RuleExternal = "inferred where it is defined";
const char *const RuleInitRecursive =
    "initialises the mutex its parameter points to as recursive, or hands "
    "it to a function that does";

static std::shared_ptr<const std::vector<LockApiFact>> &externalSlot() {
  static std::shared_ptr<const std::vector<LockApiFact>> Slot;
  return Slot;
}

void setExternalLockApi(std::shared_ptr<const std::vector<LockApiFact>> Facts) {
  externalSlot() = std::move(Facts);
}

std::shared_ptr<const std::vector<LockApiFact>> externalLockApi() {
  return externalSlot();
}

std::string lockApiUsr(const FunctionDecl *FD) {
  llvm::SmallString<128> Usr;
  if (!FD || index::generateUSRForDecl(FD->getCanonicalDecl(), Usr))
    return std::string();
  return std::string(Usr);
}

LockApi::LockApi(TUAnalysis &TU) : TU(TU), ExternalFacts(externalSlot()) {
  if (ExternalFacts)
    for (const LockApiFact &F : *ExternalFacts)
      ExternalByUsr.try_emplace(F.Usr, &F);
}

bool LockApi::userCode(const Decl *D) const {
  if (!D || D->getLocation().isInvalid())
    return false;
  const SourceManager &SM = TU.getSourceManager();
  return !SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation()));
}

const LocksetResult *LockApi::lockset(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def) || !Def || !userCode(Def) ||
      Def->isDependentContext())
    return nullptr;
  return TU.getLocksetIfAvailable(Def, TU.modelOptions());
}

/// A mutex reached through a pointer stored in an object (nng's `cv->mtx`,
/// bound to the condition variable at initialisation): which lock of the
/// caller that is cannot be told.
static bool throughStoredPointer(const LockOrigin &O) {
  return llvm::any_of(O.Fields, [](const FieldDecl *F) {
    return F->getType()->isPointerType();
  });
}

/// A lock a caller can name through its arguments or object.
static bool mappable(const LockOrigin &O) {
  return (O.K == LockOrigin::Param || O.K == LockOrigin::This) &&
         O.Suffix.empty();
}

static std::string lockName(const LocksetResult &R, const LockOrigin &O) {
  std::string K = O.key();
  for (const LockInfo &L : R.Locks)
    if (L.Key == K)
      return L.Name;
  return O.className();
}

/// The try-lock call a returned value reads, and whether a non-zero value
/// then means success: `trylock(m)`, `trylock(m) == 0`, `!m.try_lock()`,
/// `atomic_flag_test_and_set(&f->f)` (a test-and-set: LockOp::Spin).
static const Expr *returnedTry(const Expr *E, const LockModelOptions &Opts,
                               LockOp &Op, bool &NonZeroIsSuccess) {
  bool Flip = false;
  for (;;) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_LNot) {
      Flip = !Flip;
      E = U->getSubExpr();
      continue;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(E);
        B && (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE)) {
      const Expr *L = B->getLHS()->IgnoreParenImpCasts();
      const Expr *R = B->getRHS()->IgnoreParenImpCasts();
      const Expr *Other = nullptr;
      if (const auto *IL = dyn_cast<IntegerLiteral>(R);
          IL && IL->getValue() == 0)
        Other = L;
      else if (const auto *IL = dyn_cast<IntegerLiteral>(L);
               IL && IL->getValue() == 0)
        Other = R;
      if (!Other)
        return nullptr;
      if (B->getOpcode() == BO_EQ)
        Flip = !Flip;
      E = Other;
      continue;
    }
    break;
  }
  if (isa<AtomicExpr>(E))
    Op = classifySpinOp(E);
  else if (const auto *Call = dyn_cast<CallExpr>(E))
    Op = classifyLockCall(Call, Opts);
  else
    return nullptr;
  if (Op.Kind != LockOpKind::TryAcquire || Op.Locks.size() != 1)
    return nullptr;
  NonZeroIsSuccess = (Op.Success == TrySuccess::True) != Flip;
  return E;
}

static void collectReturns(const Stmt *S,
                           llvm::SmallVectorImpl<const ReturnStmt *> &Out) {
  if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
    return;
  if (const auto *R = dyn_cast<ReturnStmt>(S))
    Out.push_back(R);
  for (const Stmt *Child : S->children())
    collectReturns(Child, Out);
}

/// Whether \p S runs only on some paths of its function: in a branch of an
/// if, a switch, a ?: or the right of && / ||.
static bool underCondition(const Stmt *S, ParentMap &PM) {
  const Stmt *Child = S;
  for (const Stmt *P = PM.getParent(S); P; Child = P, P = PM.getParent(P)) {
    if (const auto *If = dyn_cast<IfStmt>(P)) {
      if (If->getCond() != Child)
        return true;
    } else if (const auto *Sw = dyn_cast<SwitchStmt>(P)) {
      if (Sw->getCond() != Child)
        return true;
    } else if (const auto *CO = dyn_cast<ConditionalOperator>(P)) {
      if (CO->getCond() != Child)
        return true;
    } else if (const auto *BO = dyn_cast<BinaryOperator>(P);
               BO && BO->isLogicalOp() && BO->getRHS() == Child) {
      return true;
    }
  }
  return false;
}

std::optional<InferredLockFunction>
LockApi::inferFunction(const FunctionDecl *FD, const LocksetResult &R) {
  if (isa<CXXConstructorDecl>(FD) || isa<CXXDestructorDecl>(FD))
    return std::nullopt;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
      MD && MD->getParent()->isLambda())
    return std::nullopt;
  const LockModelOptions &Opts = TU.modelOptions();
  InferredLockFunction F;
  const LockEffect *Acq = nullptr, *Rel = nullptr;
  unsigned NAcq = 0, NRel = 0;
  for (const LockEffect &E : R.Summary) {
    if (E.Kind == LockEffect::NetAcquire) {
      Acq = &E;
      ++NAcq;
    } else if (E.Kind == LockEffect::NetRelease) {
      Rel = &E;
      ++NRel;
    }
  }
  auto Recursive = [&](const LockOrigin &O) {
    for (const LockInfo &L : R.Locks)
      if (L.Key == O.key() && L.Type.Recursive && L.Type.RecursionKnown)
        return true;
    return TU.getMutexInits(Opts).lookup(O.classKey()) == Recursion::Recursive;
  };
  if (NAcq == 1 && NRel == 0) {
    F.Kind = LockOpKind::Acquire;
    F.Lock = Acq->Origin;
    F.Shared = Acq->Shared;
    F.Rule = Acq->Origin.K == LockOrigin::Global && FD->param_empty()
                 ? RuleGlobal
                 : RuleAcquire;
    F.LockName = lockName(R, F.Lock);
    F.Recursive = Recursive(F.Lock);
    return F;
  }
  if (NRel == 1 && NAcq == 0) {
    F.Kind = LockOpKind::Release;
    F.Lock = Rel->Origin;
    F.Rule = RuleRelease;
    F.LockName = lockName(R, F.Lock);
    for (const LockInfo &L : R.Locks)
      if (L.Key == F.Lock.key())
        F.Spin = L.Type.Spin;
    return F;
  }
  if (NAcq || NRel)
    return std::nullopt;

  // Try-acquire: held exactly where it returns success.
  for (unsigned K : R.AcquiredOnSuccess) {
    const LockOrigin &O = R.Locks[K].Origin;
    if (!mappable(O))
      continue;
    F.Kind = LockOpKind::TryAcquire;
    F.Lock = O;
    F.LockName = R.Locks[K].Name;
    QualType T = FD->getReturnType();
    F.NonNull = T->isPointerType();
    F.Success = T->isPointerType() || T->isBooleanType() ? TrySuccess::True
                                                         : TrySuccess::Zero;
    F.Rule = RuleTryExits;
    return F;
  }
  // Try-acquire: returns what a try-lock returns.
  if (!FD->getReturnType()->isVoidType()) {
    llvm::SmallVector<const ReturnStmt *, 4> Rets;
    collectReturns(FD->getBody(), Rets);
    std::optional<std::string> Key;
    bool Agree = !Rets.empty();
    for (const ReturnStmt *Ret : Rets) {
      LockOp Op;
      bool NonZero = false;
      if (!Ret->getRetValue() ||
          !returnedTry(Ret->getRetValue(), Opts, Op, NonZero)) {
        Agree = false;
        break;
      }
      auto O = resolveLockExpr(Op.Locks.front());
      if (!O) {
        Agree = false;
        break;
      }
      O->Fields.append(Op.Fields.begin(), Op.Fields.end());
      if (!mappable(*O) || (Key && *Key != O->key())) {
        Agree = false;
        break;
      }
      if (Key && F.Spin != Op.Spin) {
        Agree = false;
        break;
      }
      Key = O->key();
      F.Lock = *O;
      F.Success = NonZero ? TrySuccess::True : TrySuccess::Zero;
      F.Shared = Op.Shared;
      F.Spin = Op.Spin;
      if (F.Spin)
        F.LockName = lockExprName(Op.Locks.front(), TU.getSourceManager(),
                                  TU.getContext().getLangOpts(), "flag");
    }
    if (Agree) {
      F.Kind = LockOpKind::TryAcquire;
      if (!F.Spin)
        F.LockName = lockName(R, F.Lock);
      F.Rule = F.Spin ? RuleTestAndSet : RuleTryReturn;
      return F;
    }
  }

  // A condition wait on the caller's mutex, outside any loop.
  ParentMap *PM = TU.getParentMap(FD);
  for (const WaitSite &W : R.Waits) {
    if (!W.Lock || W.Guard || W.State != HeldKind::Unknown || !PM ||
        enclosingLoop(W.Call, *PM) || underCondition(W.Call, *PM))
      continue;
    LockOp Op = classifyLockCall(W.Call, Opts);
    if (Op.Kind != LockOpKind::Wait || !Op.CondVar)
      continue;
    auto C = resolveLockExpr(Op.CondVar);
    if (!C)
      continue;
    C->Fields.append(Op.Fields.begin(), Op.Fields.end());
    const LockOrigin &M = R.Locks[*W.Lock].Origin;
    if (!mappable(*C) || !mappable(M))
      continue;
    F.Kind = LockOpKind::Wait;
    F.Lock = M;
    F.LockName = R.Locks[*W.Lock].Name;
    F.CondVar = *C;
    F.CondName = lockExprName(Op.CondVar, TU.getSourceManager(),
                              TU.getContext().getLangOpts(), "cond");
    F.Timed = Op.Timed;
    F.Rule = RuleWait;
    return F;
  }
  // An initialisation of a lock its caller names (`queue_init(q)`).
  for (const LockInitSite &I : initsIn(FD))
    if (mappable(I.Lock)) {
      F.Kind = LockOpKind::Init;
      F.Lock = I.Lock;
      F.LockName = I.Name;
      F.Rule = RuleInit;
      return F;
    }
  return std::nullopt;
}

/// The lock an initialisation function \p F initialises at \p Call, as
/// the caller would write it (`m->mtx` for `xmtx_init(m)`), or \p Fallback.
static std::string initName(const InferredLockFunction &F, const CallExpr *Call,
                            const SourceManager &SM, const LangOptions &LO,
                            std::string Fallback) {
  if (F.Lock.K != LockOrigin::Param || F.Lock.ParamIndex >= Call->getNumArgs())
    return Fallback;
  const Expr *Arg = Call->getArg(F.Lock.ParamIndex);
  std::string Base = lockExprName(Arg, SM, LO, "");
  if (Base.empty())
    return Fallback;
  return lockPathName(Arg, F.Lock.Fields, Base);
}

const std::vector<LockInitSite> &LockApi::initsIn(const FunctionDecl *FD) {
  auto [It, New] = Inits.try_emplace(FD);
  if (!New || !FD->getBody())
    return It->second;
  std::vector<LockInitSite> Out;
  const LockModelOptions &Opts = TU.modelOptions();
  const SourceManager &SM = TU.getSourceManager();
  const LangOptions &LO = TU.getContext().getLangOpts();
  llvm::SmallVector<const Stmt *, 32> Work{FD->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
      continue;
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      LockOp Op = classifyLockCall(Call, Opts);
      if (Op.Kind == LockOpKind::Init) {
        for (const Expr *L : Op.Locks)
          if (auto O = resolveLockExpr(L)) {
            O->Fields.append(Op.Fields.begin(), Op.Fields.end());
            Out.push_back(
                {*O, lockExprName(L, SM, LO, "lock"), Call->getBeginLoc()});
          }
      } else if (const FunctionDecl *Callee = Call->getDirectCallee();
                 Callee &&
                 Callee->getCanonicalDecl() != FD->getCanonicalDecl()) {
        const InferredLockFunction *F = function(Callee);
        if (F && F->Kind == LockOpKind::Init)
          if (auto O = mapLockToCaller(F->Lock, Call, Callee, FD))
            Out.push_back({*O, initName(*F, Call, SM, LO, O->className()),
                           Call->getBeginLoc()});
      }
    }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  llvm::stable_sort(Out, [&](const LockInitSite &A, const LockInitSite &B) {
    return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
  });
  // The walk may have inferred functions, moving the map's slots.
  auto &Slot = Inits[FD];
  Slot = std::move(Out);
  return Slot;
}

const InferredLockFunction *LockApi::function(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  if (FD && !FD->hasBody(Def) && !ExternalByUsr.empty() &&
      !FD->isDependentContext()) {
    // Declared here, defined in another translation unit.
    const FunctionDecl *Canon = FD->getCanonicalDecl();
    auto [It, New] = Externals.try_emplace(Canon);
    if (New)
      if (const LockApiFact *Fact = ExternalByUsr.lookup(lockApiUsr(Canon)))
        It->second = resolveExternal(Canon, *Fact);
    return It->second ? &*It->second : nullptr;
  }
  if (!FD || !Def || !userCode(Def))
    return nullptr;
  auto It = Functions.find(Def);
  if (It != Functions.end())
    return It->second ? &*It->second : nullptr;
  if (!InProgress.insert(Def).second)
    return nullptr;
  const LocksetResult *R = lockset(Def);
  std::optional<InferredLockFunction> F;
  if (R)
    F = inferFunction(Def, *R);
  InProgress.erase(Def);
  if (!R)
    return nullptr;
  auto &Slot = Functions[Def];
  Slot = std::move(F);
  return Slot ? &*Slot : nullptr;
}

const VarDecl *LockApi::globalNamed(StringRef Qualified) {
  ASTContext &Ctx = TU.getContext();
  const DeclContext *DC = Ctx.getTranslationUnitDecl();
  llvm::SmallVector<StringRef, 4> Parts;
  Qualified.split(Parts, "::");
  for (size_t I = 0; I < Parts.size(); ++I) {
    const DeclContext *Next = nullptr;
    for (const NamedDecl *D :
         DC->lookup(DeclarationName(&Ctx.Idents.get(Parts[I])))) {
      if (I + 1 == Parts.size()) {
        if (const auto *V = dyn_cast<VarDecl>(D); V && V->hasGlobalStorage())
          return V;
      } else if (const auto *C = dyn_cast<DeclContext>(D)) {
        Next = C;
        break;
      }
    }
    if (!Next)
      return nullptr;
    DC = Next;
  }
  return nullptr;
}

std::optional<LockOrigin> LockApi::resolvePath(const FunctionDecl *FD,
                                               const LockPathFact &P,
                                               QualType &Type) {
  LockOrigin O;
  switch (P.Base) {
  case LockPathFact::OfParam:
    if (P.Param >= FD->getNumParams())
      return std::nullopt;
    O.K = LockOrigin::Param;
    O.ParamIndex = P.Param;
    O.Var = FD->getParamDecl(P.Param);
    Type = O.Var->getType();
    break;
  case LockPathFact::OfThis: {
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    if (!MD || MD->isStatic())
      return std::nullopt;
    O.K = LockOrigin::This;
    Type = MD->getThisType();
    break;
  }
  case LockPathFact::OfGlobal: {
    const VarDecl *V = globalNamed(P.Global);
    // A global of internal linkage is another file's own: the one declared
    // here (if any) is not it.
    if (!V || !P.GlobalFile.empty() || !V->isExternallyVisible())
      return std::nullopt;
    O.K = LockOrigin::Global;
    O.Var = V;
    Type = V->getType();
    break;
  }
  }
  for (size_t I = 0; I < P.Fields.size(); ++I) {
    const std::string &Name = P.Fields[I];
    QualType T = Type.getNonReferenceType();
    bool Pointer = T->isPointerType();
    if (Pointer)
      T = T->getPointeeType();
    const RecordDecl *RD = T->getAsRecordDecl();
    if (RD && RD->getDefinition())
      RD = RD->getDefinition();
    else if (RD) {
      // An opaque type here (nng's public `nng_mtx`, defined only in the
      // library): the lock is what the caller's argument points to, told
      // apart from the object's other locks by the rest of the path.
      std::string Rest = Pointer ? "->" : ".";
      Rest += llvm::join(P.Fields.begin() + I, P.Fields.end(), ".");
      O.Suffix += Rest;
      break;
    }
    if (!RD)
      return std::nullopt;
    const FieldDecl *Found = nullptr;
    for (const FieldDecl *F : RD->fields())
      if (F->getName() == Name) {
        Found = F;
        break;
      }
    if (!Found)
      return std::nullopt;
    O.Fields.push_back(Found);
    Type = Found->getType();
  }
  return O;
}

std::optional<InferredLockFunction>
LockApi::resolveExternal(const FunctionDecl *FD, const LockApiFact &Fact) {
  InferredLockFunction F;
  if (Fact.Kind == "acquire")
    F.Kind = LockOpKind::Acquire;
  else if (Fact.Kind == "release")
    F.Kind = LockOpKind::Release;
  else if (Fact.Kind == "try-acquire")
    F.Kind = LockOpKind::TryAcquire;
  else if (Fact.Kind == "wait")
    F.Kind = LockOpKind::Wait;
  else if (Fact.Kind == "test-and-set")
    F.Kind = LockOpKind::TryAcquire, F.Spin = true;
  else if (Fact.Kind == "clear")
    F.Kind = LockOpKind::Release, F.Spin = true;
  else if (Fact.Kind == "init" || Fact.Kind == "init-recursive")
    F.Kind = LockOpKind::Init;
  else
    return std::nullopt;
  QualType T;
  std::optional<LockOrigin> O = resolvePath(FD, Fact.Lock, T);
  if (!O)
    return std::nullopt;
  if ((F.Kind == LockOpKind::TryAcquire || F.Kind == LockOpKind::Wait ||
       F.Kind == LockOpKind::Init) &&
      !mappable(*O))
    return std::nullopt;
  if (F.Kind == LockOpKind::Wait) {
    QualType CT;
    std::optional<LockOrigin> C =
        Fact.HasCondVar ? resolvePath(FD, Fact.CondVar, CT) : std::nullopt;
    if (!C || !mappable(*C))
      return std::nullopt;
    F.CondVar = *C;
    F.CondName = Fact.CondName;
    F.Timed = Fact.Timed;
  }
  F.External = true;
  F.Rule = RuleExternal;
  F.Lock = *O;
  F.LockName = Fact.LockName;
  F.Shared = Fact.Shared;
  F.Success = Fact.SuccessZero ? TrySuccess::Zero : TrySuccess::True;
  F.NonNull = Fact.NonNull;
  const LockModelOptions &Opts = TU.modelOptions();
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  F.LockType = lockableInfo(T, Opts);
  F.LockType.IsLockable = true;
  F.LockType.Spin = F.Spin;
  F.Recursive = Fact.Recursive || TU.getMutexInits(Opts).lookup(
                                      O->classKey()) == Recursion::Recursive;
  if (F.Recursive || Fact.NonRecursive) {
    F.LockType.Recursive = F.Recursive;
    F.LockType.RecursionKnown = true;
  }
  return F;
}

/// \p O as another translation unit can name it from the function's
/// parameters, object or a global.
static std::optional<LockPathFact> pathOf(const LockOrigin &O,
                                          const SourceManager &SM) {
  if (!O.Suffix.empty())
    return std::nullopt;
  LockPathFact P;
  switch (O.K) {
  case LockOrigin::Param:
    P.Base = LockPathFact::OfParam;
    P.Param = O.ParamIndex;
    break;
  case LockOrigin::This:
    P.Base = LockPathFact::OfThis;
    break;
  case LockOrigin::Global:
    if (!O.Var || O.Var->isStaticLocal())
      return std::nullopt;
    P.Base = LockPathFact::OfGlobal;
    P.Global = O.Var->getQualifiedNameAsString();
    if (!O.Var->isExternallyVisible())
      P.GlobalFile =
          std::string(SM.getFilename(SM.getSpellingLoc(O.Var->getLocation())));
    break;
  case LockOrigin::Local:
    return std::nullopt;
  }
  for (const FieldDecl *F : O.Fields) {
    if (F->getName().empty())
      return std::nullopt;
    P.Fields.push_back(F->getNameAsString());
  }
  return P;
}

std::optional<LockApiFact> LockApi::factOf(const FunctionDecl *FD) {
  if (!FD || !FD->hasBody() || !userCode(FD) || !FD->isExternallyVisible() ||
      FD->isInlined() || FD->isDependentContext() ||
      FD->isTemplateInstantiation() ||
      FD->getTemplatedKind() != FunctionDecl::TK_NonTemplate)
    return std::nullopt;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
      MD && (MD->getParent()->isLambda() ||
             MD->getParent()->getDescribedClassTemplate() ||
             isa<ClassTemplateSpecializationDecl>(MD->getParent())))
    return std::nullopt;
  const InferredLockFunction *F = function(FD);
  // A recursive-init function of a parameter (its first one).
  llvm::ArrayRef<unsigned> Params =
      TU.getMutexInits(TU.modelOptions()).recursiveInitParams(FD);
  if (!F || (F->Kind == LockOpKind::Init && !Params.empty())) {
    if (Params.empty() || Params.front() >= FD->getNumParams())
      return std::nullopt;
    LockApiFact Fact;
    Fact.Kind = "init-recursive";
    Fact.Lock.Base = LockPathFact::OfParam;
    Fact.Lock.Param = Params.front();
    Fact.LockName = FD->getParamDecl(Params.front())->getNameAsString();
    Fact.Recursive = true;
    return Fact;
  }
  if (F->External)
    return std::nullopt;
  if (F->Kind == LockOpKind::Wait && throughStoredPointer(F->Lock))
    return std::nullopt;
  const SourceManager &SM = TU.getSourceManager();
  std::optional<LockPathFact> Lock = pathOf(F->Lock, SM);
  if (!Lock)
    return std::nullopt;
  LockApiFact Fact;
  switch (F->Kind) {
  case LockOpKind::Acquire:
    Fact.Kind = "acquire";
    break;
  case LockOpKind::Release:
    Fact.Kind = F->Spin ? "clear" : "release";
    break;
  case LockOpKind::TryAcquire:
    Fact.Kind = F->Spin ? "test-and-set" : "try-acquire";
    break;
  case LockOpKind::Wait:
    Fact.Kind = "wait";
    break;
  case LockOpKind::Init:
    Fact.Kind = "init";
    break;
  default:
    return std::nullopt;
  }
  Fact.Lock = std::move(*Lock);
  Fact.LockName = F->LockName;
  Fact.Shared = F->Shared;
  Fact.Recursive = F->Recursive;
  if (!F->Recursive) {
    const LockModelOptions &Opts = TU.modelOptions();
    if (TU.getMutexInits(Opts).lookup(F->Lock.classKey()) ==
        Recursion::NonRecursive)
      Fact.NonRecursive = true;
    if (const LocksetResult *R = lockset(FD))
      for (const LockInfo &L : R->Locks)
        if (L.Key == F->Lock.key() && L.Type.RecursionKnown &&
            !L.Type.Recursive)
          Fact.NonRecursive = true;
  }
  Fact.SuccessZero = F->Success == TrySuccess::Zero;
  Fact.NonNull = F->NonNull;
  if (F->CondVar) {
    std::optional<LockPathFact> C = pathOf(*F->CondVar, SM);
    if (!C)
      return std::nullopt;
    Fact.HasCondVar = true;
    Fact.CondVar = std::move(*C);
    Fact.CondName = F->CondName;
    Fact.Timed = F->Timed;
  }
  return Fact;
}

/// The expression of a call that designates \p O of the callee.
static const Expr *argumentFor(const LockOrigin &O, const CallExpr *Call,
                               const FunctionDecl *Callee) {
  if (O.K == LockOrigin::This) {
    const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
    return MC ? MC->getImplicitObjectArgument() : nullptr;
  }
  if (O.K != LockOrigin::Param)
    return nullptr;
  unsigned Offset =
      isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
  if (O.ParamIndex + Offset >= Call->getNumArgs())
    return nullptr;
  return Call->getArg(O.ParamIndex + Offset);
}

LockOp LockApi::classifyCall(const CallExpr *Call) {
  LockOp Op;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return Op;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (const MutexTypeInfo *M = mutexTypeInfo(MD->getParent())) {
      auto It = M->Members.find(MD->getCanonicalDecl());
      if (It == M->Members.end())
        return Op;
      Op.Kind = It->second.Kind;
      Op.Shared = It->second.Shared;
      Op.Success = It->second.Success;
      Op.Locks.push_back(MC->getImplicitObjectArgument());
      return Op;
    }
  }
  const InferredLockFunction *F = function(Callee);
  if (!F || (F->Kind != LockOpKind::TryAcquire && F->Kind != LockOpKind::Wait))
    return Op;
  // A wait on the mutex its condition variable points to: the wait rules
  // would blame the lock the caller holds, which is that mutex.
  if (F->Kind == LockOpKind::Wait && throughStoredPointer(F->Lock))
    return Op;
  const Expr *L = argumentFor(F->Lock, Call, Callee);
  if (!L)
    return Op;
  if (F->Kind == LockOpKind::Wait) {
    Op.CondVar = F->CondVar ? argumentFor(*F->CondVar, Call, Callee) : nullptr;
    if (!Op.CondVar)
      return Op;
    Op.Timed = F->Timed;
  }
  Op.Kind = F->Kind;
  Op.Shared = F->Shared;
  Op.Success = F->Success;
  Op.Locks.push_back(L);
  if (F->Spin) {
    // A test-and-set wrapper: a lock where a loop spins on it.
    Op.Spin = true;
    LockableInfo LI;
    LI.IsLockable = true;
    LI.Spin = true;
    LI.TypeName = "atomic_flag";
    Op.Type = LI;
  }
  // The mutex inside an object of a mutex type is that object: the lock
  // its members take.
  QualType T = L->getType();
  for (const FieldDecl *Field : F->Lock.Fields) {
    if (T->isPointerType())
      T = T->getPointeeType();
    const MutexTypeInfo *M = mutexTypeInfo(T->getAsCXXRecordDecl());
    if (M && M->Field == Field)
      break;
    Op.Fields.push_back(Field);
    T = Field->getType();
  }
  return Op;
}

std::optional<LockApi::MutexTypeInfo>
LockApi::inferMutexType(const CXXRecordDecl *RD, bool &Incomplete) {
  if (RD->isLambda() || RD->hasAttr<CapabilityAttr>() || RD->isUnion())
    return std::nullopt;
  for (const DeclContext *DC = RD->getDeclContext(); DC; DC = DC->getParent())
    if (DC->isStdNamespace())
      return std::nullopt;
  const LockModelOptions &Opts = TU.modelOptions();
  llvm::SmallVector<const FieldDecl *, 2> Lockables;
  for (const FieldDecl *F : RD->fields()) {
    LockableInfo LI = lockableInfo(F->getType(), Opts);
    if (LI.IsLockable && !LI.Semaphore && !F->getType()->isPointerType() &&
        !F->getType()->isReferenceType())
      Lockables.push_back(F);
  }
  if (Lockables.empty())
    return std::nullopt;
  MutexTypeInfo M;
  bool AnyAcquire = false, AnyRelease = false, Other = false;
  for (const CXXMethodDecl *MD : RD->methods()) {
    if (MD->isStatic() || isa<CXXConstructorDecl>(MD) ||
        isa<CXXDestructorDecl>(MD) || !MD->hasBody())
      continue;
    const LocksetResult *R = lockset(MD);
    if (!R) {
      Incomplete = true;
      continue;
    }
    const InferredLockFunction *F = function(MD);
    bool OnField = F && F->Lock.K == LockOrigin::This &&
                   F->Lock.Fields.size() == 1 && F->Lock.Suffix.empty() &&
                   (!M.Field || M.Field == F->Lock.Fields.front()) &&
                   llvm::is_contained(Lockables, F->Lock.Fields.front());
    if (OnField && F->Kind != LockOpKind::Wait) {
      M.Field = F->Lock.Fields.front();
      M.Members[MD->getCanonicalDecl()] = *F;
      AnyAcquire |= F->Kind == LockOpKind::Acquire;
      AnyRelease |= F->Kind == LockOpKind::Release;
      continue;
    }
    // A member that locks the mutex for its own work: the class uses its
    // mutex, it is not one.
    for (const LockInfo &L : R->Locks)
      if (L.Origin.K == LockOrigin::This && !L.Origin.Fields.empty() &&
          llvm::is_contained(Lockables, L.Origin.Fields.front()))
        Other = true;
  }
  if (!AnyAcquire || !AnyRelease || Other || !M.Field)
    return std::nullopt;
  M.Info = lockableInfo(M.Field->getType(), Opts);
  M.Info.TypeName = RD->getQualifiedNameAsString();
  for (const auto &KV : M.Members)
    M.Info.Shared |= KV.second.Shared;
  if (!M.Info.RecursionKnown) {
    LockOrigin O;
    O.K = LockOrigin::This;
    O.Fields.push_back(M.Field);
    TU.getMutexInits(Opts).apply(O.classKey(), M.Info);
  }
  return M;
}

const LockApi::MutexTypeInfo *LockApi::mutexTypeInfo(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  RD = RD->getDefinition();
  if (!RD || !userCode(RD))
    return nullptr;
  auto It = MutexTypes.find(RD);
  if (It != MutexTypes.end())
    return It->second ? &*It->second : nullptr;
  if (!InProgress.insert(RD).second)
    return nullptr;
  bool Incomplete = false;
  std::optional<MutexTypeInfo> M = inferMutexType(RD, Incomplete);
  InProgress.erase(RD);
  if (Incomplete && !M)
    return nullptr;
  auto &Slot = MutexTypes[RD];
  Slot = std::move(M);
  return Slot ? &*Slot : nullptr;
}

std::optional<LockableInfo> LockApi::mutexType(const CXXRecordDecl *RD) {
  if (const MutexTypeInfo *M = mutexTypeInfo(RD))
    return M->Info;
  return std::nullopt;
}

/// The single effect of a constructor or destructor on a field of its
/// object: the field, and whether it acquires.
static const LockEffect *fieldEffect(const LocksetResult &R) {
  const LockEffect *Found = nullptr;
  for (const LockEffect &E : R.Summary) {
    if (E.Kind == LockEffect::Inside)
      continue;
    if (Found || E.Origin.K != LockOrigin::This ||
        E.Origin.Fields.size() != 1 || !E.Origin.Suffix.empty())
      return nullptr;
    Found = &E;
  }
  return Found;
}

std::optional<LockApi::GuardTypeInfo>
LockApi::inferGuardType(const CXXRecordDecl *RD, bool &Incomplete) {
  if (RD->isLambda() || RD->hasAttr<ScopedLockableAttr>() || RD->isUnion())
    return std::nullopt;
  for (const DeclContext *DC = RD->getDeclContext(); DC; DC = DC->getParent())
    if (DC->isStdNamespace())
      return std::nullopt;
  const CXXDestructorDecl *Dtor = RD->getDestructor();
  if (!Dtor || !Dtor->hasBody())
    return std::nullopt;
  bool AnyCtor = false;
  for (const CXXConstructorDecl *C : RD->ctors())
    AnyCtor |= !C->isCopyOrMoveConstructor() && C->hasBody();
  if (!AnyCtor)
    return std::nullopt;
  const LocksetResult *DR = lockset(Dtor);
  if (!DR) {
    Incomplete = true;
    return std::nullopt;
  }
  const LockEffect *DE = fieldEffect(*DR);
  if (!DE)
    return std::nullopt;
  const FieldDecl *Field = DE->Origin.Fields.front();
  GuardTypeInfo G;
  G.Init = DE->Kind == LockEffect::NetRelease ? GuardInit::Acquire
                                              : GuardInit::Release;
  for (const CXXConstructorDecl *C : RD->ctors()) {
    if (C->isCopyOrMoveConstructor() || !C->hasBody())
      continue;
    const LocksetResult *CR = lockset(C);
    if (!CR) {
      Incomplete = true;
      continue;
    }
    const LockEffect *CE = fieldEffect(*CR);
    if (!CE || CE->Origin.Fields.front() != Field ||
        (CE->Kind == LockEffect::NetAcquire) != (G.Init == GuardInit::Acquire))
      continue;
    const FunctionDecl *Def = nullptr;
    C->hasBody(Def);
    const auto *CDef = dyn_cast_or_null<CXXConstructorDecl>(Def);
    if (!CDef)
      continue;
    for (const CXXCtorInitializer *I : CDef->inits()) {
      if (I->getMember() != Field || !I->getInit())
        continue;
      const Expr *Init = stripExpr(I->getInit());
      while (const auto *U = dyn_cast<UnaryOperator>(Init)) {
        if (U->getOpcode() != UO_AddrOf && U->getOpcode() != UO_Deref)
          break;
        Init = stripExpr(U->getSubExpr());
      }
      if (const auto *PL = dyn_cast<ParenListExpr>(Init);
          PL && PL->getNumExprs() == 1)
        Init = stripExpr(PL->getExpr(0));
      const auto *DRE = dyn_cast<DeclRefExpr>(Init);
      const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
      if (!P)
        continue;
      ProjectGuard PG;
      PG.Init = G.Init;
      PG.Param = P->getFunctionScopeIndex();
      PG.Shared = CE->Shared;
      G.Ctors[C->getCanonicalDecl()] = PG;
    }
  }
  if (G.Ctors.empty())
    return std::nullopt;
  return G;
}

const LockApi::GuardTypeInfo *LockApi::guardTypeInfo(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  RD = RD->getDefinition();
  if (!RD || !userCode(RD))
    return nullptr;
  auto It = GuardTypes.find(RD);
  if (It != GuardTypes.end())
    return It->second ? &*It->second : nullptr;
  // Keyed apart from the mutex-type inference of the same class.
  const Decl *Key = RD->getDestructor();
  if (!Key || !InProgress.insert(Key).second)
    return nullptr;
  bool Incomplete = false;
  std::optional<GuardTypeInfo> G = inferGuardType(RD, Incomplete);
  InProgress.erase(Key);
  if (Incomplete && !G)
    return nullptr;
  auto &Slot = GuardTypes[RD];
  Slot = std::move(G);
  return Slot ? &*Slot : nullptr;
}

bool LockApi::isGuardType(const CXXRecordDecl *RD) {
  return guardTypeInfo(RD) != nullptr;
}

std::optional<ProjectGuard>
LockApi::guardConstructor(const CXXConstructorDecl *Ctor) {
  const GuardTypeInfo *G = guardTypeInfo(Ctor->getParent());
  if (!G)
    return std::nullopt;
  auto It = G->Ctors.find(Ctor->getCanonicalDecl());
  if (It == G->Ctors.end())
    return std::nullopt;
  return It->second;
}

static std::string describe(const InferredLockFunction &F) {
  std::string Lock = "'" + F.LockName + "'";
  switch (F.Kind) {
  case LockOpKind::Acquire:
    return std::string(F.Shared ? "shared acquire of " : "acquire of ") + Lock +
           (F.Recursive ? ", recursive" : "");
  case LockOpKind::TryAcquire:
    if (F.Spin)
      return "test-and-set of '" + F.LockName + "', a lock where a loop " +
             "spins on it";
    return std::string(F.Shared ? "shared try-acquire of "
                                : "try-acquire of ") +
           Lock + ", success " +
           (F.NonNull                       ? "non-null"
            : F.Success == TrySuccess::Zero ? "0"
                                            : "true");
  case LockOpKind::Release:
    return (F.Spin ? "clear of " : "release of ") + Lock;
  case LockOpKind::Wait:
    return std::string(F.Timed ? "timed condition wait" : "condition wait") +
           " on '" + F.CondName + "'" + " with " + Lock;
  case LockOpKind::Init:
    return "initialisation of " + Lock;
  default:
    return "";
  }
}

std::vector<LockApiEntry> LockApi::listing() {
  std::vector<LockApiEntry> Out;
  llvm::DenseSet<const CXXRecordDecl *> Classes;
  auto Qualified = [](const NamedDecl *D) {
    return D->getQualifiedNameAsString();
  };
  for (const FunctionDecl *FD : TU.functions()) {
    if (!userCode(FD))
      continue;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
      const CXXRecordDecl *RD = MD->getParent()->getDefinition();
      if (RD && !RD->isLambda() && Classes.insert(RD).second) {
        if (const MutexTypeInfo *M = mutexTypeInfo(RD)) {
          std::string Kind =
              "mutex type over '" + M->Field->getNameAsString() + "'";
          if (M->Info.Shared)
            Kind += ", reader/writer";
          if (M->Info.Recursive && M->Info.RecursionKnown)
            Kind += ", recursive";
          Out.push_back({RD->getLocation(), Qualified(RD), Kind, RuleMutex});
        }
        if (const GuardTypeInfo *G = guardTypeInfo(RD)) {
          unsigned Param = G->Ctors.begin()->second.Param;
          bool Shared = G->Ctors.begin()->second.Shared;
          std::string Kind =
              G->Init == GuardInit::Acquire
                  ? std::string(Shared ? "shared guard type" : "guard type")
                  : std::string("scoped unlocker");
          Kind += " of its constructor's argument " + std::to_string(Param + 1);
          Out.push_back(
              {RD->getLocation(), Qualified(RD), Kind,
               G->Init == GuardInit::Acquire ? RuleGuard : RuleUnlocker});
        }
      }
    }
    const InferredLockFunction *F = function(FD);
    if (F && F->Kind != LockOpKind::Init) {
      Out.push_back({FD->getLocation(), Qualified(FD), describe(*F), F->Rule});
      continue;
    }
    bool Recursive = false;
    for (unsigned P :
         TU.getMutexInits(TU.modelOptions()).recursiveInitParams(FD))
      if (P < FD->getNumParams() && FD->doesThisDeclarationHaveABody()) {
        Out.push_back({FD->getLocation(), Qualified(FD),
                       "recursive initialisation of '" +
                           FD->getParamDecl(P)->getNameAsString() + "'",
                       RuleInitRecursive});
        Recursive = true;
      }
    if (F && !Recursive)
      Out.push_back({FD->getLocation(), Qualified(FD), describe(*F), F->Rule});
  }
  const SourceManager &SM = TU.getSourceManager();
  llvm::stable_sort(Out, [&](const LockApiEntry &A, const LockApiEntry &B) {
    return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
  });
  return Out;
}

} // namespace lockcheck
