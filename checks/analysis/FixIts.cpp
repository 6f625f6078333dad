//===--- FixIts.cpp - building fix-its that compile -----------------------===//

#include "checks/analysis/FixIts.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace lockcheck {

bool isInMacro(SourceLocation Loc) { return Loc.isInvalid() || Loc.isMacroID(); }

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
    return FixItHint::CreateInsertion(At,
                                      (Indent + Statement + "\n").str());
  }
  return FixItHint::CreateInsertion(RBrace, (Statement + " ").str());
}

std::string sourceText(SourceRange R, const SourceManager &SM,
                       const LangOptions &LO) {
  if (R.isInvalid() || R.getBegin().isMacroID() || R.getEnd().isMacroID())
    return {};
  return Lexer::getSourceText(CharSourceRange::getTokenRange(R), SM, LO).str();
}

} // namespace lockcheck
