//===--- SummaryExtractor.cpp - a translation unit's summary --------------===//

#include "checks/summary/SummaryExtractor.h"
#include "checks/analysis/BlockingAnalysis.h"
#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/LockApi.h"
#include "checks/analysis/Lockset.h"
#include "checks/analysis/SharedData.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadEntries.h"
#include "checks/model/BlockingModel.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace lockcheck {

OrderPlace placeOf(SourceLocation Loc, const SourceManager &SM) {
  OrderPlace P;
  if (Loc.isInvalid())
    return P;
  Loc = SM.getFileLoc(Loc);
  llvm::SmallString<256> Path(SM.getFilename(Loc));
  if (Path.empty())
    return P;
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  P.File = std::string(Path);
  P.Offset = SM.getFileOffset(Loc);
  return P;
}

namespace {

/// The function \p E names (`worker`, `&worker`, `(void *(*)(void *))worker`),
/// if any.
const FunctionDecl *namedFunction(const Expr *E) {
  for (;;) {
    E = E->IgnoreParenCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_AddrOf) {
      E = U->getSubExpr();
      continue;
    }
    break;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<FunctionDecl>(DRE->getDecl());
  return nullptr;
}

/// The function-pointer field \p E names (`t->fn`, `(*t->fn)`), if any.
const FieldDecl *functionPointerField(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_Deref)
    E = U->getSubExpr()->IgnoreParenCasts();
  const auto *ME = dyn_cast<MemberExpr>(E);
  if (!ME)
    return nullptr;
  const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!FD || !FD->getType()->isFunctionPointerType())
    return nullptr;
  return FD;
}

/// "f:<struct>::<field>", the struct named by its typedef when it has no
/// name of its own.
std::string fieldKey(const FieldDecl *FD) {
  const RecordDecl *RD = FD->getParent();
  std::string Record = RD->getQualifiedNameAsString();
  if (!RD->getIdentifier())
    if (const TypedefNameDecl *T = RD->getTypedefNameForAnonDecl())
      Record = T->getQualifiedNameAsString();
  return "f:" + Record + "::" + FD->getNameAsString();
}

/// A function as messages name it.
std::string displayName(const FunctionDecl *FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return "the lambda";
  return "'" + FD->getNameAsString() + "'";
}

std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Buf;
  if (index::generateUSRForDecl(D, Buf))
    return std::string();
  return std::string(Buf);
}

class Extractor {
public:
  Extractor(ASTContext &Ctx, const LockModelOptions &Opts,
            const std::vector<std::string> &Blocking)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), TU(TUAnalysis::get(Ctx)),
        Opts(Opts), Model(Blocking), Blocks(*TU, Model, Opts) {}

  TUSummary run() {
    TUSummary S;
    S.File = placeOf(SM.getLocForStartOfFile(SM.getMainFileID()), SM).File;
    for (const FunctionDecl *FD : TU->functions()) {
      summarize(FD, S);
      if (std::optional<LockApiFact> Fact = TU->getLockApi().factOf(FD)) {
        Fact->Usr = usrOf(FD);
        Fact->Name = FD->getQualifiedNameAsString();
        Fact->At = placeOf(FD->getLocation(), SM);
        if (!Fact->Usr.empty())
          S.LockApi.push_back(std::move(*Fact));
      }
    }
    for (const ThreadEntry &E : TU->getThreadEntries(Opts).entries()) {
      if (!E.Callee || !E.Starter)
        continue;
      ThreadStartFact T;
      T.Entry = usrOf(E.Callee);
      T.EntryName = displayName(E.Callee);
      T.Starter = usrOf(E.Starter);
      T.At = placeOf(E.StartLoc, SM);
      if (!T.Entry.empty() && T.At.valid())
        S.Starts.push_back(std::move(T));
    }
    for (const ThreadEntries::StartWrapperInfo &W :
         TU->getThreadEntries(Opts).startWrappers()) {
      StartWrapperFact Fact;
      Fact.Usr = usrOf(W.Wrapper);
      // Messages name the wrapper that holds the start they point at (of a
      // wrapper of a wrapper, the inner one).
      Fact.Name = displayName(W.InnerIn ? W.InnerIn : W.Wrapper);
      Fact.CallableParam = W.CallableParam;
      if (W.Inner)
        Fact.InnerStart = placeOf(W.Inner->getBeginLoc(), SM);
      if (!Fact.Usr.empty())
        S.StartWrappers.push_back(std::move(Fact));
    }
    return S;
  }

private:
  std::vector<HeldFact> heldFacts(llvm::ArrayRef<HeldLock> Held,
                                  const LocksetResult &R, SourceLocation Loc) {
    std::vector<HeldFact> Out;
    for (const HeldLock &H : Held) {
      if (H.Kind != HeldKind::Must || H.Lock >= R.Locks.size())
        continue;
      const LockInfo &L = R.Locks[H.Lock];
      HeldFact F;
      F.Lock = L.Origin.classKey();
      F.Name = L.Name;
      F.Shared = H.ReadOnly;
      F.TakenAt = placeOf(R.acquiredBefore(H.Lock, Loc, SM), SM);
      Out.push_back(std::move(F));
    }
    return Out;
  }

  /// A global, static member or local static that threads can share.
  bool sharedVariable(const VarDecl *V) const {
    if (!V->hasGlobalStorage() || V->getTLSKind() != VarDecl::TLS_None ||
        V->getType().isConstQualified() ||
        isSynchronizationType(V->getType()) ||
        SM.isInSystemHeader(V->getLocation()))
      return false;
    return true;
  }

  std::string varKey(const VarDecl *V) const {
    if (V->isStaticLocal())
      return usrOf(V);
    std::string K = "g:" + V->getQualifiedNameAsString();
    if (!V->isExternallyVisible())
      K += "@" + placeOf(V->getLocation(), SM).File;
    return K;
  }

  void walk(const Stmt *S, const FunctionDecl *FD, const LocksetResult &R,
            FunctionSummary &F) {
    // A lambda's body is a function of its own.
    if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
      return;
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      call(Call, FD, R, F);
      if (const FieldDecl *Field = functionPointerField(Call->getCallee()))
        F.FieldCalls.push_back(
            {fieldKey(Field), placeOf(Call->getExprLoc(), SM)});
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->getOpcode() == BO_Assign)
      if (const FieldDecl *Field = functionPointerField(BO->getLHS()))
        if (const auto *P =
                dyn_cast<DeclRefExpr>(BO->getRHS()->IgnoreParenCasts()))
          if (const auto *Param = dyn_cast<ParmVarDecl>(P->getDecl());
              Param && Param->getDeclContext() == FD)
            F.ParamStores.push_back(
                {Param->getFunctionScopeIndex(), fieldKey(Field)});
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
          V && sharedVariable(V)) {
        AccessFact A;
        A.Var = varKey(V);
        A.Name = V->getNameAsString();
        // A member of a global struct is a variable of its own: `g.count`
        // and `g.level` are guarded apart.
        const Expr *Use = DRE;
        if (ParentMap *PM = TU->getParentMap(FD))
          for (const Stmt *P =
                   PM->getParentIgnoreParenImpCasts(const_cast<Expr *>(Use));
               const auto *ME = dyn_cast_or_null<MemberExpr>(P);
               P = PM->getParentIgnoreParenImpCasts(
                   const_cast<MemberExpr *>(ME))) {
            if (ME->isArrow() || !isa<FieldDecl>(ME->getMemberDecl()) ||
                ME->getBase()->IgnoreParenImpCasts() != Use)
              break;
            A.Var += "." + ME->getMemberDecl()->getNameAsString();
            A.Name += "." + ME->getMemberDecl()->getNameAsString();
            Use = ME;
          }
        A.Write = classifyAccess(Use, FD, *TU).Write;
        A.At = placeOf(DRE->getLocation(), SM);
        A.Held =
            heldFacts(locksAround(DRE, FD, *TU, Opts), R, DRE->getLocation());
        if (A.At.valid())
          F.Accesses.push_back(std::move(A));
      }
    for (const Stmt *Child : S->children())
      walk(Child, FD, R, F);
  }

  void call(const CallExpr *Call, const FunctionDecl *FD,
            const LocksetResult &R, FunctionSummary &F) {
    if (std::optional<BlockingCall> B = Blocks.classify(Call); B && !B->Via) {
      BlockingFact Fact;
      Fact.Api = B->Api.str();
      Fact.At = placeOf(Call->getExprLoc(), SM);
      Fact.Held =
          heldFacts(locksAround(Call, FD, *TU, Opts), R, Call->getExprLoc());
      F.Blocking.push_back(std::move(Fact));
      return;
    }
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || Callee->getBuiltinID() ||
        SM.isInSystemHeader(Callee->getLocation()))
      return;
    CallFact C;
    C.Callee = usrOf(Callee);
    if (C.Callee.empty())
      return;
    C.CalleeName = displayName(Callee);
    C.At = placeOf(Call->getExprLoc(), SM);
    C.Held = heldFacts(locksAround(Call, FD, *TU, Opts), R, Call->getExprLoc());
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if (const FunctionDecl *Fn = namedFunction(Call->getArg(I))) {
        std::string Usr = usrOf(Fn);
        if (!Usr.empty())
          C.FunctionArgs.push_back({I, std::move(Usr), displayName(Fn)});
      }
    F.Calls.push_back(std::move(C));
  }

  void summarize(const FunctionDecl *FD, TUSummary &S) {
    FunctionSummary F;
    F.Usr = usrOf(FD);
    if (F.Usr.empty())
      return;
    F.Name = FD->getQualifiedNameAsString();
    F.Display = displayName(FD);
    F.At = placeOf(FD->getLocation(), SM);
    const LocksetResult &R = TU->getLockset(FD, Opts);
    if (R.Analyzed)
      for (const LockAcquisition &A : R.Acquisitions) {
        if (A.Via || A.Lock >= R.Locks.size())
          continue;
        const LockInfo &L = R.Locks[A.Lock];
        AcquireFact Fact;
        Fact.Lock = L.Origin.classKey();
        Fact.Name = L.Name;
        Fact.Global = L.Origin.K == LockOrigin::Global &&
                      L.Origin.Fields.empty() && L.Origin.Suffix.empty();
        Fact.Recursive =
            L.Type.Recursive || !L.Type.RecursionKnown || L.Type.Semaphore;
        Fact.Shared = A.Shared;
        Fact.At = placeOf(A.Loc, SM);
        Fact.Held = heldFacts(A.HeldBefore, R, A.Loc);
        F.Acquires.push_back(std::move(Fact));
      }
    forEachCodeRoot(FD, [&](const Stmt *S) { walk(S, FD, R, F); });
    S.Functions.push_back(std::move(F));
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  std::shared_ptr<TUAnalysis> TU;
  const LockModelOptions &Opts;
  BlockingModel Model;
  BlockingAnalysis Blocks;
};

} // namespace

TUSummary summarizeTranslationUnit(ASTContext &Ctx,
                                   const LockModelOptions &Opts,
                                   const std::vector<std::string> &Blocking) {
  return Extractor(Ctx, Opts, Blocking).run();
}

} // namespace lockcheck
