//===--- LockModel.cpp - what the analysed code calls a lock --------------===//

#include "checks/model/LockModel.h"
#include "checks/model/ThreadModel.h"
#include "clang/AST/Attr.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace lockcheck {

std::vector<std::string> parseNameList(llvm::StringRef List) {
  std::vector<std::string> Out;
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  List.split(Parts, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    if (P.consume_front("::"))
      P = P.trim();
    if (!P.empty())
      Out.push_back(P.str());
  }
  return Out;
}

std::string joinNameList(const std::vector<std::string> &Names) {
  std::string S;
  for (const std::string &N : Names) {
    if (!S.empty())
      S += ";";
    S += N;
  }
  return S;
}

llvm::StringRef configuredName(llvm::StringRef Entry) {
  return Entry.split('=').first.trim();
}

bool matchesQualifiedName(const NamedDecl *D,
                          const std::vector<std::string> &Names) {
  if (!D || Names.empty())
    return false;
  std::string Q = D->getQualifiedNameAsString();
  for (const std::string &N : Names)
    if (Q == configuredName(N))
      return true;
  return false;
}

/// The success value configured for a try-lock function (`name=0`).
static TrySuccess configuredSuccess(const NamedDecl *D,
                                    const std::vector<std::string> &Names) {
  std::string Q = D->getQualifiedNameAsString();
  for (const std::string &N : Names) {
    auto [Name, Value] = llvm::StringRef(N).split('=');
    if (Name.trim() == Q)
      return Value.trim() == "0" || Value.trim().equals_insensitive("zero")
                 ? TrySuccess::Zero
                 : TrySuccess::True;
  }
  return TrySuccess::True;
}

ProjectLockApi::~ProjectLockApi() = default;

namespace {
struct ProjectSlot {
  const ASTContext *Ctx = nullptr;
  ProjectLockApi *Api = nullptr;
};
ProjectSlot &projectSlot() {
  static ProjectSlot Slot;
  return Slot;
}
} // namespace

void setProjectLockApi(const ASTContext *Ctx, ProjectLockApi *Api) {
  projectSlot() = {Ctx, Api};
}

ProjectLockApi *projectLockApi(const Decl *D) {
  const ProjectSlot &Slot = projectSlot();
  if (!D || !Slot.Api || &D->getASTContext() != Slot.Ctx)
    return nullptr;
  return Slot.Api;
}

/// A recursive mutex type named in RecursiveMutexTypes: the record or one
/// of the typedefs it is spelled through.
static bool isConfiguredRecursive(QualType T,
                                  const std::vector<std::string> &Names) {
  if (Names.empty() || T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  while (const auto *TT = T->getAs<TypedefType>()) {
    if (matchesQualifiedName(TT->getDecl(), Names))
      return true;
    T = TT->getDecl()->getUnderlyingType();
  }
  if (const auto *RD = T->getAsRecordDecl())
    return matchesQualifiedName(RD, Names);
  return false;
}

static const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  return T->getAsCXXRecordDecl();
}

static llvm::StringRef typedefName(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  while (const auto *TT = T->getAs<TypedefType>()) {
    llvm::StringRef N = TT->getDecl()->getName();
    if (N == "pthread_mutex_t" || N == "pthread_rwlock_t" ||
        N == "pthread_spinlock_t" || N == "sem_t" || N == "mtx_t" ||
        N == "pthread_cond_t" || N == "cnd_t")
      return N;
    T = TT->getDecl()->getUnderlyingType();
  }
  return {};
}

LockableInfo lockableInfo(QualType T) {
  LockableInfo I;
  if (T.isNull())
    return I;
  if (llvm::StringRef N = typedefName(T); !N.empty()) {
    if (N == "pthread_cond_t" || N == "cnd_t")
      return I;
    I.IsLockable = true;
    I.Semaphore = N == "sem_t";
    I.Shared = N == "pthread_rwlock_t";
    // Made recursive or not by its initialisation (see MutexInits).
    I.RecursionKnown = N != "pthread_mutex_t" && N != "mtx_t";
    I.TypeName = N.str();
    return I;
  }
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return I;
  for (llvm::StringRef N :
       {"mutex", "timed_mutex", "recursive_mutex", "recursive_timed_mutex",
        "shared_mutex", "shared_timed_mutex"}) {
    if (isStdClass(RD, N)) {
      I.IsLockable = true;
      I.Recursive = N.starts_with("recursive");
      I.Shared = N.starts_with("shared");
      I.TypeName = ("std::" + N).str();
      return I;
    }
  }
  if (isStdClass(RD, "counting_semaphore")) {
    I.IsLockable = true;
    I.Semaphore = true;
    I.TypeName = "std::counting_semaphore";
    return I;
  }
  if (RD->hasAttr<CapabilityAttr>() ||
      (RD->getDefinition() && RD->getDefinition()->hasAttr<CapabilityAttr>())) {
    I.IsLockable = true;
    I.TypeName = RD->getQualifiedNameAsString();
    return I;
  }
  if (ProjectLockApi *Api = projectLockApi(RD))
    if (std::optional<LockableInfo> P = Api->mutexType(RD))
      return *P;
  return I;
}

LockableInfo lockableInfo(QualType T, const LockModelOptions &Opts) {
  LockableInfo I = lockableInfo(T);
  if (isConfiguredRecursive(T, Opts.RecursiveMutexTypes)) {
    I.IsLockable = true;
    I.Recursive = true;
    I.RecursionKnown = true;
  }
  return I;
}

static bool projectGuard(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
  if (ProjectLockApi *Api = projectLockApi(RD))
    return Api->isGuardType(RD);
  return false;
}

bool isConditionVariableType(QualType T) {
  llvm::StringRef N = typedefName(T);
  if (N == "pthread_cond_t" || N == "cnd_t")
    return true;
  const CXXRecordDecl *RD = recordOf(T);
  return isStdClass(RD, "condition_variable") ||
         isStdClass(RD, "condition_variable_any");
}

GuardKind guardKind(QualType T, const LockModelOptions &Opts) {
  const CXXRecordDecl *RD = T.isNull() ? nullptr : T->getAsCXXRecordDecl();
  if (!RD)
    return GuardKind::None;
  if (isStdClass(RD, "lock_guard"))
    return GuardKind::LockGuard;
  if (isStdClass(RD, "scoped_lock"))
    return GuardKind::ScopedLock;
  if (isStdClass(RD, "unique_lock"))
    return GuardKind::UniqueLock;
  if (isStdClass(RD, "shared_lock"))
    return GuardKind::SharedLock;
  const CXXRecordDecl *Def = RD->getDefinition();
  if ((Def && Def->hasAttr<ScopedLockableAttr>()) ||
      RD->hasAttr<ScopedLockableAttr>())
    return GuardKind::LockGuard;
  if (matchesQualifiedName(RD, Opts.GuardTypes))
    return GuardKind::LockGuard;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    if (matchesQualifiedName(Spec->getSpecializedTemplate(), Opts.GuardTypes))
      return GuardKind::LockGuard;
  if (projectGuard(RD))
    return GuardKind::LockGuard;
  return GuardKind::None;
}

bool isGuardType(QualType T, const LockModelOptions &Opts) {
  return guardKind(T, Opts) != GuardKind::None;
}

/// std::chrono::duration / time_point (in a namespace nested in std).
static bool isChronoType(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier() ||
      (RD->getName() != "duration" && RD->getName() != "time_point"))
    return false;
  for (const DeclContext *DC = RD->getDeclContext(); DC; DC = DC->getParent())
    if (DC->isStdNamespace())
      return true;
  return false;
}

static bool isTagType(QualType T, llvm::StringRef Name) {
  return isStdClassType(T.getNonReferenceType().getUnqualifiedType(), Name);
}

GuardCtor classifyGuardConstruction(const CXXConstructExpr *CE,
                                    const LockModelOptions &Opts) {
  GuardCtor G;
  GuardKind K = guardKind(CE->getType(), Opts);
  if (K == GuardKind::None)
    return G;
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (Ctor->isMoveConstructor() || Ctor->isCopyConstructor()) {
    G.Init = GuardInit::Move;
    G.MovedFrom = CE->getNumArgs() ? CE->getArg(0) : nullptr;
    return G;
  }
  // A guard type inferred from its constructor and destructor.
  if (!matchesQualifiedName(CE->getType()->getAsCXXRecordDecl(),
                            Opts.GuardTypes) &&
      !Ctor->hasAttr<AcquireCapabilityAttr>() &&
      !Ctor->hasAttr<ReleaseCapabilityAttr>())
    if (projectGuard(CE->getType()->getAsCXXRecordDecl())) {
      ProjectLockApi *Api = projectLockApi(Ctor);
      std::optional<ProjectGuard> P =
          Api ? Api->guardConstructor(Ctor) : std::nullopt;
      G.Init = GuardInit::None;
      if (P && P->Param < CE->getNumArgs() &&
          !isa<CXXDefaultArgExpr>(CE->getArg(P->Param))) {
        G.Init = P->Init;
        G.Shared = P->Shared;
        G.Locks.push_back(CE->getArg(P->Param));
      }
      return G;
    }
  G.Init = GuardInit::Acquire;
  for (const Expr *Arg : CE->arguments()) {
    if (isa<CXXDefaultArgExpr>(Arg))
      continue;
    QualType AT = Arg->getType();
    if (isTagType(AT, "defer_lock_t")) {
      G.Init = GuardInit::Defer;
      continue;
    }
    if (isTagType(AT, "try_to_lock_t")) {
      G.Init = GuardInit::Try;
      continue;
    }
    if (isTagType(AT, "adopt_lock_t")) {
      G.Init = GuardInit::Adopt;
      continue;
    }
    if (lockableInfo(AT).IsLockable ||
        (Arg->getType()->isPointerType() &&
         lockableInfo(Arg->getType()->getPointeeType()).IsLockable)) {
      G.Locks.push_back(Arg);
      continue;
    }
    // A timeout (unique_lock(m, 100ms)): a try-lock.
    if (isChronoType(AT))
      G.Init = GuardInit::Try;
  }
  // An annotated scoped_lockable constructor says what it acquires; a guard
  // type named in GuardTypes guards its first argument.
  if (G.Locks.empty() && CE->getNumArgs() > 0 &&
      !isa<CXXDefaultArgExpr>(CE->getArg(0)) &&
      (Ctor->hasAttr<AcquireCapabilityAttr>() || K == GuardKind::LockGuard))
    G.Locks.push_back(CE->getArg(0));
  if (G.Locks.empty())
    G.Init = GuardInit::None;
  if (const auto *A = Ctor->getAttr<AcquireCapabilityAttr>())
    G.Shared = A->isShared();
  else
    G.Shared = K == GuardKind::SharedLock;
  // Read as Clang reads the annotations: a constructor that RELEASEs is a
  // scoped unlocker (its destructor takes the lock back); one that REQUIRES
  // the lock (and acquires nothing) adopts a lock already held.
  if (G.Init != GuardInit::None && !Ctor->hasAttr<AcquireCapabilityAttr>()) {
    if (Ctor->hasAttr<ReleaseCapabilityAttr>())
      G.Init = GuardInit::Release;
    else if (Ctor->hasAttr<RequiresCapabilityAttr>())
      G.Init = GuardInit::Adopt;
  }
  return G;
}

GuardMemberKind classifyGuardMember(const CXXMethodDecl *MD,
                                    const LockModelOptions &Opts) {
  if (!MD)
    return GuardMemberKind::None;
  const CXXRecordDecl *RD = MD->getParent();
  if (guardKind(QualType(RD->getTypeForDecl(), 0), Opts) == GuardKind::None)
    return GuardMemberKind::None;
  // An inferred guard: what its members do is not known by their names.
  if (!matchesQualifiedName(RD, Opts.GuardTypes) &&
      !RD->hasAttr<ScopedLockableAttr>() && projectGuard(RD))
    return GuardMemberKind::Other;
  if (isa<CXXConversionDecl>(MD))
    return GuardMemberKind::OwnsLock;
  if (!MD->getIdentifier())
    return GuardMemberKind::Other;
  return llvm::StringSwitch<GuardMemberKind>(MD->getName())
      .Case("lock", GuardMemberKind::Lock)
      .Cases("try_lock", "try_lock_for", "try_lock_until",
             GuardMemberKind::TryLock)
      .Case("unlock", GuardMemberKind::Unlock)
      .Case("release", GuardMemberKind::Release)
      .Case("owns_lock", GuardMemberKind::OwnsLock)
      .Default(GuardMemberKind::Other);
}

/// C lock functions: name -> (kind, shared, success, is-condition-wait).
static LockOp classifyCFunction(const FunctionDecl *FD, const CallExpr *Call) {
  LockOp Op;
  const DeclContext *DC = FD->getDeclContext()->getRedeclContext();
  if (!DC->isTranslationUnit() && !DC->isStdNamespace())
    return Op;
  if (!FD->getIdentifier() || Call->getNumArgs() == 0)
    return Op;
  llvm::StringRef N = FD->getName();
  struct Row {
    LockOpKind Kind;
    bool Shared;
    TrySuccess Success;
  };
  std::optional<Row> R =
      llvm::StringSwitch<std::optional<Row>>(N)
          .Cases("pthread_mutex_lock", "pthread_spin_lock", "mtx_lock",
                 Row{LockOpKind::Acquire, false, TrySuccess::Zero})
          .Case("sem_wait", Row{LockOpKind::Acquire, false, TrySuccess::Zero})
          .Case("pthread_rwlock_wrlock",
                Row{LockOpKind::Acquire, false, TrySuccess::Zero})
          .Case("pthread_rwlock_rdlock",
                Row{LockOpKind::Acquire, true, TrySuccess::Zero})
          .Cases("pthread_mutex_trylock", "pthread_mutex_timedlock",
                 "pthread_spin_trylock",
                 Row{LockOpKind::TryAcquire, false, TrySuccess::Zero})
          .Cases("mtx_trylock", "mtx_timedlock", "sem_trywait", "sem_timedwait",
                 Row{LockOpKind::TryAcquire, false, TrySuccess::Zero})
          .Cases("pthread_rwlock_trywrlock", "pthread_rwlock_timedwrlock",
                 Row{LockOpKind::TryAcquire, false, TrySuccess::Zero})
          .Cases("pthread_rwlock_tryrdlock", "pthread_rwlock_timedrdlock",
                 Row{LockOpKind::TryAcquire, true, TrySuccess::Zero})
          .Cases("pthread_mutex_unlock", "pthread_spin_unlock", "mtx_unlock",
                 Row{LockOpKind::Release, false, TrySuccess::Zero})
          .Cases("pthread_rwlock_unlock", "sem_post",
                 Row{LockOpKind::Release, false, TrySuccess::Zero})
          .Cases("pthread_cond_wait", "pthread_cond_timedwait", "cnd_wait",
                 "cnd_timedwait",
                 Row{LockOpKind::Wait, false, TrySuccess::Zero})
          .Cases("pthread_mutex_init", "mtx_init", "pthread_rwlock_init",
                 "pthread_spin_init", "sem_init",
                 Row{LockOpKind::Init, false, TrySuccess::Zero})
          .Default(std::nullopt);
  if (!R)
    return Op;
  Op.Kind = R->Kind;
  Op.Shared = R->Shared;
  Op.Success = R->Success;
  if (Op.Kind == LockOpKind::Wait) {
    if (Call->getNumArgs() < 2)
      return LockOp();
    Op.CondVar = Call->getArg(0);
    Op.Locks.push_back(Call->getArg(1));
    Op.Timed = N.ends_with("timedwait");
    return Op;
  }
  Op.Locks.push_back(Call->getArg(0));
  return Op;
}

/// Thread-safety attributes on the callee: ACQUIRE(x), RELEASE(x),
/// TRY_ACQUIRE(ok, x). With no argument the lock is the object itself.
static LockOp classifyAnnotated(const FunctionDecl *FD, const CallExpr *Call) {
  LockOp Op;
  const Expr *Object = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
    Object = MC->getImplicitObjectArgument();
  auto Resolve = [&](const Expr *AttrArg) -> const Expr * {
    if (!AttrArg)
      return Object;
    AttrArg = AttrArg->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(AttrArg))
      if (const auto *PVD = dyn_cast<ParmVarDecl>(DRE->getDecl())) {
        unsigned Index = PVD->getFunctionScopeIndex();
        unsigned Offset =
            isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(FD) ? 1 : 0;
        if (Index + Offset < Call->getNumArgs())
          return Call->getArg(Index + Offset);
      }
    // A member of the object (ACQUIRE(mu_)): not expressible as one of the
    // call's expressions; the engine resolves it through the summary.
    return nullptr;
  };
  auto Take = [&](LockOpKind Kind, bool Shared, auto Args) {
    Op.Kind = Kind;
    Op.Shared = Shared;
    bool Any = false;
    for (const Expr *A : Args) {
      Any = true;
      if (const Expr *L = Resolve(A))
        Op.Locks.push_back(L);
    }
    if (!Any && Object)
      Op.Locks.push_back(Object);
  };
  if (const auto *A = FD->getAttr<AcquireCapabilityAttr>()) {
    Take(LockOpKind::Acquire, A->isShared(), A->args());
    return Op;
  }
  if (const auto *A = FD->getAttr<TryAcquireCapabilityAttr>()) {
    Take(LockOpKind::TryAcquire, A->isShared(), A->args());
    Expr::EvalResult R;
    const Expr *SV = A->getSuccessValue();
    if (SV && !SV->isValueDependent() &&
        SV->EvaluateAsInt(R, FD->getASTContext()) && R.Val.getInt() == 0)
      Op.Success = TrySuccess::Zero;
    return Op;
  }
  if (const auto *A = FD->getAttr<ReleaseCapabilityAttr>()) {
    Take(LockOpKind::Release, A->isShared(), A->args());
    return Op;
  }
  return Op;
}

bool mentionsRecursiveKind(const Expr *E) {
  if (!E)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *EC = dyn_cast<EnumConstantDecl>(DRE->getDecl()))
      return EC->getIdentifier() &&
             (EC->getName().starts_with("PTHREAD_MUTEX_RECURSIVE") ||
              EC->getName() == "mtx_recursive");
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      if (mentionsRecursiveKind(CE))
        return true;
  return false;
}

/// A C library function (global namespace or std) named \p Name.
static bool isCFunction(const FunctionDecl *FD, llvm::StringRef Name) {
  if (!FD || !FD->getIdentifier() || FD->getName() != Name)
    return false;
  const DeclContext *DC = FD->getDeclContext()->getRedeclContext();
  return DC->isTranslationUnit() || DC->isStdNamespace();
}

std::optional<MutexInit> classifyMutexInit(const CallExpr *Call,
                                           const LockModelOptions &Opts) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || Call->getNumArgs() == 0)
    return std::nullopt;
  MutexInit I;
  I.Mutex = Call->getArg(0);
  if (matchesQualifiedName(FD, Opts.RecursiveInitFunctions)) {
    I.Kind = Recursion::Recursive;
    return I;
  }
  if (Call->getNumArgs() < 2)
    return std::nullopt;
  const Expr *Arg = Call->getArg(1)->IgnoreParenImpCasts();
  if (isCFunction(FD, "pthread_mutex_init")) {
    I.Attr = Arg;
    if (Arg->isNullPointerConstant(FD->getASTContext(),
                                   Expr::NPC_ValueDependentIsNotNull))
      I.Kind = Recursion::NonRecursive;
    return I;
  }
  if (isCFunction(FD, "mtx_init")) {
    Expr::EvalResult R;
    if (mentionsRecursiveKind(Arg))
      I.Kind = Recursion::Recursive;
    else if (!Arg->isValueDependent() &&
             Arg->EvaluateAsInt(R, FD->getASTContext()))
      I.Kind = Recursion::NonRecursive;
    return I;
  }
  return std::nullopt;
}

std::optional<std::pair<const Expr *, Recursion>>
classifyMutexAttrSetType(const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!isCFunction(FD, "pthread_mutexattr_settype") || Call->getNumArgs() < 2)
    return std::nullopt;
  const Expr *Kind = Call->getArg(1);
  Expr::EvalResult R;
  Recursion K = Recursion::Unknown;
  if (mentionsRecursiveKind(Kind))
    K = Recursion::Recursive;
  else if (!Kind->isValueDependent() &&
           Kind->EvaluateAsInt(R, FD->getASTContext()))
    K = Recursion::NonRecursive;
  return std::make_pair(Call->getArg(0), K);
}

/// A call through the `lock` or `unlock` function pointer of a table that
/// has both (libevent's `evthread_lock_fns_.lock(mode, lockvar)`): acquires
/// or releases its last pointer argument. Such a lock may be recursive (the
/// table is filled at run time): it is assumed to be.
static LockOp classifyLockTableCall(const CallExpr *Call) {
  LockOp Op;
  const auto *ME =
      dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParenImpCasts());
  const auto *F = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  if (!F || !F->getIdentifier() || !F->getType()->isFunctionPointerType())
    return Op;
  llvm::StringRef N = F->getName();
  llvm::StringRef Other = N == "lock" ? "unlock" : N == "unlock" ? "lock" : "";
  if (Other.empty())
    return Op;
  bool Paired = false;
  for (const FieldDecl *G : F->getParent()->fields())
    if (G->getIdentifier() && G->getName() == Other &&
        G->getType()->isFunctionPointerType())
      Paired = true;
  if (!Paired)
    return Op;
  for (unsigned I = Call->getNumArgs(); I-- > 0;)
    if (Call->getArg(I)->IgnoreParenImpCasts()->getType()->isPointerType()) {
      Op.Locks.push_back(Call->getArg(I));
      break;
    }
  if (Op.Locks.empty())
    return Op;
  Op.Kind = N == "lock" ? LockOpKind::Acquire : LockOpKind::Release;
  LockableInfo R;
  R.IsLockable = true;
  R.Recursive = true;
  R.TypeName = (F->getParent()->getName() + "::" + N).str();
  Op.Type = R;
  return Op;
}

/// A literal 0 / false (\p One false) or a non-zero literal / true.
static bool isLiteralFlag(const Expr *E, bool One) {
  if (!E)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *IL = dyn_cast<IntegerLiteral>(E))
    return One ? IL->getValue() != 0 : IL->getValue() == 0;
  if (const auto *BL = dyn_cast<CXXBoolLiteralExpr>(E))
    return BL->getValue() == One;
  return false;
}

/// The flag a spin operation names: `f` for C11's `&(f)->_Value` inside an
/// atomic_flag, else the pointer operand itself.
static const Expr *flagOperand(const Expr *Ptr) {
  const Expr *P = Ptr->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(P);
      U && U->getOpcode() == UO_AddrOf)
    if (const auto *ME = dyn_cast<MemberExpr>(U->getSubExpr()->IgnoreParens()))
      if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
          FD && FD->getIdentifier() && FD->getName() == "_Value" &&
          FD->getParent()->getIdentifier() &&
          FD->getParent()->getName() == "atomic_flag" && ME->isArrow())
        return ME->getBase();
  return Ptr;
}

static LockOp spinOp(LockOpKind Kind, const Expr *Lock,
                     TrySuccess Success = TrySuccess::Zero) {
  LockOp Op;
  Op.Kind = Kind;
  Op.Spin = true;
  Op.Success = Success;
  Op.Locks.push_back(Lock);
  LockableInfo LI;
  LI.IsLockable = true;
  LI.Spin = true;
  LI.TypeName = "atomic_flag";
  Op.Type = LI;
  return Op;
}

LockOp classifySpinOp(const Expr *E) {
  if (const auto *AE = dyn_cast_or_null<AtomicExpr>(E)) {
    switch (AE->getOp()) {
    case AtomicExpr::AO__c11_atomic_exchange:
    case AtomicExpr::AO__atomic_exchange_n:
      if (isLiteralFlag(AE->getVal1(), true))
        return spinOp(LockOpKind::TryAcquire, flagOperand(AE->getPtr()));
      break;
    case AtomicExpr::AO__c11_atomic_store:
    case AtomicExpr::AO__atomic_store_n:
      if (isLiteralFlag(AE->getVal1(), false))
        return spinOp(LockOpKind::Release, flagOperand(AE->getPtr()));
      break;
    default:
      break;
    }
    return LockOp();
  }
  const auto *Call = dyn_cast_or_null<CallExpr>(E);
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  if (!FD || !FD->getIdentifier() || Call->getNumArgs() == 0)
    return LockOp();
  llvm::StringRef N = FD->getName();
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    const Expr *Object = MC->getImplicitObjectArgument();
    if (!MD || !Object)
      return LockOp();
    const CXXRecordDecl *RD = MD->getParent();
    if (isStdClass(RD, "atomic_flag")) {
      if (N == "test_and_set")
        return spinOp(LockOpKind::TryAcquire, Object);
      if (N == "clear")
        return spinOp(LockOpKind::Release, Object);
    } else if ((isStdClass(RD, "atomic") ||
                isStdClass(RD, "__atomic_base")) && // libstdc++'s integers
               MC->getNumArgs() >= 1) {
      if (N == "exchange" && isLiteralFlag(MC->getArg(0), true))
        return spinOp(LockOpKind::TryAcquire, Object);
      if (N == "store" && isLiteralFlag(MC->getArg(0), false))
        return spinOp(LockOpKind::Release, Object);
    }
    return LockOp();
  }
  const Expr *Ptr = Call->getArg(0);
  bool Builtin = FD->getBuiltinID() != 0;
  bool Named = Builtin || FD->isInStdNamespace() ||
               FD->getDeclContext()->getRedeclContext()->isTranslationUnit();
  if (!Named)
    return LockOp();
  if (N == "atomic_flag_test_and_set" ||
      N == "atomic_flag_test_and_set_explicit" ||
      (Builtin && N == "__atomic_test_and_set"))
    return spinOp(LockOpKind::TryAcquire, flagOperand(Ptr));
  if (N == "atomic_flag_clear" || N == "atomic_flag_clear_explicit" ||
      (Builtin && N == "__atomic_clear"))
    return spinOp(LockOpKind::Release, flagOperand(Ptr));
  if (Builtin && N.starts_with("__sync_lock_test_and_set") &&
      Call->getNumArgs() >= 2 && isLiteralFlag(Call->getArg(1), true))
    return spinOp(LockOpKind::TryAcquire, Ptr);
  if (Builtin && N.starts_with("__sync_lock_release"))
    return spinOp(LockOpKind::Release, Ptr);
  if (Builtin && N.starts_with("__sync_bool_compare_and_swap") &&
      Call->getNumArgs() >= 3 && isLiteralFlag(Call->getArg(1), false) &&
      isLiteralFlag(Call->getArg(2), true))
    return spinOp(LockOpKind::TryAcquire, Ptr, TrySuccess::True);
  if (FD->isInStdNamespace() &&
      (N == "atomic_exchange" || N == "atomic_exchange_explicit") &&
      Call->getNumArgs() >= 2 && isLiteralFlag(Call->getArg(1), true))
    return spinOp(LockOpKind::TryAcquire, Ptr);
  if (FD->isInStdNamespace() &&
      (N == "atomic_store" || N == "atomic_store_explicit") &&
      Call->getNumArgs() >= 2 && isLiteralFlag(Call->getArg(1), false))
    return spinOp(LockOpKind::Release, Ptr);
  return LockOp();
}

LockOp classifyLockCall(const CallExpr *Call, const LockModelOptions &Opts) {
  LockOp Op;
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD)
    return classifyLockTableCall(Call);
  if (LockOp S = classifySpinOp(Call); S.Kind != LockOpKind::None)
    return S;

  // std::lock(a, b, ...): all locks, without an order.
  if (isStdFunction(FD, "lock") && Call->getNumArgs() >= 2) {
    Op.Kind = LockOpKind::Acquire;
    Op.Unordered = true;
    for (const Expr *A : Call->arguments())
      Op.Locks.push_back(A);
    return Op;
  }

  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    const Expr *Object = MC->getImplicitObjectArgument();
    if (!MD || !Object)
      return Op;
    LockableInfo LI = lockableInfo(Object->getType());
    bool Std = LI.IsLockable &&
               (isStdClass(MD->getParent(), MD->getParent()->getName()) &&
                MD->getParent()->getIdentifier());
    if (LI.IsLockable && Std && MD->getIdentifier()) {
      llvm::StringRef N = MD->getName();
      Op.Locks.push_back(Object);
      if (LI.Semaphore) {
        Op.Kind = llvm::StringSwitch<LockOpKind>(N)
                      .Case("acquire", LockOpKind::Acquire)
                      .Cases("try_acquire", "try_acquire_for",
                             "try_acquire_until", LockOpKind::TryAcquire)
                      .Case("release", LockOpKind::Release)
                      .Default(LockOpKind::None);
        return Op;
      }
      Op.Kind = llvm::StringSwitch<LockOpKind>(N)
                    .Cases("lock", "lock_shared", LockOpKind::Acquire)
                    .Cases("try_lock", "try_lock_for", "try_lock_until",
                           LockOpKind::TryAcquire)
                    .Cases("try_lock_shared", "try_lock_shared_for",
                           "try_lock_shared_until", LockOpKind::TryAcquire)
                    .Cases("unlock", "unlock_shared", LockOpKind::Release)
                    .Default(LockOpKind::None);
      Op.Shared = N.contains("shared");
      return Op;
    }
    // A project mutex type (`mu.Lock()`): what its member does.
    if (LI.IsLockable && !Std)
      if (ProjectLockApi *Api = projectLockApi(MD)) {
        LockOp P = Api->classifyCall(Call);
        if (P.Kind != LockOpKind::None)
          return P;
      }
    // Condition variables: wait(lk) / wait_for / wait_until.
    if (isConditionVariableType(Object->getType()) && MD->getIdentifier() &&
        MD->getName().starts_with("wait") && MC->getNumArgs() >= 1) {
      Op.Kind = LockOpKind::Wait;
      Op.CondVar = Object;
      Op.StdCondVar = true;
      Op.Locks.push_back(MC->getArg(0));
      // wait(lk) / wait_for(lk, d) / wait_until(lk, t), and the same with a
      // trailing predicate (condition_variable_any's C++20 overloads put a
      // stop_token before it: one more parameter, still last).
      Op.Timed = MD->getName() != "wait";
      unsigned Plain = Op.Timed ? 2 : 1;
      if (MD->getNumParams() > Plain && MC->getNumArgs() == MD->getNumParams())
        Op.Predicate = MC->getArg(MC->getNumArgs() - 1);
      return Op;
    }
  }

  if (matchesQualifiedName(FD, Opts.RecursiveInitFunctions) &&
      Call->getNumArgs() > 0) {
    Op.Kind = LockOpKind::Init;
    Op.Locks.push_back(Call->getArg(0));
    return Op;
  }

  if (matchesQualifiedName(FD, Opts.WaitFunctions)) {
    // wait(cond, mutex, ...) / cv.Wait(mutex, ...).
    const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
    unsigned First = MC ? 0 : 1;
    if (Call->getNumArgs() <= First)
      return Op;
    Op.Kind = LockOpKind::Wait;
    Op.CondVar = MC ? MC->getImplicitObjectArgument() : Call->getArg(0);
    Op.Locks.push_back(Call->getArg(First));
    Op.Timed = Call->getNumArgs() > First + 1;
    return Op;
  }

  bool Recursive = matchesQualifiedName(FD, Opts.RecursiveLockFunctions);
  if (Recursive || matchesQualifiedName(FD, Opts.LockFunctions) ||
      matchesQualifiedName(FD, Opts.SharedLockFunctions) ||
      matchesQualifiedName(FD, Opts.TryLockFunctions) ||
      matchesQualifiedName(FD, Opts.UnlockFunctions)) {
    Op.Kind =
        matchesQualifiedName(FD, Opts.TryLockFunctions) ? LockOpKind::TryAcquire
        : matchesQualifiedName(FD, Opts.UnlockFunctions) ? LockOpKind::Release
                                                         : LockOpKind::Acquire;
    Op.Shared = matchesQualifiedName(FD, Opts.SharedLockFunctions);
    if (Op.Kind == LockOpKind::TryAcquire)
      Op.Success = configuredSuccess(FD, Opts.TryLockFunctions);
    if (Recursive || Op.Shared) {
      // The lock's type may not say: a reader/writer lock, or recursive.
      LockableInfo R;
      R.IsLockable = true;
      R.Recursive = Recursive;
      R.Shared = Op.Shared;
      Op.Type = R;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      Op.Locks.push_back(MC->getImplicitObjectArgument());
    else if (Call->getNumArgs() > 0)
      Op.Locks.push_back(Call->getArg(0));
    return Op;
  }

  LockOp Annotated = classifyAnnotated(FD, Call);
  if (Annotated.Kind != LockOpKind::None)
    return Annotated;
  LockOp C = classifyCFunction(FD, Call);
  if (C.Kind != LockOpKind::None)
    return C;
  if (ProjectLockApi *Api = projectLockApi(FD))
    return Api->classifyCall(Call);
  return C;
}

} // namespace lockcheck
