//===--- LockDiscipline.cpp - what the code says guards what --------------===//

#include "checks/analysis/LockDiscipline.h"
#include "checks/analysis/CallIndex.h"
#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/Lockset.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include <functional>

using namespace clang;

namespace lockcheck {

namespace {

/// The lock a GUARDED_BY / PT_GUARDED_BY attribute names.
const Expr *declaredGuard(const ValueDecl *D, bool &Pointee) {
  Pointee = false;
  if (const auto *GB = D->getAttr<GuardedByAttr>())
    return GB->getArg();
  if (const auto *PB = D->getAttr<PtGuardedByAttr>()) {
    Pointee = true;
    return PB->getArg();
  }
  return nullptr;
}

bool isDataType(QualType T) {
  return !T.isNull() && !T.isConstQualified() && !isSynchronizationType(T);
}

} // namespace

LockDiscipline::LockDiscipline(TUAnalysis &TU, const LockModelOptions &Opts)
    : TU(TU), Opts(Opts) {
  collectCandidates();
  for (const FunctionDecl *FD : TU.functions())
    scanFunction(FD);
}

void LockDiscipline::collectCandidates() {
  for (const FunctionDecl *FD : TU.functions()) {
    // The classes whose member functions the TU defines.
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
      const CXXRecordDecl *RD = MD->getParent();
      if (RD->isLambda() || RD->isUnion() || LockClasses.count(RD))
        continue;
      std::vector<std::string> Keys;
      for (const FieldDecl *F : RD->fields()) {
        QualType T = F->getType();
        if (!lockableInfo(T).IsLockable || lockableInfo(T).Semaphore)
          continue;
        LockOrigin O;
        O.K = LockOrigin::This;
        O.Fields.push_back(F);
        Keys.push_back(O.classKey());
        Locks.try_emplace(Keys.back(),
                          LockRef{O, F->getNameAsString(), lockableInfo(T)});
      }
      if (!Keys.empty())
        LockClasses[RD] = std::move(Keys);
    }
  }
  // Annotated declarations are added at their first access
  // (scanFunction).
}

void LockDiscipline::scanFunction(const FunctionDecl *FD) {
  if (FD->isImplicit() || FD->hasAttr<NoThreadSafetyAnalysisAttr>() ||
      isLambdaCallOperator(FD))
    return;
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  const CXXRecordDecl *Own = nullptr;
  if (MD && MD->isInstance()) {
    auto It = LockClasses.find(MD->getParent());
    if (It != LockClasses.end())
      Own = MD->getParent();
  }
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S) ||
        isa<UnaryExprOrTypeTraitExpr>(S))
      return;
    if (const auto *ME = dyn_cast<MemberExpr>(S)) {
      const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
      const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
      bool Pointee = false;
      if (F && declaredGuard(F, Pointee) && !Pointee &&
          isDataType(F->getType())) {
        addAccess(F, ME, FD, nullptr);
      } else if (F && Own && isa<CXXThisExpr>(Base) && F->getParent() == Own &&
                 isDataType(F->getType())) {
        addAccess(F, ME, FD, Own);
      }
      // `p_->x`, through a PT_GUARDED_BY pointer.
      if (const auto *BE = dyn_cast<MemberExpr>(Base); BE && ME->isArrow())
        if (const auto *PF = dyn_cast<FieldDecl>(BE->getMemberDecl()))
          if (declaredGuard(PF, Pointee) && Pointee)
            addAccess(PF, ME, FD, nullptr);
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
      bool Pointee = false;
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && declaredGuard(VD, Pointee) && !Pointee &&
          isDataType(VD->getType()))
        addAccess(VD->getCanonicalDecl(), DRE, FD, nullptr);
    } else if (isa<UnaryOperator>(S) || isa<ArraySubscriptExpr>(S)) {
      // `*p_`, `p_[i]`, through a PT_GUARDED_BY pointer.
      const Expr *Ptr = nullptr;
      if (const auto *U = dyn_cast<UnaryOperator>(S);
          U && U->getOpcode() == UO_Deref)
        Ptr = U->getSubExpr();
      else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(S))
        Ptr = AS->getBase();
      if (Ptr) {
        Ptr = Ptr->IgnoreParenImpCasts();
        const ValueDecl *D = nullptr;
        if (const auto *PME = dyn_cast<MemberExpr>(Ptr))
          D = PME->getMemberDecl();
        else if (const auto *PDRE = dyn_cast<DeclRefExpr>(Ptr))
          D = PDRE->getDecl();
        bool Pointee = false;
        if (D && declaredGuard(D, Pointee) && Pointee)
          addAccess(D, cast<Expr>(S), FD, nullptr);
      }
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  forEachCodeRoot(FD, Walk);
}

void LockDiscipline::addAccess(const ValueDecl *D, const Expr *E,
                               const FunctionDecl *FD,
                               const CXXRecordDecl *Class) {
  auto [It, New] = Index.try_emplace(D, Vars.size());
  if (New) {
    DisciplineVariable V;
    V.Decl = D;
    V.Name = D->getNameAsString();
    bool Pointee = false;
    if (const Expr *G = declaredGuard(D, Pointee)) {
      if (auto O = resolveLockExpr(G)) {
        V.DeclaredGuard = O->classKey();
        V.PointeeGuarded = Pointee;
        std::string Name =
            O->Fields.empty()
                ? (O->Var ? O->Var->getNameAsString() : O->className())
                : O->Fields.back()->getNameAsString();
        Locks.try_emplace(V.DeclaredGuard,
                          LockRef{*O, Name, lockableInfo(G->getType())});
      }
    }
    Vars.push_back(std::move(V));
  }
  DisciplineVariable &V = Vars[It->second];
  if (Class && !V.Class) {
    V.Class = Class;
    V.ClassLocks = LockClasses.lookup(Class);
  }
  if (Class && V.Class != Class)
    return;
  DisciplineAccess A;
  A.E = E;
  A.FD = FD;
  A.Loc = E->getExprLoc();
  AccessUse U = classifyAccess(E, FD, TU);
  A.Write = U.Write;
  A.Statement = U.Statement;
  A.CallerHoldsLock = takesGuardByReference(FD, Opts);
  const LocksetResult &R = TU.getLockset(FD, Opts);
  for (const HeldLock &H : locksAround(E, FD, TU, Opts)) {
    const LockInfo &L = R.Locks[H.Lock];
    std::string K = L.Origin.classKey();
    Locks.try_emplace(K, LockRef{L.Origin, L.Name, L.Type});
    (H.Kind == HeldKind::Must ? A.Locks : A.MayLocks).insert(K);
    if (H.ReadOnly)
      A.ReadLocks.insert(K);
  }
  V.Accesses.push_back(std::move(A));
}

bool LockDiscipline::callersHold(const FunctionDecl *FD,
                                 const std::string &Key) const {
  return callersHold(FD, Key, 0);
}

bool LockDiscipline::callersHold(const FunctionDecl *FD, const std::string &Key,
                                 unsigned Depth) const {
  const CallIndex &CI = TU.getCallIndex();
  llvm::ArrayRef<CallIndex::CallSite> Calls = CI.callers(FD);
  if (Calls.empty() || CI.hasHiddenCallers(FD) || Depth > 2)
    return false;
  for (const CallIndex::CallSite &CS : Calls) {
    const FunctionDecl *Caller = CS.Caller;
    const Expr *Call = CS.At;
    if (Caller->getCanonicalDecl() == FD->getCanonicalDecl())
      continue; // recursion: the outer call decides
    bool Held = false;
    for (const HeldLock &H : locksAround(Call, Caller, TU, Opts)) {
      const LockInfo &L = TU.getLockset(Caller, Opts).Locks[H.Lock];
      Held |= H.Kind == HeldKind::Must && L.Origin.classKey() == Key;
    }
    if (!Held && !callersHold(Caller, Key, Depth + 1))
      return false;
  }
  return true;
}

} // namespace lockcheck
