//===--- BlockingUnderLockCheck.cpp - lockcheck-blocking-under-lock -------===//

#include "checks/BlockingUnderLockCheck.h"
#include "checks/analysis/FixIts.h"
#include "checks/analysis/Lockset.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadEntries.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace lockcheck {

BlockingUnderLockCheck::BlockingUnderLockCheck(llvm::StringRef Name,
                                               tidy::ClangTidyContext *Context)
    : LocksetCheckBase(Name, Context),
      Functions(parseNameList(
          Options.get("BlockingFunctions", defaultBlockingFunctions()))),
      Model(Functions) {}

void BlockingUnderLockCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  LocksetCheckBase::storeOptions(Opts);
  Options.store(Opts, "BlockingFunctions", joinNameList(Functions));
}

void BlockingUnderLockCheck::checkFunction(const FunctionDecl *FD,
                                           const LocksetResult &R) {
  if (!R.Analyzed || R.HeldAt.empty())
    return;
  if (!Blocking)
    Blocking = std::make_unique<BlockingAnalysis>(*TU, Model, ModelOpts);
  Current = FD;
  visit(FD->getBody(), FD, R);
}

void BlockingUnderLockCheck::visit(const Stmt *S, const FunctionDecl *FD,
                                   const LocksetResult &R) {
  // A lambda's body runs when it is called: it is analysed on its own.
  if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
    return;
  for (const Stmt *Child : S->children())
    visit(Child, FD, R);
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call)
    return;
  // Only locks held on every path: a lock held on some paths only is most
  // often taken and tested under the same condition, which the lockset does
  // not relate.
  llvm::SmallVector<unsigned, 2> Held;
  for (const HeldLock &H : R.heldAt(Call))
    if (H.Kind == HeldKind::Must)
      Held.push_back(H.Lock);
  if (Held.empty())
    return;
  // A condition wait releases its own mutex while it sleeps: only the other
  // locks stay held. A wait whose mutex is not known is not judged.
  for (const WaitSite &W : R.Waits) {
    if (W.Call != Call)
      continue;
    if (W.Mutexes.empty())
      return;
    llvm::erase_if(
        Held, [&](unsigned L) { return llvm::is_contained(W.Mutexes, L); });
    if (!Held.empty())
      report(Call, R, Held, &W);
    return;
  }
  // A project wait wrapper listed as blocking (`CondVar::Wait(mu)`) releases
  // the mutex it is given, like a condition wait.
  if (llvm::StringRef Api = Model.blockingName(Call);
      Api.contains_insensitive("wait"))
    for (const Expr *Arg : Call->arguments())
      if (std::optional<unsigned> L = R.findLock(Arg))
        llvm::erase(Held, *L);
  // A function that blocks may first call back a function the caller
  // registered (`uv_prepare_start(&h, cb); ... uv_run(loop)`): a lock that
  // callback releases without taking it may be free where it blocks.
  if (std::optional<BlockingCall> B = Blocking->classify(Call); B && B->Via) {
    std::vector<std::string> Released = Blocking->releasedByCallbacks(Call, FD);
    llvm::erase_if(Held, [&](unsigned L) {
      return llvm::is_contained(Released, R.Locks[L].Origin.classKey());
    });
  }
  if (Held.empty())
    return;
  report(Call, R, Held, nullptr);
}

/// The handle a join names: `t` of `t.join()`, `pthread_join(t, ..)`,
/// `thrd_join(t, ..)`, `this->worker_.join()`.
static const ValueDecl *joinedHandle(const CallExpr *Call) {
  const Expr *E = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
    E = MC->getImplicitObjectArgument();
  else if (Call->getNumArgs() > 0)
    E = Call->getArg(0);
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      return ME->getMemberDecl();
  return nullptr;
}

/// A lock class with no identity outside its function (a parameter or a
/// local that is itself the mutex, `*this`): it may be any mutex.
static bool anonymousClass(llvm::StringRef Key) {
  return Key.starts_with("l:") || Key == "this";
}

BlockingUnderLockCheck::ThreadLock BlockingUnderLockCheck::joinedThreadLocks(
    const CallExpr *Call, const LocksetResult &R,
    llvm::SmallVectorImpl<unsigned> &Held, unsigned &Taken) {
  ThreadLock First;
  const ValueDecl *Handle = joinedHandle(Call);
  if (!Handle)
    return First;
  const ThreadEntries &TE = TU->getThreadEntries(ModelOpts);
  llvm::SmallVector<const ThreadEntry *, 2> Joined;
  for (const ThreadEntry &E : TE.entries())
    if (E.Handle == Handle)
      Joined.push_back(&E);
  // Which thread this is, or what it runs, cannot be told.
  if (Joined.empty())
    return First;
  for (const ThreadEntry *E : Joined) {
    const FunctionDecl *Def = nullptr;
    if (!E->Callee || !E->Callee->hasBody(Def))
      return First;
  }
  // Per held lock: taken by the thread (a deadlock), maybe taken (the
  // thread locks a mutex it was handed), or never taken.
  enum { Never, Maybe, Takes };
  llvm::SmallVector<int, 2> State(Held.size(), Never);
  llvm::SmallVector<std::string, 2> Keys;
  bool FirstVia = false;
  for (unsigned L : Held)
    Keys.push_back(R.Locks[L].Origin.classKey());
  for (const FunctionDecl *FD : TE.reachedFunctions()) {
    const ContextSet &Cs = TE.contexts(FD);
    if (llvm::none_of(Joined, [&](const ThreadEntry *E) {
          return Cs.count(ThreadContext{E->Id, false});
        }))
      continue;
    const LocksetResult &T = TU->getLockset(FD, ModelOpts);
    for (const LockAcquisition &A : T.Acquisitions) {
      std::string Key = T.Locks[A.Lock].Origin.classKey();
      for (unsigned I = 0; I < Held.size(); ++I) {
        if (Key == Keys[I]) {
          // Prefer a lock operation to a call of a function that locks.
          if (!First.Loc.isValid() || (FirstVia && !A.Via)) {
            First.Loc = A.Loc;
            First.In = FD;
            FirstVia = A.Via != nullptr;
          }
          State[I] = Takes;
        } else if (anonymousClass(Key) && State[I] == Never) {
          State[I] = Maybe;
        }
      }
    }
  }
  llvm::SmallVector<unsigned, 2> Kept;
  Taken = 0;
  for (unsigned I = 0; I < Held.size(); ++I)
    if (State[I] == Takes)
      Kept.insert(Kept.begin() + Taken++, Held[I]);
    else if (State[I] == Maybe)
      Kept.push_back(Held[I]);
  Held.assign(Kept.begin(), Kept.end());
  return First;
}

/// "'a'", "'a' and 'b'", "'a', 'b' and 'c'".
static std::string nameList(const LocksetResult &R,
                            llvm::ArrayRef<unsigned> Locks) {
  std::string S;
  for (unsigned I = 0; I < Locks.size(); ++I) {
    if (I)
      S += I + 1 == Locks.size() ? " and " : ", ";
    S += "'" + R.Locks[Locks[I]].Name + "'";
  }
  return S;
}

void BlockingUnderLockCheck::report(const CallExpr *Call,
                                    const LocksetResult &R,
                                    llvm::ArrayRef<unsigned> Held,
                                    const WaitSite *Wait) {
  const SourceManager &SM = TU->getSourceManager();
  SourceLocation Loc = Call->getExprLoc();
  std::string Names = nameList(R, Held);
  bool Plural = Held.size() > 1;
  if (Wait) {
    diag(Loc, "this condition wait releases %0 but not %1, which %select{is|"
              "are}2 held while it sleeps; threads that need %select{it|"
              "them}2 block until it is notified")
        << nameList(R, Wait->Mutexes) << Names << Plural;
  } else {
    std::optional<BlockingCall> B = Blocking->classify(Call, Current);
    if (!B)
      return;
    // A join of a thread whose start lockcheck sees: only the locks that
    // thread may take matter.
    llvm::SmallVector<unsigned, 2> Locks(Held.begin(), Held.end());
    unsigned Taken = 0;
    ThreadLock In;
    bool Join = !B->Via && (B->Api == "std::thread::join" ||
                            B->Api == "std::jthread::join" ||
                            B->Api == "pthread_join" || B->Api == "thrd_join");
    if (Join) {
      In = joinedThreadLocks(Call, R, Locks, Taken);
      if (Locks.empty())
        return;
      Held = Locks;
      Names = nameList(R, Held);
      Plural = Held.size() > 1;
    }
    if (Taken) {
      llvm::ArrayRef<unsigned> TakenLocks =
          llvm::ArrayRef(Held).take_front(Taken);
      diag(Loc, "'%0' waits for a thread that locks %1 while this thread "
                "holds %select{it|them}2; a deadlock if the joined thread has "
                "not got past %select{that lock|those locks}2 yet")
          << B->Api << nameList(R, TakenLocks) << (Taken > 1);
      diag(In.Loc, "the joined thread locks %0 here, in %1",
           DiagnosticIDs::Note)
          << nameList(R, TakenLocks.take_front(1)) << functionName(In.In);
    } else if (B->Via) {
      diag(Loc, "calling %0, which may block in '%1', while %2 %select{is|"
                "are}3 held; threads that need %select{it|them}3 block too")
          << functionName(B->Via) << B->Api << Names << Plural;
      if (B->Inner) {
        std::optional<BlockingCall> Inner = Blocking->classify(B->Inner);
        bool Deeper = Inner && Inner->Via;
        diag(B->Inner->getExprLoc(),
             "%0 %select{calls '%1' here|blocks here, in a call that reaches "
             "'%1'}2",
             DiagnosticIDs::Note)
            << functionName(B->Via) << B->Api << Deeper;
      }
    } else {
      diag(Loc, "'%0' may block while %1 %select{is|are}2 held; threads "
                "that need %select{it|them}2 block too")
          << B->Api << Names << Plural;
    }
  }
  for (unsigned L : Held) {
    SourceLocation At = R.acquiredBefore(L, Loc, SM);
    if (At.isValid())
      diag(At, "'%0' was locked here", DiagnosticIDs::Note) << R.Locks[L].Name;
  }
}

} // namespace lockcheck
