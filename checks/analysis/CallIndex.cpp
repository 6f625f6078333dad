//===--- CallIndex.cpp - who calls what, and what is stored where ---------===//

#include "checks/analysis/CallIndex.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace lockcheck {

namespace {

/// A type a callable can be stored into: a pointer or reference to a
/// function, a lambda's closure type, or a standard function wrapper.
bool isCallableSlotType(QualType T) {
  T = T.getNonReferenceType();
  if (T->isFunctionPointerType() || T->isFunctionType())
    return true;
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  if (RD->isLambda())
    return true;
  if (!RD->isInStdNamespace() || !RD->getIdentifier())
    return false;
  StringRef N = RD->getName();
  return N == "function" || N == "move_only_function" ||
         N == "copyable_function";
}

/// The variable or field \p E names, seen through `*`, `&` and casts; \p
/// Base receives the object of a field.
const Decl *slotOf(const Expr *E, const Expr **Base) {
  if (!E)
    return nullptr;
  for (;;) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_Deref) {
      E = U->getSubExpr();
      continue;
    }
    break;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return isCallableSlotType(VD->getType()) ? VD->getCanonicalDecl()
                                               : nullptr;
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const ValueDecl *D = ME->getMemberDecl();
    if (!isa<FieldDecl>(D) && !isa<VarDecl>(D))
      return nullptr;
    if (!isCallableSlotType(D->getType()))
      return nullptr;
    if (Base && isa<FieldDecl>(D))
      *Base = ME->getBase();
    return D->getCanonicalDecl();
  }
  return nullptr;
}

/// A stored value, seen through conversions, temporaries, the constructor of
/// a function wrapper and `&`.
const Expr *stripValue(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 16; ++Depth) {
    E = E->IgnoreParens();
    if (const auto *C = dyn_cast<CastExpr>(E)) {
      E = C->getSubExpr();
      continue;
    }
    if (const auto *F = dyn_cast<FullExpr>(E)) {
      E = F->getSubExpr();
      continue;
    }
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = M->getSubExpr();
      continue;
    }
    if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E)) {
      E = B->getSubExpr();
      continue;
    }
    if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
      if (C->getNumArgs() == 0)
        return nullptr;
      E = C->getArg(0);
      continue;
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_AddrOf) {
      E = U->getSubExpr();
      continue;
    }
    // A captureless lambda converted to a function pointer.
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E);
        MC && isa_and_nonnull<CXXConversionDecl>(MC->getMethodDecl())) {
      E = MC->getImplicitObjectArgument();
      continue;
    }
    return E;
  }
  return nullptr;
}

} // namespace

struct CallIndexBuilder : RecursiveASTVisitor<CallIndexBuilder> {
  CallIndex &Out;
  std::vector<const FunctionDecl *> Stack;
  llvm::DenseSet<const DeclRefExpr *> DirectCallees;

  explicit CallIndexBuilder(CallIndex &Out) : Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBody() const { return true; }

  const FunctionDecl *current() const {
    return Stack.empty() ? nullptr : Stack.back();
  }

  bool TraverseDecl(Decl *D) {
    const auto *FD = dyn_cast_or_null<FunctionDecl>(D);
    if (FD)
      Stack.push_back(FD);
    bool R = RecursiveASTVisitor::TraverseDecl(D);
    if (FD)
      Stack.pop_back();
    return R;
  }
  bool TraverseLambdaExpr(LambdaExpr *LE, DataRecursionQueue *Q = nullptr) {
    Stack.push_back(LE->getCallOperator());
    bool R = RecursiveASTVisitor::TraverseLambdaExpr(LE, Q);
    Stack.pop_back();
    return R;
  }

  void store(const Expr *Target, const Expr *Value, SourceLocation Loc) {
    const Expr *Base = nullptr;
    const Decl *Slot = slotOf(Target, &Base);
    if (Slot)
      storeInto(Slot, Value, Loc,
                Base && isa<CXXThisExpr>(Base->IgnoreParenImpCasts()));
  }
  void storeInto(const Decl *Slot, const Expr *Value, SourceLocation Loc,
                 bool IntoThisObject) {
    const Expr *V = stripValue(Value);
    if (!V)
      return;
    CallIndex::Stored S;
    S.Slot = cast<NamedDecl>(Slot);
    S.Loc = Loc;
    if (const auto *LE = dyn_cast<LambdaExpr>(V)) {
      S.Fn = LE->getCallOperator();
      S.ThisIsSlotObject =
          IntoThisObject && llvm::any_of(LE->captures(), [](const auto &C) {
            return C.capturesThis();
          });
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(V)) {
      if (const auto *Fn = dyn_cast<FunctionDecl>(DRE->getDecl())) {
        S.Fn = Fn;
      } else if (const Decl *From = slotOf(V, nullptr)) {
        if (From != Slot)
          Out.Aliases[Slot].push_back(From);
        return;
      }
    } else if (const Decl *From = slotOf(V, nullptr)) {
      if (From != Slot)
        Out.Aliases[Slot].push_back(From);
      return;
    }
    if (S.Fn)
      Out.Stores[Slot].push_back(S);
  }

  bool VisitVarDecl(VarDecl *VD) {
    if (!isa<ParmVarDecl>(VD) && VD->getInit() &&
        isCallableSlotType(VD->getType()))
      storeInto(VD->getCanonicalDecl(), VD->getInit(), VD->getLocation(),
                false);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign)
      store(BO->getLHS(), BO->getRHS(), BO->getOperatorLoc());
    return true;
  }
  bool VisitCXXConstructorDecl(CXXConstructorDecl *CD) {
    if (!CD->doesThisDeclarationHaveABody())
      return true;
    for (const CXXCtorInitializer *I : CD->inits())
      if (const FieldDecl *F = I->getMember();
          F && I->isWritten() && isCallableSlotType(F->getType()))
        storeInto(F->getCanonicalDecl(), I->getInit(), I->getSourceLocation(),
                  true);
    return true;
  }
  bool VisitInitListExpr(InitListExpr *ILE) {
    // `struct ops o = { .run = handler };`: the semantic form lists every
    // field in order (the traversal visits the syntactic one).
    if (!ILE->isSemanticForm() && ILE->getSemanticForm())
      ILE = ILE->getSemanticForm();
    const auto *RD = ILE->getType()->getAsRecordDecl();
    if (!RD || RD->isUnion())
      return true;
    unsigned I = 0;
    for (const FieldDecl *F : RD->fields()) {
      if (I >= ILE->getNumInits())
        break;
      const Expr *Init = ILE->getInit(I++);
      if (isCallableSlotType(F->getType()))
        storeInto(F->getCanonicalDecl(), Init, Init->getBeginLoc(), false);
    }
    return true;
  }
  bool VisitOverloadExpr(OverloadExpr *E) {
    // A name a template pattern calls without knowing which function: any
    // of them may be called where the index cannot see.
    for (const NamedDecl *D : E->decls())
      if (const auto *FD = dyn_cast<FunctionDecl>(D->getUnderlyingDecl()))
        Out.Hidden.insert(FD->getCanonicalDecl());
      else if (const auto *FT =
                   dyn_cast<FunctionTemplateDecl>(D->getUnderlyingDecl()))
        for (const FunctionDecl *Spec : FT->specializations())
          Out.Hidden.insert(Spec->getCanonicalDecl());
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Call);
        OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
      store(OC->getArg(0), OC->getArg(1), OC->getOperatorLoc());
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true;
    if (const auto *DRE =
            dyn_cast<DeclRefExpr>(Call->getCallee()->IgnoreParenImpCasts()))
      DirectCallees.insert(DRE);
    const FunctionDecl *Caller = current();
    if (!Caller || Caller->isDependentContext())
      Out.Hidden.insert(Callee->getCanonicalDecl());
    else
      Out.Callers[Callee->getCanonicalDecl()].push_back({Caller, Call});
    // Arguments handed to parameters that hold callables.
    const FunctionDecl *Def = Callee->getDefinition();
    if (!Def)
      return true;
    unsigned Offset =
        isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Def) ? 1 : 0;
    for (unsigned I = 0; I < Def->getNumParams(); ++I) {
      const ParmVarDecl *P = Def->getParamDecl(I);
      if (I + Offset >= Call->getNumArgs() || !isCallableSlotType(P->getType()))
        continue;
      storeInto(P->getCanonicalDecl(), Call->getArg(I + Offset),
                Call->getArg(I + Offset)->getBeginLoc(), false);
    }
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl()))
      if (!DirectCallees.count(DRE))
        Out.Hidden.insert(FD->getCanonicalDecl());
    return true;
  }
};

CallIndex::CallIndex(ASTContext &Ctx) {
  CallIndexBuilder B(*this);
  for (Decl *D : userCodeDecls(Ctx))
    B.TraverseDecl(D);
}

llvm::ArrayRef<CallIndex::CallSite>
CallIndex::callers(const FunctionDecl *FD) const {
  auto It = Callers.find(FD->getCanonicalDecl());
  if (It == Callers.end())
    return {};
  return It->second;
}

bool CallIndex::hasHiddenCallers(const FunctionDecl *FD) const {
  if (isa<CXXConstructorDecl>(FD) || isa<CXXDestructorDecl>(FD))
    return true;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && MD->isVirtual())
    return true;
  return Hidden.count(FD->getCanonicalDecl()) != 0;
}

std::vector<CallIndex::Stored> CallIndex::storedFor(const CallExpr *Call,
                                                    const Expr *&Base) const {
  Base = nullptr;
  const Decl *Slot = nullptr;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (OC->getOperator() == OO_Call && OC->getNumArgs() >= 1)
      Slot = slotOf(OC->getArg(0), &Base);
  } else if (!Call->getDirectCallee()) {
    Slot = slotOf(Call->getCallee(), &Base);
  }
  std::vector<Stored> Result;
  if (!Slot)
    return Result;
  llvm::SmallVector<const Decl *, 4> Work{Slot};
  llvm::DenseSet<const Decl *> Seen{Slot};
  while (!Work.empty() && Seen.size() < 32) {
    const Decl *D = Work.pop_back_val();
    if (auto It = Stores.find(D); It != Stores.end())
      for (Stored S : It->second) {
        // What a field of `this` holds is `this`'s only when called
        // through that same field.
        if (D != Slot)
          S.ThisIsSlotObject = false;
        S.Called = cast<NamedDecl>(Slot);
        Result.push_back(S);
      }
    if (auto It = Aliases.find(D); It != Aliases.end())
      for (const Decl *From : It->second)
        if (Seen.insert(From).second)
          Work.push_back(From);
  }
  return Result;
}

} // namespace lockcheck
