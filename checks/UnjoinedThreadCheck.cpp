//===--- UnjoinedThreadCheck.cpp - lockcheck-unjoined-thread --------------===//

#include "checks/UnjoinedThreadCheck.h"
#include "checks/CheckOptions.h"
#include "checks/analysis/FixIts.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadLifetime.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include <set>

using namespace clang;
using namespace clang::ast_matchers;

namespace lockcheck {

UnjoinedThreadCheck::UnjoinedThreadCheck(llvm::StringRef Name,
                                         tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ExceptionPaths(getExceptionPathOption(Options, "ExceptionPaths",
                                            ExceptionPathMode::Visible)),
      MainThreads(getBoolOption(Options, "MainThreads", true)), Scope(Context) {
}

void UnjoinedThreadCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  storeExceptionPathOption(Options, Opts, "ExceptionPaths", ExceptionPaths);
  storeBoolOption(Options, Opts, "MainThreads", MainThreads);
}

void UnjoinedThreadCheck::registerMatchers(MatchFinder *Finder) {
  Scope.registerMatchers(Finder);
  Finder->addMatcher(functionDecl(isDefinition()).bind("fn"), this);
  Finder->addMatcher(lambdaExpr().bind("lambda"), this);
  Finder->addMatcher(cxxRecordDecl(isDefinition()).bind("record"), this);
}

void UnjoinedThreadCheck::check(const MatchFinder::MatchResult &Result) {
  if (!TU)
    TU = TUAnalysis::get(*Result.Context);
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn"))
    checkFunction(FD);
  if (const auto *LE = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    checkFunction(LE->getCallOperator());
  if (const auto *RD = Result.Nodes.getNodeAs<CXXRecordDecl>("record"))
    checkRecord(RD);
}

static std::string functionName(const FunctionDecl *FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return "the lambda";
  return "'" + FD->getNameAsString() + "'";
}

/// The program's 'main' (a C or C++ global function, not a method).
static bool isMain(const FunctionDecl *FD) { return FD->isMain(); }

static int exitRank(ExitKind K) {
  switch (K) {
  case ExitKind::ScopeEnd:
  case ExitKind::FunctionEnd:
    return 0;
  case ExitKind::EarlyReturn:
    return 1;
  case ExitKind::Jump:
    return 2;
  case ExitKind::Exception:
    return 3;
  }
  return 4;
}

static llvm::StringRef jumpName(const Stmt *S) {
  if (isa<BreakStmt>(S))
    return "break";
  if (isa<ContinueStmt>(S))
    return "continue";
  return "goto";
}

static std::string throwerText(const ThreadExitFinding &F) {
  if (F.Thrower)
    return "'" + F.Thrower->getNameAsString() + "' throws";
  return "an exception is thrown";
}

void UnjoinedThreadCheck::checkFunction(const FunctionDecl *FD) {
  if (!FD || !isAnalyzableFunction(FD, TU->getSourceManager()))
    return;
  if (!Seen.insert(FD).second)
    return;
  const ThreadLifetimeResult &R = TU->getThreadLifetime(FD);

  for (const TemporaryThreadFinding &T : R.Temporaries) {
    SourceLocation Loc = T.Temporary->getBeginLoc();
    if (!ReportedLocs.insert(Loc.getRawEncoding()).second)
      continue;
    diag(Loc, "temporary std::thread is destroyed at the end of this "
              "statement while still joinable; std::thread's destructor "
              "will call std::terminate")
        << T.Temporary->getSourceRange();
  }

  for (const ThreadAssignFinding &A : R.Assignments)
    reportAssignment(A);

  for (const ThreadHandle &H : R.Handles) {
    llvm::SmallVector<const ThreadExitFinding *, 4> Mine;
    for (const ThreadExitFinding &F : R.Findings)
      if (F.Handle == &H &&
          (F.Exit != ExitKind::Exception ||
           reportsThrow(ExceptionPaths, F.VisibleThrow ? ThrowKind::Visible
                                                       : ThrowKind::Assumed)))
        Mine.push_back(&F);
    if (Mine.empty())
      continue;
    if (H.Kind == HandleKind::CHandle && !MainThreads && isMain(FD))
      continue;
    const SourceManager &SM = TU->getSourceManager();
    llvm::stable_sort(
        Mine, [&](const ThreadExitFinding *A, const ThreadExitFinding *B) {
          if (exitRank(A->Exit) != exitRank(B->Exit))
            return exitRank(A->Exit) < exitRank(B->Exit);
          return SM.isBeforeInTranslationUnit(A->Loc, B->Loc);
        });
    // One exception exit per line: the calls of one line (a macro such as
    // doctest's REQUIRE) share the first one's note.
    std::set<std::pair<FileID, unsigned>> ThrowLines;
    llvm::erase_if(Mine, [&](const ThreadExitFinding *F) {
      if (F->Exit != ExitKind::Exception)
        return false;
      SourceLocation E = SM.getExpansionLoc(F->Loc);
      return !ThrowLines.insert({SM.getFileID(E), SM.getExpansionLineNumber(E)})
                  .second;
    });
    // One finding per bug: the same handle left joinable at the same exits
    // (the instantiations of a template, its `if constexpr` branches each
    // starting into the same container) is reported once.
    std::string Key = H.Var ? H.Var->getNameAsString() : std::string();
    for (const ThreadExitFinding *F : Mine)
      Key += "@" + std::to_string(SM.getExpansionLoc(F->Loc).getRawEncoding());
    if (!ReportedExits.insert(Key).second)
      continue;
    reportHandle(FD, H, Mine);
  }
}

void UnjoinedThreadCheck::reportHandle(
    const FunctionDecl *FD, const ThreadHandle &H,
    llvm::ArrayRef<const ThreadExitFinding *> Findings) {
  const SourceManager &SM = TU->getSourceManager();
  const LangOptions &LO = TU->getContext().getLangOpts();
  SourceLocation Loc = H.StartLoc.isValid() ? H.StartLoc : H.Var->getLocation();
  if (!ReportedLocs.insert(Loc.getRawEncoding()).second)
    return;
  std::string Name = H.Var->getNameAsString();
  std::string Fn = functionName(FD);
  const ThreadExitFinding &First = *Findings.front();

  std::string Message;
  if (H.Kind == HandleKind::CHandle) {
    llvm::StringRef Creator = H.IsC11 ? "thrd_create" : "pthread_create";
    std::string Subject =
        llvm::formatv("thread '{0}' created by {1}", Name, Creator).str();
    // In 'main' the hazard is not the leak: returning from main ends the
    // process, and the thread with it, wherever it is.
    llvm::StringRef Tail =
        isMain(FD) ? "; returning from 'main' ends the process and stops the "
                     "thread wherever it is"
                   : "; its resources are never reclaimed";
    if (First.Exit == ExitKind::EarlyReturn)
      Message = llvm::formatv("{0} is neither joined nor detached when {1} "
                              "returns early{2}",
                              Subject, Fn, Tail);
    else if (First.OnAllPaths)
      Message = llvm::formatv("{0} is neither joined nor detached before {1} "
                              "returns{2}",
                              Subject, Fn, Tail);
    else
      Message = llvm::formatv("{0} is not joined or detached on some path "
                              "before {1} returns{2}",
                              Subject, Fn, Tail);
  } else {
    bool Many = H.Kind == HandleKind::Container;
    std::string Subject =
        Many ? "threads in '" + Name + "'" : "thread '" + Name + "'";
    llvm::StringRef Are = Many ? "are" : "is";
    llvm::StringRef Tail =
        Many ? "; destroying a joinable std::thread calls std::terminate"
             : "; std::thread's destructor will call std::terminate";
    switch (First.Exit) {
    case ExitKind::ScopeEnd:
    case ExitKind::FunctionEnd:
      if (First.OnAllPaths)
        Message =
            llvm::formatv("{0} {1} neither joined nor detached before "
                          "{2} out of scope{3}",
                          Subject, Are, Many ? "they go" : "it goes", Tail);
      else
        Message =
            llvm::formatv("{0} {1} still joinable on some path when "
                          "{2} out of scope{3}",
                          Subject, Are, Many ? "they go" : "it goes", Tail);
      break;
    case ExitKind::EarlyReturn:
      Message = llvm::formatv("{0} {1} still joinable when {2} returns "
                              "early{3}",
                              Subject, Are, Fn, Tail);
      break;
    case ExitKind::Jump:
      Message = llvm::formatv("{0} {1} still joinable when a '{2}' leaves "
                              "{3} scope{4}",
                              Subject, Are, jumpName(First.Where),
                              Many ? "their" : "its", Tail);
      break;
    case ExitKind::Exception:
      Message = llvm::formatv("{0} {1} still joinable if {2}{3} during "
                              "unwinding",
                              Subject, Are, throwerText(First), Tail);
      break;
    }
  }

  if (H.Kind == HandleKind::CHandle && isMain(FD)) {
    diag(Loc, Message);
    diag(Loc,
         "join '%0' before 'main' returns; if the process is meant to end "
         "its threads this way, set the option "
         "'lockcheck-unjoined-thread.MainThreads' to false",
         DiagnosticIDs::Note)
        << Name;
  } else {
    auto D = diag(Loc, Message);
    // Fix-its: under C++20 a local std::thread becomes a std::jthread (whose
    // destructor joins on every path); otherwise, when the normal end of the
    // scope is the only problem, join there.
    bool Fixed = false;
    if (H.Kind == HandleKind::StdThread && LO.CPlusPlus20 &&
        H.OnlyMemberCalls && H.Var->getTypeSourceInfo()) {
      SourceRange TR =
          H.Var->getTypeSourceInfo()->getTypeLoc().getSourceRange();
      std::string Spelled = sourceText(TR, SM, LO);
      if (Spelled == "std::thread" || Spelled == "thread") {
        D << FixItHint::CreateReplacement(CharSourceRange::getTokenRange(TR),
                                          Spelled == "thread" ? "jthread"
                                                              : "std::jthread");
        Fixed = true;
      }
    }
    bool OnlyScopeEnd = llvm::all_of(Findings, [](const ThreadExitFinding *F) {
      return F->Exit == ExitKind::ScopeEnd && F->OnAllPaths &&
             isa_and_nonnull<CompoundStmt>(F->Where);
    });
    if (!Fixed && OnlyScopeEnd && H.Kind != HandleKind::CHandle &&
        H.FinalizeEvents == 0 && Findings.size() == 1) {
      const auto *CS = cast<CompoundStmt>(Findings.front()->Where);
      std::string Stmt = H.Kind == HandleKind::StdThread
                             ? Name + ".join();"
                             : "for (std::thread &t : " + Name + ") t.join();";
      if (auto Fix = insertLineBeforeBrace(CS->getRBracLoc(), Stmt,
                                           H.Var->getBeginLoc(), SM))
        D << *Fix;
    }
  }

  for (const ThreadExitFinding *F : Findings) {
    std::string Note;
    if (H.Kind == HandleKind::CHandle) {
      Note = llvm::formatv("{0} returns here without joining or detaching "
                           "'{1}'",
                           Fn, Name);
    } else {
      switch (F->Exit) {
      case ExitKind::ScopeEnd:
        Note = llvm::formatv("'{0}' is destroyed here while joinable", Name);
        break;
      case ExitKind::FunctionEnd:
      case ExitKind::EarlyReturn:
        Note = llvm::formatv("{0} returns here with '{1}' still joinable", Fn,
                             Name);
        break;
      case ExitKind::Jump:
        Note =
            llvm::formatv("'{0}' goes out of scope here while joinable", Name);
        break;
      case ExitKind::Exception:
        Note = F->Thrower ? llvm::formatv("if '{0}' throws here, '{1}' is "
                                          "destroyed while joinable",
                                          F->Thrower->getNameAsString(), Name)
                                .str()
                          : llvm::formatv("the exception thrown here destroys "
                                          "'{0}' while joinable",
                                          Name)
                                .str();
        break;
      }
    }
    diag(F->Loc, Note, DiagnosticIDs::Note);
  }
}

void UnjoinedThreadCheck::reportAssignment(const ThreadAssignFinding &A) {
  SourceLocation Loc = A.Assign->getOperatorLoc();
  if (Loc.isInvalid())
    Loc = A.Assign->getBeginLoc();
  if (!ReportedLocs.insert(Loc.getRawEncoding()).second)
    return;
  std::string Name = A.Handle->getNameAsString();
  diag(Loc, "thread '%0' is assigned to while it %select{may still be|is "
            "still}1 joinable; std::thread's move assignment then calls "
            "std::terminate: join or detach it first, or use std::jthread")
      << Name << A.OnAllPaths << A.Assign->getSourceRange();
  if (A.StartedBy)
    diag(A.StartLoc, "%0 is called here and may leave '%1' joinable",
         DiagnosticIDs::Note)
        << functionName(A.StartedBy) << Name;
  else if (A.StartLoc == A.Assign->getBeginLoc())
    diag(A.StartLoc,
         "the thread this assignment started on an earlier iteration may "
         "still be running",
         DiagnosticIDs::Note);
  else if (A.StartLoc.isValid())
    diag(A.StartLoc, "'%0' was started here", DiagnosticIDs::Note) << Name;
}

void UnjoinedThreadCheck::checkRecord(const CXXRecordDecl *RD) {
  if (!Seen.insert(RD).second)
    return;
  for (const MemberThreadFinding &M : analyzeThreadMembers(RD, *TU)) {
    std::string Field = M.Field->getNameAsString();
    std::string Class = RD->getNameAsString();
    if (M.IsContainer)
      diag(M.Field->getLocation(),
           "threads in member '%0' of '%1' are started but no member "
           "function joins or detaches them; destroying a '%1' with running "
           "threads calls std::terminate")
          << Field << Class;
    else
      diag(M.Field->getLocation(),
           "thread member '%0' of '%1' is started but no member function "
           "joins or detaches it; destroying a '%1' whose thread was started "
           "calls std::terminate")
          << Field << Class;
    if (M.StartedIn)
      diag(M.StartLoc, "'%0' is started here, in %1", DiagnosticIDs::Note)
          << Field << functionName(M.StartedIn);
    if (const CXXDestructorDecl *Dtor = RD->getDestructor();
        Dtor && Dtor->isUserProvided())
      diag(Dtor->getLocation(), "the destructor does not join '%0'",
           DiagnosticIDs::Note)
          << Field;
  }
}

} // namespace lockcheck
