//===--- UnguardedWriteCheck.cpp - lockcheck-unguarded-write --------------===//

#include "checks/UnguardedWriteCheck.h"
#include "checks/CheckOptions.h"
#include "checks/LocksetCheckBase.h"
#include "checks/analysis/FixIts.h"
#include "checks/analysis/SharedData.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadEntries.h"
#include "clang/AST/DeclCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace lockcheck {

UnguardedWriteCheck::UnguardedWriteCheck(llvm::StringRef Name,
                                         tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), ModelOpts(readModelOptions(Options)),
      SuggestAtomic(getBoolOption(Options, "SuggestAtomic", false)),
      LockFreeClasses(getBoolOption(Options, "LockFreeClasses", true)) {}

void UnguardedWriteCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  storeModelOptions(ModelOpts, Options, Opts);
  storeBoolOption(Options, Opts, "SuggestAtomic", SuggestAtomic);
  storeBoolOption(Options, Opts, "LockFreeClasses", LockFreeClasses);
}

void UnguardedWriteCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

namespace {

unsigned lineOf(SourceLocation L, const SourceManager &SM) {
  return SM.getExpansionLineNumber(L);
}

/// The typedef name of a C lock type, through typedefs.
llvm::StringRef cLockTypeName(QualType T) {
  while (const auto *TT = T->getAs<TypedefType>()) {
    llvm::StringRef N = TT->getDecl()->getName();
    if (N == "pthread_mutex_t" || N == "mtx_t")
      return N;
    T = TT->getDecl()->getUnderlyingType();
  }
  return {};
}

std::string functionName(const FunctionDecl *FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return "the lambda";
  return "'" + FD->getNameAsString() + "'";
}

} // namespace

void UnguardedWriteCheck::check(const MatchFinder::MatchResult &Result) {
  TU = TUAnalysis::get(*Result.Context);
  const ThreadEntries &TE = TU->getThreadEntries(ModelOpts);
  if (TE.empty())
    return;
  const SharedData &SD = TU->getSharedData(ModelOpts);
  std::set<std::pair<unsigned, const ValueDecl *>> Seen;
  for (const SharedVariable &V : SD.variables()) {
    for (const SharedAccess &W : V.Accesses) {
      if (!W.Write)
        continue;
      // Templates: one report per written location.
      if (!Seen.insert({W.Loc.getRawEncoding(), V.Decl}).second)
        continue;
      if (!V.Guard.empty() && (V.Declared || V.GuardedCount > 0))
        reportGuarded(V, W, SD);
      else if (!V.AnyLocked && reportUnlocked(V, W))
        break; // no lock anywhere: once per variable is enough
    }
  }
}

void UnguardedWriteCheck::reportGuarded(const SharedVariable &V,
                                        const SharedAccess &W,
                                        const SharedData &SD) {
  const ThreadEntries &TE = TU->getThreadEntries(ModelOpts);
  if (W.Locks.count(V.Guard) || W.MayLocks.count(V.Guard) || W.CallerHoldsLock)
    return;
  // Another thread must be able to touch it meanwhile.
  const SharedAccess *Other = nullptr, *Guarded = nullptr;
  ThreadContext WC;
  unsigned NGuarded = 0;
  for (const SharedAccess &A : V.Accesses) {
    bool Same = &A == &W;
    if (!Same && A.Locks.count(V.Guard)) {
      ++NGuarded;
      if (!Guarded)
        Guarded = &A;
    }
    if (!Other)
      for (const ThreadContext &X : W.Contexts)
        for (const ThreadContext &Y : A.Contexts)
          if (!Other && SD.mayRace(V, W, X, A, Y) &&
              !TE.prunedIn(W.FD, W.E, X)) {
            Other = &A;
            WC = X;
          }
  }
  if (!Other || (!V.Declared && !Guarded))
    return;
  std::string Lock = SD.lockName(V.Guard);
  // Fix-it: wrap the statement in a scope holding the guard.
  llvm::SmallVector<FixItHint, 2> Fixes;
  const LockRef *L = SD.lockOf(V.Guard);
  const SourceManager &SM = TU->getSourceManager();
  const LangOptions &LO = TU->getContext().getLangOpts();
  std::string LockExpr;
  QualType LockType;
  if (L && W.Statement && !isInMacro(W.Statement->getBeginLoc()) &&
      !isInMacro(W.Statement->getEndLoc())) {
    const LockOrigin &O = L->Origin;
    if (O.K == LockOrigin::Global && O.Fields.empty() && O.Var &&
        O.Suffix.empty() &&
        SM.isBeforeInTranslationUnit(O.Var->getLocation(), W.Loc)) {
      // As name lookup at the write finds it (never "(anonymous
      // namespace)::m").
      LockExpr = spellDeclIn(O.Var, W.FD);
      if (!LO.CPlusPlus && llvm::StringRef(LockExpr).starts_with("::"))
        LockExpr.clear(); // hidden by a local of the same name
      LockType = O.Var->getType();
    } else if (O.K == LockOrigin::This && O.Fields.size() == 1 &&
               O.Suffix.empty()) {
      const auto *MD = dyn_cast<CXXMethodDecl>(W.FD);
      if (MD && MD->isInstance() && !MD->getParent()->isLambda() &&
          (MD->getParent() == O.Fields[0]->getParent() ||
           MD->getParent()->isDerivedFrom(
               dyn_cast<CXXRecordDecl>(O.Fields[0]->getParent())))) {
        LockExpr = O.Fields[0]->getNameAsString();
        if (localNamed(W.FD, LockExpr))
          LockExpr = "this->" + LockExpr;
        LockType = O.Fields[0]->getType();
      }
    }
  }
  if (!LockExpr.empty()) {
    llvm::StringRef CName = cLockTypeName(LockType);
    std::string Before, After;
    if (CName == "pthread_mutex_t") {
      Before = "pthread_mutex_lock(&" + LockExpr + "); ";
      After = " pthread_mutex_unlock(&" + LockExpr + ");";
    } else if (CName == "mtx_t") {
      Before = "mtx_lock(&" + LockExpr + "); ";
      After = " mtx_unlock(&" + LockExpr + ");";
    } else if (LO.CPlusPlus &&
               llvm::StringRef(L->Type.TypeName).starts_with("std::") &&
               !L->Type.Semaphore) {
      std::string Name = freshVariableName(W.FD, "lock", &TU->fixItNames(W.FD));
      Before = "{ std::lock_guard<" + L->Type.TypeName + "> " + Name + "(" +
               LockExpr + "); ";
      After = " }";
    }
    SourceLocation AfterSemi = Lexer::findLocationAfterToken(
        W.Statement->getEndLoc(), tok::semi, SM, LO,
        /*SkipTrailingWhitespaceAndNewLine=*/false);
    if (!Before.empty() && AfterSemi.isValid()) {
      Fixes.push_back(
          FixItHint::CreateInsertion(W.Statement->getBeginLoc(), Before));
      Fixes.push_back(FixItHint::CreateInsertion(AfterSemi, After));
    }
  }
  {
    auto D = NGuarded == 0
                 ? diag(W.Loc, "'%0' is written without holding '%1', which "
                               "is declared to guard it")
                 : diag(W.Loc, "'%0' is written without holding '%1'; it is "
                               "guarded by '%1' at %2 other "
                               "%plural{1:access|:accesses}2");
    D << V.Name << Lock;
    if (NGuarded)
      D << NGuarded;
    for (const FixItHint &F : Fixes)
      D << F;
  }
  notePath(W, WC);
  if (Guarded)
    diag(Guarded->Loc, "'%0' is %select{read|written}1 here holding '%2'",
         DiagnosticIDs::Note)
        << V.Name << Guarded->Write << Lock;
  else if (V.Declared)
    diag(V.Decl->getLocation(), "'%0' is declared guarded by '%1' here",
         DiagnosticIDs::Note)
        << V.Name << Lock;
}

void UnguardedWriteCheck::notePath(const SharedAccess &W,
                                   const ThreadContext &C) {
  const ThreadEntries &TE = TU->getThreadEntries(ModelOpts);
  if (C.Entry >= TE.entries().size())
    return;
  const ThreadEntry &E = TE.entries()[C.Entry];
  if (C.Alongside)
    diag(E.StartLoc, "%0 keeps running alongside the thread started here",
         DiagnosticIDs::Note)
        << functionName(E.Starter);
  else if (E.Callee)
    diag(E.StartLoc, "the thread started here runs %0", DiagnosticIDs::Note)
        << functionName(E.Callee);
  for (const ThreadEntries::PathStep &S : TE.callPath(W.FD, C)) {
    SourceLocation Loc = S.At->getBeginLoc();
    if (const auto *Call = dyn_cast<CallExpr>(S.At))
      Loc = Call->getExprLoc();
    diag(Loc, "%0 calls %1 here", DiagnosticIDs::Note)
        << functionName(S.Caller) << functionName(S.Callee);
  }
}

bool UnguardedWriteCheck::reportUnlocked(const SharedVariable &V,
                                         const SharedAccess &W) {
  const ThreadEntries &TE = TU->getThreadEntries(ModelOpts);
  const SharedData &SD = TU->getSharedData(ModelOpts);
  const SourceManager &SM = TU->getSourceManager();
  if (W.CallerHoldsLock)
    return false;
  // A member of a lock-free class, written with no lock anywhere: its
  // threads may hand it over through the class's atomics, which lockcheck
  // does not follow.
  if (V.LockFreeClass && LockFreeClasses)
    return false;
  // A pair of contexts in which the write and another access run at once.
  const SharedAccess *Other = nullptr;
  ThreadContext CW, CX;
  auto Find = [&](bool SelfToo) {
    for (const SharedAccess &A : V.Accesses) {
      if ((&A == &W) != SelfToo)
        continue;
      for (const ThreadContext &X : W.Contexts)
        for (const ThreadContext &Y : A.Contexts)
          if (SD.mayRace(V, W, X, A, Y) && !TE.prunedIn(W.FD, W.E, X)) {
            Other = &A;
            CW = X;
            CX = Y;
            return;
          }
    }
  };
  Find(false);
  if (!Other)
    Find(true);
  if (!Other)
    return false;
  const ThreadEntry &EW = TE.entries()[CW.Entry];
  const ThreadEntry &EX = TE.entries()[CX.Entry];
  if (!CW.Alongside && !CX.Alongside && CW.Entry != CX.Entry) {
    unsigned LW = lineOf(EW.StartLoc, SM), LX = lineOf(EX.StartLoc, SM);
    if (LW > LX)
      std::swap(LW, LX);
    if (LW == LX)
      diag(W.Loc, "'%0' is written by two threads started at line %1 "
                  "without a lock")
          << V.Name << LW;
    else
      diag(W.Loc, "'%0' is written by threads started at line %1 and line "
                  "%2 without a lock")
          << V.Name << LW << LX;
  } else if (!CW.Alongside && !CX.Alongside) {
    diag(W.Loc, "'%0' is written by threads started at line %1 (in a loop) "
                "without a lock")
        << V.Name << lineOf(EW.StartLoc, SM);
  } else {
    const ThreadEntry &E = CW.Alongside ? EX : EW;
    diag(W.Loc, "'%0' is written by the thread started at line %1 and by %2 "
                "while it runs, without a lock")
        << V.Name << lineOf(E.StartLoc, SM) << functionName(E.Starter);
  }
  notePath(W, CW);
  if (Other != &W)
    diag(Other->Loc, "'%0' is also %select{read|written}1 here",
         DiagnosticIDs::Note)
        << V.Name << Other->Write;
  else if (CW.Entry != CX.Entry && !CX.Alongside)
    diag(EX.StartLoc, "the other thread is started here", DiagnosticIDs::Note);
  if (SuggestAtomic) {
    QualType T = V.Decl->getType();
    if (T->isIntegerType() || T->isBooleanType() || T->isPointerType()) {
      const LangOptions &LO = TU->getContext().getLangOpts();
      PrintingPolicy PP(LO);
      std::string TS = T.getUnqualifiedType().getAsString(PP);
      diag(V.Decl->getLocation(),
           LO.CPlusPlus ? "consider declaring '%0' as 'std::atomic<%1>'"
                        : "consider declaring '%0' as '_Atomic %1'",
           DiagnosticIDs::Note)
          << V.Decl->getName() << TS;
    }
  }
  return true;
}

} // namespace lockcheck
