//===--- MutexInits.cpp - how the mutexes of a TU are initialised ---------===//

#include "checks/analysis/MutexInits.h"
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

  explicit InitCollector(const LockModelOptions &Opts) : Opts(Opts) {}

  static std::string classOf(const Expr *E) {
    auto O = resolveLockExpr(E);
    return O ? O->classKey() : std::string();
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
