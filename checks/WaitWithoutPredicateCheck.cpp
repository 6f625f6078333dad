//===--- WaitWithoutPredicateCheck.cpp - lockcheck-wait-without-predicate -===//

#include "checks/WaitWithoutPredicateCheck.h"
#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/FixIts.h"
#include "checks/analysis/LockApi.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace lockcheck {

WaitWithoutPredicateCheck::WaitWithoutPredicateCheck(
    llvm::StringRef Name, tidy::ClangTidyContext *Context)
    : LocksetCheckBase(Name, Context),
      // Read as a string: the plugin cannot rely on the host clang-tidy
      // exporting OptionsView's bool specializations.
      PreferPredicateOverload(
          llvm::StringRef(Options.get("PreferPredicateOverload", "false"))
              .trim()
              .equals_insensitive("true") ||
          Options.get("PreferPredicateOverload", "false") == "1") {}

void WaitWithoutPredicateCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  LocksetCheckBase::storeOptions(Opts);
  Options.store(Opts, "PreferPredicateOverload",
                PreferPredicateOverload ? "true" : "false");
}

void WaitWithoutPredicateCheck::checkFunction(const FunctionDecl *FD,
                                              const LocksetResult &R) {
  visit(FD->getBody(), FD, R);
}

void WaitWithoutPredicateCheck::visit(const Stmt *S, const FunctionDecl *FD,
                                      const LocksetResult &R) {
  // A lambda's body is a function of its own, checked on its own.
  if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
    return;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    LockOp Op = classifyLockCall(Call, ModelOpts);
    if (Op.Kind == LockOpKind::Wait)
      checkWait(Call, Op, FD, R);
  }
  for (const Stmt *Child : S->children())
    visit(Child, FD, R);
}

namespace {

/// What another thread can change, as a loop around a wait reads it: the
/// state a notifying thread writes before it notifies.
class NotifiedState {
public:
  /// \p Body: the body of the function the loop is in.
  explicit NotifiedState(const Stmt *Body) : Body(Body) {}

  /// Whether \p E reads something another thread can change: a field, a
  /// variable with static storage, what a pointer or reference designates,
  /// the result of a call, or a local that escapes or is assigned such a
  /// value (`done = ready_;`). A local only the waiting thread counts with
  /// (`i` of `for (int i = 0; i < 3; ++i)`) is not.
  bool reads(const Stmt *E) {
    if (!E || isa<LambdaExpr>(E) || isa<BlockExpr>(E))
      return false;
    if (isa<MemberExpr>(E) || isa<CallExpr>(E) || isa<CXXConstructExpr>(E) ||
        isa<ArraySubscriptExpr>(E) || isa<ObjCMessageExpr>(E))
      return true;
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_Deref)
      return true;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        return !VD->hasLocalStorage() || VD->getType()->isReferenceType() ||
               VD->getType().isVolatileQualified() || escapesOrReloaded(VD);
    for (const Stmt *Child : E->children())
      if (reads(Child))
        return true;
    return false;
  }

  /// Whether \p S tests something another thread can change: the condition
  /// of an if, a switch, a ?:, a loop, or an operand of && or ||.
  bool tests(const Stmt *S) {
    if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
      return false;
    const Stmt *Cond = nullptr;
    if (const auto *If = dyn_cast<IfStmt>(S))
      Cond = If->getCond();
    else if (const auto *Sw = dyn_cast<SwitchStmt>(S))
      Cond = Sw->getCond();
    else if (const auto *C = dyn_cast<AbstractConditionalOperator>(S))
      Cond = C->getCond();
    else if (const auto *W = dyn_cast<WhileStmt>(S))
      Cond = W->getCond();
    else if (const auto *D = dyn_cast<DoStmt>(S))
      Cond = D->getCond();
    else if (const auto *F = dyn_cast<ForStmt>(S))
      Cond = F->getCond();
    else if (const auto *BO = dyn_cast<BinaryOperator>(S);
             BO && BO->isLogicalOp())
      Cond = BO;
    if (Cond && reads(Cond))
      return true;
    for (const Stmt *Child : S->children())
      if (tests(Child))
        return true;
    return false;
  }

private:
  /// A local whose address is taken, that is captured by reference, bound
  /// to a non-const reference, or assigned a value another thread can
  /// change.
  bool escapesOrReloaded(const VarDecl *V) {
    auto [It, New] = Locals.try_emplace(V, false);
    if (!New)
      return It->second;
    bool Result = escapesOrReloaded(Body, V);
    Locals[V] = Result;
    return Result;
  }

  bool escapesOrReloaded(const Stmt *S, const VarDecl *V) {
    if (!S)
      return false;
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->isAssignmentOp() && refVar(BO->getLHS()) == V &&
        reads(BO->getRHS()))
      return true;
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S);
        OC && OC->isAssignmentOp() && OC->getNumArgs() == 2 &&
        refVar(OC->getArg(0)) == V)
      return true;
    if (const auto *U = dyn_cast<UnaryOperator>(S);
        U && U->getOpcode() == UO_AddrOf && refVar(U->getSubExpr()) == V)
      return true;
    if (const auto *L = dyn_cast<LambdaExpr>(S)) {
      for (const LambdaCapture &C : L->captures())
        if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef &&
            C.getCapturedVar() == V)
          return true;
      return false;
    }
    if (const auto *D = dyn_cast<DeclStmt>(S))
      for (const Decl *Dcl : D->decls())
        if (const auto *R = dyn_cast<VarDecl>(Dcl);
            R && R->getType()->isReferenceType() && refVar(R->getInit()) == V)
          return true;
    auto ByReference = [&](const FunctionDecl *Callee,
                           llvm::ArrayRef<const Expr *> Args) {
      for (unsigned I = 0; I < Args.size(); ++I) {
        if (refVar(Args[I]) != V)
          continue;
        if (!Callee || I >= Callee->getNumParams())
          return true;
        QualType T = Callee->getParamDecl(I)->getType();
        if (T->isReferenceType() && !T.getNonReferenceType().isConstQualified())
          return true;
      }
      return false;
    };
    if (const auto *C = dyn_cast<CallExpr>(S)) {
      llvm::ArrayRef<const Expr *> Args(C->getArgs(), C->getNumArgs());
      const FunctionDecl *Callee = C->getDirectCallee();
      // A member operator's object is its first argument.
      if (isa<CXXOperatorCallExpr>(C) && isa_and_nonnull<CXXMethodDecl>(Callee))
        Args = Args.drop_front();
      if (ByReference(Callee, Args))
        return true;
    }
    if (const auto *C = dyn_cast<CXXConstructExpr>(S))
      if (ByReference(C->getConstructor(), llvm::ArrayRef<const Expr *>(
                                               C->getArgs(), C->getNumArgs())))
        return true;
    for (const Stmt *Child : S->children())
      if (escapesOrReloaded(Child, V))
        return true;
    return false;
  }

  const Stmt *Body;
  llvm::DenseMap<const VarDecl *, bool> Locals;
};

/// A loop condition that is always true (`while (true)`, `for (;;)`,
/// `do ... while (1)`).
bool alwaysTrue(const Expr *Cond, const ASTContext &Ctx) {
  if (!Cond)
    return true;
  bool Value = false;
  return !Cond->isValueDependent() &&
         Cond->EvaluateAsBooleanCondition(Value, Ctx) && Value;
}

/// Whether \p S ends by leaving the statement list it is in: a `continue`,
/// `break`, `return`, `goto` or `throw` as its last statement.
bool endsInJump(const Stmt *S) {
  while (const auto *CS = dyn_cast_or_null<CompoundStmt>(S)) {
    if (CS->body_empty())
      return false;
    S = CS->body_back();
  }
  return isa_and_nonnull<ContinueStmt, BreakStmt, ReturnStmt, GotoStmt,
                         CXXThrowExpr>(S);
}

/// In a loop \p Loop that re-checks only through a test in its body, the
/// statement that runs after the wait before the loop tests again: in
/// `for (;;) { if (q.empty()) cv.wait(lk); take(q); }` the `if` tests
/// `q.empty()` once and `take(q)` follows, however often the loop comes
/// back. Null when the branch with the wait ends in a jump (`continue;` goes
/// back to the test), nothing follows the `if` in the body but the loop's
/// back edge, what follows is itself a test (an `if`, `switch` or loop,
/// which may test the state again), or a nested loop lies between the `if`
/// and \p Loop.
const Stmt *goesOnAfterWait(const Stmt *Call, const Stmt *Loop, ParentMap &PM,
                            NotifiedState &State) {
  const IfStmt *If = nullptr;
  const Stmt *Branch = nullptr;
  const Stmt *Child = Call;
  for (const Stmt *P = PM.getParent(Call); P && P != Loop;
       Child = P, P = PM.getParent(P)) {
    if (isa<WhileStmt, DoStmt, ForStmt, CXXForRangeStmt>(P))
      return nullptr;
    if (const auto *I = dyn_cast<IfStmt>(P);
        I && !If && (I->getThen() == Child || I->getElse() == Child) &&
        State.reads(I->getCond())) {
      If = I;
      Branch = Child;
    }
  }
  if (!If || endsInJump(Branch))
    return nullptr;
  // Something after the `if`, on the way up to the loop's body, runs before
  // the loop comes back to a test.
  Child = If;
  for (const Stmt *P = PM.getParent(If); P && P != Loop;
       Child = P, P = PM.getParent(P)) {
    const auto *CS = dyn_cast<CompoundStmt>(P);
    if (!CS)
      continue;
    auto It = llvm::find(CS->body(), Child);
    for (++It; It != CS->body_end(); ++It) {
      if (isa<NullStmt>(*It))
        continue;
      // What follows may test again before it uses anything: `if
      // (me->queue != NULL) { take... }`.
      if (isa<IfStmt, SwitchStmt, WhileStmt, DoStmt, ForStmt, CXXForRangeStmt>(
              *It))
        return nullptr;
      return *It;
    }
  }
  return nullptr;
}

/// The loop around \p Call (within the function whose parent map is \p PM)
/// that re-checks, after the wait, something another thread can change: a
/// while, for or do loop whose condition reads such state, or a loop whose
/// body tests it (`if (ready) break;`, `if (q.empty()) { cv.wait(lk);
/// continue; }`). A range-for, a counting loop (`for (int i = 0; i < 3;
/// ++i)`) and an endless loop that tests no such state are not such loops;
/// \p Innermost is set to the innermost loop around the call. A loop whose
/// body tests such state but goes on after the wait before testing again
/// (`for (;;) { if (q.empty()) cv.wait(lk); take(q); }`) is not one either;
/// \p GoesOn is set to the statement that follows the wait there.
const Stmt *recheckingLoop(const Stmt *Call, ParentMap &PM,
                           const ASTContext &Ctx, NotifiedState &State,
                           const Stmt *&Innermost, const Stmt *&GoesOn) {
  Innermost = nullptr;
  GoesOn = nullptr;
  for (const Stmt *P = PM.getParent(Call); P; P = PM.getParent(P)) {
    const Expr *Cond = nullptr;
    const Stmt *Body = nullptr;
    if (const auto *W = dyn_cast<WhileStmt>(P)) {
      Cond = W->getCond();
      Body = W->getBody();
    } else if (const auto *D = dyn_cast<DoStmt>(P)) {
      Cond = D->getCond();
      Body = D->getBody();
    } else if (const auto *F = dyn_cast<ForStmt>(P)) {
      Cond = F->getCond();
      Body = F->getBody();
    } else if (isa<CXXForRangeStmt>(P)) {
      if (!Innermost)
        Innermost = P;
      continue;
    } else {
      continue;
    }
    if (!Innermost)
      Innermost = P;
    if (!alwaysTrue(Cond, Ctx) && State.reads(Cond))
      return P;
    if (State.tests(Body)) {
      const Stmt *After = goesOnAfterWait(Call, P, PM, State);
      if (!After)
        return P;
      if (!GoesOn)
        GoesOn = After;
    }
  }
  return nullptr;
}

/// The `if` whose condition is tested once before the wait: the nearest
/// enclosing if that has the wait in a branch.
const IfStmt *testedOnceBy(const Stmt *Call, ParentMap &PM) {
  const Stmt *Child = Call;
  for (const Stmt *P = PM.getParent(Call); P; Child = P, P = PM.getParent(P)) {
    if (const auto *If = dyn_cast<IfStmt>(P))
      if (If->getThen() == Child || If->getElse() == Child)
        return If;
  }
  return nullptr;
}

/// Whether \p E reads state that outlives the call: a field or a variable
/// with static storage.
bool readsSharedState(const Stmt *E) {
  if (!E)
    return false;
  if (isa<MemberExpr>(E))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && !VD->hasLocalStorage())
      return true;
  for (const Stmt *Child : E->children())
    if (readsSharedState(Child))
      return true;
  return false;
}

/// A wrapper that is itself a wait primitive (`CondVar::Wait()`,
/// `TimedWait(abs)`, `WaitFor(mutex, timeout)`): a function named like a
/// wait, that does not take the mutex it waits with (its caller holds it),
/// and whose tests around the wait read only its parameters and locals.
/// Its callers are the ones that must loop.
bool isWaitWrapper(const FunctionDecl *FD, const CallExpr *Call, ParentMap &PM,
                   const LocksetResult &R) {
  if (!FD->getIdentifier() || !FD->getName().contains_insensitive("wait"))
    return false;
  for (const WaitSite &W : R.Waits)
    if (W.Call == Call)
      for (const LockAcquisition &A : R.Acquisitions)
        if (llvm::is_contained(W.Mutexes, A.Lock))
          return false;
  const Stmt *Child = Call;
  for (const Stmt *P = PM.getParent(Call); P; Child = P, P = PM.getParent(P)) {
    if (const auto *If = dyn_cast<IfStmt>(P))
      if (If->getCond() != Child && readsSharedState(If->getCond()))
        return false;
    if (const auto *Sw = dyn_cast<SwitchStmt>(P))
      if (Sw->getCond() != Child && readsSharedState(Sw->getCond()))
        return false;
  }
  return true;
}

/// The statement a wait is the whole of: `if (c) cv.wait(lk);` or
/// `while (c) cv.wait(lk);`, the body braced or not, nothing else in it.
/// Returns the if or while statement.
const Stmt *loneWaitStatement(const CallExpr *Call, ParentMap &PM,
                              bool &Braced) {
  const Stmt *Child = Call;
  const Stmt *P = PM.getParent(Call);
  while (P && isa<ExprWithCleanups>(P)) {
    Child = P;
    P = PM.getParent(P);
  }
  Braced = false;
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(P)) {
    if (CS->size() != 1)
      return nullptr;
    Braced = true;
    Child = CS;
    P = PM.getParent(CS);
  }
  if (const auto *If = dyn_cast_or_null<IfStmt>(P))
    return If->getThen() == Child && !If->getElse() && !If->getInit() &&
                   !If->getConditionVariable() && !If->isConstexpr() &&
                   !If->isConsteval()
               ? If
               : nullptr;
  if (const auto *W = dyn_cast_or_null<WhileStmt>(P))
    return W->getBody() == Child && !W->getConditionVariable() ? W : nullptr;
  return nullptr;
}

/// `if (!ready) cv.wait(lk);` / `while (!ready) cv.wait(lk);` ->
/// `cv.wait(lk, [&] { return ready; });`, for std::condition_variable(_any)
/// plain wait(lk) only.
std::optional<FixItHint> predicateFix(const CallExpr *Call, const LockOp &Op,
                                      ParentMap &PM, const SourceManager &SM,
                                      const LangOptions &LO) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
  if (!MC || !Op.StdCondVar || Op.Timed || Op.Predicate ||
      MC->getNumArgs() != 1 || !LO.CPlusPlus11)
    return std::nullopt;
  bool Braced = false;
  const Stmt *S = loneWaitStatement(Call, PM, Braced);
  if (!S)
    return std::nullopt;
  const Expr *Cond = isa<IfStmt>(S) ? cast<IfStmt>(S)->getCond()
                                    : cast<WhileStmt>(S)->getCond();
  for (SourceLocation L :
       {S->getBeginLoc(), S->getEndLoc(), Cond->getBeginLoc(),
        Cond->getEndLoc(), Call->getBeginLoc(), Call->getEndLoc()})
    if (L.isInvalid() || isInMacro(L))
      return std::nullopt;
  // The predicate: the negated condition, `x` for `!x`.
  std::string Pred;
  const Expr *C = Cond->IgnoreImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(C);
      U && U->getOpcode() == UO_LNot) {
    const Expr *Sub = U->getSubExpr()->IgnoreImpCasts();
    while (const auto *PE = dyn_cast<ParenExpr>(Sub))
      Sub = PE->getSubExpr()->IgnoreImpCasts();
    // `return x;` must make a bool-testable value: not an object (an
    // atomic would be copied).
    if (!Sub->getType()->isScalarType())
      return std::nullopt;
    Pred = sourceText(Sub->getSourceRange(), SM, LO);
  } else {
    std::string Text = sourceText(Cond->getSourceRange(), SM, LO);
    if (!Text.empty())
      Pred = "!(" + Text + ")";
  }
  std::string Callee = sourceText(MC->getCallee()->getSourceRange(), SM, LO);
  std::string Lock = sourceText(MC->getArg(0)->getSourceRange(), SM, LO);
  if (Pred.empty() || Callee.empty() || Lock.empty())
    return std::nullopt;
  std::string Text = Callee + "(" + Lock + ", [&] { return " + Pred + "; })" +
                     (Braced ? ";" : "");
  return FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(S->getBeginLoc(), S->getEndLoc()), Text);
}

} // namespace

void WaitWithoutPredicateCheck::checkWait(const CallExpr *Call,
                                          const LockOp &Op,
                                          const FunctionDecl *FD,
                                          const LocksetResult &R) {
  const SourceManager &SM = TU->getSourceManager();
  const LangOptions &LO = TU->getContext().getLangOpts();
  ParentMap *PM = TU->getParentMap(FD);
  if (!PM)
    return;
  SourceLocation Loc = Call->getExprLoc();
  const FunctionDecl *Callee = Call->getDirectCallee();
  std::string Fn = Callee ? Callee->getNameAsString() : "wait";
  std::string CV = Op.CondVar
                       ? lockExprName(Op.CondVar, SM, LO, "condition variable")
                       : std::string("condition variable");

  // A wait on a mutex the thread does not hold (released by this function
  // on every path, or a unique_lock that owns nothing).
  for (const WaitSite &W : R.Waits) {
    if (W.Call != Call || W.State != HeldKind::Free)
      continue;
    if (W.Guard)
      diag(Loc, "'%0' waits on '%1' with '%2', which does not own its mutex "
                "here; a wait must be called with the mutex locked")
          << Fn << CV << W.Guard->getName();
    else if (W.Lock)
      diag(Loc, "'%0' waits on '%1' with '%2', which this thread does not "
                "hold here; a wait must be called with the mutex locked")
          << Fn << CV << R.Locks[*W.Lock].Name;
    else
      continue;
    if (W.ReleasedAt.isValid())
      diag(W.ReleasedAt, "it is released here", DiagnosticIDs::Note);
    else if (W.Guard)
      diag(W.Guard->getLocation(), "'%0' is declared here", DiagnosticIDs::Note)
          << W.Guard->getName();
  }

  if (Op.Predicate)
    return;
  NotifiedState State(FD->getBody());
  const Stmt *Innermost = nullptr;
  const Stmt *GoesOn = nullptr;
  if (const Stmt *Loop = recheckingLoop(Call, *PM, TU->getContext(), State,
                                        Innermost, GoesOn)) {
    // `while (!ready) cv.wait(lk);` is correct; on request, the predicate
    // overload says the same in one statement.
    if (!PreferPredicateOverload)
      return;
    bool Braced = false;
    if (loneWaitStatement(Call, *PM, Braced) != Loop)
      return;
    std::optional<FixItHint> Fix = predicateFix(Call, Op, *PM, SM, LO);
    if (!Fix)
      return;
    diag(Loc, "this loop around '%0' on '%1' is the predicate overload "
              "written out; use the overload")
        << Fn << CV << *Fix;
    return;
  }
  if (isWaitWrapper(FD, Call, *PM, R))
    return;
  // A function inferred to be a condition wait of its own: the wait rules
  // apply at its calls.
  if (const InferredLockFunction *F = TU->getLockApi().function(FD);
      F && F->Kind == LockOpKind::Wait)
    return;
  {
    auto D = diag(Loc, "'%0' on '%1' is not in a loop that re-checks its "
                       "condition%select{| and has no predicate}2; it can "
                       "return on a spurious wake-up with the condition "
                       "still false")
             << Fn << CV << Op.StdCondVar;
    if (std::optional<FixItHint> Fix = predicateFix(Call, Op, *PM, SM, LO))
      D << *Fix;
  }
  if (const IfStmt *If = testedOnceBy(Call, *PM))
    diag(If->getBeginLoc(), "the condition is tested only once, here",
         DiagnosticIDs::Note);
  if (GoesOn)
    diag(GoesOn->getBeginLoc(),
         "after the wait the loop goes on here without testing it again",
         DiagnosticIDs::Note);
  else if (Innermost)
    diag(Innermost->getBeginLoc(),
         "this loop tests nothing another thread can change",
         DiagnosticIDs::Note);
}

} // namespace lockcheck
