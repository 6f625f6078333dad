//===--- LockOrigin.cpp - which lock an expression names ------------------===//
//
// The identity of a lock: where it lives relative to the function that
// names it (LockOrigin), resolved from the expression naming it, and its
// name as the user wrote it.
//
//===----------------------------------------------------------------------===//

#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/Lockset.h"
#include "checks/analysis/LocksetInternal.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/raw_ostream.h"
#include <functional>

using namespace clang;

namespace lockcheck {

std::string LockOrigin::key() const {
  std::string S;
  llvm::raw_string_ostream OS(S);
  switch (K) {
  case Global:
    OS << "g" << (const void *)Var->getCanonicalDecl();
    break;
  case This:
    OS << "this";
    break;
  case Param:
    OS << "p" << ParamIndex;
    break;
  case Local:
    OS << "l" << (const void *)Var;
    break;
  }
  for (const FieldDecl *F : Fields)
    OS << "." << (const void *)F->getCanonicalDecl();
  OS << Suffix;
  return OS.str();
}

std::string LockOrigin::classKey() const {
  std::string S;
  llvm::raw_string_ostream OS(S);
  if (!Fields.empty()) {
    // A member: its class and field (the last field of the path).
    OS << "f:" << Fields.back()->getParent()->getQualifiedNameAsString()
       << "::" << Fields.back()->getName();
  } else if (Var && (K == Global || Var->isStaticLocal())) {
    OS << "g:" << Var->getQualifiedNameAsString();
    // Internal linkage: two files' `static std::mutex m` differ.
    if (!Var->isExternallyVisible())
      OS << "@"
         << Var->getASTContext().getSourceManager().getFilename(
                Var->getASTContext().getSourceManager().getSpellingLoc(
                    Var->getLocation()));
  } else if (Var) {
    const auto *Fn =
        dyn_cast_or_null<NamedDecl>(Var->getParentFunctionOrMethod());
    OS << "l:" << (Fn ? Fn->getQualifiedNameAsString() : std::string())
       << "::" << Var->getName() << "@" << (const void *)Var;
  } else {
    OS << "this";
  }
  return OS.str();
}

std::string LockOrigin::className() const {
  if (!Fields.empty())
    return Fields.back()->getParent()->getNameAsString() +
           "::" + Fields.back()->getNameAsString();
  if (Var)
    return Var->getNameAsString();
  return "*this";
}

static const Expr *stripLockExpr(const Expr *E) {
  for (;;) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref)) {
      E = U->getSubExpr();
      continue;
    }
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = M->getSubExpr();
      continue;
    }
    return E;
  }
}

/// An array index that names one element for the whole function: a literal
/// or a variable; empty for anything else.
std::string indexText(const Expr *Idx) {
  Idx = Idx->IgnoreParenImpCasts();
  if (const auto *IL = dyn_cast<IntegerLiteral>(Idx))
    return std::to_string(IL->getValue().getZExtValue());
  if (const auto *D = dyn_cast<DeclRefExpr>(Idx))
    return "v" + std::to_string((uintptr_t)D->getDecl());
  return std::string();
}

/// A local pointer that only ever holds its initialiser
/// (`pthread_mutex_t *mp = &s->lock;`, `job_t *const j = &jobs[i];`): the
/// initialiser, else null.
static const Expr *aliasedAddress(const VarDecl *VD) {
  if (!VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
      !VD->getType()->isPointerType() || !VD->getInit() ||
      VD->getType().isVolatileQualified())
    return nullptr;
  if (!VD->getType().isConstQualified()) {
    const auto *Fn =
        dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod());
    if (!Fn || mayChange(Fn->getBody(), VD))
      return nullptr;
  }
  return VD->getInit();
}

/// The first local pointer of \p VD's function initialised with the same
/// expression as \p VD (`struct priv *p = UPCAST(b);` in two macro
/// expansions), when that expression reads only variables the function
/// never changes: both hold the same address, so they name one lock.
static const VarDecl *sameAddressLocal(const VarDecl *VD, const Expr *Init) {
  const auto *Fn =
      dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod());
  if (!Fn || !Fn->getBody())
    return VD;
  ASTContext &Ctx = Fn->getASTContext();
  // Every variable the initialiser reads keeps its value.
  bool Stable = true;
  std::function<void(const Stmt *)> Check = [&](const Stmt *S) {
    if (!S || !Stable)
      return;
    if (isa<CallExpr>(S))
      Stable = false;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        if (!V->hasLocalStorage() || mayChange(Fn->getBody(), V))
          Stable = false;
    for (const Stmt *C : S->children())
      Check(C);
  };
  Check(Init);
  if (!Stable)
    return VD;
  llvm::FoldingSetNodeID Want;
  Init->IgnoreParenImpCasts()->Profile(Want, Ctx, /*Canonical=*/true);
  const VarDecl *First = VD;
  std::function<bool(const Stmt *)> Find = [&](const Stmt *S) {
    if (!S)
      return false;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D)) {
          if (V == VD)
            return true; // the first one in source order is found first
          if (V->getInit() && V->getType() == VD->getType() &&
              aliasedAddress(V)) {
            llvm::FoldingSetNodeID ID;
            V->getInit()->IgnoreParenImpCasts()->Profile(ID, Ctx, true);
            if (ID == Want) {
              First = V;
              return true;
            }
          }
        }
    for (const Stmt *C : S->children())
      if (Find(C))
        return true;
    return false;
  };
  Find(Fn->getBody());
  return First;
}

/// \p Captured: \p E is read inside a lambda or block from a variable it
/// captures (or from that variable's initialiser): a parameter or local
/// named there belongs to an enclosing function, and is a Local (a key of
/// its own), never a parameter of the function being analysed.
static std::optional<LockOrigin> resolve(const Expr *E, unsigned Depth,
                                         bool Captured = false) {
  if (!E || Depth > 8)
    return std::nullopt;
  E = stripLockExpr(E);
  if (isa<CXXThisExpr>(E)) {
    LockOrigin O;
    O.K = LockOrigin::This;
    return O;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return std::nullopt;
    Captured |= DRE->refersToEnclosingVariableOrCapture();
    // A reference bound to a lock is that lock.
    if (VD->getType()->isReferenceType() && VD->getInit() &&
        !isa<ParmVarDecl>(VD))
      return resolve(VD->getInit(), Depth + 1, Captured);
    // So is a local pointer that only ever holds a lock's (or its
    // object's) address.
    if (const Expr *Init = aliasedAddress(VD)) {
      if (auto O = resolve(Init, Depth + 1, Captured))
        return O;
      // The object containing what a pointer points to (container_of,
      // `(struct priv *)((char *)b - offsetof(struct priv, pub))`): named
      // by that pointer and the type.
      const Expr *Up = Init->IgnoreParenCasts();
      if (const auto *BO = dyn_cast<BinaryOperator>(Up);
          BO && BO->getOpcode() == BO_Sub &&
          BO->getRHS()->isIntegerConstantExpr(VD->getASTContext()))
        if (auto O = resolve(BO->getLHS()->IgnoreParenCasts(), Depth + 1,
                             Captured)) {
          O->Suffix += "(as " + VD->getType().getAsString() + ")";
          return O;
        }
      VD = sameAddressLocal(VD, Init);
    }
    LockOrigin O;
    O.Var = VD;
    if (Captured && !VD->hasGlobalStorage()) {
      O.K = LockOrigin::Local;
    } else if (const auto *P = dyn_cast<ParmVarDecl>(VD)) {
      O.K = LockOrigin::Param;
      O.ParamIndex = P->getFunctionScopeIndex();
    } else if (VD->hasGlobalStorage()) {
      O.K = LockOrigin::Global;
    } else {
      O.K = LockOrigin::Local;
    }
    return O;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD) {
      // A static data member.
      if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl())) {
        LockOrigin O;
        O.K = LockOrigin::Global;
        O.Var = VD;
        return O;
      }
      return std::nullopt;
    }
    auto Base = resolve(ME->getBase(), Depth + 1, Captured);
    if (!Base)
      return std::nullopt;
    Base->Fields.push_back(FD);
    return Base;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    auto Base = resolve(AS->getBase(), Depth + 1, Captured);
    if (!Base)
      return std::nullopt;
    std::string Index = indexText(AS->getIdx());
    if (Index.empty())
      return std::nullopt;
    Base->Suffix += "[" + Index + "]";
    return Base;
  }
  return std::nullopt;
}

std::string lockExprName(const Expr *E, const SourceManager &SM,
                         const LangOptions &LO, llvm::StringRef Fallback) {
  E = E->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenImpCasts();
  SourceRange R = E->getSourceRange();
  if (R.isValid() && !R.getBegin().isMacroID() && !R.getEnd().isMacroID()) {
    llvm::StringRef Text =
        Lexer::getSourceText(CharSourceRange::getTokenRange(R), SM, LO);
    if (!Text.empty() && Text.size() < 80) {
      std::string S = Text.str();
      if (llvm::StringRef(S).starts_with("this->"))
        S = S.substr(6);
      return S;
    }
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl()->getNameAsString();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl()->getNameAsString();
  return Fallback.str();
}

std::optional<LockOrigin> resolveLockExpr(const Expr *E) {
  return resolve(E, 0);
}

} // namespace lockcheck
