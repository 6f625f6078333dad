//===--- Lockset.cpp - which locks are held where -------------------------===//
//
// The per-function driver: a cheap walk decides whether the function
// touches locks at all; then its lock operations are collected (LocksetOps,
// LocksetCallees, LocksetTryLock), the dataflow runs with the transfer of
// LocksetTransfer, and the result is filled in: the summary (LocksetCallees),
// what the checks read (LocksetRecord) and the findings (LocksetExits).
//
//===----------------------------------------------------------------------===//

#include "checks/analysis/Conditions.h"
#include "checks/analysis/LockApi.h"
#include "checks/analysis/LocksetInternal.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/DenseSet.h"
#include <set>

using namespace clang;

namespace lockcheck {
namespace lockset_impl {

/// Whether \p S can change a lock's state: a lock operation, a guard, or a
/// call of a function of this translation unit whose summary has an effect.
/// A cheap walk of the AST, so that most functions skip the CFG.
static bool touchesLocks(const Stmt *S, const FunctionDecl *FD, TUAnalysis &TU,
                         const LockModelOptions &Opts) {
  if (!S)
    return false;
  if (isa<LambdaExpr>(S) || isa<BlockExpr>(S))
    return false;
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (isGuardType(VD->getType(), Opts))
          return true;
  if (isa<AtomicExpr>(S) &&
      classifySpinOp(cast<AtomicExpr>(S)).Kind != LockOpKind::None)
    return true;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    if (classifyLockCall(Call, Opts).Kind != LockOpKind::None)
      return true;
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && Callee->hasAttr<AssertCapabilityAttr>())
      return true;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      if (classifyGuardMember(MC->getMethodDecl(), Opts) !=
          GuardMemberKind::None)
        return true;
    const FunctionDecl *Def = nullptr;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->hasBody(Def) && Def && Def != FD &&
        !TU.getSourceManager().isInSystemHeader(Def->getLocation()))
      if (const LocksetResult *R = TU.getLocksetIfAvailable(Def, Opts))
        if (!R->Summary.empty())
          return true;
    // A lock function of another file.
    if (Callee && !Def)
      if (const InferredLockFunction *F = TU.getLockApi().function(Callee);
          F && F->External)
        return true;
  }
  for (const Stmt *Child : S->children())
    if (touchesLocks(Child, FD, TU, Opts))
      return true;
  return false;
}

void Analyzer::collectRequired() {
  for (const auto *A : FD->specific_attrs<RequiresCapabilityAttr>())
    for (const Expr *Arg : A->args())
      if (auto K = lockKey(Arg))
        Required.insert(*K);
}

void Analyzer::run() {
  collectRequired();
  if (Required.empty() && !touchesLocks(FD->getBody(), FD, TU, Opts))
    return;
  const CFG *Cfg = TU.getCFG(FD);
  PM = TU.getParentMap(FD);
  if (!Cfg || !PM)
    return;
  collect(FD->getBody());
  if (Out.Locks.empty())
    return;
  for (const CallExpr *Call : CallbackCalls)
    onCallback(Call);
  // Conditions worth keeping apart are those of branches that lock or
  // unlock: the statements around a lock operation.
  llvm::DenseSet<const Stmt *> AroundLocks;
  auto Mark = [&](const Stmt *S) {
    for (; S && AroundLocks.insert(S).second; S = PM->getParent(S))
      ;
  };
  for (const auto &KV : Events)
    Mark(KV.first);
  for (const auto &KV : TryCalls)
    Mark(KV.first);
  for (const auto &KV : GuardDeclStmts)
    Mark(KV.first);
  ConditionAtoms Atoms(FD, TU.getContext(), &AroundLocks);
  ForwardDataflow DF(*Cfg, *this, &Atoms);
  if (!DF.run())
    return;
  Out.Analyzed = true;
  Out.AcquireLocs.resize(Out.Locks.size());
  for (const auto &[K, Sites] : Acquires)
    if (K < Out.AcquireLocs.size())
      for (const auto &Site : Sites)
        Out.AcquireLocs[K].push_back(Site.first);
  for (auto &Locs : Out.AcquireLocs)
    llvm::stable_sort(Locs, [&](SourceLocation A, SourceLocation B) {
      return SM.isBeforeInTranslationUnit(A, B);
    });
  summarize(*Cfg, DF);
  report(*Cfg, DF);
  // The replay visits blocks in CFG order: keep what it records in source
  // order.
  llvm::stable_sort(Out.Acquisitions,
                    [&](const LockAcquisition &A, const LockAcquisition &B) {
                      return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
                    });
  llvm::stable_sort(Out.Waits, [&](const WaitSite &A, const WaitSite &B) {
    return SM.isBeforeInTranslationUnit(A.Call->getBeginLoc(),
                                        B.Call->getBeginLoc());
  });
  llvm::stable_sort(Out.Findings,
                    [&](const LockFinding &A, const LockFinding &B) {
                      return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
                    });
  // One finding per bug: once a mutex is locked twice, the acquisitions of
  // it that follow deadlock in the same way.
  std::set<unsigned> Doubled;
  llvm::erase_if(Out.Findings, [&](const LockFinding &F) {
    return F.Kind == LockFindingKind::DoubleLock &&
           !Doubled.insert(F.Lock).second;
  });
}

} // namespace lockset_impl

using namespace lockset_impl;

SourceLocation LocksetResult::acquiredBefore(unsigned Lock, SourceLocation Loc,
                                             const SourceManager &SM) const {
  if (Lock >= AcquireLocs.size() || AcquireLocs[Lock].empty())
    return SourceLocation();
  SourceLocation Best = AcquireLocs[Lock].front();
  for (SourceLocation A : AcquireLocs[Lock])
    if (SM.isBeforeInTranslationUnit(A, Loc))
      Best = A;
  return Best;
}

std::optional<unsigned> LocksetResult::findLock(const Expr *E) const {
  auto O = resolveLockExpr(E);
  if (!O)
    return std::nullopt;
  std::string K = O->key();
  for (unsigned I = 0; I < Locks.size(); ++I)
    if (Locks[I].Key == K)
      return I;
  return std::nullopt;
}

LocksetResult analyzeLockset(const FunctionDecl *FD, TUAnalysis &TU,
                             const LockModelOptions &Opts) {
  LocksetResult R;
  Analyzer A(FD, TU, Opts, R);
  A.run();
  return R;
}

} // namespace lockcheck
