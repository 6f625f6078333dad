//===--- BlockingUnderLockCheck.cpp - lockcheck-blocking-under-lock -------===//

#include "checks/BlockingUnderLockCheck.h"
#include "checks/analysis/FixIts.h"
#include "checks/analysis/TUAnalysis.h"
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
  visit(FD->getBody(), R);
}

void BlockingUnderLockCheck::visit(const Stmt *S, const LocksetResult &R) {
  // A lambda's body runs when it is called: it is analysed on its own.
  if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
    return;
  for (const Stmt *Child : S->children())
    visit(Child, R);
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
  report(Call, R, Held, nullptr);
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
    std::optional<BlockingCall> B = Blocking->classify(Call);
    if (!B)
      return;
    if (B->Via) {
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
