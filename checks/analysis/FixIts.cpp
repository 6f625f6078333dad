//===--- FixIts.cpp - building fix-its that compile -----------------------===//

#include "checks/analysis/FixIts.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;

namespace lockcheck {

bool isInMacro(SourceLocation Loc) {
  return Loc.isInvalid() || Loc.isMacroID();
}

std::string indentationOf(SourceLocation Loc, const SourceManager &SM) {
  bool Invalid = false;
  std::pair<FileID, unsigned> D = SM.getDecomposedLoc(SM.getFileLoc(Loc));
  llvm::StringRef Buf = SM.getBufferData(D.first, &Invalid);
  if (Invalid)
    return {};
  size_t LineStart = Buf.rfind('\n', D.second);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  size_t End = LineStart;
  while (End < Buf.size() && (Buf[End] == ' ' || Buf[End] == '\t'))
    ++End;
  return Buf.slice(LineStart, End).str();
}

std::optional<FixItHint> insertLineBeforeBrace(SourceLocation RBrace,
                                               llvm::StringRef Statement,
                                               SourceLocation IndentLike,
                                               const SourceManager &SM) {
  if (isInMacro(RBrace) || isInMacro(IndentLike))
    return std::nullopt;
  bool Invalid = false;
  std::pair<FileID, unsigned> D = SM.getDecomposedLoc(RBrace);
  llvm::StringRef Buf = SM.getBufferData(D.first, &Invalid);
  if (Invalid)
    return std::nullopt;
  size_t LineStart = Buf.rfind('\n', D.second);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  llvm::StringRef Before = Buf.slice(LineStart, D.second);
  std::string Indent = indentationOf(IndentLike, SM);
  if (Before.trim().empty()) {
    // The brace starts its line: add a line above it.
    SourceLocation At = RBrace.getLocWithOffset(-(int)Before.size());
    return FixItHint::CreateInsertion(At, (Indent + Statement + "\n").str());
  }
  return FixItHint::CreateInsertion(RBrace, (Statement + " ").str());
}

std::string sourceText(SourceRange R, const SourceManager &SM,
                       const LangOptions &LO) {
  if (R.isInvalid() || R.getBegin().isMacroID() || R.getEnd().isMacroID())
    return {};
  return Lexer::getSourceText(CharSourceRange::getTokenRange(R), SM, LO).str();
}

std::string freshVariableName(const FunctionDecl *FD, llvm::StringRef Base,
                              llvm::StringSet<> *Taken) {
  struct Collector : RecursiveASTVisitor<Collector> {
    llvm::StringSet<> Names;
    bool VisitNamedDecl(NamedDecl *D) {
      if (D->getIdentifier())
        Names.insert(D->getName());
      return true;
    }
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      if (E->getDecl()->getIdentifier())
        Names.insert(E->getDecl()->getName());
      return true;
    }
    // A local would hide a field of the same name, not a member function
    // (`m.lock()` stays valid next to a variable named `lock`).
    bool VisitMemberExpr(MemberExpr *E) {
      if (isa<FieldDecl>(E->getMemberDecl()) &&
          E->getMemberDecl()->getIdentifier())
        Names.insert(E->getMemberDecl()->getName());
      return true;
    }
    bool VisitCXXMethodDecl(CXXMethodDecl *) { return true; }
  } C;
  C.TraverseStmt(FD->getBody());
  for (const ParmVarDecl *P : FD->parameters())
    if (P->getIdentifier())
      C.Names.insert(P->getName());
  auto Free = [&](llvm::StringRef N) {
    return !C.Names.count(N) && !(Taken && Taken->count(N));
  };
  std::string Chosen = Base.str();
  for (int I = 2; !Free(Chosen); ++I)
    Chosen = (Base + llvm::Twine(I)).str();
  if (Taken)
    Taken->insert(Chosen);
  return Chosen;
}

static bool declaresName(const Stmt *S, llvm::StringRef Name) {
  if (!S)
    return false;
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (const auto *ND = dyn_cast<NamedDecl>(D);
          ND && ND->getIdentifier() && ND->getName() == Name)
        return true;
  for (const Stmt *Child : S->children())
    if (declaresName(Child, Name))
      return true;
  return false;
}

bool localNamed(const FunctionDecl *FD, llvm::StringRef Name) {
  for (const DeclContext *DC = FD; DC; DC = DC->getParent()) {
    const auto *F = dyn_cast<FunctionDecl>(DC);
    if (!F)
      continue;
    for (const ParmVarDecl *P : F->parameters())
      if (P->getIdentifier() && P->getName() == Name)
        return true;
    if (declaresName(F->getBody(), Name))
      return true;
  }
  return false;
}

/// What a lookup of \p Name in \p DC finds (members of bases, anonymous and
/// inline namespaces included), first match only.
static const NamedDecl *lookupIn(const DeclContext *DC, DeclarationName Name,
                                 unsigned Depth = 0) {
  if (!DC || Depth > 8)
    return nullptr;
  if (const auto *RD = dyn_cast<CXXRecordDecl>(DC)) {
    if (!RD->hasDefinition())
      return nullptr;
    RD = RD->getDefinition();
    for (const NamedDecl *D : RD->lookup(Name))
      return D;
    for (const CXXBaseSpecifier &B : RD->bases())
      if (const auto *BD = B.getType()->getAsCXXRecordDecl())
        if (const NamedDecl *D = lookupIn(BD, Name, Depth + 1))
          return D;
    return nullptr;
  }
  if (!isa<NamespaceDecl>(DC) && !isa<TranslationUnitDecl>(DC))
    return nullptr;
  for (const NamedDecl *D : DC->getPrimaryContext()->lookup(Name))
    return D;
  // Members of an anonymous or inline namespace are found from the
  // enclosing one.
  for (const Decl *D : DC->getPrimaryContext()->decls())
    if (const auto *NS = dyn_cast<NamespaceDecl>(D);
        NS && (NS->isAnonymousNamespace() || NS->isInline()))
      if (const NamedDecl *Found = lookupIn(NS, Name, Depth + 1))
        return Found;
  return nullptr;
}

/// Whether unqualified lookup of \p Target's name inside \p FD finds it.
static bool unqualifiedFinds(const NamedDecl *Target, const FunctionDecl *FD) {
  if (!Target->getIdentifier())
    return false;
  if (localNamed(FD, Target->getName()))
    return false;
  const Decl *Canon = Target->getCanonicalDecl();
  for (const DeclContext *DC = FD->getParent(); DC; DC = DC->getParent()) {
    if (isa<FunctionDecl>(DC) || isa<LinkageSpecDecl>(DC) ||
        (isa<CXXRecordDecl>(DC) && cast<CXXRecordDecl>(DC)->isLambda()))
      continue;
    if (const NamedDecl *D = lookupIn(DC, Target->getDeclName()))
      return D->getCanonicalDecl() == Canon;
  }
  return false;
}

std::string spellDeclIn(const NamedDecl *Target, const FunctionDecl *FD) {
  if (!Target || !FD || !Target->getIdentifier())
    return std::string();
  std::string Name = Target->getName().str();
  if (unqualifiedFinds(Target, FD))
    return Name;
  // The named scopes around Target, innermost first.
  llvm::SmallVector<const NamedDecl *, 4> Scopes;
  for (const DeclContext *DC = Target->getDeclContext(); DC;
       DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isAnonymousNamespace() || NS->isInline())
        continue;
      Scopes.push_back(NS);
    } else if (const auto *RD = dyn_cast<CXXRecordDecl>(DC)) {
      if (!RD->getIdentifier())
        return std::string(); // an unnamed class: cannot be spelled
      Scopes.push_back(RD);
    } else if (isa<TranslationUnitDecl>(DC) || isa<LinkageSpecDecl>(DC)) {
      continue;
    } else {
      return std::string(); // a function's local static, ...
    }
  }
  std::string Qualified = Name;
  for (const NamedDecl *S : Scopes) {
    Qualified = S->getName().str() + "::" + Qualified;
    if (unqualifiedFinds(S, FD))
      return Qualified;
  }
  return "::" + Qualified;
}

} // namespace lockcheck
