//===--- UnguardedWriteCheck.cpp - lockcheck-unguarded-write --------------===//

#include "checks/UnguardedWriteCheck.h"
#include "checks/CheckOptions.h"
#include "checks/LocksetCheckBase.h"
#include "checks/analysis/FixIts.h"
#include "checks/analysis/LockDiscipline.h"
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
      LockFreeClasses(getBoolOption(Options, "LockFreeClasses", true)),
      ClassConsistency(getBoolOption(Options, "ClassConsistency", true)) {}

void UnguardedWriteCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  storeModelOptions(ModelOpts, Options, Opts);
  storeBoolOption(Options, Opts, "SuggestAtomic", SuggestAtomic);
  storeBoolOption(Options, Opts, "LockFreeClasses", LockFreeClasses);
  storeBoolOption(Options, Opts, "ClassConsistency", ClassConsistency);
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
  // Written locations reported, whatever the rule.
  std::set<unsigned> Reported;
  if (!TE.empty()) {
    const SharedData &SD = TU->getSharedData(ModelOpts);
    std::set<std::pair<unsigned, const ValueDecl *>> Seen;
    for (const SharedVariable &V : SD.variables()) {
      for (const SharedAccess &W : V.Accesses) {
        if (!W.Write)
          continue;
        // Templates: one report per written location.
        if (!Seen.insert({W.Loc.getRawEncoding(), V.Decl}).second)
          continue;
        if (!V.Guard.empty() && (V.Declared || V.GuardedCount > 0)) {
          if (reportGuarded(V, W, SD))
            Reported.insert(W.Loc.getRawEncoding());
        } else if (!V.AnyLocked && reportUnlocked(V, W)) {
          Reported.insert(W.Loc.getRawEncoding());
          break; // no lock anywhere: once per variable is enough
        }
      }
    }
  }
  reportDiscipline(Reported);
}

void UnguardedWriteCheck::reportDiscipline(std::set<unsigned> &Reported) {
  const ThreadEntries &TE = TU->getThreadEntries(ModelOpts);
  const LockDiscipline &LD = TU->getLockDiscipline(ModelOpts);
  auto LockName = [&](const std::string &Key) {
    const LockRef *L = LD.lockOf(Key);
    return L ? L->Name : Key;
  };
  // The object under construction or destruction is not shared yet.
  auto OwnObject = [](const FunctionDecl *FD, const ValueDecl *D) {
    const auto *F = dyn_cast<FieldDecl>(D);
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    if (!F || !MD ||
        !(isa<CXXConstructorDecl>(MD) || isa<CXXDestructorDecl>(MD)))
      return false;
    const auto *RD = dyn_cast<CXXRecordDecl>(F->getParent());
    return RD && (MD->getParent() == RD || MD->getParent()->isDerivedFrom(RD));
  };
  for (const DisciplineVariable &V : LD.variables()) {
    if (!V.DeclaredGuard.empty()) {
      // Declared: every write without the lock, as -Wthread-safety reads
      // GUARDED_BY and PT_GUARDED_BY.
      const std::string &G = V.DeclaredGuard;
      for (const DisciplineAccess &W : V.Accesses) {
        bool ReadOnly = W.ReadLocks.count(G) != 0;
        if (!W.Write || (W.Locks.count(G) && !ReadOnly) ||
            W.MayLocks.count(G) || W.CallerHoldsLock ||
            OwnObject(W.FD, V.Decl) || LD.callersHold(W.FD, G) ||
            !Reported.insert(W.Loc.getRawEncoding()).second)
          continue;
        std::string Lock = LockName(G);
        if (ReadOnly) {
          diag(W.Loc, "%select{'%0' is|the data '%0' points to is}1 written "
                      "while holding '%2' only for reading; '%2' is declared "
                      "to guard it")
              << V.Name << V.PointeeGuarded << Lock;
        } else {
          auto D = diag(W.Loc, "%select{'%0' is|the data '%0' points to is}1 "
                               "written without holding '%2', which is "
                               "declared to guard it")
                   << V.Name << V.PointeeGuarded << Lock;
          for (const FixItHint &F :
               guardFix(LD.lockOf(G), W.Statement, W.Loc, W.FD))
            D << F;
        }
        diag(V.Decl->getLocation(),
             "'%0' is declared %select{guarded by|to point to data guarded "
             "by}1 '%2' here",
             DiagnosticIDs::Note)
            << V.Name << V.PointeeGuarded << Lock;
      }
      continue;
    }
    if (!V.Class || !ClassConsistency)
      continue;
    // Shown: the member is written under one of its class's mutexes, and
    // accessed under it at least twice; a public member function that
    // writes it without that mutex breaks the class's own discipline.
    // Constructors, destructors and assignments often lock the other
    // object (`scoped_lock l(rhs.mu_)`): neither side of the evidence.
    auto Exempt = [](const FunctionDecl *FD) {
      const auto *MD = cast<CXXMethodDecl>(FD);
      return isa<CXXConstructorDecl>(MD) || isa<CXXDestructorDecl>(MD) ||
             MD->isCopyAssignmentOperator() || MD->isMoveAssignmentOperator();
    };
    std::string Guard;
    unsigned Best = 0;
    for (const std::string &K : V.ClassLocks) {
      unsigned N = 0;
      bool LockedPublicWrite = false;
      for (const DisciplineAccess &A : V.Accesses)
        if (A.Locks.count(K) && !Exempt(A.FD)) {
          ++N;
          LockedPublicWrite |=
              A.Write && !A.ReadLocks.count(K) &&
              cast<CXXMethodDecl>(A.FD)->getAccess() == AS_public;
        }
      if (LockedPublicWrite && N > Best) {
        Best = N;
        Guard = K;
      }
    }
    if (Best < 2)
      continue;
    for (const DisciplineAccess &W : V.Accesses) {
      const auto *MD = cast<CXXMethodDecl>(W.FD);
      if (!W.Write || MD->getAccess() != AS_public || Exempt(MD) ||
          (W.Locks.count(Guard) && !W.ReadLocks.count(Guard)) ||
          W.MayLocks.count(Guard) || W.CallerHoldsLock ||
          LD.callersHold(W.FD, Guard))
        continue;
      // An object only the thread running the function reaches.
      if (!TE.empty() && TE.reached(W.FD) && !TE.sharedThis(W.FD))
        continue;
      if (!Reported.insert(W.Loc.getRawEncoding()).second)
        continue;
      // The functions accessing it under the guard, in source order.
      std::vector<const DisciplineAccess *> Locked;
      for (const DisciplineAccess &A : V.Accesses)
        if (A.Locks.count(Guard) && !Exempt(A.FD) &&
            llvm::none_of(Locked, [&](const DisciplineAccess *X) {
              return X->FD == A.FD;
            }))
          Locked.push_back(&A);
      std::string Names;
      for (unsigned I = 0; I < Locked.size() && I < 3; ++I) {
        if (I)
          Names +=
              I + 1 == std::min<size_t>(Locked.size(), 3) && Locked.size() <= 3
                  ? " and "
                  : ", ";
        Names += "'" + Locked[I]->FD->getNameAsString() + "'";
      }
      if (Locked.size() > 3)
        Names += " and " + std::to_string(Locked.size() - 3) +
                 (Locked.size() == 4 ? " other function" : " other functions");
      std::string Lock = LockName(Guard);
      bool ReadOnly = W.ReadLocks.count(Guard) != 0;
      {
        auto D = diag(W.Loc, "'%0' is written %select{without holding '%2'|"
                             "while holding '%2' only for reading}1 in "
                             "public member function '%3'; %4 %select{"
                             "accesses|access}5 it holding '%2'")
                 << V.Name << ReadOnly << Lock << MD->getNameAsString() << Names
                 << (Locked.size() > 1);
        if (!ReadOnly)
          for (const FixItHint &F :
               guardFix(LD.lockOf(Guard), W.Statement, W.Loc, W.FD))
            D << F;
      }
      for (unsigned I = 0; I < Locked.size() && I < 3; ++I)
        diag(Locked[I]->Loc,
             "'%0' is %select{read|written}1 here holding "
             "'%2'",
             DiagnosticIDs::Note)
            << V.Name << Locked[I]->Write << Lock;
    }
  }
}

llvm::SmallVector<FixItHint, 2>
UnguardedWriteCheck::guardFix(const LockRef *L, const Stmt *Statement,
                              SourceLocation Loc, const FunctionDecl *FD) {
  // Fix-it: wrap the statement in a scope holding the guard.
  llvm::SmallVector<FixItHint, 2> Fixes;
  const SourceManager &SM = TU->getSourceManager();
  const LangOptions &LO = TU->getContext().getLangOpts();
  std::string LockExpr;
  QualType LockType;
  if (L && Statement && !isInMacro(Statement->getBeginLoc()) &&
      !isInMacro(Statement->getEndLoc())) {
    const LockOrigin &O = L->Origin;
    if (O.K == LockOrigin::Global && O.Fields.empty() && O.Var &&
        O.Suffix.empty() &&
        SM.isBeforeInTranslationUnit(O.Var->getLocation(), Loc)) {
      // As name lookup at the write finds it (never "(anonymous
      // namespace)::m").
      LockExpr = spellDeclIn(O.Var, FD);
      if (!LO.CPlusPlus && llvm::StringRef(LockExpr).starts_with("::"))
        LockExpr.clear(); // hidden by a local of the same name
      LockType = O.Var->getType();
    } else if (O.K == LockOrigin::This && O.Fields.size() == 1 &&
               O.Suffix.empty()) {
      const auto *MD = dyn_cast<CXXMethodDecl>(FD);
      if (MD && MD->isInstance() && !MD->getParent()->isLambda() &&
          (MD->getParent() == O.Fields[0]->getParent() ||
           MD->getParent()->isDerivedFrom(
               dyn_cast<CXXRecordDecl>(O.Fields[0]->getParent())))) {
        LockExpr = O.Fields[0]->getNameAsString();
        if (localNamed(FD, LockExpr))
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
      std::string Name = freshVariableName(FD, "lock", &TU->fixItNames(FD));
      Before = "{ std::lock_guard<" + L->Type.TypeName + "> " + Name + "(" +
               LockExpr + "); ";
      After = " }";
    }
    SourceLocation AfterSemi = Lexer::findLocationAfterToken(
        Statement->getEndLoc(), tok::semi, SM, LO,
        /*SkipTrailingWhitespaceAndNewLine=*/false);
    if (!Before.empty() && AfterSemi.isValid()) {
      Fixes.push_back(
          FixItHint::CreateInsertion(Statement->getBeginLoc(), Before));
      Fixes.push_back(FixItHint::CreateInsertion(AfterSemi, After));
    }
  }
  return Fixes;
}

bool UnguardedWriteCheck::reportGuarded(const SharedVariable &V,
                                        const SharedAccess &W,
                                        const SharedData &SD) {
  const ThreadEntries &TE = TU->getThreadEntries(ModelOpts);
  // Held for reading only: readers run at the same time, so the guard does
  // not protect this write.
  bool ReadOnly = W.ReadLocks.count(V.Guard) != 0;
  if ((W.Locks.count(V.Guard) && !ReadOnly) || W.MayLocks.count(V.Guard) ||
      W.CallerHoldsLock || SD.writtenAtLockInit(W, V.Guard))
    return false;
  // Another thread must be able to touch it meanwhile.
  const SharedAccess *Other = nullptr, *Guarded = nullptr;
  ThreadContext WC;
  unsigned NGuarded = 0;
  for (const SharedAccess &A : V.Accesses) {
    bool Same = &A == &W;
    if (!Same && A.Locks.count(V.Guard) &&
        (!ReadOnly || !A.ReadLocks.count(V.Guard))) {
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
  if (!Other || (!V.Declared && !Guarded && !ReadOnly))
    return false;
  std::string Lock = SD.lockName(V.Guard);
  llvm::SmallVector<FixItHint, 2> Fixes =
      guardFix(SD.lockOf(V.Guard), W.Statement, W.Loc, W.FD);
  if (ReadOnly) {
    // Taking it for writing is the fix; lockcheck does not rewrite the lock.
    diag(W.Loc, "'%0' is written while holding '%1' only for reading; other "
                "readers hold it at the same time")
        << V.Name << Lock;
    notePath(W, WC);
    diag(Other->Loc,
         Other == &W ? "another thread can run this write at "
                       "the same time"
                     : "'%0' is %select{read|written}1 here "
                       "%select{without '%2'|holding '%2' "
                       "only for reading}3",
         DiagnosticIDs::Note)
        << V.Name << Other->Write << Lock
        << (Other->ReadLocks.count(V.Guard) != 0);
    if (Guarded)
      diag(Guarded->Loc,
           "'%0' is %select{read|written}1 here holding '%2' "
           "for writing",
           DiagnosticIDs::Note)
          << V.Name << Guarded->Write << Lock;
    return true;
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
  return true;
}

const FunctionDecl *
UnguardedWriteCheck::alongsideRoot(const SharedAccess &W,
                                   const ThreadContext &C,
                                   const ThreadEntries::Region **R) {
  const ThreadEntries &TE = TU->getThreadEntries(ModelOpts);
  std::vector<ThreadEntries::PathStep> Path = TE.callPath(W.FD, C);
  const FunctionDecl *Root = Path.empty() ? W.FD : Path.front().Caller;
  const Stmt *At = Path.empty() ? W.E : Path.front().At;
  const ThreadEntries::Region *Reg = TE.regionAt(Root, At, C.Entry);
  if (R)
    *R = Reg;
  return Reg ? Root : TE.entries()[C.Entry].Starter;
}

void UnguardedWriteCheck::notePath(const SharedAccess &W,
                                   const ThreadContext &C) {
  const ThreadEntries &TE = TU->getThreadEntries(ModelOpts);
  if (C.Entry >= TE.entries().size())
    return;
  const ThreadEntry &E = TE.entries()[C.Entry];
  if (C.Alongside) {
    const ThreadEntries::Region *R = nullptr;
    const FunctionDecl *Root = alongsideRoot(W, C, &R);
    diag(E.StartLoc,
         "%0 keeps running alongside the %select{thread started|task "
         "submitted}1 here",
         DiagnosticIDs::Note)
        << functionName(Root) << (E.Pool != 0);
    if (R) {
      SourceLocation Loc = R->Call->getBeginLoc();
      if (const auto *Call = dyn_cast<CallExpr>(R->Call))
        Loc = Call->getExprLoc();
      diag(Loc, "%0 returns from this call to %1 with the thread running",
           DiagnosticIDs::Note)
          << functionName(Root) << functionName(R->Callee);
    }
  } else if (E.Callee && E.Pool && E.Wrapper) {
    diag(E.StartLoc, "the task submitted here to %0 runs %1",
         DiagnosticIDs::Note)
        << ("'" + E.Wrapper->getQualifiedNameAsString() + "'")
        << functionName(E.Callee);
  } else if (E.Callee) {
    diag(E.StartLoc, "the thread started here runs %0", DiagnosticIDs::Note)
        << functionName(E.Callee);
  }
  if (const ThreadEntries::PoolInfo *P = TE.poolOf(E);
      P && P->Runner && E.WrapperStart) {
    diag(E.WrapperStart->getBeginLoc(),
         "the pool's worker %select{thread is|threads are}0 started here; %1 "
         "%select{takes the tasks from '%2' and runs them|runs the tasks "
         "through '%2'}3",
         DiagnosticIDs::Note)
        << P->Concurrent << functionName(P->Runner)
        << P->Queue->getQualifiedNameAsString() << P->NodeField;
  } else if (E.Wrapper && E.WrapperStart && E.WrapperStartIn)
    diag(E.WrapperStart->getBeginLoc(),
         "the thread is created here, in thread-start wrapper %0",
         DiagnosticIDs::Note)
        << functionName(E.WrapperStartIn);
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
    diag(W.Loc, "'%0' is written by %select{threads started|tasks "
                "submitted}4 at line %1 (%select{in a loop|each call of %3 "
                "%select{starts|submits}4 one}2) without a lock")
        << V.Name << lineOf(EW.StartLoc, SM) << EW.Repeated
        << functionName(EW.Starter) << (EW.Pool != 0);
  } else {
    const ThreadEntry &E = CW.Alongside ? EX : EW;
    const FunctionDecl *Root = CW.Alongside
                                   ? alongsideRoot(W, CW, nullptr)
                                   : alongsideRoot(*Other, CX, nullptr);
    diag(W.Loc, "'%0' is written by the %select{thread started|task "
                "submitted}3 at line %1 and by %2 while it runs, without a "
                "lock")
        << V.Name << lineOf(E.StartLoc, SM) << functionName(Root)
        << (E.Pool != 0);
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
