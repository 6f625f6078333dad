//===--- ThreadLifetime.cpp - joinable threads at scope exits -------------===//

#include "checks/analysis/ThreadLifetime.h"
#include "checks/analysis/Conditions.h"
#include "checks/analysis/Dataflow.h"
#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThrowAnalysis.h"
#include "checks/model/ThreadModel.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <optional>
#include <set>

using namespace clang;

namespace lockcheck {

namespace {

// Abstract values of a handle (bit 0, "initial", means not started, moved
// from, or destroyed).
constexpr ValueBits Joinable = 1u << 1;
constexpr ValueBits Finished = 1u << 2; // joined, detached or escaped

bool isTransparent(const Stmt *S) {
  return isa<ParenExpr>(S) || isa<ImplicitCastExpr>(S) ||
         isa<MaterializeTemporaryExpr>(S) || isa<CXXBindTemporaryExpr>(S) ||
         isa<FullExpr>(S);
}

/// The first ancestor of \p S that is not a paren, implicit cast or
/// temporary wrapper.
const Stmt *climb(const Stmt *S, ParentMap &PM) {
  const Stmt *P = PM.getParent(S);
  while (P && isTransparent(P))
    P = PM.getParent(P);
  return P;
}

/// Strips `&x`, `&x[i]`, `x + i` down to the variable `x`.
const VarDecl *handleVarOfOutParam(const Expr *E) {
  E = stripExpr(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_AddrOf)
    E = stripExpr(U->getSubExpr());
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    E = stripExpr(AS->getBase());
  if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->isAdditiveOp())
    E = stripExpr(B->getLHS());
  return refVar(E);
}

enum class UseEffect { None, Start, Finalize, MoveOut, Handled };
struct UseResult {
  UseEffect Effect = UseEffect::None;
  const Stmt *At = nullptr;
  bool Element = false; ///< the use is of an element of an aggregate
};

/// Is \p E (a use of a thread handle) moved into something the caller tracks
/// itself: the initializer of a tracked variable or the right-hand side of an
/// assignment to one?
using TrackedPred = llvm::function_ref<bool(const VarDecl *)>;

bool movedIntoTracked(const Stmt *MoveCall, ParentMap &PM,
                      TrackedPred IsTracked) {
  const Stmt *Q = climb(MoveCall, PM);
  if (Q && isa<CXXConstructExpr>(Q))
    Q = climb(Q, PM);
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(Q)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (IsTracked(VD))
          return true;
    return false;
  }
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Q))
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      if (const VarDecl *VD = refVar(Op->getArg(0)))
        return IsTracked(VD);
  return false;
}

/// Classifies one use of a thread handle (a DeclRefExpr or MemberExpr naming
/// it) by what it does to the handle.
UseResult classifyUse(const Expr *Ref, HandleKind Kind, ParentMap &PM,
                      const SourceManager &SM, TrackedPred IsTracked) {
  UseResult R;
  const Stmt *E = Ref;
  // Climb from the aggregate to the element expression (`v[i]`, `v.back()`).
  if (Kind != HandleKind::StdThread) {
    for (;;) {
      const Stmt *P = climb(E, PM);
      if (!P)
        break;
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(P);
          AS && stripExpr(AS->getBase()) == E) {
        E = AS;
        R.Element = true;
        continue;
      }
      if (Kind != HandleKind::Container || R.Element)
        break;
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P);
          Op && Op->getOperator() == OO_Subscript &&
          stripExpr(Op->getArg(0)) == E) {
        E = Op;
        R.Element = true;
        continue;
      }
      if (const auto *ME = dyn_cast<MemberExpr>(P);
          ME && stripExpr(ME->getBase()) == E) {
        const auto *Call =
            dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(ME));
        const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
        if (!Call || !MD)
          return {UseEffect::Finalize, P, false};
        switch (classifyContainerMember(MD)) {
        case ContainerOpKind::Add:
          return {UseEffect::Start, Call, false};
        case ContainerOpKind::Element:
          E = Call;
          R.Element = true;
          continue;
        case ContainerOpKind::Query:
          return R;
        case ContainerOpKind::Iterate:
        case ContainerOpKind::None:
          // Iterators handed elsewhere, clear(), swap(): we lose track, and
          // stay silent.
          return {UseEffect::Finalize, Call, false};
        }
      }
      break;
    }
  }

  const Stmt *P = climb(E, PM);
  R.At = P;
  if (!P)
    return R;
  if (const auto *ME = dyn_cast<MemberExpr>(P);
      ME && stripExpr(ME->getBase()) == E) {
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(ME));
    const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
    if (!Call || !MD) {
      R.Effect = UseEffect::Finalize;
      return R;
    }
    R.At = Call;
    switch (classifyThreadMember(MD)) {
    case ThreadMemberKind::Join:
    case ThreadMemberKind::Detach:
    case ThreadMemberKind::Swap:
      R.Effect = UseEffect::Finalize;
      return R;
    case ThreadMemberKind::None:
      // A member of something else (pthread_t is no class): unknown.
      R.Effect = UseEffect::Finalize;
      return R;
    default:
      return R;
    }
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        stripExpr(Op->getArg(0)) == E) {
      R.Effect = UseEffect::Handled; // assignment: see the operator event
      return R;
    }
    if (Op->getOperator() == OO_Equal)
      R.Effect = UseEffect::Finalize;
    return R;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(P);
      U && U->getOpcode() == UO_AddrOf) {
    if (const auto *Call = dyn_cast_or_null<CallExpr>(climb(U, PM))) {
      CThreadCall T = classifyCThreadCall(Call->getDirectCallee());
      if (T.Api == CThreadApi::Create && Call->getNumArgs() > 0 &&
          stripExpr(Call->getArg(0)) == U) {
        R.Effect = UseEffect::Handled; // see the create event
        return R;
      }
    }
    R.Effect = UseEffect::Finalize;
    return R;
  }
  if (const auto *Call = dyn_cast<CallExpr>(P)) {
    if (Call->getCallee() && stripExpr(Call->getCallee()) == E)
      return R;
    if (const Expr *Moved = getMovedArg(Call); Moved && Moved == E) {
      R.At = Call;
      if (!R.Element && movedIntoTracked(Call, PM, IsTracked))
        R.Effect = UseEffect::Handled;
      else
        R.Effect = R.Element ? UseEffect::Finalize : UseEffect::MoveOut;
      return R;
    }
    R.At = Call;
    const FunctionDecl *Callee = Call->getDirectCallee();
    CThreadCall T = classifyCThreadCall(Callee);
    if ((T.Api == CThreadApi::Join || T.Api == CThreadApi::Detach) &&
        Call->getNumArgs() > 0 && stripExpr(Call->getArg(0)) == E) {
      R.Effect = UseEffect::Finalize;
      return R;
    }
    // A handle passed by value to a library function (pthread_equal,
    // printf) stays with us; anything else is handed over.
    if (Kind == HandleKind::CHandle && Callee &&
        SM.isInSystemHeader(Callee->getLocation()))
      return R;
    R.Effect = UseEffect::Finalize;
    return R;
  }
  if (isa<ReturnStmt>(P)) {
    R.Effect = R.Element ? UseEffect::Finalize : UseEffect::MoveOut;
    return R;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
    if (BO->isAssignmentOp() && stripExpr(BO->getRHS()) == E)
      R.Effect = UseEffect::Finalize;
    return R;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(P)) {
    if (const auto *For = dyn_cast_or_null<CXXForRangeStmt>(PM.getParent(DS));
        For && For->getRangeStmt() == DS) {
      R.Effect = UseEffect::Handled; // the loop variable becomes an alias
      return R;
    }
    R.Effect = UseEffect::Finalize; // bound to a reference, or copied
    return R;
  }
  if (isa<LambdaExpr>(P) || isa<InitListExpr>(P) || isa<CXXConstructExpr>(P) ||
      isa<CXXNewExpr>(P)) {
    R.Effect = UseEffect::Finalize; // captured or handed to an object
    return R;
  }
  return R;
}

enum class EventKind { Start, Finalize, MoveOut, Transfer, Reset };
struct Event {
  EventKind Kind;
  KeyId Key;
  KeyId Src = 0;
};

class Analyzer : public DataflowClient {
public:
  Analyzer(const FunctionDecl *FD, TUAnalysis &TU, ThreadLifetimeResult &Out)
      : FD(FD), TU(TU), SM(TU.getSourceManager()), Out(Out) {}

  void run();

  void transferElement(const CFGElement &E, const CFGBlock &B,
                       StateMap &S) override;
  void transferTerminator(const CFGBlock &B, StateMap &S) override;
  void transferEdge(const CFGBlock &From, unsigned SuccIndex,
                    StateMap &S) override;

private:
  void collect(const Stmt *S);
  void addTracked(const VarDecl *VD);
  void addInitEvents(const VarDecl *VD);
  void addCreateEvent(const CallExpr *Call);
  void addAssignEvent(const CXXOperatorCallExpr *Op, KeyId K, bool Element);
  void classify(const DeclRefExpr *DRE);
  void addEvent(const Stmt *At, Event E, bool ElementFinalize = false);
  void applyEvents(llvm::ArrayRef<Event> Events, StateMap &S);
  void noteStart(KeyId K, SourceLocation Loc);
  void report(const CFG &Cfg, const ForwardDataflow &DF);
  void addFinding(KeyId K, ExitKind Exit, const Stmt *Where, SourceLocation Loc,
                  const FunctionDecl *Thrower, ValueBits Bits,
                  bool VisibleThrow = false);
  std::optional<KeyId> keyOf(const VarDecl *VD) const {
    auto It = Keys.find(VD);
    if (It == Keys.end())
      return std::nullopt;
    return It->second;
  }
  bool isAggregate(KeyId K) const {
    return Out.Handles[K].Kind == HandleKind::Container ||
           Out.Handles[K].Var->getType()->isArrayType();
  }

  const FunctionDecl *FD;
  TUAnalysis &TU;
  const SourceManager &SM;
  ThreadLifetimeResult &Out;
  ParentMap *PM = nullptr;

  llvm::DenseMap<const VarDecl *, KeyId> Keys;
  /// Range-for loop variables that name an element of a tracked aggregate.
  llvm::DenseMap<const VarDecl *, KeyId> Aliases;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<Event, 2>> Events;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<Event, 1>> InitEvents;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<KeyId, 1>> LoopFinalize;
  /// Create calls and the variables holding their result, to the handle they
  /// create: a branch on a non-zero result is the failure path.
  llvm::DenseMap<const Stmt *, KeyId> CreateCalls;
  llvm::DenseMap<const VarDecl *, KeyId> CreateResults;
  llvm::DenseSet<const VarDecl *> DetachedAttrs;
  std::vector<const DeclRefExpr *> Refs;
  std::vector<const CallExpr *> Creates;
  std::vector<std::pair<const CXXOperatorCallExpr *, const VarDecl *>> Assigns;
  /// Assignments to a whole std::thread local, to its key.
  llvm::DenseMap<const Stmt *, KeyId> AssignKeys;
  /// Where each handle may be started (a start, or a transfer into it).
  llvm::DenseMap<KeyId, llvm::SmallVector<SourceLocation, 2>> StartLocs;
  std::set<std::pair<KeyId, const Stmt *>> Reported;
};

void Analyzer::addTracked(const VarDecl *VD) {
  if (!VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
      VD->getType()->isReferenceType())
    return;
  QualType T = VD->getType();
  ThreadHandle H;
  H.Var = VD;
  if (isStdThreadType(T))
    H.Kind = HandleKind::StdThread;
  else if (isStdThreadContainerType(T))
    H.Kind = HandleKind::Container;
  else if (isCThreadHandleType(T))
    H.Kind = HandleKind::CHandle;
  else if (const auto *AT = T->getAsArrayTypeUnsafe();
           AT && isCThreadHandleType(AT->getElementType()))
    H.Kind = HandleKind::CHandle;
  else
    return;
  Keys[VD] = Out.Handles.size();
  Out.Handles.push_back(H);
}

void Analyzer::noteStart(KeyId K, SourceLocation Loc) {
  ThreadHandle &H = Out.Handles[K];
  if (H.StartLoc.isInvalid() || SM.isBeforeInTranslationUnit(Loc, H.StartLoc))
    H.StartLoc = Loc;
}

void Analyzer::addEvent(const Stmt *At, Event E, bool ElementFinalize) {
  Events[At].push_back(E);
  if (E.Kind == EventKind::Start)
    noteStart(E.Key, At->getBeginLoc());
  if (E.Kind == EventKind::Start || E.Kind == EventKind::Transfer)
    StartLocs[E.Key].push_back(At->getBeginLoc());
  if (E.Kind == EventKind::Finalize || E.Kind == EventKind::MoveOut)
    ++Out.Handles[E.Key].FinalizeEvents;
  // Joining the elements of an aggregate happens in a loop whose exit path
  // (zero iterations) mirrors the loop that started them: count the loop as
  // finishing the aggregate whenever it is reached.
  if (ElementFinalize && E.Kind == EventKind::Finalize)
    if (const Stmt *Loop = enclosingLoop(At, *PM))
      LoopFinalize[Loop].push_back(E.Key);
}

void Analyzer::addInitEvents(const VarDecl *VD) {
  auto K = keyOf(VD);
  if (!K)
    return;
  const Expr *Init = VD->getInit() ? stripExpr(VD->getInit()) : nullptr;
  if (!Init)
    return;
  HandleKind Kind = Out.Handles[*K].Kind;
  if (Kind == HandleKind::CHandle)
    return;
  auto Start = [&] {
    InitEvents[VD].push_back({EventKind::Start, *K});
    noteStart(*K, VD->getLocation());
    StartLocs[*K].push_back(VD->getLocation());
  };
  if (const auto *CE = dyn_cast<CXXConstructExpr>(Init)) {
    if (CE->getNumArgs() == 0 || Kind == HandleKind::Container)
      return; // default-constructed: nothing runs
    if (CE->getConstructor()->isMoveConstructor()) {
      const Expr *Arg = stripExpr(CE->getArg(0));
      if (const Expr *Moved = getMovedArg(Arg))
        if (auto Src = keyOf(refVar(Moved))) {
          InitEvents[VD].push_back({EventKind::Transfer, *K, *Src});
          StartLocs[*K].push_back(VD->getLocation());
          return;
        }
    }
    Start();
    return;
  }
  if (const Expr *Moved = getMovedArg(Init))
    if (auto Src = keyOf(refVar(Moved))) {
      InitEvents[VD].push_back({EventKind::Transfer, *K, *Src});
      StartLocs[*K].push_back(VD->getLocation());
      return;
    }
  if (isa<CallExpr>(Init) || isa<CXXTemporaryObjectExpr>(Init))
    Start();
}

void Analyzer::addCreateEvent(const CallExpr *Call) {
  if (Call->getNumArgs() < 2)
    return;
  auto K = keyOf(handleVarOfOutParam(Call->getArg(0)));
  if (!K)
    return;
  CThreadCall T = classifyCThreadCall(Call->getDirectCallee());
  Out.Handles[*K].IsC11 = T.IsC11;
  if (!T.IsC11)
    if (const VarDecl *Attr = handleVarOfOutParam(Call->getArg(1)))
      if (DetachedAttrs.count(Attr))
        return; // created detached
  addEvent(Call, {EventKind::Start, *K});
  CreateCalls[Call] = *K;
  // `rc = pthread_create(...)` / `int rc = pthread_create(...)`.
  if (const Stmt *P = climb(Call, *PM)) {
    if (const auto *BO = dyn_cast<BinaryOperator>(P);
        BO && BO->getOpcode() == BO_Assign)
      if (const VarDecl *RC = refVar(BO->getLHS()))
        CreateResults[RC] = *K;
    if (const auto *DS = dyn_cast<DeclStmt>(P))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->getInit() && stripExpr(VD->getInit()) == Call)
            CreateResults[VD] = *K;
  }
}

void Analyzer::addAssignEvent(const CXXOperatorCallExpr *Op, KeyId K,
                              bool Element) {
  const Expr *RHS = stripExpr(Op->getArg(1));
  if (!Element) {
    if (const Expr *Moved = getMovedArg(RHS))
      if (auto Src = keyOf(refVar(Moved))) {
        addEvent(Op, {EventKind::Transfer, K, *Src});
        return;
      }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(RHS);
        CE && CE->getNumArgs() == 0) {
      addEvent(Op, {EventKind::Reset, K});
      return;
    }
  }
  addEvent(Op, {EventKind::Start, K});
}

void Analyzer::collect(const Stmt *S) {
  if (!S)
    return;
  if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    // The body is a function of its own; only the captures happen here.
    for (const Expr *Init : LE->capture_inits())
      collect(Init);
    return;
  }
  if (isa<BlockExpr>(S))
    return;
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        addTracked(VD);
  }
  if (const auto *For = dyn_cast<CXXForRangeStmt>(S)) {
    if (auto K = keyOf(refVar(For->getRangeInit())))
      if (const VarDecl *LV = For->getLoopVariable())
        Aliases[LV] = *K;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    Refs.push_back(DRE);
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    CThreadCall T = classifyCThreadCall(Call->getDirectCallee());
    if (T.Api == CThreadApi::Create)
      Creates.push_back(Call);
    if (const Expr *AttrArg = getDetachedAttr(Call, TU.getContext()))
      if (const VarDecl *Attr = handleVarOfOutParam(AttrArg))
        DetachedAttrs.insert(Attr);
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      if (const VarDecl *VD = refVar(Op->getArg(0)))
        Assigns.push_back({Op, VD});
  }
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    // `std::thread{work};` as a statement: started and destroyed at once.
    for (const Stmt *Child : CS->body()) {
      const auto *E = dyn_cast<Expr>(Child);
      if (!E)
        continue;
      const Expr *X = stripExpr(E);
      if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(X))
        X = stripExpr(FC->getSubExpr());
      const auto *CE = dyn_cast<CXXConstructExpr>(X);
      if (CE && isStdThreadType(CE->getType()) && CE->getNumArgs() > 0 &&
          !CE->getConstructor()->isMoveConstructor())
        Out.Temporaries.push_back({E});
    }
  }
  for (const Stmt *Child : S->children())
    collect(Child);
}

void Analyzer::classify(const DeclRefExpr *DRE) {
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (!VD)
    return;
  std::optional<KeyId> K = keyOf(VD);
  bool ViaAlias = false;
  if (!K) {
    auto It = Aliases.find(VD);
    if (It == Aliases.end())
      return;
    K = It->second;
    ViaAlias = true;
  }
  HandleKind Kind = ViaAlias ? HandleKind::StdThread : Out.Handles[*K].Kind;
  if (!ViaAlias) {
    const auto *ME = dyn_cast_or_null<MemberExpr>(climb(DRE, *PM));
    if (!ME || stripExpr(ME->getBase()) != DRE ||
        !isa_and_nonnull<CXXMemberCallExpr>(PM->getParent(ME)))
      Out.Handles[*K].OnlyMemberCalls = false;
  }
  auto IsTracked = [&](const VarDecl *V) { return Keys.count(V) != 0; };
  UseResult U = classifyUse(DRE, Kind, *PM, SM, IsTracked);
  bool Element = U.Element || ViaAlias;
  switch (U.Effect) {
  case UseEffect::None:
  case UseEffect::Handled:
    return;
  case UseEffect::Start:
    addEvent(U.At, {EventKind::Start, *K});
    return;
  case UseEffect::Finalize:
    addEvent(U.At, {EventKind::Finalize, *K}, Element);
    return;
  case UseEffect::MoveOut:
    addEvent(U.At, {Element ? EventKind::Finalize : EventKind::MoveOut, *K},
             Element);
    return;
  }
}

void Analyzer::applyEvents(llvm::ArrayRef<Event> Evs, StateMap &S) {
  for (const Event &E : Evs) {
    switch (E.Kind) {
    case EventKind::Start:
      if (isAggregate(E.Key)) // adding threads keeps the ones already there
        S.set(E.Key, (S.get(E.Key) & ~InitialBit & ~Finished) | Joinable);
      else
        S.set(E.Key, Joinable);
      break;
    case EventKind::Finalize:
      S.set(E.Key, Finished);
      break;
    case EventKind::MoveOut:
    case EventKind::Reset:
      S.set(E.Key, InitialBit);
      break;
    case EventKind::Transfer:
      S.set(E.Key, S.get(E.Src));
      S.set(E.Src, InitialBit);
      break;
    }
  }
}

void Analyzer::transferElement(const CFGElement &E, const CFGBlock &B,
                               StateMap &S) {
  if (auto CS = E.getAs<CFGStmt>()) {
    const Stmt *St = CS->getStmt();
    if (const auto *DS = dyn_cast<DeclStmt>(St))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D)) {
          auto It = InitEvents.find(VD);
          if (It != InitEvents.end())
            applyEvents(It->second, S);
        }
    auto It = Events.find(St);
    if (It != Events.end())
      applyEvents(It->second, S);
    return;
  }
  if (auto Dtor = E.getAs<CFGAutomaticObjDtor>()) {
    if (auto K = keyOf(Dtor->getVarDecl()))
      S.set(*K, InitialBit); // destroyed
  }
}

void Analyzer::transferTerminator(const CFGBlock &B, StateMap &S) {
  const Stmt *T = B.getTerminatorStmt();
  if (!T)
    return;
  auto It = LoopFinalize.find(T);
  if (It == LoopFinalize.end())
    return;
  for (KeyId K : It->second)
    S.set(K, Finished);
}

void Analyzer::transferEdge(const CFGBlock &From, unsigned SuccIndex,
                            StateMap &S) {
  std::optional<BranchOperand> Branch =
      branchOperand(From, SuccIndex, TU.getContext());
  if (!Branch)
    return;
  bool NonZero = Branch->NonZero;
  const Expr *Op = Branch->Operand;
  // if (t.joinable()): on the false edge the thread is not running.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Op)) {
    if (classifyThreadMember(MC->getMethodDecl()) == ThreadMemberKind::Joinable)
      if (auto K = keyOf(refVar(MC->getImplicitObjectArgument()))) {
        ValueBits V = S.get(*K);
        if (!NonZero)
          S.set(*K, InitialBit);
        else if (V & Joinable)
          S.set(*K, Joinable);
      }
    return;
  }
  // if (pthread_create(...) != 0): on the non-zero edge nothing was created.
  std::optional<KeyId> Created;
  if (auto It = CreateCalls.find(Op); It != CreateCalls.end())
    Created = It->second;
  else if (const VarDecl *RC = refVar(Op)) {
    auto RIt = CreateResults.find(RC);
    if (RIt != CreateResults.end())
      Created = RIt->second;
  }
  if (Created && NonZero && !isAggregate(*Created))
    S.set(*Created, InitialBit);
}

void Analyzer::addFinding(KeyId K, ExitKind Exit, const Stmt *Where,
                          SourceLocation Loc, const FunctionDecl *Thrower,
                          ValueBits Bits, bool VisibleThrow) {
  if (!Reported.insert({K, Where}).second)
    return;
  ThreadExitFinding F;
  F.Handle = &Out.Handles[K]; // fixed up by the caller after analysis
  F.Exit = Exit;
  F.Where = Where;
  F.Loc = Loc;
  F.Thrower = Thrower;
  F.VisibleThrow = VisibleThrow;
  // An aggregate that is empty on some path (a filling loop that ran zero
  // times) holds nothing to join there.
  if (isAggregate(K))
    Bits &= ~InitialBit;
  F.OnAllPaths = Bits == Joinable;
  Out.Findings.push_back(F);
}

static ExitKind exitKindOf(const Stmt *Trigger, const FunctionDecl *FD) {
  if (isa_and_nonnull<ReturnStmt>(Trigger)) {
    const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
    if (Body && !Body->body_empty() && Body->body_back() == Trigger)
      return ExitKind::FunctionEnd;
    return ExitKind::EarlyReturn;
  }
  if (isa_and_nonnull<BreakStmt>(Trigger) ||
      isa_and_nonnull<ContinueStmt>(Trigger) ||
      isa_and_nonnull<GotoStmt>(Trigger) ||
      isa_and_nonnull<IndirectGotoStmt>(Trigger))
    return ExitKind::Jump;
  return ExitKind::ScopeEnd;
}

static SourceLocation exitLoc(const Stmt *Trigger) {
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(Trigger))
    return CS->getRBracLoc();
  return Trigger ? Trigger->getBeginLoc() : SourceLocation();
}

/// The start, among \p Starts, of the thread a handle may still hold at
/// \p Assign: the last one before it in source order, or the assignment
/// itself (reached again by a loop).
static SourceLocation lastStartBefore(llvm::ArrayRef<SourceLocation> Starts,
                                      SourceLocation Assign,
                                      const SourceManager &SM) {
  SourceLocation Best;
  for (SourceLocation L : Starts)
    if (L != Assign && SM.isBeforeInTranslationUnit(L, Assign) &&
        (Best.isInvalid() || SM.isBeforeInTranslationUnit(Best, L)))
      Best = L;
  return Best.isValid() ? Best : Assign;
}

void Analyzer::report(const CFG &Cfg, const ForwardDataflow &DF) {
  ThrowAnalysis &Throws = TU.getThrowAnalysis();
  DF.replay([&](const CFGElement &E, const CFGBlock &B, const StateMap &S) {
    // A std::thread assigned while joinable: the assignment terminates.
    if (auto CS = E.getAs<CFGStmt>())
      if (auto It = AssignKeys.find(CS->getStmt()); It != AssignKeys.end()) {
        KeyId K = It->second;
        ValueBits Bits = S.get(K);
        if ((Bits & Joinable) && Reported.insert({K, CS->getStmt()}).second) {
          ThreadAssignFinding F;
          F.Handle = Out.Handles[K].Var;
          F.Assign = cast<CXXOperatorCallExpr>(CS->getStmt());
          F.OnAllPaths = Bits == Joinable;
          F.StartLoc =
              lastStartBefore(StartLocs[K], F.Assign->getBeginLoc(), SM);
          Out.Assignments.push_back(F);
        }
      }
    if (auto Dtor = E.getAs<CFGAutomaticObjDtor>()) {
      auto K = keyOf(Dtor->getVarDecl());
      if (!K || Out.Handles[*K].Kind == HandleKind::CHandle)
        return;
      ValueBits Bits = S.get(*K);
      if (!(Bits & Joinable))
        return;
      const Stmt *Trigger = Dtor->getTriggerStmt();
      addFinding(*K, exitKindOf(Trigger, FD), Trigger, exitLoc(Trigger),
                 nullptr, Bits);
      return;
    }
    auto CS = E.getAs<CFGStmt>();
    if (!CS)
      return;
    const Stmt *St = CS->getStmt();
    if (!isa<CallExpr>(St) && !isa<CXXConstructExpr>(St) &&
        !isa<CXXThrowExpr>(St))
      return;
    bool AnyJoinable = false;
    S.forEach([&](KeyId K, ValueBits Bits) {
      if ((Bits & Joinable) && Out.Handles[K].Kind != HandleKind::CHandle)
        AnyJoinable = true;
    });
    if (!AnyJoinable)
      return;
    const FunctionDecl *Thrower = nullptr;
    ThrowKind Kind = Throws.throwKind(St, Thrower);
    if (Kind == ThrowKind::None || ThrowAnalysis::isInsideTryBlock(St, *PM))
      return;
    SourceLocation Loc = isa<CallExpr>(St) ? cast<CallExpr>(St)->getExprLoc()
                                           : St->getBeginLoc();
    auto EvIt = Events.find(St);
    S.forEach([&](KeyId K, ValueBits Bits) {
      if (!(Bits & Joinable) || Out.Handles[K].Kind == HandleKind::CHandle)
        return;
      if (EvIt != Events.end() &&
          llvm::any_of(EvIt->second, [&](const Event &E) {
            return E.Key == K || (E.Kind == EventKind::Transfer && E.Src == K);
          }))
        return;
      addFinding(K, ExitKind::Exception, St, Loc, Thrower, Bits,
                 Kind == ThrowKind::Visible);
    });
  });

  // pthread_t / thrd_t handles leak when the function returns.
  for (const ForwardDataflow::NormalExit &X : DF.normalExits()) {
    const StateMap &S = X.State;
    const ReturnStmt *Ret = X.Return;
    S.forEach([&](KeyId K, ValueBits Bits) {
      if (!(Bits & Joinable) || Out.Handles[K].Kind != HandleKind::CHandle)
        return;
      if (Ret)
        addFinding(K, exitKindOf(Ret, FD), Ret, Ret->getBeginLoc(), nullptr,
                   Bits);
      else if (const auto *Body = dyn_cast<CompoundStmt>(FD->getBody()))
        addFinding(K, ExitKind::FunctionEnd, Body, Body->getRBracLoc(), nullptr,
                   Bits);
    });
  }
}

void Analyzer::run() {
  // Finding the handles is a walk of the AST; only a function that has one
  // pays for a parent map and a CFG.
  collect(FD->getBody());
  if (Out.Handles.empty())
    return;
  const CFG *Cfg = TU.getCFG(FD);
  PM = TU.getParentMap(FD);
  if (!Cfg || !PM)
    return;
  for (const VarDecl *VD : llvm::make_first_range(Keys))
    addInitEvents(VD);
  for (const CallExpr *Call : Creates)
    addCreateEvent(Call);
  for (auto [Op, VD] : Assigns) {
    if (auto K = keyOf(VD)) {
      if (Out.Handles[*K].Kind == HandleKind::StdThread) {
        AssignKeys[Op] = *K;
        addAssignEvent(Op, *K, false);
      }
    } else if (auto It = Aliases.find(VD); It != Aliases.end()) {
      addAssignEvent(Op, It->second, true);
    }
  }
  for (const DeclRefExpr *DRE : Refs)
    classify(DRE);
  ConditionAtoms Atoms(FD, TU.getContext());
  ForwardDataflow DF(*Cfg, *this, &Atoms);
  if (!DF.run())
    return;
  report(*Cfg, DF);
}

/// The std::thread data members of the class of a member function, as that
/// function leaves them: which it may leave joinable from a start of its
/// own (and where), and which it joins or detaches on every way out.
struct MemberEffects {
  llvm::DenseMap<const FieldDecl *, SourceLocation> Starts;
  llvm::DenseSet<const FieldDecl *> Finishes;
};

/// The member functions analysed for one member function: those in progress
/// (a cycle of calls), and what each does to the members.
struct MemberWalk {
  llvm::SmallPtrSet<const FunctionDecl *, 4> InProgress;
  llvm::DenseMap<const FunctionDecl *, std::optional<MemberEffects>> Cache;
};

/// `this->F` or `F` in a member function: the field, when it is one of
/// \p Fields.
const FieldDecl *
thisField(const Expr *E,
          const llvm::DenseMap<const FieldDecl *, KeyId> &Fields) {
  const auto *ME = dyn_cast_or_null<MemberExpr>(stripExpr(E));
  if (!ME || !isa<CXXThisExpr>(stripExpr(ME->getBase())))
    return nullptr;
  const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
  return F && Fields.count(F) ? F : nullptr;
}

/// Path-sensitive tracking of the std::thread members of `*this` in one
/// member function: started by an assignment (or a call of a member
/// function that starts them), finished by join or detach, tested by
/// joinable(). Reports an assignment reached while a start of this function
/// may still be running; the state at entry (what the caller left) is not
/// judged, but a constructor's members start as their initializers say.
class MemberAnalyzer : public DataflowClient {
public:
  MemberAnalyzer(const CXXMethodDecl *MD, TUAnalysis &TU, unsigned Depth,
                 MemberWalk &Walk)
      : MD(MD), TU(TU), SM(TU.getSourceManager()), Depth(Depth), Walk(Walk) {}

  /// Runs the analysis; false when it could not be made.
  bool run(std::vector<ThreadAssignFinding> *Findings, MemberEffects *Effects);

  void initialize(StateMap &S) override;
  void transferElement(const CFGElement &E, const CFGBlock &B,
                       StateMap &S) override;
  void transferEdge(const CFGBlock &From, unsigned SuccIndex,
                    StateMap &S) override;

private:
  enum class Kind { Assign, Reset, Finish, CallStarts };
  struct MEvent {
    Kind K;
    KeyId Key;
    const FunctionDecl *Callee = nullptr;
  };
  void collect(const Stmt *S, const Stmt *Parent);
  void apply(const MEvent &E, StateMap &S);

  const CXXMethodDecl *MD;
  TUAnalysis &TU;
  const SourceManager &SM;
  unsigned Depth;
  MemberWalk &Walk;
  llvm::DenseMap<const FieldDecl *, KeyId> Fields;
  std::vector<const FieldDecl *> ByKey;
  /// Fields used in a way not followed here (moved, passed, bound): not
  /// judged in this function.
  llvm::DenseSet<const FieldDecl *> Lost;
  llvm::DenseSet<const MemberExpr *> Handled;
  /// Fields this function joins or detaches somewhere.
  llvm::DenseSet<const FieldDecl *> Finishes;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<MEvent, 1>> Events;
  llvm::DenseMap<KeyId, llvm::SmallVector<SourceLocation, 2>> StartLocs;
  /// Where a call of a member function that starts a field is made.
  llvm::DenseMap<SourceLocation, const FunctionDecl *> StartCalls;
  llvm::DenseMap<KeyId, SourceLocation> InitStarts;
};

/// What \p Def, a member function of the same class, does to the members
/// (null when it cannot be told).
std::optional<MemberEffects> memberEffects(const FunctionDecl *Def,
                                           TUAnalysis &TU, unsigned Depth,
                                           MemberWalk &Walk) {
  const auto *M = dyn_cast<CXXMethodDecl>(Def);
  if (!M || Depth > 4)
    return std::nullopt;
  if (auto It = Walk.Cache.find(Def); It != Walk.Cache.end())
    return It->second;
  if (!Walk.InProgress.insert(Def).second)
    return std::nullopt;
  MemberEffects Effects;
  MemberAnalyzer A(M, TU, Depth + 1, Walk);
  bool Ok = A.run(nullptr, &Effects);
  Walk.InProgress.erase(Def);
  std::optional<MemberEffects> Result;
  if (Ok)
    Result = std::move(Effects);
  Walk.Cache[Def] = Result;
  return Result;
}

void MemberAnalyzer::collect(const Stmt *S, const Stmt *Parent) {
  if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
    return;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
    if (const FieldDecl *F = thisField(Op->getArg(0), Fields)) {
      Handled.insert(cast<MemberExpr>(stripExpr(Op->getArg(0))));
      const auto *CE = dyn_cast<CXXConstructExpr>(stripExpr(Op->getArg(1)));
      bool Empty = CE && CE->getNumArgs() == 0;
      Events[Op].push_back({Empty ? Kind::Reset : Kind::Assign, Fields[F]});
      if (!Empty)
        StartLocs[Fields[F]].push_back(Op->getBeginLoc());
    }
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    const Expr *Obj = MC->getImplicitObjectArgument();
    if (const FieldDecl *F = thisField(Obj, Fields)) {
      Handled.insert(cast<MemberExpr>(stripExpr(Obj)));
      switch (classifyThreadMember(MC->getMethodDecl())) {
      case ThreadMemberKind::Join:
      case ThreadMemberKind::Detach:
      case ThreadMemberKind::Swap:
      case ThreadMemberKind::None:
        Events[MC].push_back({Kind::Finish, Fields[F]});
        Finishes.insert(F);
        break;
      default:
        break;
      }
    } else if (Obj && isa<CXXThisExpr>(stripExpr(Obj))) {
      // A member function of this object: what it does to the members.
      const CXXMethodDecl *Callee = MC->getMethodDecl();
      const FunctionDecl *Def = nullptr;
      if (Callee && Callee->getParent() == MD->getParent() &&
          Callee->hasBody(Def) && Def && isAnalyzableFunction(Def, SM)) {
        if (std::optional<MemberEffects> E =
                memberEffects(Def, TU, Depth, Walk)) {
          for (const FieldDecl *F : ByKey) {
            if (E->Starts.count(F)) {
              Events[MC].push_back({Kind::CallStarts, Fields[F], Def});
              StartLocs[Fields[F]].push_back(MC->getExprLoc());
              StartCalls[MC->getExprLoc()] = Def;
            } else if (E->Finishes.count(F)) {
              Events[MC].push_back({Kind::Finish, Fields[F]});
            }
          }
        } else {
          // Not known: the members may be joined there.
          for (const FieldDecl *F : ByKey)
            Events[MC].push_back({Kind::Finish, Fields[F]});
        }
      } else if (Callee && Callee->getParent() == MD->getParent()) {
        for (const FieldDecl *F : ByKey)
          Events[MC].push_back({Kind::Finish, Fields[F]});
      }
    }
  }
  if (const auto *ME = dyn_cast<MemberExpr>(S))
    if (const FieldDecl *F = thisField(ME, Fields); F && !Handled.count(ME))
      Lost.insert(F);
  for (const Stmt *Child : S->children())
    collect(Child, S);
}

void MemberAnalyzer::initialize(StateMap &S) {
  for (unsigned K = 0; K < ByKey.size(); ++K)
    S.set(K, InitStarts.count(K) ? Joinable : InitialBit);
}

void MemberAnalyzer::apply(const MEvent &E, StateMap &S) {
  switch (E.K) {
  case Kind::Assign:
    S.set(E.Key, Joinable);
    break;
  case Kind::Reset:
    S.set(E.Key, InitialBit);
    break;
  case Kind::Finish:
    S.set(E.Key, Finished);
    break;
  case Kind::CallStarts:
    S.set(E.Key, S.get(E.Key) | Joinable);
    break;
  }
}

void MemberAnalyzer::transferElement(const CFGElement &E, const CFGBlock &B,
                                     StateMap &S) {
  auto CS = E.getAs<CFGStmt>();
  if (!CS)
    return;
  auto It = Events.find(CS->getStmt());
  if (It == Events.end())
    return;
  for (const MEvent &Ev : It->second)
    apply(Ev, S);
}

void MemberAnalyzer::transferEdge(const CFGBlock &From, unsigned SuccIndex,
                                  StateMap &S) {
  std::optional<BranchOperand> Branch =
      branchOperand(From, SuccIndex, TU.getContext());
  if (!Branch)
    return;
  const auto *MC = dyn_cast<CXXMemberCallExpr>(Branch->Operand);
  if (!MC ||
      classifyThreadMember(MC->getMethodDecl()) != ThreadMemberKind::Joinable)
    return;
  const FieldDecl *F = thisField(MC->getImplicitObjectArgument(), Fields);
  if (!F)
    return;
  KeyId K = Fields[F];
  ValueBits V = S.get(K);
  if (!Branch->NonZero)
    S.set(K, InitialBit);
  else if (V & Joinable)
    S.set(K, Joinable);
}

bool MemberAnalyzer::run(std::vector<ThreadAssignFinding> *Findings,
                         MemberEffects *Effects) {
  const CXXRecordDecl *RD = MD->getParent();
  if (!RD || RD->isLambda() || !MD->getBody() || MD->isStatic())
    return false;
  for (const FieldDecl *F : RD->fields())
    if (isStdThreadType(F->getType())) {
      Fields[F] = ByKey.size();
      ByKey.push_back(F);
    }
  if (ByKey.empty())
    return false;
  // A constructor's members start as their initializers say: a thread
  // constructed with a function runs; a default-constructed one does not.
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(MD))
    for (const CXXCtorInitializer *Init : Ctor->inits()) {
      const FieldDecl *F = Init->getMember();
      if (!F || !Fields.count(F))
        continue;
      const auto *CE = dyn_cast<CXXConstructExpr>(stripExpr(Init->getInit()));
      if (CE && CE->getNumArgs() > 0) {
        SourceLocation L =
            Init->isWritten() ? Init->getSourceLocation() : F->getLocation();
        InitStarts[Fields[F]] = L;
        StartLocs[Fields[F]].push_back(L);
      }
    }
  collect(MD->getBody(), nullptr);
  const CFG *Cfg = TU.getCFG(MD);
  if (!Cfg)
    return false;
  ConditionAtoms Atoms(MD, TU.getContext());
  ForwardDataflow DF(*Cfg, *this, &Atoms);
  if (!DF.run())
    return false;
  if (Findings) {
    llvm::DenseSet<const Stmt *> Seen;
    DF.replay([&](const CFGElement &E, const CFGBlock &B, const StateMap &S) {
      auto CS = E.getAs<CFGStmt>();
      if (!CS)
        return;
      auto It = Events.find(CS->getStmt());
      if (It == Events.end())
        return;
      for (const MEvent &Ev : It->second) {
        if (Ev.K != Kind::Assign && Ev.K != Kind::Reset)
          continue;
        const FieldDecl *F = ByKey[Ev.Key];
        ValueBits Bits = S.get(Ev.Key);
        if (!(Bits & Joinable) || Lost.count(F) ||
            !Seen.insert(CS->getStmt()).second)
          continue;
        ThreadAssignFinding Fd;
        Fd.Handle = F;
        Fd.Assign = cast<CXXOperatorCallExpr>(CS->getStmt());
        Fd.OnAllPaths = Bits == Joinable;
        Fd.StartLoc =
            lastStartBefore(StartLocs[Ev.Key], Fd.Assign->getBeginLoc(), SM);
        auto SC = StartCalls.find(Fd.StartLoc);
        if (SC != StartCalls.end())
          Fd.StartedBy = SC->second;
        Findings->push_back(Fd);
      }
    });
  }
  if (Effects) {
    std::vector<ForwardDataflow::NormalExit> Exits = DF.normalExits();
    for (unsigned K = 0; K < ByKey.size(); ++K) {
      const FieldDecl *F = ByKey[K];
      if (Lost.count(F))
        continue;
      bool AnyJoinable = false;
      for (const ForwardDataflow::NormalExit &X : Exits)
        AnyJoinable |= (X.State.get(K) & Joinable) != 0;
      // Left joinable by a start of its own (not as the caller left it);
      // or joined or detached, and not running on any way out (`if
      // (t_.joinable()) t_.join();`).
      if (AnyJoinable && !StartLocs[K].empty())
        Effects->Starts[F] = StartLocs[K].front();
      else if (!AnyJoinable && !Exits.empty() && Finishes.count(F))
        Effects->Finishes.insert(F);
    }
  }
  return true;
}

} // namespace

ThreadLifetimeResult analyzeThreadLifetimes(const FunctionDecl *FD,
                                            TUAnalysis &TU) {
  ThreadLifetimeResult R;
  Analyzer A(FD, TU, R);
  A.run();
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
      MD && !MD->isStatic() && MD->getParent() &&
      !MD->getParent()->isLambda()) {
    MemberWalk Walk;
    Walk.InProgress.insert(FD);
    MemberAnalyzer M(MD, TU, 0, Walk);
    M.run(&R.Assignments, nullptr);
  }
  return R;
}

//===----------------------------------------------------------------------===//
// Members
//===----------------------------------------------------------------------===//

namespace {

/// Scans one member function (or constructor initializer) for what it does
/// to the tracked fields.
class MemberScanner {
public:
  MemberScanner(const SourceManager &SM,
                llvm::DenseMap<const FieldDecl *, MemberThreadFinding> &Fields,
                llvm::DenseSet<const FieldDecl *> &Finished)
      : SM(SM), Fields(Fields), Finished(Finished) {}

  void scan(const Stmt *Root, const FunctionDecl *In) {
    if (!Root)
      return;
    ParentMap PM(const_cast<Stmt *>(Root));
    Aliases.clear();
    walk(Root, PM, In);
  }

private:
  void walk(const Stmt *S, ParentMap &PM, const FunctionDecl *In) {
    if (!S)
      return;
    if (const auto *For = dyn_cast<CXXForRangeStmt>(S)) {
      if (const auto *ME = dyn_cast<MemberExpr>(stripExpr(For->getRangeInit())))
        if (const auto *FDl = dyn_cast<FieldDecl>(ME->getMemberDecl()))
          if (Fields.count(FDl) && For->getLoopVariable())
            Aliases[For->getLoopVariable()] = FDl;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(S))
      if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
        if (Fields.count(F))
          use(ME, F,
              Fields[F].IsContainer ? HandleKind::Container
                                    : HandleKind::StdThread,
              PM, In);
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
        auto It = Aliases.find(VD);
        if (It != Aliases.end())
          use(DRE, It->second, HandleKind::StdThread, PM, In);
      }
    for (const Stmt *Child : S->children())
      walk(Child, PM, In);
  }

  void use(const Expr *E, const FieldDecl *F, HandleKind Kind, ParentMap &PM,
           const FunctionDecl *In) {
    auto Never = [](const VarDecl *) { return false; };
    UseResult U = classifyUse(E, Kind, PM, SM, Never);
    bool Started = U.Effect == UseEffect::Start;
    if (U.Effect == UseEffect::Handled) {
      // `worker_ = <thread>`: a start unless it assigns an empty thread.
      if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(U.At)) {
        const auto *CE = dyn_cast<CXXConstructExpr>(stripExpr(Op->getArg(1)));
        Started = !(CE && CE->getNumArgs() == 0);
      }
    }
    if (Started) {
      MemberThreadFinding &M = Fields[F];
      SourceLocation Loc = U.At ? U.At->getBeginLoc() : E->getBeginLoc();
      if (M.StartLoc.isInvalid()) {
        M.StartLoc = Loc;
        M.StartedIn = In;
      }
      return;
    }
    if (U.Effect == UseEffect::Finalize || U.Effect == UseEffect::MoveOut)
      Finished.insert(F);
  }

  const SourceManager &SM;
  llvm::DenseMap<const FieldDecl *, MemberThreadFinding> &Fields;
  llvm::DenseSet<const FieldDecl *> &Finished;
  llvm::DenseMap<const VarDecl *, const FieldDecl *> Aliases;
};

} // namespace

std::vector<MemberThreadFinding> analyzeThreadMembers(const CXXRecordDecl *RD,
                                                      TUAnalysis &TU) {
  std::vector<MemberThreadFinding> Result;
  const SourceManager &SM = TU.getSourceManager();
  if (!RD || !RD->isThisDeclarationADefinition() || RD->isDependentContext() ||
      RD->isLambda() || isa<ClassTemplateSpecializationDecl>(RD) ||
      SM.isInSystemHeader(RD->getLocation()))
    return Result;
  if (RD->hasFriends())
    return Result; // a friend may join it

  llvm::DenseMap<const FieldDecl *, MemberThreadFinding> Fields;
  for (const FieldDecl *F : RD->fields()) {
    if (F->getAccess() != AS_private)
      continue;
    bool Thread = isStdThreadType(F->getType());
    bool Container = isStdThreadContainerType(F->getType());
    if (!Thread && !Container)
      continue;
    MemberThreadFinding M;
    M.Field = F;
    M.IsContainer = Container;
    Fields[F] = M;
  }
  if (Fields.empty())
    return Result;

  // Every member function must be visible, or one we cannot see may join.
  std::vector<const FunctionDecl *> Bodies;
  llvm::SmallVector<const CXXRecordDecl *, 4> Records{RD};
  for (unsigned RI = 0; RI < Records.size(); ++RI)
    for (const Decl *D : Records[RI]->decls()) {
      if (const auto *Nested = dyn_cast<CXXRecordDecl>(D)) {
        if (Nested->isThisDeclarationADefinition() && !Nested->isLambda() &&
            !Nested->isImplicit())
          Records.push_back(Nested);
        continue;
      }
      const FunctionDecl *M = nullptr;
      if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(D))
        M = FTD->getTemplatedDecl();
      else
        M = dyn_cast<CXXMethodDecl>(D);
      if (!M || M->isImplicit())
        continue;
      if (M->isDeleted() || M->isDefaulted())
        continue;
      const FunctionDecl *Def = nullptr;
      if (!M->hasBody(Def))
        return Result;
      Bodies.push_back(Def);
    }

  llvm::DenseSet<const FieldDecl *> Finished;
  MemberScanner Scanner(SM, Fields, Finished);
  for (const FunctionDecl *Def : Bodies) {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def)) {
      for (const CXXCtorInitializer *Init : Ctor->inits()) {
        const FieldDecl *F = Init->getMember();
        if (F && Fields.count(F) && Init->isWritten()) {
          const auto *CE =
              dyn_cast<CXXConstructExpr>(stripExpr(Init->getInit()));
          if (CE && CE->getNumArgs() > 0 && !Fields[F].IsContainer) {
            MemberThreadFinding &M = Fields[F];
            if (M.StartLoc.isInvalid()) {
              M.StartLoc = Init->getSourceLocation();
              M.StartedIn = Ctor;
            }
          }
        }
        Scanner.scan(Init->getInit(), Ctor);
      }
    }
    Scanner.scan(Def->getBody(), Def);
  }

  for (const FieldDecl *F : RD->fields()) {
    auto It = Fields.find(F);
    if (It == Fields.end() || Finished.count(F) ||
        It->second.StartLoc.isInvalid())
      continue;
    Result.push_back(It->second);
  }
  return Result;
}

} // namespace lockcheck
