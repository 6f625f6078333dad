//===--- UnreleasedLockCheck.cpp - lockcheck-unreleased-lock --------------===//

#include "checks/UnreleasedLockCheck.h"
#include "checks/CheckOptions.h"
#include "checks/analysis/FixIts.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Lex/Lexer.h"
#include <set>

using namespace clang;
using namespace clang::tidy;

namespace lockcheck {

namespace {

/// The range of a whole line holding only \p S and its ';', or of the
/// statement and its ';'.
CharSourceRange statementRange(const Stmt *S, const SourceManager &SM,
                               const LangOptions &LO) {
  SourceLocation Begin = S->getBeginLoc();
  std::optional<Token> Semi = Lexer::findNextToken(S->getEndLoc(), SM, LO);
  SourceLocation End =
      Semi && Semi->is(tok::semi)
          ? Semi->getEndLoc()
          : Lexer::getLocForEndOfToken(S->getEndLoc(), 0, SM, LO);
  bool Invalid = false;
  std::pair<FileID, unsigned> B = SM.getDecomposedLoc(Begin);
  std::pair<FileID, unsigned> E = SM.getDecomposedLoc(End);
  llvm::StringRef Buf = SM.getBufferData(B.first, &Invalid);
  if (Invalid || B.first != E.first)
    return CharSourceRange::getCharRange(Begin, End);
  size_t LineStart = Buf.rfind('\n', B.second);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  size_t LineEnd = Buf.find('\n', E.second);
  if (LineEnd == llvm::StringRef::npos)
    LineEnd = Buf.size();
  if (Buf.slice(LineStart, B.second).trim().empty() &&
      Buf.slice(E.second, LineEnd).trim().empty() && LineEnd < Buf.size())
    return CharSourceRange::getCharRange(
        Begin.getLocWithOffset(-(int)(B.second - LineStart)),
        End.getLocWithOffset(LineEnd + 1 - E.second));
  return CharSourceRange::getCharRange(Begin, End);
}

} // namespace

UnreleasedLockCheck::UnreleasedLockCheck(llvm::StringRef Name,
                                         ClangTidyContext *Context)
    : LocksetCheckBase(Name, Context),
      ExceptionPaths(getExceptionPathOption(Options, "ExceptionPaths",
                                            ExceptionPathMode::Visible)),
      MaxExceptionNotes(getUnsignedOption(Options, "MaxExceptionNotes", 3)) {}

void UnreleasedLockCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  LocksetCheckBase::storeOptions(Opts);
  storeExceptionPathOption(Options, Opts, "ExceptionPaths", ExceptionPaths);
  storeUnsignedOption(Options, Opts, "MaxExceptionNotes", MaxExceptionNotes);
}

void UnreleasedLockCheck::checkFunction(const FunctionDecl *FD,
                                        const LocksetResult &R) {
  const SourceManager &SM = TU->getSourceManager();
  const LangOptions &LO = TU->getContext().getLangOpts();
  for (LockFinding F : R.Findings) {
    if (F.Kind != LockFindingKind::Unreleased)
      continue;
    // The exception exits of this mode, one per line: the calls of one
    // line (a macro such as doctest's REQUIRE) share the first one's note.
    std::set<std::pair<FileID, unsigned>> ThrowLines;
    llvm::erase_if(F.Exits, [&](const LockExit &X) {
      if (X.Kind != LockExitKind::Exception)
        return false;
      if (!reportsThrow(ExceptionPaths, X.VisibleThrow ? ThrowKind::Visible
                                                       : ThrowKind::Assumed))
        return true;
      SourceLocation E = SM.getExpansionLoc(X.Loc);
      return !ThrowLines.insert({SM.getFileID(E), SM.getExpansionLineNumber(E)})
                  .second;
    });
    if (F.Exits.empty())
      continue;
    // An acquire-on-success API is a finding only through its exceptions.
    if (F.AcquireOnSuccess && llvm::none_of(F.Exits, [](const LockExit &X) {
          return X.Kind == LockExitKind::Exception;
        }))
      continue;
    // Taken on some paths and held at exactly those exits, never released
    // here: an acquire function for those paths (its callers release),
    // unless nothing can call it back.
    if (F.ConditionalAcquire &&
        llvm::none_of(F.Exits,
                      [](const LockExit &X) {
                        return X.Kind == LockExitKind::Exception;
                      }) &&
        !isThreadEntryOrMain(FD))
      continue;
    // Held on every normal exit: an acquire function (its callers
    // release), unless nothing can call it back.
    if (F.EveryExit && !isThreadEntryOrMain(FD))
      continue;
    const LockInfo &L = R.Locks[F.Lock];
    std::string Fn = functionName(FD);
    {
      auto D = diag(F.Loc, "'%0' is acquired here but not released on every "
                           "path out of %1")
               << L.Name << Fn;
      // Scope-shaped pair: a guard releases on every path.
      if (F.LockStmt && F.UnlockStmt && LO.CPlusPlus &&
          !isInMacro(F.LockStmt->getBeginLoc()) &&
          !isInMacro(F.LockStmt->getEndLoc()) &&
          !isInMacro(F.UnlockStmt->getBeginLoc()) && !L.Type.TypeName.empty() &&
          !L.Type.Semaphore &&
          llvm::StringRef(L.Type.TypeName).starts_with("std::")) {
        const auto *Call = cast<CXXMemberCallExpr>(F.LockStmt);
        const Expr *Obj = Call->getImplicitObjectArgument();
        const auto *ME = dyn_cast<MemberExpr>(Call->getCallee());
        std::string ObjText = sourceText(Obj->getSourceRange(), SM, LO);
        if (ME && ME->getMemberDecl()->getName() == "lock" &&
            !ObjText.empty()) {
          if (ME->isArrow())
            ObjText = "*" + ObjText;
          std::string Guard = LO.CPlusPlus17
                                  ? "std::scoped_lock"
                                  : "std::lock_guard<" + L.Type.TypeName + ">";
          D << FixItHint::CreateReplacement(
                   CharSourceRange::getTokenRange(Call->getSourceRange()),
                   Guard + " " +
                       freshVariableName(FD, "lock", &TU->fixItNames(FD)) +
                       "(" + ObjText + ")")
            << FixItHint::CreateRemoval(statementRange(F.UnlockStmt, SM, LO));
        }
      }
    }
    unsigned ExceptionNotes = 0, MoreThrowers = 0;
    SourceLocation FirstMore;
    for (const LockExit &X : F.Exits) {
      if (X.Kind == LockExitKind::Exception &&
          ExceptionNotes++ >= MaxExceptionNotes) {
        if (!MoreThrowers++)
          FirstMore = X.Loc;
        continue;
      }
      switch (X.Kind) {
      case LockExitKind::Return:
        diag(X.Loc, "%0 returns here with '%1' held", DiagnosticIDs::Note)
            << Fn << L.Name;
        break;
      case LockExitKind::FallOff:
        diag(X.Loc, "%0 ends here with '%1' held", DiagnosticIDs::Note)
            << Fn << L.Name;
        break;
      case LockExitKind::Exception:
        if (X.Thrower)
          diag(X.Loc, "if '%0' throws here, '%1' is never released",
               DiagnosticIDs::Note)
              << X.Thrower->getNameAsString() << L.Name;
        else
          diag(X.Loc, "if an exception is thrown here, '%0' is never released",
               DiagnosticIDs::Note)
              << L.Name;
        break;
      }
    }
    if (MoreThrowers)
      diag(FirstMore,
           "%0 more call%s0 may throw while '%1' is held, from here on",
           DiagnosticIDs::Note)
          << MoreThrowers << L.Name;
    if (!(F.LockStmt && F.UnlockStmt) && LO.CPlusPlus &&
        llvm::StringRef(L.Type.TypeName).starts_with("std::") &&
        !L.Type.Semaphore) {
      bool Shared = false;
      if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(F.At))
        if (const CXXMethodDecl *MD = MC->getMethodDecl())
          Shared = MD->getIdentifier() && MD->getName().contains("shared");
      diag(F.Loc,
           "a std::%select{unique_lock|shared_lock}0<%1> would release "
           "it on every path",
           DiagnosticIDs::Note)
          << Shared << L.Type.TypeName;
    }
  }
}

} // namespace lockcheck
