//===--- MutexInits.cpp - how the mutexes of a TU are initialised ---------===//

#include "checks/analysis/MutexInits.h"
#include "checks/analysis/LockApi.h"
#include "checks/analysis/Lockset.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace lockcheck {

namespace {

/// Recursive on some path wins; two different readings are unknown.
void merge(llvm::StringMap<Recursion> &Map, llvm::StringRef Key, Recursion R) {
  auto [It, New] = Map.try_emplace(Key, R);
  if (New || It->second == Recursion::Recursive || It->second == R)
    return;
  It->second =
      R == Recursion::Recursive ? Recursion::Recursive : Recursion::Unknown;
}

struct InitCollector : RecursiveASTVisitor<InitCollector> {
  const LockModelOptions &Opts;
  /// Attribute objects by class: what their settype calls say.
  llvm::StringMap<Recursion> Attrs;
  /// pthread_mutex_init(&m, &a) calls to read once every settype is known.
  std::vector<std::pair<std::string, std::string>> AttrInits;
  std::vector<std::pair<std::string, Recursion>> Inits;
  /// The mutex a parameter points to, by class, and that parameter.
  llvm::StringMap<std::pair<const FunctionDecl *, unsigned>> ParamMutexes;
  /// Calls that may be to a recursive-init function: a parameter of the
  /// callee points to a mutex.
  std::vector<const CallExpr *> Candidates;

  explicit InitCollector(const LockModelOptions &Opts) : Opts(Opts) {}

  std::string classOf(const Expr *E) {
    auto O = resolveLockExpr(E);
    if (!O)
      return std::string();
    std::string Key = O->classKey();
    if (auto P = paramOf(*O))
      ParamMutexes.try_emplace(Key, *P);
    return Key;
  }
  /// The function and parameter whose pointee \p O is (`m` of `f(mtx *m)`).
  static std::optional<std::pair<const FunctionDecl *, unsigned>>
  paramOf(const LockOrigin &O) {
    if (O.K != LockOrigin::Param || !O.Fields.empty() || !O.Suffix.empty() ||
        !O.Var || !O.Var->getType()->isPointerType())
      return std::nullopt;
    const auto *FD =
        dyn_cast_or_null<FunctionDecl>(O.Var->getParentFunctionOrMethod());
    if (!FD)
      return std::nullopt;
    return std::make_pair(FD->getCanonicalDecl(), O.ParamIndex);
  }
  bool VisitCallExpr(CallExpr *Call) {
    if (auto Set = classifyMutexAttrSetType(Call)) {
      std::string A = classOf(Set->first);
      if (!A.empty())
        merge(Attrs, A, Set->second);
      return true;
    }
    if (auto Init = classifyMutexInit(Call, Opts)) {
      std::string M = classOf(Init->Mutex);
      if (M.empty())
        return true;
      if (Init->Kind != Recursion::Unknown || !Init->Attr)
        Inits.push_back({M, Init->Kind});
      else
        AttrInits.push_back({M, classOf(Init->Attr)});
      return true;
    }
    if (const FunctionDecl *FD = Call->getDirectCallee())
      for (const ParmVarDecl *P : FD->parameters())
        if (P->getType()->isPointerType() &&
            lockableInfo(P->getType()->getPointeeType()).IsLockable) {
          Candidates.push_back(Call);
          break;
        }
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    // pthread_mutex_t m = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
    LockableInfo LI = lockableInfo(VD->getType());
    if (!LI.IsLockable || LI.RecursionKnown || !VD->getInit() ||
        isa<ParmVarDecl>(VD))
      return true;
    LockOrigin O;
    O.K = VD->hasGlobalStorage() ? LockOrigin::Global : LockOrigin::Local;
    O.Var = VD;
    Inits.push_back({O.classKey(), mentionsRecursiveKind(VD->getInit())
                                       ? Recursion::Recursive
                                       : Recursion::NonRecursive});
    return true;
  }
};

} // namespace

MutexInits::MutexInits(ASTContext &Ctx, const LockModelOptions &Opts) {
  InitCollector C(Opts);
  for (Decl *D : userCodeDecls(Ctx))
    C.TraverseDecl(D);
  for (const auto &[M, R] : C.Inits)
    merge(Mutexes, M, R);
  for (const auto &[M, A] : C.AttrInits) {
    auto It = A.empty() ? C.Attrs.end() : C.Attrs.find(A);
    // A local attribute never given a type is the default: not recursive.
    // One from elsewhere may have been given one where lockcheck cannot see.
    Recursion R = It != C.Attrs.end() ? It->second
                  : llvm::StringRef(A).starts_with("l:")
                      ? Recursion::NonRecursive
                      : Recursion::Unknown;
    merge(Mutexes, M, R);
  }
  // The recursive-init functions: those that initialise the mutex of a
  // parameter recursive, and those that hand it to one.
  auto AddInit = [&](std::pair<const FunctionDecl *, unsigned> P) {
    auto &Params = InitFunctions[P.first];
    if (llvm::is_contained(Params, P.second))
      return false;
    Params.insert(llvm::upper_bound(Params, P.second), P.second);
    return true;
  };
  for (const auto &[Key, P] : C.ParamMutexes)
    if (lookup(Key) == Recursion::Recursive)
      AddInit(P);
  // Those of the other files, by USR.
  llvm::StringMap<llvm::SmallVector<unsigned, 1>> External;
  if (auto Facts = externalLockApi())
    for (const LockApiFact &F : *Facts)
      if (F.Kind == "init-recursive" && F.Lock.Base == LockPathFact::OfParam &&
          F.Lock.Fields.empty())
        External[F.Usr].push_back(F.Lock.Param);
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<unsigned, 1>> Called;
  auto InitParams = [&](const FunctionDecl *Callee) {
    Callee = Callee->getCanonicalDecl();
    auto It = InitFunctions.find(Callee);
    if (It != InitFunctions.end())
      return llvm::ArrayRef<unsigned>(It->second);
    if (External.empty() || Callee->hasBody())
      return llvm::ArrayRef<unsigned>();
    auto [CIt, New] = Called.try_emplace(Callee);
    if (New) {
      auto EIt = External.find(lockApiUsr(Callee));
      if (EIt != External.end())
        CIt->second = EIt->second;
    }
    return llvm::ArrayRef<unsigned>(CIt->second);
  };
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const CallExpr *Call : C.Candidates)
      for (unsigned I : InitParams(Call->getDirectCallee()))
        if (I < Call->getNumArgs())
          if (auto O = resolveLockExpr(Call->getArg(I)))
            if (auto P = InitCollector::paramOf(*O))
              Changed |= AddInit(*P);
  }
  for (const CallExpr *Call : C.Candidates)
    for (unsigned I : InitParams(Call->getDirectCallee()))
      if (I < Call->getNumArgs())
        if (auto O = resolveLockExpr(Call->getArg(I)))
          merge(Mutexes, O->classKey(), Recursion::Recursive);
}

llvm::ArrayRef<unsigned>
MutexInits::recursiveInitParams(const FunctionDecl *FD) const {
  auto It = InitFunctions.find(FD->getCanonicalDecl());
  return It == InitFunctions.end() ? llvm::ArrayRef<unsigned>()
                                   : llvm::ArrayRef<unsigned>(It->second);
}

Recursion MutexInits::lookup(llvm::StringRef ClassKey) const {
  auto It = Mutexes.find(ClassKey);
  return It == Mutexes.end() ? Recursion::Unknown : It->second;
}

void MutexInits::apply(llvm::StringRef ClassKey, LockableInfo &Info) const {
  if (Info.RecursionKnown)
    return;
  switch (lookup(ClassKey)) {
  case Recursion::Recursive:
    Info.Recursive = true;
    Info.RecursionKnown = true;
    break;
  case Recursion::NonRecursive:
    Info.RecursionKnown = true;
    break;
  case Recursion::Unknown:
    break;
  }
}

} // namespace lockcheck
