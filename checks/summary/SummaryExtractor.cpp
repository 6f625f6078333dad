//===--- SummaryExtractor.cpp - a translation unit's summary --------------===//

#include "checks/summary/SummaryExtractor.h"
#include "checks/analysis/BlockingAnalysis.h"
#include "checks/analysis/CallIndex.h"
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
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"
#include <functional>

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

/// The accesses of a function to members of structs and classes through
/// `this`, pointers and references, each with whose object it is
/// (ObjectRef), and the calls that hand the callee an object the caller may
/// own: what the merge needs to tell shared members from owned ones.
class MemberAccesses {
public:
  using HeldFn = std::function<std::vector<HeldFact>(
      const Expr *, const FunctionDecl *, const LocksetResult &)>;
  MemberAccesses(TUAnalysis &TU, const LockModelOptions &Opts, HeldFn Held)
      : TU(TU), SM(TU.getSourceManager()), Opts(Opts), Held(std::move(Held)),
        TE(TU.getThreadEntries(Opts)),
        SharedLocals(localsSharedWithThreads(TE)) {
    for (const ThreadEntry &E : TE.entries())
      StartStmts.insert(E.StartStmt);
  }

  void run(const FunctionDecl *FD, const LocksetResult &R, FunctionSummary &F) {
    this->FD = FD;
    PM = TU.getParentMap(FD);
    if (!PM || !FD->getBody())
      return;
    ParamOf.clear();
    FreshUntil.clear();
    for (const ParmVarDecl *P : FD->parameters())
      forEachLocalRenaming(FD, P, [&](const VarDecl *Local) {
        ParamOf[Local] = P->getFunctionScopeIndex();
      });
    findFreshLocals();
    forEachCodeRoot(FD, [&](const Stmt *S) { walk(S, R, F); });
  }

private:
  /// A pointer-typed local initialised with a new object (`new T`,
  /// `malloc`, a project allocator, `std::make_unique`): the function owns
  /// the object until it hands the pointer over (stores it, returns it,
  /// starts a thread with it) or points it elsewhere, in source order.
  static bool freshObject(const Expr *Init) {
    Init = Init ? Init->IgnoreParenCasts() : nullptr;
    if (!Init)
      return false;
    if (isa<CXXNewExpr>(Init))
      return true;
    if (const auto *C = dyn_cast<CallExpr>(stripExpr(Init)))
      if (const FunctionDecl *Callee = C->getDirectCallee();
          Callee && Callee->getIdentifier()) {
        std::string N = Callee->getName().lower();
        return llvm::StringRef(N).contains("alloc") ||
               llvm::StringRef(N).starts_with("make_unique") ||
               llvm::StringRef(N).starts_with("make_shared");
      }
    return false;
  }

  /// Whether the use \p DRE of a fresh local keeps the object with the
  /// function: the base of a member access, a null test, a release.
  bool keepsOwnership(const DeclRefExpr *DRE) const {
    const Stmt *Child = DRE;
    const Stmt *P = PM->getParent(DRE);
    while (P && (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P))) {
      if (const auto *IC = dyn_cast<ImplicitCastExpr>(P);
          IC && IC->getCastKind() == CK_PointerToBoolean)
        return true;
      Child = P;
      P = PM->getParent(P);
    }
    if (!P)
      return true;
    if (const auto *ME = dyn_cast<MemberExpr>(P))
      return ME->getBase() == Child;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P))
      return Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star ||
             Op->getOperator() == OO_ExclaimEqual ||
             Op->getOperator() == OO_EqualEqual;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(P))
      return MC->getImplicitObjectArgument() == Child; // p.get(), p.reset()
    if (const auto *U = dyn_cast<UnaryOperator>(P))
      return U->getOpcode() == UO_LNot || U->getOpcode() == UO_Deref;
    if (const auto *B = dyn_cast<BinaryOperator>(P))
      return B->isEqualityOp() || B->isLogicalOp();
    if (isa<CXXDeleteExpr>(P))
      return true;
    // Handed to a callee that initialises or reads it: still the
    // function's own (what the callee stores, the summary does not say;
    // precision first). Handed to a thread: shared from there on.
    if (isa<CallExpr>(P))
      return !StartStmts.count(P);
    return false;
  }

  void findFreshLocals() {
    // Per pointer local, in source order: where it starts to point to a
    // new object (true) and where that object is handed over or the
    // pointer is pointed elsewhere (false).
    using Events = std::vector<std::pair<SourceLocation, bool>>;
    llvm::DenseMap<const VarDecl *, Events> Fresh;
    auto Local = [&](const VarDecl *VD) {
      return VD && VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) &&
             VD->getDeclContext() == FD && !VD->getType()->isReferenceType();
    };
    std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
      if (!S)
        return;
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D);
              Local(VD) && freshObject(VD->getInit()))
            Fresh[VD].push_back({VD->getLocation(), true});
      if (const auto *BO = dyn_cast<BinaryOperator>(S);
          BO && BO->getOpcode() == BO_Assign)
        if (const auto *DRE =
                dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
              Local(VD) && freshObject(BO->getRHS())) {
            Fresh[VD].push_back({DRE->getBeginLoc(), true});
            Walk(BO->getRHS());
            return;
          }
      if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
        const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        if (Local(VD) && !keepsOwnership(DRE))
          Fresh[VD].push_back({DRE->getBeginLoc(), false});
      }
      // A lambda or block that names it may run anywhere: handed over
      // where it is created.
      if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
        for (const LambdaCapture &C : LE->captures())
          if (C.capturesVariable())
            if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar());
                Local(VD))
              Fresh[VD].push_back({LE->getBeginLoc(), false});
        return;
      }
      for (const Stmt *Child : S->children())
        Walk(Child);
    };
    Walk(FD->getBody());
    for (auto &[VD, E] : Fresh) {
      if (llvm::none_of(E, [](const auto &X) { return X.second; }))
        continue;
      llvm::stable_sort(E, [&](const auto &A, const auto &B) {
        return SM.isBeforeInTranslationUnit(A.first, B.first);
      });
      FreshUntil[VD] = std::move(E);
    }
  }

  /// Whether the pointer local \p VD points, at \p At, to a new object
  /// the function has not handed over yet.
  bool freshAt(const VarDecl *VD, SourceLocation At) const {
    auto It = FreshUntil.find(VD);
    if (It == FreshUntil.end())
      return false;
    bool Owned = false;
    for (const auto &[Loc, Starts] : It->second) {
      if (!SM.isBeforeInTranslationUnit(Loc, At))
        break;
      Owned = Starts;
    }
    return Owned;
  }

  /// Whose object \p Base (the object of a member access, a call's object
  /// or argument) is: \p Arrow when \p Base points to it. Nothing for a
  /// global object (its members are accesses of the global).
  std::optional<ObjectRef> objectOf(const Expr *Base, bool Arrow,
                                    SourceLocation At) const {
    const Expr *E = Base->IgnoreParenCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() == UO_Deref && !Arrow)
        return objectOf(U->getSubExpr(), true, At);
      if (U->getOpcode() == UO_AddrOf && Arrow)
        return objectOf(U->getSubExpr(), false, At);
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && Op->getNumArgs() == 1 &&
        (Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star))
      return objectOf(Op->getArg(0), true, At); // a smart pointer
    // A member object is part of the object holding it: `&p->bev`.
    if (const auto *ME = dyn_cast<MemberExpr>(E);
        ME && !Arrow && isa<FieldDecl>(ME->getMemberDecl()))
      return objectOf(ME->getBase(), ME->isArrow(), At);
    ObjectRef O;
    if (isa<CXXThisExpr>(E)) {
      // A lambda's `this` is the object of the function that made it.
      const auto *MD = dyn_cast<CXXMethodDecl>(FD);
      if (!(MD && MD->getParent()->isLambda()))
        O.K = ObjectRef::This;
      return O;
    }
    if (!Arrow &&
        (isa<MaterializeTemporaryExpr>(E) || isa<CXXTemporaryObjectExpr>(E) ||
         isa<CXXConstructExpr>(E) || isa<CompoundLiteralExpr>(E) ||
         (E->isPRValue() && E->getType()->isRecordType()))) {
      O.K = ObjectRef::Owned;
      return O;
    }
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!VD)
      return O;
    bool Ref = VD->getType()->isReferenceType();
    if (VD->hasGlobalStorage())
      return Arrow || Ref ? std::optional<ObjectRef>(O) : std::nullopt;
    if (const auto *P = dyn_cast<ParmVarDecl>(VD);
        P && P->getDeclContext() == FD) {
      if (Arrow || Ref) {
        O.K = ObjectRef::Param;
        O.Index = P->getFunctionScopeIndex();
      } else {
        O.K = ObjectRef::Owned; // a copy
      }
      return O;
    }
    if (VD->getDeclContext() != FD && !isa<BlockDecl>(VD->getDeclContext()))
      return O; // captured: the enclosing function's
    if (auto It = ParamOf.find(VD); It != ParamOf.end()) {
      O.K = ObjectRef::Param;
      O.Index = It->second;
      return O;
    }
    if (Arrow) {
      if (freshAt(VD, At))
        O.K = ObjectRef::Owned;
      return O;
    }
    if (!Ref && !SharedLocals.count(VD))
      O.K = ObjectRef::Owned;
    return O;
  }

  std::string spelling(const Expr *E, const FieldDecl *Field) const {
    CharSourceRange R = CharSourceRange::getTokenRange(E->getSourceRange());
    if (!E->getBeginLoc().isMacroID() && !E->getEndLoc().isMacroID()) {
      llvm::StringRef Text =
          Lexer::getSourceText(R, SM, TU.getContext().getLangOpts());
      if (!Text.empty() && Text.size() < 80 && !Text.contains('\n'))
        return Text.str();
    }
    return Field->getNameAsString();
  }

  void member(const MemberExpr *ME, const LocksetResult &R,
              FunctionSummary &F) {
    const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!Field || Field->getType().isConstQualified() ||
        isSynchronizationType(Field->getType()) ||
        SM.isInSystemHeader(Field->getLocation()))
      return;
    // Down the `.` chain to the object: `p->a.b` is a member of `*p`.
    const MemberExpr *Cur = ME;
    while (!Cur->isArrow()) {
      const auto *Inner =
          dyn_cast<MemberExpr>(Cur->getBase()->IgnoreParenImpCasts());
      if (!Inner || !isa<FieldDecl>(Inner->getMemberDecl()))
        break;
      Cur = Inner;
    }
    std::optional<ObjectRef> O =
        objectOf(Cur->getBase(), Cur->isArrow(), ME->getExprLoc());
    if (!O)
      return;
    if (O->K == ObjectRef::This &&
        underConstruction(FD, cast<FieldDecl>(Cur->getMemberDecl())))
      O->K = ObjectRef::Owned;
    MemberAccessFact A;
    A.Field = fieldKey(Field);
    A.Name = spelling(ME, Field);
    A.Write = classifyAccess(ME, FD, TU).Write;
    A.At = placeOf(ME->getMemberLoc(), SM);
    A.Held = Held(ME, FD, R);
    for (const HeldLock &H : locksAround(ME, FD, TU, Opts))
      if (H.Kind == HeldKind::May && H.Lock < R.Locks.size())
        A.MayHeld.push_back(R.Locks[H.Lock].Origin.classKey());
    A.Object = *O;
    if (A.At.valid())
      F.MemberAccesses.push_back(std::move(A));
  }

  void call(const CallExpr *Call, FunctionSummary &F) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || Callee->getBuiltinID() ||
        SM.isInSystemHeader(Callee->getLocation()))
      return;
    CallObjectsFact C;
    C.Callee = usrOf(Callee);
    C.At = placeOf(Call->getExprLoc(), SM);
    if (C.Callee.empty() || !C.At.valid())
      return;
    unsigned First = 0;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
      if (const Expr *Obj = MC->getImplicitObjectArgument()) {
        const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
        if (!TE.objectShared(FD, Call, true))
          C.This.K = ObjectRef::Owned;
        else if (auto O =
                     objectOf(Obj, ME && ME->isArrow(), Call->getExprLoc()))
          C.This = *O;
      }
    } else if (isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) &&
               Call->getNumArgs() > 0) {
      First = 1;
      if (!TE.objectShared(FD, Call, true))
        C.This.K = ObjectRef::Owned;
      else if (auto O = objectOf(Call->getArg(0), false, Call->getExprLoc()))
        C.This = *O;
    }
    for (unsigned I = First; I < Call->getNumArgs(); ++I) {
      unsigned P = I - First;
      if (P >= Callee->getNumParams())
        break;
      QualType T = Callee->getParamDecl(P)->getType();
      if (!T->isPointerType() && !T->isReferenceType())
        continue;
      std::optional<ObjectRef> O =
          objectOf(Call->getArg(I), T->isPointerType(), Call->getExprLoc());
      if (O && O->K != ObjectRef::Shared)
        C.Args.push_back({P, *O});
    }
    if (C.This.K != ObjectRef::Shared || !C.Args.empty())
      F.CallObjects.push_back(std::move(C));
  }

  void walk(const Stmt *S, const LocksetResult &R, FunctionSummary &F) {
    if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S) ||
        isa<UnaryExprOrTypeTraitExpr>(S))
      return;
    // Taking an address reads nothing.
    if (const auto *U = dyn_cast<UnaryOperator>(S);
        U && U->getOpcode() == UO_AddrOf &&
        isa<MemberExpr>(U->getSubExpr()->IgnoreParens())) {
      const auto *ME = cast<MemberExpr>(U->getSubExpr()->IgnoreParens());
      walk(ME->getBase(), R, F);
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(S))
      call(Call, F);
    if (const auto *ME = dyn_cast<MemberExpr>(S)) {
      // The whole `.` chain is one access, of its last member.
      member(ME, R, F);
      const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
      while (const auto *Inner = dyn_cast<MemberExpr>(Base)) {
        if (ME->isArrow() || !isa<FieldDecl>(Inner->getMemberDecl()))
          break;
        ME = Inner;
        Base = ME->getBase()->IgnoreParenImpCasts();
      }
      walk(Base, R, F);
      return;
    }
    for (const Stmt *Child : S->children())
      walk(Child, R, F);
  }

  TUAnalysis &TU;
  const SourceManager &SM;
  const LockModelOptions &Opts;
  HeldFn Held;
  const ThreadEntries &TE;
  llvm::DenseSet<const VarDecl *> SharedLocals;
  llvm::DenseSet<const Stmt *> StartStmts;
  const FunctionDecl *FD = nullptr;
  ParentMap *PM = nullptr;
  llvm::DenseMap<const VarDecl *, unsigned> ParamOf;
  /// Pointer locals that point to new objects: where they start to, and
  /// where they stop (freshAt).
  llvm::DenseMap<const VarDecl *, std::vector<std::pair<SourceLocation, bool>>>
      FreshUntil;
};

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
      // The checks are done with the function too: its CFG and parent map
      // need not stay until the end of the translation unit.
      TU->releaseFunctionData(FD);
    }
    for (const ThreadEntry &E : TU->getThreadEntries(Opts).entries()) {
      if (!E.Callee || !E.Starter)
        continue;
      ThreadStartFact T;
      T.Entry = usrOf(E.Callee);
      T.EntryName = displayName(E.Callee);
      T.Starter = usrOf(E.Starter);
      T.At = placeOf(E.StartLoc, SM);
      T.Many = E.InLoop || E.Repeated;
      if (!T.Entry.empty() && T.At.valid())
        S.Starts.push_back(std::move(T));
    }
    // Functions that may be called where no summary shows it: named other
    // than by a call (a callback, a table of operations), virtual.
    {
      const CallIndex &CI = TU->getCallIndex();
      llvm::StringSet<> Seen;
      auto Add = [&](const FunctionDecl *FD) {
        if (SM.isInSystemHeader(FD->getLocation()))
          return;
        std::string Usr = usrOf(FD);
        if (!Usr.empty() && Seen.insert(Usr).second)
          S.AddressTaken.push_back(std::move(Usr));
      };
      for (const FunctionDecl *FD : CI.hiddenCallees())
        Add(FD);
      for (const FunctionDecl *FD : TU->functions())
        if (CI.hasHiddenCallers(FD))
          Add(FD);
      llvm::sort(S.AddressTaken);
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
            heldFacts(locksAtAccess(DRE, FD, *TU, Opts), R, DRE->getLocation());
        if (A.At.valid())
          F.Accesses.push_back(std::move(A));
      }
    for (const Stmt *Child : S->children())
      walk(Child, FD, R, F);
  }

  void call(const CallExpr *Call, const FunctionDecl *FD,
            const LocksetResult &R, FunctionSummary &F) {
    ParentMap *PM = TU->getParentMap(FD);
    bool Retry = PM && retriesInitialisation(Call, *PM, Opts);
    if (std::optional<BlockingCall> B = Blocks.classify(Call); B && !B->Via) {
      if (Retry)
        return;
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
    // A function that does not return (a test framework's abort path):
    // what it blocks in, the holder never comes back from.
    C.Retry = Retry || Callee->isNoReturn();
    C.At = placeOf(Call->getExprLoc(), SM);
    C.Held = heldFacts(locksAround(Call, FD, *TU, Opts), R, Call->getExprLoc());
    if (!C.Held.empty())
      for (std::string &K : Blocks.releasedByCallbacks(Call, FD))
        if (llvm::any_of(C.Held,
                         [&](const HeldFact &H) { return H.Lock == K; }))
          C.CallbackReleased.push_back(std::move(K));
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if (const auto *P =
              dyn_cast<DeclRefExpr>(Call->getArg(I)->IgnoreParenCasts()))
        if (const auto *Param = dyn_cast<ParmVarDecl>(P->getDecl());
            Param && Param->getDeclContext() == FD)
          C.ParamArgs.push_back({I, Param->getFunctionScopeIndex()});
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if (const FunctionDecl *Fn = namedFunction(Call->getArg(I))) {
        std::string Usr = usrOf(Fn);
        if (!Usr.empty())
          C.FunctionArgs.push_back({I, std::move(Usr), displayName(Fn)});
      }
    // The locks the call takes, as this function's analysis sees it.
    auto Taken = [&](const auto &Map, auto Key) {
      auto It = Map.find(Key);
      if (It == Map.end())
        return;
      for (unsigned L : It->second) {
        std::string K = R.Locks[L].Origin.classKey();
        if (!llvm::is_contained(C.Acquires, K))
          C.Acquires.push_back(std::move(K));
      }
    };
    Taken(AcquiredAt, static_cast<const Stmt *>(Call));
    Taken(AcquiredAtLoc, Call->getExprLoc().getRawEncoding());
    F.Calls.push_back(std::move(C));
  }

  /// The locks \p FD releases somewhere: by a release call of the model
  /// (the project's release functions of any file included), through a
  /// release function of this file (its summary), or by a guard it builds
  /// (which releases what it holds where it ends).
  void releases(const FunctionDecl *FD, const LocksetResult &R,
                FunctionSummary &F) {
    auto Add = [&](std::string K) {
      if (!llvm::is_contained(F.Releases, K))
        F.Releases.push_back(std::move(K));
    };
    auto AddExpr = [&](const Expr *E,
                       llvm::ArrayRef<const FieldDecl *> Fields) {
      if (!E)
        return;
      if (std::optional<LockOrigin> O = resolveLockExpr(E)) {
        O->Fields.append(Fields.begin(), Fields.end());
        Add(O->classKey());
      }
    };
    for (const CalleeRelease &C : R.CalleeReleases)
      if (C.Lock < R.Locks.size())
        Add(R.Locks[C.Lock].Origin.classKey());
    std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
      if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
        return;
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        LockOp Op = classifyLockCall(Call, Opts);
        if (Op.Kind == LockOpKind::None)
          Op = classifySpinOp(Call);
        if (Op.Kind == LockOpKind::Release)
          for (const Expr *E : Op.Locks)
            AddExpr(E, Op.Fields);
      }
      if (const auto *CE = dyn_cast<CXXConstructExpr>(S)) {
        GuardCtor G = classifyGuardConstruction(CE, Opts);
        if (G.Init == GuardInit::Acquire || G.Init == GuardInit::Adopt ||
            G.Init == GuardInit::Try || G.Init == GuardInit::Defer)
          for (const Expr *E : G.Locks)
            AddExpr(E, {});
      }
      for (const Stmt *Child : S->children())
        Walk(Child);
    };
    forEachCodeRoot(FD, [&](const Stmt *S) { Walk(S); });
    llvm::sort(F.Releases);
  }

  /// The locks \p FD returns holding that the check of this file takes
  /// for an acquire function's (lockcheck-unreleased-lock): held on every
  /// normal exit, or on exactly the paths that took them.
  void heldOnExit(const FunctionDecl *FD, const LocksetResult &R,
                  FunctionSummary &F) {
    bool Entry = FD->isMain();
    if (!Entry) {
      const FunctionDecl *Canon = FD->getCanonicalDecl();
      for (const ThreadEntry &E : TU->getThreadEntries(Opts).entries())
        if (E.Callee && E.Callee->getCanonicalDecl() == Canon)
          Entry = true;
    }
    for (const LockFinding &L : R.Findings) {
      if (L.Kind != LockFindingKind::Unreleased || L.AcquireOnSuccess ||
          !(L.EveryExit || L.ConditionalAcquire) || L.Lock >= R.Locks.size())
        continue;
      const LockInfo &Info = R.Locks[L.Lock];
      // A local lock names this function: no caller can release it.
      if (Info.Origin.K == LockOrigin::Local)
        continue;
      HeldOnExitFact H;
      H.Lock = Info.Origin.classKey();
      H.Name = Info.Name;
      H.At = placeOf(L.Loc, SM);
      H.Conditional = !L.EveryExit;
      H.Reported = Entry;
      if (const auto *Call = dyn_cast_or_null<CallExpr>(L.At))
        if (const FunctionDecl *Callee = Call->getDirectCallee();
            Callee && !SM.isInSystemHeader(Callee->getLocation()))
          H.Via = usrOf(Callee);
      if (H.At.valid())
        F.HeldOnExit.push_back(std::move(H));
    }
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
    AcquiredAt.clear();
    AcquiredAtLoc.clear();
    for (const LockAcquisition &A : R.Acquisitions)
      if (A.Lock < R.Locks.size()) {
        if (A.At)
          AcquiredAt[A.At].push_back(A.Lock);
        if (A.Loc.isValid())
          AcquiredAtLoc[A.Loc.getRawEncoding()].push_back(A.Lock);
      }
    forEachCodeRoot(FD, [&](const Stmt *S) { walk(S, FD, R, F); });
    if (R.Analyzed) {
      releases(FD, R, F);
      heldOnExit(FD, R, F);
    }
    Members.run(FD, R, F);
    for (const LockInitSite &I : TU->getLockApi().initsIn(FD))
      F.Inits.push_back({I.Lock.classKey(), placeOf(I.Loc, SM)});
    // A function that ends the process on every path: its writes on the
    // way out race with nothing that matters.
    if (endsProcess(FD, *TU)) {
      F.Accesses.clear();
      F.MemberAccesses.clear();
    }
    S.Functions.push_back(std::move(F));
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  /// The locks the current function's analysis sees taken, by statement
  /// and by location.
  llvm::DenseMap<const Stmt *, llvm::SmallVector<unsigned, 1>> AcquiredAt;
  llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 1>> AcquiredAtLoc;
  std::shared_ptr<TUAnalysis> TU;
  const LockModelOptions &Opts;
  BlockingModel Model;
  BlockingAnalysis Blocks;
  MemberAccesses Members{
      *TU, Opts,
      [this](const Expr *E, const FunctionDecl *FD, const LocksetResult &R) {
        return heldFacts(locksAtAccess(E, FD, *TU, Opts), R, E->getExprLoc());
      }};
};

} // namespace

TUSummary summarizeTranslationUnit(ASTContext &Ctx,
                                   const LockModelOptions &Opts,
                                   const std::vector<std::string> &Blocking) {
  return Extractor(Ctx, Opts, Blocking).run();
}

} // namespace lockcheck
