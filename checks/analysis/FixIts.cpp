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

} // namespace lockcheck
