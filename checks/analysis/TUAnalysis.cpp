//===--- TUAnalysis.cpp - per translation unit analysis cache -------------===//

#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/CallIndex.h"
#include "checks/analysis/LockApi.h"
#include "checks/analysis/LockDiscipline.h"
#include "checks/analysis/Lockset.h"
#include "checks/analysis/MutexInits.h"
#include "checks/analysis/SharedData.h"
#include "checks/analysis/ThreadEntries.h"
#include "checks/analysis/ThreadLifetime.h"
#include "checks/analysis/ThrowAnalysis.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace lockcheck {

TUAnalysis::TUAnalysis(ASTContext &Ctx)
    : Ctx(Ctx), TU(Ctx.getTranslationUnitDecl()) {}
TUAnalysis::~TUAnalysis() {
  if (Api && projectLockApi(TU) == Api.get())
    setProjectLockApi(nullptr, nullptr);
}

LockApi &TUAnalysis::getLockApi() {
  if (!Api)
    Api = std::make_unique<LockApi>(*this);
  return *Api;
}

void TUAnalysis::noteOptions(const LockModelOptions &Opts) {
  if (!ModelOpts)
    ModelOpts = std::make_unique<LockModelOptions>(Opts);
}

const LockModelOptions &TUAnalysis::modelOptions() {
  if (!ModelOpts)
    ModelOpts = std::make_unique<LockModelOptions>();
  return *ModelOpts;
}

std::shared_ptr<TUAnalysis> TUAnalysis::get(ASTContext &Ctx) {
  // Translation units are analysed one at a time in a process (the tool runs
  // them in worker processes for -j), so one slot suffices. The checks of a
  // TU own the cache; a new TU finds the slot expired or for another context.
  static std::weak_ptr<TUAnalysis> Current;
  std::shared_ptr<TUAnalysis> A = Current.lock();
  if (A && &A->Ctx == &Ctx && A->TU == Ctx.getTranslationUnitDecl())
    return A;
  A = std::make_shared<TUAnalysis>(Ctx);
  Current = A;
  setProjectLockApi(&Ctx, &A->getLockApi());
  return A;
}

const CFG *TUAnalysis::getCFG(const FunctionDecl *FD) {
  auto It = CFGs.find(FD);
  if (It != CFGs.end())
    return It->second.get();
  std::unique_ptr<CFG> G;
  if (Stmt *Body = FD->getBody()) {
    CFG::BuildOptions Opts;
    Opts.AddImplicitDtors = true;
    Opts.AddTemporaryDtors = true;
    Opts.AddScopes = true;
    Opts.AddInitializers = true;
    Opts.AddCXXDefaultInitExprInCtors = true;
    Opts.AddCXXDefaultInitExprInAggregates = true;
    Opts.setAllAlwaysAdd();
    G = CFG::buildCFG(FD, Body, &Ctx, Opts);
  }
  const CFG *Result = G.get();
  CFGs[FD] = std::move(G);
  return Result;
}

ParentMap *TUAnalysis::getParentMap(const FunctionDecl *FD) {
  auto &Slot = Parents[FD];
  if (!Slot && FD->getBody())
    Slot = std::make_unique<ParentMap>(FD->getBody());
  return Slot.get();
}

void TUAnalysis::releaseFunctionData(const FunctionDecl *FD) {
  CFGs.erase(FD);
  Parents.erase(FD);
}

void TUAnalysis::releaseCheckResults() {
  Shared.reset();
  Discipline.reset();
  ThreadLifetimes.clear();
  Calls.reset();
  FixItNames.clear();
}

ThrowAnalysis &TUAnalysis::getThrowAnalysis() {
  if (!Throws)
    Throws = std::make_unique<ThrowAnalysis>(Ctx);
  return *Throws;
}

const ThreadLifetimeResult &
TUAnalysis::getThreadLifetime(const FunctionDecl *FD) {
  auto &Slot = ThreadLifetimes[FD];
  if (!Slot)
    Slot = std::make_unique<ThreadLifetimeResult>(
        analyzeThreadLifetimes(FD, *this));
  return *Slot;
}

const MutexInits &TUAnalysis::getMutexInits(const LockModelOptions &Opts) {
  noteOptions(Opts);
  if (!Inits)
    Inits = std::make_unique<MutexInits>(Ctx, Opts);
  return *Inits;
}

const CallIndex &TUAnalysis::getCallIndex() {
  if (!Calls)
    Calls = std::make_unique<CallIndex>(Ctx);
  return *Calls;
}

const LocksetResult &TUAnalysis::getLockset(const FunctionDecl *FD,
                                            const LockModelOptions &Opts) {
  if (const LocksetResult *R = getLocksetIfAvailable(FD, Opts))
    return *R;
  static const LocksetResult Empty;
  return Empty;
}

const LocksetResult *
TUAnalysis::getLocksetIfAvailable(const FunctionDecl *FD,
                                  const LockModelOptions &Opts) {
  noteOptions(Opts);
  auto It = Locksets.find(FD);
  if (It != Locksets.end())
    return It->second.get();
  if (!LocksetsInProgress.insert(FD).second)
    return nullptr;
  // The CFG and parent map built for this analysis go with it: most
  // functions are not asked for them again, or only by the summary, which
  // gives them back (rebuilding one costs less than keeping them all for
  // the translation unit). Those asked for before stay: their pointers may
  // be held.
  bool HadCFG = CFGs.count(FD), HadParents = Parents.count(FD);
  auto R = std::make_unique<LocksetResult>(analyzeLockset(FD, *this, Opts));
  LocksetsInProgress.erase(FD);
  if (!HadCFG)
    CFGs.erase(FD);
  if (!HadParents)
    Parents.erase(FD);
  const LocksetResult *Ptr = R.get();
  Locksets[FD] = std::move(R);
  return Ptr;
}

const ThreadEntries &
TUAnalysis::getThreadEntries(const LockModelOptions &Opts) {
  noteOptions(Opts);
  if (!Entries)
    Entries = std::make_unique<ThreadEntries>(*this, Opts);
  return *Entries;
}

const SharedData &TUAnalysis::getSharedData(const LockModelOptions &Opts) {
  noteOptions(Opts);
  if (!Shared)
    Shared = std::make_unique<SharedData>(*this, Opts);
  return *Shared;
}

const LockDiscipline &
TUAnalysis::getLockDiscipline(const LockModelOptions &Opts) {
  noteOptions(Opts);
  if (!Discipline)
    Discipline = std::make_unique<LockDiscipline>(*this, Opts);
  return *Discipline;
}

namespace {

class FunctionCollector : public RecursiveASTVisitor<FunctionCollector> {
public:
  explicit FunctionCollector(const SourceManager &SM) : SM(SM) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }
  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) && D->getLocation().isValid() &&
        SM.isInSystemHeader(D->getLocation()))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    add(FD);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *LE) {
    add(LE->getCallOperator());
    return true;
  }
  std::vector<const FunctionDecl *> Functions;

private:
  void add(const FunctionDecl *FD) {
    if (isAnalyzableFunction(FD, SM) && Seen.insert(FD).second)
      Functions.push_back(FD);
  }
  const SourceManager &SM;
  llvm::DenseSet<const FunctionDecl *> Seen;
};

} // namespace

const std::vector<const FunctionDecl *> &TUAnalysis::functions() {
  if (!Functions) {
    FunctionCollector C(getSourceManager());
    C.TraverseDecl(Ctx.getTranslationUnitDecl());
    Functions = std::move(C.Functions);
  }
  return *Functions;
}

void TUAnalysis::limitTraversalToUserCode() {
  if (TraversalLimited)
    return;
  TraversalLimited = true;
  Ctx.setTraversalScope(userCodeDecls(Ctx));
}

void TUAnalysis::restoreTraversal() {
  if (!TraversalLimited)
    return;
  TraversalLimited = false;
  Ctx.setTraversalScope({Ctx.getTranslationUnitDecl()});
}

static void collectUserCode(DeclContext *DC, const SourceManager &SM,
                            std::vector<Decl *> &Out) {
  for (Decl *D : DC->decls()) {
    SourceLocation Loc = D->getLocation();
    if (Loc.isInvalid() || !SM.isInSystemHeader(Loc)) {
      Out.push_back(D);
      continue;
    }
    if (isa<NamespaceDecl, LinkageSpecDecl, ExportDecl>(D))
      collectUserCode(cast<DeclContext>(D), SM, Out);
  }
}

std::vector<Decl *> userCodeDecls(ASTContext &Ctx) {
  std::vector<Decl *> Out;
  collectUserCode(Ctx.getTranslationUnitDecl(), Ctx.getSourceManager(), Out);
  return Out;
}

bool enablesOnlyLockcheck(llvm::StringRef Checks) {
  // As clang-tidy's GlobList: comma or newline separated, the last glob
  // that matches a name decides. A later "-*" disables every earlier one
  // (clang-tidy puts its defaults first: "clang-diagnostic-*,
  // clang-analyzer-*,-*,lockcheck-*"). clang-diagnostic-* names compiler
  // warnings, not checks.
  bool Other = false;
  llvm::SmallVector<llvm::StringRef, 8> Globs;
  Checks.split(Globs, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Line : Globs) {
    llvm::SmallVector<llvm::StringRef, 2> Parts;
    Line.split(Parts, '\n', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef G : Parts) {
      G = G.trim();
      if (G.consume_front("-")) {
        if (G.trim() == "*")
          Other = false;
        continue;
      }
      if (!G.empty() && !G.starts_with("lockcheck-") &&
          !G.starts_with("clang-diagnostic-"))
        Other = true;
    }
  }
  return !Other;
}

bool isAnalyzableFunction(const FunctionDecl *FD, const SourceManager &SM) {
  if (!FD || !FD->hasBody() || !FD->doesThisDeclarationHaveABody())
    return false;
  if (FD->isDependentContext() || FD->isInvalidDecl())
    return false;
  return !SM.isInSystemHeader(FD->getLocation());
}

} // namespace lockcheck
