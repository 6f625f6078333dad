//===--- UnusedGuardCheck.cpp - lockcheck-unused-guard --------------------===//

#include "checks/UnusedGuardCheck.h"
#include "checks/LocksetCheckBase.h"
#include "checks/analysis/FixIts.h"
#include "checks/analysis/Lockset.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace lockcheck {

UnusedGuardCheck::UnusedGuardCheck(llvm::StringRef Name,
                                   tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), ModelOpts(readModelOptions(Options)),
      Scope(Context) {}

void UnusedGuardCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  storeModelOptions(ModelOpts, Options, Opts);
}

void UnusedGuardCheck::registerMatchers(MatchFinder *Finder) {
  Scope.registerMatchers(Finder);
  // Template instantiations are left out in check(), not with the
  // isInstantiated() matcher: its hasAncestor() builds the parent map of the
  // whole translation unit, system headers included, which cost as much as
  // a tenth of the parse.
  Finder->addMatcher(functionDecl(isDefinition()).bind("fn"), this);
}

static bool isInstantiationKind(TemplateSpecializationKind K) {
  return K == TSK_ImplicitInstantiation ||
         K == TSK_ExplicitInstantiationDefinition ||
         K == TSK_ExplicitInstantiationDeclaration;
}

/// What the isInstantiated() matcher tells: \p FD, or a function or class
/// that contains it (semantically or lexically), is a template
/// instantiation.
static bool isInstantiated(const FunctionDecl *FD) {
  llvm::SmallVector<const Decl *, 8> Work{FD};
  llvm::SmallPtrSet<const Decl *, 8> Seen;
  while (!Work.empty()) {
    const Decl *D = Work.pop_back_val();
    if (!D || isa<TranslationUnitDecl>(D) || !Seen.insert(D).second)
      continue;
    if (const auto *F = dyn_cast<FunctionDecl>(D)) {
      if (isInstantiationKind(F->getTemplateSpecializationKind()))
        return true;
    } else if (const auto *R = dyn_cast<CXXRecordDecl>(D)) {
      if (isInstantiationKind(R->getTemplateSpecializationKind()))
        return true;
    }
    if (const DeclContext *DC = D->getDeclContext())
      Work.push_back(Decl::castFromDeclContext(DC));
    if (const DeclContext *DC = D->getLexicalDeclContext())
      Work.push_back(Decl::castFromDeclContext(DC));
  }
  return false;
}

void UnusedGuardCheck::check(const MatchFinder::MatchResult &Result) {
  if (!TU)
    TU = TUAnalysis::get(*Result.Context);
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn");
  if (!FD || !FD->getBody() ||
      Result.SourceManager->isInSystemHeader(FD->getLocation()) ||
      isInstantiated(FD))
    return;
  // Every statement position: compound statement children and the bodies of
  // if/for/while/do/switch-case.
  llvm::SmallVector<const Stmt *, 32> Work{FD->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    auto Visit = [&](const Stmt *Child) {
      if (Child)
        checkStatement(Child, FD, *Result.Context);
    };
    if (const auto *CS = dyn_cast<CompoundStmt>(S))
      for (const Stmt *Child : CS->body())
        Visit(Child);
    else if (const auto *If = dyn_cast<IfStmt>(S)) {
      Visit(If->getThen());
      Visit(If->getElse());
    } else if (const auto *For = dyn_cast<ForStmt>(S))
      Visit(For->getBody());
    else if (const auto *While = dyn_cast<WhileStmt>(S))
      Visit(While->getBody());
    else if (const auto *Do = dyn_cast<DoStmt>(S))
      Visit(Do->getBody());
    else if (const auto *Case = dyn_cast<SwitchCase>(S))
      Visit(Case->getSubStmt());
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
}

/// A declaration of a lockable named \p Name visible in \p FD before \p Loc:
/// a local or parameter, a field of the enclosing class, or a global.
static bool hasVisibleLockable(const FunctionDecl *FD, DeclarationName Name,
                               SourceLocation Before, const SourceManager &SM) {
  for (const ParmVarDecl *P : FD->parameters())
    if (P->getDeclName() == Name && lockableInfo(P->getType()).IsLockable)
      return true;
  bool Found = false;
  llvm::SmallVector<const Stmt *, 32> Work{FD->getBody()};
  while (!Work.empty() && !Found) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->getDeclName() == Name &&
              lockableInfo(VD->getType()).IsLockable &&
              SM.isBeforeInTranslationUnit(VD->getLocation(), Before))
            Found = true;
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  if (Found)
    return true;
  for (const DeclContext *DC = FD->getParent(); DC; DC = DC->getParent()) {
    for (const NamedDecl *D : DC->lookup(Name)) {
      QualType T;
      if (const auto *VD = dyn_cast<ValueDecl>(D))
        T = VD->getType();
      if (!T.isNull() && lockableInfo(T).IsLockable)
        return true;
    }
  }
  return false;
}

void UnusedGuardCheck::checkStatement(const Stmt *S, const FunctionDecl *FD,
                                      ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();

  // `std::unique_lock<std::mutex>(m);` declares a new guard named `m`.
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    if (!DS->isSingleDecl())
      return;
    const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl());
    if (!VD || !isGuardType(VD->getType(), ModelOpts) ||
        VD->getLocation().isMacroID())
      return;
    const auto *CE = dyn_cast_or_null<CXXConstructExpr>(VD->getInit());
    if (VD->getInit() && (!CE || CE->getNumArgs() != 0))
      return;
    // Is the name in parentheses?
    bool Invalid = false;
    const char *Data = SM.getCharacterData(VD->getLocation(), &Invalid);
    const char *Begin = SM.getCharacterData(VD->getBeginLoc(), &Invalid);
    if (Invalid || !Data || !Begin || Data <= Begin)
      return;
    const char *P = Data - 1;
    while (P > Begin && (*P == ' ' || *P == '\t'))
      --P;
    if (*P != '(')
      return;
    if (!hasVisibleLockable(FD, VD->getDeclName(), VD->getLocation(), SM))
      return;
    TypeLoc TL = VD->getTypeSourceInfo()->getTypeLoc().IgnoreParens();
    std::string Type = sourceText(TL.getSourceRange(), SM, LO);
    auto D = diag(VD->getLocation(),
                  "this declares a new, default-constructed '%0' named '%1' "
                  "that locks nothing; it does not lock the mutex '%1'")
             << (Type.empty() ? VD->getType().getAsString() : Type)
             << VD->getName();
    SourceLocation TypeEnd =
        Lexer::getLocForEndOfToken(TL.getEndLoc(), 0, SM, LO);
    // Code after it that uses the accidental guard (`m.owns_lock()`) would
    // name the mutex once the guard is renamed: no mechanical fix then.
    bool UsedLater = false;
    llvm::SmallVector<const Stmt *, 32> Work{FD->getBody()};
    while (!Work.empty() && !UsedLater) {
      const Stmt *S = Work.pop_back_val();
      if (!S)
        continue;
      if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
        UsedLater = DRE->getDecl() == VD;
      for (const Stmt *Child : S->children())
        Work.push_back(Child);
    }
    if (!UsedLater && !Type.empty() && TypeEnd.isValid() &&
        !TypeEnd.isMacroID())
      D << FixItHint::CreateInsertion(
          TypeEnd, " " + freshVariableName(FD, "lock", &TU->fixItNames(FD)));
    return;
  }

  // `std::lock_guard<std::mutex>{m};`: a temporary.
  const auto *E = dyn_cast<Expr>(S);
  if (!E)
    return;
  const Expr *X = E->IgnoreImplicit();
  TypeSourceInfo *Written = nullptr;
  if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(X)) {
    Written = FC->getTypeInfoAsWritten();
    X = FC->getSubExpr()->IgnoreImplicit();
  }
  const auto *CE = dyn_cast<CXXConstructExpr>(X);
  if (!CE || !isGuardType(CE->getType(), ModelOpts))
    return;
  GuardCtor GC = classifyGuardConstruction(CE, ModelOpts);
  if (GC.Locks.empty())
    return;
  if (const auto *TOE = dyn_cast<CXXTemporaryObjectExpr>(CE))
    Written = TOE->getTypeSourceInfo();
  std::string Type =
      Written ? sourceText(Written->getTypeLoc().getSourceRange(), SM, LO)
              : std::string();
  std::string Mutex = sourceText(GC.Locks.front()->getSourceRange(), SM, LO);
  if (Mutex.empty())
    if (auto O = resolveLockExpr(GC.Locks.front()))
      Mutex = !O->Fields.empty() ? O->Fields.back()->getNameAsString()
              : O->Var           ? O->Var->getNameAsString()
                                 : std::string();
  auto D = diag(E->getBeginLoc(),
                "this '%0' is a temporary destroyed at the end of the "
                "statement: it unlocks '%1' at once and protects nothing")
           << (Type.empty() ? CE->getType().getAsString() : Type)
           << (Mutex.empty() ? "the mutex" : Mutex);
  if (Written && !Type.empty() && !isInMacro(E->getBeginLoc())) {
    SourceLocation TypeEnd = Lexer::getLocForEndOfToken(
        Written->getTypeLoc().getEndLoc(), 0, SM, LO);
    if (TypeEnd.isValid() && !TypeEnd.isMacroID())
      D << FixItHint::CreateInsertion(
          TypeEnd, " " + freshVariableName(FD, "lock", &TU->fixItNames(FD)));
  }
}

} // namespace lockcheck
