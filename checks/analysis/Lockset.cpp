//===--- Lockset.cpp - which locks are held where -------------------------===//

#include "checks/analysis/Lockset.h"
#include "checks/analysis/CallIndex.h"
#include "checks/analysis/Conditions.h"
#include "checks/analysis/Dataflow.h"
#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/LockApi.h"
#include "checks/analysis/MutexInits.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThrowAnalysis.h"
#include "checks/model/ThreadModel.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include <functional>
#include <iterator>
#include <map>
#include <set>

using namespace clang;

namespace lockcheck {

//===----------------------------------------------------------------------===//
// Lock identity
//===----------------------------------------------------------------------===//

std::string LockOrigin::key() const {
  std::string S;
  llvm::raw_string_ostream OS(S);
  switch (K) {
  case Global:
    OS << "g" << (const void *)Var->getCanonicalDecl();
    break;
  case This:
    OS << "this";
    break;
  case Param:
    OS << "p" << ParamIndex;
    break;
  case Local:
    OS << "l" << (const void *)Var;
    break;
  }
  for (const FieldDecl *F : Fields)
    OS << "." << (const void *)F->getCanonicalDecl();
  OS << Suffix;
  return OS.str();
}

std::string LockOrigin::classKey() const {
  std::string S;
  llvm::raw_string_ostream OS(S);
  if (!Fields.empty()) {
    // A member: its class and field (the last field of the path).
    OS << "f:" << Fields.back()->getParent()->getQualifiedNameAsString()
       << "::" << Fields.back()->getName();
  } else if (Var && (K == Global || Var->isStaticLocal())) {
    OS << "g:" << Var->getQualifiedNameAsString();
    // Internal linkage: two files' `static std::mutex m` differ.
    if (!Var->isExternallyVisible())
      OS << "@"
         << Var->getASTContext().getSourceManager().getFilename(
                Var->getASTContext().getSourceManager().getSpellingLoc(
                    Var->getLocation()));
  } else if (Var) {
    const auto *Fn =
        dyn_cast_or_null<NamedDecl>(Var->getParentFunctionOrMethod());
    OS << "l:" << (Fn ? Fn->getQualifiedNameAsString() : std::string())
       << "::" << Var->getName() << "@" << (const void *)Var;
  } else {
    OS << "this";
  }
  return OS.str();
}

std::string LockOrigin::className() const {
  if (!Fields.empty())
    return Fields.back()->getParent()->getNameAsString() +
           "::" + Fields.back()->getNameAsString();
  if (Var)
    return Var->getNameAsString();
  return "*this";
}

static const Expr *stripLockExpr(const Expr *E) {
  for (;;) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref)) {
      E = U->getSubExpr();
      continue;
    }
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = M->getSubExpr();
      continue;
    }
    return E;
  }
}

/// An array index that names one element for the whole function: a literal
/// or a variable; empty for anything else.
static std::string indexText(const Expr *Idx) {
  Idx = Idx->IgnoreParenImpCasts();
  if (const auto *IL = dyn_cast<IntegerLiteral>(Idx))
    return std::to_string(IL->getValue().getZExtValue());
  if (const auto *D = dyn_cast<DeclRefExpr>(Idx))
    return "v" + std::to_string((uintptr_t)D->getDecl());
  return std::string();
}

/// A local pointer that only ever holds its initialiser
/// (`pthread_mutex_t *mp = &s->lock;`, `job_t *const j = &jobs[i];`): the
/// initialiser, else null.
static const Expr *aliasedAddress(const VarDecl *VD) {
  if (!VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
      !VD->getType()->isPointerType() || !VD->getInit() ||
      VD->getType().isVolatileQualified())
    return nullptr;
  if (!VD->getType().isConstQualified()) {
    const auto *Fn =
        dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod());
    if (!Fn || mayChange(Fn->getBody(), VD))
      return nullptr;
  }
  return VD->getInit();
}

/// The first local pointer of \p VD's function initialised with the same
/// expression as \p VD (`struct priv *p = UPCAST(b);` in two macro
/// expansions), when that expression reads only variables the function
/// never changes: both hold the same address, so they name one lock.
static const VarDecl *sameAddressLocal(const VarDecl *VD, const Expr *Init) {
  const auto *Fn =
      dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod());
  if (!Fn || !Fn->getBody())
    return VD;
  ASTContext &Ctx = Fn->getASTContext();
  // Every variable the initialiser reads keeps its value.
  bool Stable = true;
  std::function<void(const Stmt *)> Check = [&](const Stmt *S) {
    if (!S || !Stable)
      return;
    if (isa<CallExpr>(S))
      Stable = false;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        if (!V->hasLocalStorage() || mayChange(Fn->getBody(), V))
          Stable = false;
    for (const Stmt *C : S->children())
      Check(C);
  };
  Check(Init);
  if (!Stable)
    return VD;
  llvm::FoldingSetNodeID Want;
  Init->IgnoreParenImpCasts()->Profile(Want, Ctx, /*Canonical=*/true);
  const VarDecl *First = VD;
  std::function<bool(const Stmt *)> Find = [&](const Stmt *S) {
    if (!S)
      return false;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D)) {
          if (V == VD)
            return true; // the first one in source order is found first
          if (V->getInit() && V->getType() == VD->getType() &&
              aliasedAddress(V)) {
            llvm::FoldingSetNodeID ID;
            V->getInit()->IgnoreParenImpCasts()->Profile(ID, Ctx, true);
            if (ID == Want) {
              First = V;
              return true;
            }
          }
        }
    for (const Stmt *C : S->children())
      if (Find(C))
        return true;
    return false;
  };
  Find(Fn->getBody());
  return First;
}

/// \p Captured: \p E is read inside a lambda or block from a variable it
/// captures (or from that variable's initialiser): a parameter or local
/// named there belongs to an enclosing function, and is a Local (a key of
/// its own), never a parameter of the function being analysed.
static std::optional<LockOrigin> resolve(const Expr *E, unsigned Depth,
                                         bool Captured = false) {
  if (!E || Depth > 8)
    return std::nullopt;
  E = stripLockExpr(E);
  if (isa<CXXThisExpr>(E)) {
    LockOrigin O;
    O.K = LockOrigin::This;
    return O;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return std::nullopt;
    Captured |= DRE->refersToEnclosingVariableOrCapture();
    // A reference bound to a lock is that lock.
    if (VD->getType()->isReferenceType() && VD->getInit() &&
        !isa<ParmVarDecl>(VD))
      return resolve(VD->getInit(), Depth + 1, Captured);
    // So is a local pointer that only ever holds a lock's (or its
    // object's) address.
    if (const Expr *Init = aliasedAddress(VD)) {
      if (auto O = resolve(Init, Depth + 1, Captured))
        return O;
      // The object containing what a pointer points to (container_of,
      // `(struct priv *)((char *)b - offsetof(struct priv, pub))`): named
      // by that pointer and the type.
      const Expr *Up = Init->IgnoreParenCasts();
      if (const auto *BO = dyn_cast<BinaryOperator>(Up);
          BO && BO->getOpcode() == BO_Sub &&
          BO->getRHS()->isIntegerConstantExpr(VD->getASTContext()))
        if (auto O = resolve(BO->getLHS()->IgnoreParenCasts(), Depth + 1,
                             Captured)) {
          O->Suffix += "(as " + VD->getType().getAsString() + ")";
          return O;
        }
      VD = sameAddressLocal(VD, Init);
    }
    LockOrigin O;
    O.Var = VD;
    if (Captured && !VD->hasGlobalStorage()) {
      O.K = LockOrigin::Local;
    } else if (const auto *P = dyn_cast<ParmVarDecl>(VD)) {
      O.K = LockOrigin::Param;
      O.ParamIndex = P->getFunctionScopeIndex();
    } else if (VD->hasGlobalStorage()) {
      O.K = LockOrigin::Global;
    } else {
      O.K = LockOrigin::Local;
    }
    return O;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD) {
      // A static data member.
      if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl())) {
        LockOrigin O;
        O.K = LockOrigin::Global;
        O.Var = VD;
        return O;
      }
      return std::nullopt;
    }
    auto Base = resolve(ME->getBase(), Depth + 1, Captured);
    if (!Base)
      return std::nullopt;
    Base->Fields.push_back(FD);
    return Base;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    auto Base = resolve(AS->getBase(), Depth + 1, Captured);
    if (!Base)
      return std::nullopt;
    std::string Index = indexText(AS->getIdx());
    if (Index.empty())
      return std::nullopt;
    Base->Suffix += "[" + Index + "]";
    return Base;
  }
  return std::nullopt;
}

std::string lockExprName(const Expr *E, const SourceManager &SM,
                         const LangOptions &LO, llvm::StringRef Fallback) {
  E = E->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenImpCasts();
  SourceRange R = E->getSourceRange();
  if (R.isValid() && !R.getBegin().isMacroID() && !R.getEnd().isMacroID()) {
    llvm::StringRef Text =
        Lexer::getSourceText(CharSourceRange::getTokenRange(R), SM, LO);
    if (!Text.empty() && Text.size() < 80) {
      std::string S = Text.str();
      if (llvm::StringRef(S).starts_with("this->"))
        S = S.substr(6);
      return S;
    }
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl()->getNameAsString();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl()->getNameAsString();
  return Fallback.str();
}

std::optional<LockOrigin> resolveLockExpr(const Expr *E) {
  return resolve(E, 0);
}

SourceLocation LocksetResult::acquiredBefore(unsigned Lock, SourceLocation Loc,
                                             const SourceManager &SM) const {
  if (Lock >= AcquireLocs.size() || AcquireLocs[Lock].empty())
    return SourceLocation();
  SourceLocation Best = AcquireLocs[Lock].front();
  for (SourceLocation A : AcquireLocs[Lock])
    if (SM.isBeforeInTranslationUnit(A, Loc))
      Best = A;
  return Best;
}

std::optional<unsigned> LocksetResult::findLock(const Expr *E) const {
  auto O = resolveLockExpr(E);
  if (!O)
    return std::nullopt;
  std::string K = O->key();
  for (unsigned I = 0; I < Locks.size(); ++I)
    if (Locks[I].Key == K)
      return I;
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// The analysis
//===----------------------------------------------------------------------===//

namespace {

// Lock values.
constexpr ValueBits Unknown = InitialBit; // as at entry: not taken here
constexpr ValueBits Held1 = 1u << 1;
constexpr ValueBits Held2 = 1u << 2;
constexpr ValueBits Held3 = 1u << 3;
constexpr ValueBits Released = 1u << 4; // released after being taken here
constexpr ValueBits ReleasedUnknown = 1u << 5; // released, not taken here
constexpr ValueBits Escaped = 1u << 6;         // handed over: no more reports
// Not known to be held, as Unknown, but it may have been taken on the way:
// a checked lock call that failed, a callee that takes the lock inside.
// Unlike Unknown, no proof that this path never took the lock.
constexpr ValueBits Uncertain = 1u << 7;
// Deeper holds of a recursive lock, up to HeldMax ("eight or more"): a
// function that takes one three times and releases it three times ends
// with it free.
constexpr ValueBits Held4 = 1u << 8;
constexpr ValueBits Held5 = 1u << 9;
constexpr ValueBits Held6 = 1u << 10;
constexpr ValueBits Held7 = 1u << 11;
constexpr ValueBits HeldMax = 1u << 12;
constexpr ValueBits HeldDepths[] = {Held1, Held2, Held3, Held4,
                                    Held5, Held6, Held7, HeldMax};
constexpr ValueBits EntryMask = Unknown | Uncertain;
constexpr ValueBits HeldMask =
    Held1 | Held2 | Held3 | Held4 | Held5 | Held6 | Held7 | HeldMax;
constexpr ValueBits FreeMask = EntryMask | Released | ReleasedUnknown;

// Guard values.
constexpr ValueBits NotOwning = InitialBit;
constexpr ValueBits Owning = 1u << 1;
constexpr ValueBits GuardGone = 1u << 2; // moved out
constexpr ValueBits Unlocking = 1u << 3; // a scoped unlocker: re-locks at end

constexpr KeyId GuardBase = 1u << 20;

// The mode a held lock was taken in, under the key ModeBase + lock: read
// only when the lock is held. A lock held through something else (an
// assertion, a caller, a try-lock) keeps the initial value: not known to be
// shared.
constexpr KeyId ModeBase = 1u << 24;
constexpr ValueBits ModeShared = 1u << 1;
constexpr ValueBits ModeExclusive = 1u << 2;

// What a lock was just before a try-lock whose result a variable keeps,
// under the key SnapBase + n (one per lock of each such call), shifted by
// SnapShift: the branch on the variable then knows the lock's state on
// success (taken once more) and on failure (unchanged), where the lock's own
// bits only say "one or the other". The initial value means no such state
// on some path (forgotten where anything else touches the lock).
constexpr KeyId SnapBase = 1u << 28;
constexpr unsigned SnapShift = 16;

ValueBits acquireBits(ValueBits V) {
  ValueBits R = V & Escaped;
  if (V & FreeMask)
    R |= Held1;
  constexpr unsigned N = std::size(HeldDepths);
  for (unsigned I = 0; I + 1 < N; ++I)
    if (V & HeldDepths[I])
      R |= HeldDepths[I + 1];
  if (V & HeldMax)
    R |= HeldMax;
  return R;
}

ValueBits releaseBits(ValueBits V) {
  ValueBits R = V & Escaped;
  if (V & Held1)
    R |= Released;
  constexpr unsigned N = std::size(HeldDepths);
  for (unsigned I = 1; I < N; ++I)
    if (V & HeldDepths[I])
      R |= HeldDepths[I - 1];
  if (V & HeldMax)
    R |= HeldMax;
  if (V & (EntryMask | ReleasedUnknown))
    R |= ReleasedUnknown;
  if (V & Released)
    R |= Released;
  return R;
}

enum class EvKind {
  Acquire,
  TryAcquire, ///< acquired on the success edge of a branch
  Release,
  GuardOwn,      ///< guard now owns its locks (adopt, or after acquiring)
  GuardDisown,   ///< guard.release(): owns nothing, locks stay held
  GuardUnlock,   ///< guard.unlock(): releases its locks
  GuardLock,     ///< guard.lock()
  GuardEscape,   ///< guard moved out or returned
  GuardUnlocker, ///< a scoped unlocker released its locks: re-locks at end
  Escape,        ///< lock handed over
  Assert,        ///< asserted held: held from here if not known
  InsideLock,    ///< a callee locks it (double-lock check only)
  Reset,         ///< initialised: a fresh lock, not held
  /// A spin loop's test-and-set (its acquisition is on the loop's exit
  /// edge): a double lock where the thread holds the flag already.
  SpinTest,
};

struct Ev {
  Ev(EvKind Kind, KeyId Key, SourceLocation Loc,
     const FunctionDecl *Via = nullptr, SourceLocation ViaLoc = {})
      : Kind(Kind), Key(Key), Loc(Loc), Via(Via), ViaLoc(ViaLoc) {}
  EvKind Kind;
  KeyId Key;
  SourceLocation Loc;
  const FunctionDecl *Via;
  SourceLocation ViaLoc;
  bool Shared = false;
  /// InsideLock through a callback: the variable or field called, and where
  /// Via was stored into it.
  const NamedDecl *Through = nullptr;
  SourceLocation StoredAt;
  const NamedDecl *StoredInto = nullptr;
};

class Analyzer : public DataflowClient {
public:
  Analyzer(const FunctionDecl *FD, TUAnalysis &TU, const LockModelOptions &Opts,
           LocksetResult &Out)
      : FD(FD), TU(TU), Opts(Opts), SM(TU.getSourceManager()), Out(Out) {}
  void run();

  void transferElement(const CFGElement &E, const CFGBlock &B,
                       StateMap &S) override;
  void transferEdge(const CFGBlock &From, unsigned SuccIndex,
                    StateMap &S) override;
  void initialize(StateMap &S) override {
    for (KeyId K : Required)
      S.set(K, Held1);
  }

private:
  /// Locks the function's annotations (REQUIRES, or an ASSERT_CAPABILITY
  /// call) say are held by its caller: seeded as held, never reported as
  /// leaked, not part of the summary.
  std::set<KeyId> Required;
  /// Locks an ASSERT_CAPABILITY call says are held from there on: the
  /// caller's, never reported as leaked, not part of the summary.
  std::set<KeyId> Asserted;
  void collectRequired();
  std::optional<KeyId> lockKey(const Expr *E);
  /// The lock \p L of a lock operation names: with the fields the
  /// operation adds (a wrapper's `m->m`) and the type it says.
  std::optional<KeyId> lockKey(const LockOp &Op, const Expr *L);
  std::optional<KeyId> lockKeyFromOrigin(const LockOrigin &O,
                                         llvm::StringRef Name);
  void collect(const Stmt *S);
  void onCall(const CallExpr *Call);
  /// A test-and-set or clear of a flag (LockOp::Spin).
  void onSpin(const Expr *E, const LockOp &Op);
  bool spinsOn(const Expr *E, TrySuccess Success) const;
  void onGuardDecl(const VarDecl *VD);
  void onCallee(const CallExpr *Call, const FunctionDecl *Callee);
  void onExternalCallee(const CallExpr *Call, const FunctionDecl *Callee);
  /// A call through a function pointer or a std::function: the locks the
  /// callables stored into it take (double-lock only).
  void onCallback(const CallExpr *Call);
  std::vector<const CallExpr *> CallbackCalls;
  struct TryInfo;
  void noteResult(const CallExpr *Call, TryInfo T);
  void add(const Stmt *At, Ev E) { Events[At].push_back(E); }
  void apply(const Ev &E, StateMap &S, bool Report);
  /// \p Direct: an unlock call of this function (not a callee's, not a
  /// guard's).
  void release(KeyId K, SourceLocation Loc, const Stmt *At, StateMap &S,
               bool Report, bool Direct = false);
  /// Inside a branch of an if, switch, ?: or the right of && / ||.
  bool isConditional(const Stmt *S) const;
  void report(const CFG &Cfg, ForwardDataflow &DF);
  /// An unlock in a catch handler, run on every path through the handler,
  /// of a lock taken in the try block; and the first throw of the try block
  /// that reaches the handler with the lock not held.
  struct HandlerUnlock {
    KeyId Lock;
    const Stmt *At;
    SourceLocation Loc;
    SourceLocation ThrowAt;
    const FunctionDecl *Thrower = nullptr;
  };
  using HandlerUnlockMap =
      std::map<const CXXTryStmt *, std::vector<HandlerUnlock>>;
  HandlerUnlockMap handlerUnlocks();
  void throwToHandlers(const Stmt *St, const StateMap &S,
                       HandlerUnlockMap &Unlocks);
  void summarize(const CFG &Cfg, ForwardDataflow &DF);
  std::string nameOf(const Expr *E);

  const FunctionDecl *FD;
  TUAnalysis &TU;
  const LockModelOptions &Opts;
  const SourceManager &SM;
  LocksetResult &Out;
  ParentMap *PM = nullptr;

  llvm::StringMap<KeyId> LockKeys;
  llvm::DenseMap<const VarDecl *, KeyId> Guards;
  std::vector<const VarDecl *> GuardVars;
  llvm::DenseMap<KeyId, llvm::SmallVector<KeyId, 2>> GuardLocks;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<Ev, 2>> Events;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<Ev, 2>> InitEvents;
  /// Try-lock calls (or the variables holding their result), to the locks
  /// they take and the value that means success.
  struct TryInfo {
    llvm::SmallVector<KeyId, 2> Locks;
    std::optional<KeyId> Guard;
    TrySuccess Success = TrySuccess::True;
    /// The result is discarded: nothing branches on it, so assume success.
    bool AssumeAcquired = false;
    /// A blocking lock whose error result is tested (`if
    /// (pthread_mutex_lock(&m) != 0) return;`): the call acquires, and the
    /// failure branch undoes it.
    bool Checked = false;
    /// The result is kept in a variable (`err = trylock(m)`): held or not
    /// from the call on, until a branch on the variable tells.
    bool Stored = false;
    /// Stored: the first key of the states of Locks before the call.
    KeyId Snapshot = 0;
  };
  llvm::DenseMap<const Stmt *, TryInfo> TryCalls;
  llvm::DenseMap<const VarDecl *, TryInfo> TryResults;
  /// The snapshot keys of stored try-lock results: the lock and the call.
  struct SnapshotKey {
    KeyId Key;
    KeyId Lock;
    const Stmt *Call;
    /// The assignment or declaration that keeps the result, and the
    /// variables it keeps it in.
    const Stmt *Store;
    llvm::SmallVector<const VarDecl *, 1> Vars;
  };
  /// Whether \p E gives one of \p N's variables another value.
  static bool reassigns(const CFGElement &E, const SnapshotKey &N);
  std::vector<SnapshotKey> Snapshots;
  /// Whether \p E acquires, releases or hands over \p L.
  bool touches(const CFGElement &E, KeyId L) const;
  void transferLocks(const CFGElement &E, StateMap &S);
  /// Acquisition and release sites per lock, in source order.
  std::map<KeyId, std::vector<std::pair<SourceLocation, const Stmt *>>>
      Acquires, Releases;
  std::set<std::pair<const Stmt *, KeyId>> Reported;
  /// Locks this function releases while they are held by its caller.
  std::set<KeyId> ReleasedFromEntry;
  /// Locks a lambda this function is handed takes, to where the lambda
  /// takes them.
  std::map<KeyId, SourceLocation> InsideViaCallable;
  bool Reporting = false;
  const Stmt *CurrentStmt = nullptr;
  /// Condition waits, to the lock or guard they name.
  llvm::DenseMap<const CallExpr *,
                 std::pair<std::optional<KeyId>, const VarDecl *>>
      WaitCalls;
  /// Guards whose construction says what they own (not returned by a call).
  llvm::DenseSet<KeyId> KnownGuards;
  /// Guards that take their locks for reading (std::shared_lock).
  llvm::DenseSet<KeyId> SharedGuards;
  /// The declarations of guards, to the guard declared.
  llvm::DenseMap<const Stmt *, const VarDecl *> GuardDeclStmts;
  std::set<std::pair<const Stmt *, KeyId>> Recorded;
  HeldList heldList(const StateMap &S, std::optional<KeyId> Except);
  void record(const Stmt *St, const StateMap &S);
};

std::string Analyzer::nameOf(const Expr *E) {
  return lockExprName(E, SM, TU.getContext().getLangOpts(), "lock");
}

std::optional<KeyId> Analyzer::lockKeyFromOrigin(const LockOrigin &O,
                                                 llvm::StringRef Name) {
  std::string K = O.key();
  auto It = LockKeys.find(K);
  if (It != LockKeys.end())
    return It->second;
  KeyId Id = Out.Locks.size();
  LockInfo Info;
  Info.Origin = O;
  Info.Key = K;
  Info.Name = Name.str();
  Out.Locks.push_back(Info);
  LockKeys[K] = Id;
  return Id;
}

std::optional<KeyId> Analyzer::lockKey(const Expr *E) {
  if (!E)
    return std::nullopt;
  auto O = resolveLockExpr(E);
  if (!O)
    return std::nullopt;
  auto K = lockKeyFromOrigin(*O, nameOf(E));
  LockInfo &Info = Out.Locks[*K];
  if (!Info.Type.IsLockable) {
    QualType T = E->getType();
    if (T->isPointerType())
      T = T->getPointeeType();
    Info.Type = lockableInfo(T, Opts);
  }
  return K;
}

/// The name of the lock at \p Fields inside what \p Base designates, as the
/// caller would write it: `mu.m` for `&mu`, `q->mu` for `q`, `mu_` for
/// `this`.
static std::string fieldPathName(const Expr *Base,
                                 llvm::ArrayRef<const FieldDecl *> Fields,
                                 llvm::StringRef BaseName) {
  const Expr *B = Base->IgnoreParenImpCasts();
  bool Object = false;
  if (const auto *U = dyn_cast<UnaryOperator>(B);
      U && U->getOpcode() == UO_AddrOf)
    Object = true;
  else if (!B->getType()->isPointerType())
    Object = true;
  std::string Name = isa<CXXThisExpr>(B) ? "" : BaseName.str();
  for (const FieldDecl *F : Fields) {
    if (!Name.empty())
      Name += Object ? "." : "->";
    Name += F->getNameAsString();
    Object = !F->getType()->isPointerType();
  }
  return Name;
}

std::optional<KeyId> Analyzer::lockKey(const LockOp &Op, const Expr *L) {
  if (Op.Fields.empty() && !Op.Type)
    return lockKey(L);
  auto O = L ? resolveLockExpr(L) : std::nullopt;
  if (!O)
    return std::nullopt;
  std::string Name = fieldPathName(L, Op.Fields, nameOf(L));
  QualType T = Op.Fields.empty() ? L->getType() : Op.Fields.back()->getType();
  O->Fields.append(Op.Fields.begin(), Op.Fields.end());
  auto K = lockKeyFromOrigin(*O, Name);
  LockInfo &Info = Out.Locks[*K];
  if (Op.Type) {
    Info.Type = *Op.Type;
  } else if (!Info.Type.IsLockable) {
    if (T->isPointerType())
      T = T->getPointeeType();
    Info.Type = lockableInfo(T, Opts);
  }
  return K;
}

/// A local of a function enclosing \p FD that \p FD captures (\p FD is a
/// lambda's call operator, or a function a lambda's effects reached).
static bool isCapturedLocal(const LockOrigin &O, const FunctionDecl *FD) {
  return O.K == LockOrigin::Local && O.Var &&
         O.Var->getParentFunctionOrMethod() != FD;
}

static bool isLambdaCallOperator(const FunctionDecl *FD) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  return MD && MD->getParent()->isLambda();
}

/// Maps a callee's lock origin to the caller, through the call's object and
/// arguments.
static std::optional<LockOrigin> mapToCaller(const LockOrigin &O,
                                             const CallExpr *Call,
                                             const FunctionDecl *Callee,
                                             const FunctionDecl *Caller) {
  std::optional<LockOrigin> Base;
  switch (O.K) {
  case LockOrigin::Global:
    Base = O;
    Base->Fields.clear();
    Base->Suffix.clear();
    break;
  case LockOrigin::Local: {
    // A variable a lambda captured from an enclosing function: the same
    // variable in the caller (a parameter of the caller is named as one).
    if (!isCapturedLocal(O, Callee))
      return std::nullopt;
    Base = O;
    Base->Fields.clear();
    Base->Suffix.clear();
    if (const auto *P = dyn_cast<ParmVarDecl>(O.Var);
        P && P->getParentFunctionOrMethod() == Caller) {
      Base->K = LockOrigin::Param;
      Base->ParamIndex = P->getFunctionScopeIndex();
    }
    break;
  }
  case LockOrigin::This:
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      Base = resolveLockExpr(MC->getImplicitObjectArgument());
    else if ((isLambdaCallOperator(Callee) || !isa<CXXMethodDecl>(Callee)) &&
             (isLambdaCallOperator(Caller) ||
              (isa<CXXMethodDecl>(Caller) &&
               cast<CXXMethodDecl>(Caller)->isInstance()))) {
      // `this` captured by a lambda (or reached through a function called
      // with one) is the caller's own.
      Base = LockOrigin();
      Base->K = LockOrigin::This;
    }
    break;
  case LockOrigin::Param: {
    unsigned Offset =
        isa<CXXOperatorCallExpr>(Call) &&
                isa_and_nonnull<CXXMethodDecl>(Call->getDirectCallee())
            ? 1
            : 0;
    if (O.ParamIndex + Offset < Call->getNumArgs())
      Base = resolveLockExpr(Call->getArg(O.ParamIndex + Offset));
    break;
  }
  }
  if (!Base)
    return std::nullopt;
  Base->Fields.append(O.Fields.begin(), O.Fields.end());
  // An index that is a parameter of the callee (`locks[i]` in
  // `void done(int i)`) is the argument the caller passes.
  std::string Suffix = O.Suffix;
  unsigned Offset =
      isa<CXXOperatorCallExpr>(Call) &&
              isa_and_nonnull<CXXMethodDecl>(Call->getDirectCallee())
          ? 1
          : 0;
  for (unsigned I = 0; I < Callee->getNumParams(); ++I) {
    std::string Token =
        "[v" + std::to_string((uintptr_t)Callee->getParamDecl(I)) + "]";
    if (Suffix.find(Token) == std::string::npos)
      continue;
    if (I + Offset >= Call->getNumArgs())
      return std::nullopt;
    std::string Index = indexText(Call->getArg(I + Offset));
    if (Index.empty())
      return std::nullopt;
    for (size_t P; (P = Suffix.find(Token)) != std::string::npos;)
      Suffix.replace(P, Token.size(), "[" + Index + "]");
  }
  Base->Suffix += Suffix;
  return Base;
}

/// A lock function another translation unit defines (the whole program's
/// lock API, when the tool analyses the file with it): what it acquires or
/// releases, named through the call's arguments or object.
void Analyzer::onExternalCallee(const CallExpr *Call,
                                const FunctionDecl *Callee) {
  const InferredLockFunction *F = TU.getLockApi().function(Callee);
  if (!F || !F->External ||
      (F->Kind != LockOpKind::Acquire && F->Kind != LockOpKind::Release))
    return;
  auto O = mapToCaller(F->Lock, Call, Callee, FD);
  if (!O)
    return;
  std::string Name = F->LockName;
  const Expr *Base = nullptr;
  if (F->Lock.K == LockOrigin::This) {
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      Base = MC->getImplicitObjectArgument();
  } else if (F->Lock.K == LockOrigin::Param) {
    unsigned Offset =
        isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
    if (F->Lock.ParamIndex + Offset < Call->getNumArgs())
      Base = Call->getArg(F->Lock.ParamIndex + Offset);
  }
  if (Base)
    Name = fieldPathName(Base, F->Lock.Fields, nameOf(Base));
  auto K = lockKeyFromOrigin(*O, Name.empty() ? "lock" : Name);
  if (!K)
    return;
  if (!Out.Locks[*K].Type.IsLockable)
    Out.Locks[*K].Type = F->LockType;
  // No place inside the callee: it is in a file this unit does not read.
  Ev V{F->Kind == LockOpKind::Acquire ? EvKind::Acquire : EvKind::Release, *K,
       Call->getExprLoc(), Callee, SourceLocation()};
  V.Shared = F->Shared;
  add(Call, V);
  if (V.Kind == EvKind::Acquire)
    Acquires[*K].push_back({Call->getExprLoc(), Call});
}

void Analyzer::onCallee(const CallExpr *Call, const FunctionDecl *Callee) {
  const FunctionDecl *Def = nullptr;
  if (Callee && !Callee->hasBody(Def)) {
    onExternalCallee(Call, Callee);
    return;
  }
  if (!Callee || !Def || Def == FD)
    return;
  if (SM.isInSystemHeader(Def->getLocation()))
    return;
  const LocksetResult *Sum = TU.getLocksetIfAvailable(Def, Opts);
  if (!Sum)
    return;
  for (const LockEffect &E : Sum->Summary) {
    auto O = mapToCaller(E.Origin, Call, Def, FD);
    if (!O)
      continue;
    std::string Name;
    for (const LockInfo &L : Sum->Locks)
      if (L.Key == E.Origin.key())
        Name = L.Name;
    // Named as the caller writes it, through its argument or object.
    const Expr *Base = nullptr;
    if (E.Origin.K == LockOrigin::This) {
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
        Base = MC->getImplicitObjectArgument();
    } else if (E.Origin.K == LockOrigin::Param) {
      unsigned Offset =
          isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Def) ? 1 : 0;
      if (E.Origin.ParamIndex + Offset < Call->getNumArgs())
        Base = Call->getArg(E.Origin.ParamIndex + Offset);
    }
    if (Base && E.Origin.Suffix.empty())
      Name = fieldPathName(Base, E.Origin.Fields, nameOf(Base));
    auto K = lockKeyFromOrigin(*O, Name.empty() ? "lock" : Name);
    for (const LockInfo &L : Sum->Locks)
      if (L.Key == E.Origin.key() && !Out.Locks[*K].Type.IsLockable)
        Out.Locks[*K].Type = L.Type;
    Ev V{EvKind::InsideLock, *K, Call->getExprLoc(), Def, E.Loc};
    V.Shared = E.Shared;
    if (E.Kind == LockEffect::NetAcquire)
      V.Kind = EvKind::Acquire;
    else if (E.Kind == LockEffect::NetRelease)
      V.Kind = EvKind::Release;
    add(Call, V);
    if (V.Kind == EvKind::Acquire)
      Acquires[*K].push_back({Call->getExprLoc(), Call});
    // A lambda called by a function it was handed to (`template <class F>
    // void apply(F f) { f(); }`), or a helper a lambda calls (`[this] {
    // refresh(); }`): the locks taken inside are the caller's too, so that
    // its callers see them.
    if (V.Kind == EvKind::InsideLock &&
        ((isLambdaCallOperator(Def) && Def->getParent()->getParent() != FD) ||
         isLambdaCallOperator(FD)))
      InsideViaCallable.try_emplace(*K, E.Loc);
  }
}

void Analyzer::onCallback(const CallExpr *Call) {
  if (const FunctionDecl *Callee = Call->getDirectCallee()) {
    // Only operator() of a callable object whose body is not the user's
    // (std::function); a user's functor is a callee like any other.
    const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
    if (!MD || MD->getOverloadedOperator() != OO_Call ||
        MD->getParent()->isLambda())
      return;
    const FunctionDecl *Def = nullptr;
    if (MD->hasBody(Def) && Def && !SM.isInSystemHeader(Def->getLocation()))
      return;
  }
  const Expr *Base = nullptr;
  for (const CallIndex::Stored &S : TU.getCallIndex().storedFor(Call, Base)) {
    const FunctionDecl *Def = nullptr;
    if (!S.Fn->hasBody(Def) || !Def || Def == FD ||
        SM.isInSystemHeader(Def->getLocation()))
      continue;
    const LocksetResult *Sum = TU.getLocksetIfAvailable(Def, Opts);
    if (!Sum)
      continue;
    for (const LockEffect &E : Sum->Summary) {
      if (E.Kind == LockEffect::NetRelease)
        continue;
      std::optional<LockOrigin> O;
      if (E.Origin.K == LockOrigin::This) {
        // A lambda capturing `this`, stored into a field of that object:
        // its `this` is the object the field is called through. Defined
        // here and called through a local: this function's `this`.
        if (E.Origin.Suffix.find("[v") != std::string::npos)
          continue;
        if (S.ThisIsSlotObject && Base) {
          O = resolveLockExpr(Base);
        } else if (isLambdaCallOperator(Def) &&
                   Def->getParent()->getParent() == FD &&
                   isa<VarDecl>(S.Slot) &&
                   cast<VarDecl>(S.Slot)->getParentFunctionOrMethod() == FD) {
          O = LockOrigin();
          O->K = LockOrigin::This;
        }
        if (!O)
          continue;
        O->Fields.append(E.Origin.Fields.begin(), E.Origin.Fields.end());
        O->Suffix += E.Origin.Suffix;
      } else {
        O = mapToCaller(E.Origin, Call, Def, FD);
      }
      // Only a lock this function names can be held here.
      auto It = O ? LockKeys.find(O->key()) : LockKeys.end();
      if (It == LockKeys.end())
        continue;
      Ev V{EvKind::InsideLock, It->second, Call->getExprLoc(), Def, E.Loc};
      V.Through = S.Called;
      V.StoredAt = S.Loc;
      V.StoredInto = S.Slot;
      add(Call, V);
    }
  }
}

/// Whether the value of \p E is thrown away: \p E is a statement of its
/// own (in a block, the body of a brace-less if, else or loop, a label, a
/// case), cast to void, the left of a comma, or a for's init or increment.
static bool isDiscardedValue(const Expr *E, ParentMap &PM) {
  const Stmt *Child = E;
  const Stmt *P = PM.getParent(E);
  for (; P; Child = P, P = PM.getParent(P)) {
    if (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P) || isa<FullExpr>(P))
      continue;
    if (const auto *C = dyn_cast<ExplicitCastExpr>(P)) {
      if (C->getType()->isVoidType())
        return true;
      continue;
    }
    break;
  }
  if (!P || isa<CompoundStmt>(P) || isa<SwitchCase>(P) || isa<LabelStmt>(P) ||
      isa<AttributedStmt>(P))
    return true;
  if (const auto *If = dyn_cast<IfStmt>(P))
    return If->getThen() == Child || If->getElse() == Child ||
           If->getInit() == Child;
  if (const auto *W = dyn_cast<WhileStmt>(P))
    return W->getBody() == Child;
  if (const auto *D = dyn_cast<DoStmt>(P))
    return D->getBody() == Child;
  if (const auto *F = dyn_cast<ForStmt>(P))
    return F->getBody() == Child || F->getInit() == Child ||
           F->getInc() == Child;
  if (const auto *R = dyn_cast<CXXForRangeStmt>(P))
    return R->getBody() == Child;
  if (const auto *BO = dyn_cast<BinaryOperator>(P);
      BO && BO->getOpcode() == BO_Comma)
    return BO->getLHS() == Child || isDiscardedValue(BO, PM);
  return false;
}

void Analyzer::noteResult(const CallExpr *Call, TryInfo T) {
  // `rc = trylock(...)` / `bool ok = m.try_lock()` / `int rc =
  // pthread_mutex_lock(&m)`: the variable is what branches test.
  const Stmt *P = PM->getParent(Call);
  while (P && (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P) ||
               isa<FullExpr>(P) || isa<CXXFunctionalCastExpr>(P)))
    P = PM->getParent(P);
  llvm::SmallVector<const VarDecl *, 1> Kept;
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P);
      BO && BO->getOpcode() == BO_Assign)
    if (const VarDecl *V = refVar(BO->getLHS()))
      Kept.push_back(V);
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(P))
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D))
        Kept.push_back(V);
  if (!Kept.empty() && !T.Checked && !T.Guard) {
    T.Snapshot = SnapBase + Snapshots.size();
    for (unsigned I = 0; I < T.Locks.size(); ++I)
      Snapshots.push_back(
          {T.Snapshot + I, T.Locks[I], Call, P,
           llvm::SmallVector<const VarDecl *, 1>(Kept.begin(), Kept.end())});
  }
  for (const VarDecl *V : Kept)
    TryResults[V] = T;
  T.Stored = !Kept.empty();
  if (!T.Checked) {
    // Used in a condition (`if (!m.try_lock())`, `ok && m.try_lock()`) or
    // returned: the branches decide. Discarded: assume it succeeded.
    const Stmt *Q = P;
    while (Q && (isa<UnaryOperator>(Q) || isa<BinaryOperator>(Q) ||
                 isa<ImplicitCastExpr>(Q) || isa<ParenExpr>(Q) ||
                 isa<CXXFunctionalCastExpr>(Q) || isa<FullExpr>(Q)))
      Q = PM->getParent(Q);
    bool Tested = Q && (isa<IfStmt>(Q) || isa<WhileStmt>(Q) ||
                        isa<ForStmt>(Q) || isa<DoStmt>(Q) ||
                        isa<ConditionalOperator>(Q) || isa<ReturnStmt>(Q));
    T.AssumeAcquired = Kept.empty() && (!Tested || isDiscardedValue(Call, *PM));
  }
  TryCalls[Call] = T;
}

void Analyzer::onCall(const CallExpr *Call) {
  // Guard member calls: lk.lock(), lk.unlock(), lk.release().
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    GuardMemberKind GK = classifyGuardMember(MC->getMethodDecl(), Opts);
    if (GK != GuardMemberKind::None) {
      const VarDecl *GV = refVar(MC->getImplicitObjectArgument());
      auto It = GV ? Guards.find(GV) : Guards.end();
      if (It == Guards.end())
        return;
      KeyId G = It->second;
      SourceLocation Loc = MC->getExprLoc();
      switch (GK) {
      case GuardMemberKind::Lock:
        add(Call, {EvKind::GuardLock, G, Loc});
        for (KeyId L : GuardLocks[G])
          Acquires[L].push_back({Loc, Call});
        break;
      case GuardMemberKind::TryLock: {
        TryInfo T;
        T.Locks = GuardLocks[G];
        T.Guard = G;
        TryCalls[Call] = T;
        break;
      }
      case GuardMemberKind::Unlock:
        add(Call, {EvKind::GuardUnlock, G, Loc});
        for (KeyId L : GuardLocks[G])
          Releases[L].push_back({Loc, Call});
        break;
      case GuardMemberKind::Release:
        add(Call, {EvKind::GuardDisown, G, Loc});
        for (KeyId L : GuardLocks[G])
          add(Call, {EvKind::Escape, L, Loc});
        break;
      case GuardMemberKind::OwnsLock: {
        TryInfo T;
        T.Guard = G;
        T.Locks = GuardLocks[G];
        TryCalls[Call] = T; // a test, not an acquisition: see transferEdge
        break;
      }
      default:
        break;
      }
      return;
    }
  }

  // std::move(guard): handed over.
  if (const Expr *Moved = getMovedArg(Call))
    if (const VarDecl *GV = refVar(Moved)) {
      auto It = Guards.find(GV);
      if (It != Guards.end()) {
        add(Call, {EvKind::GuardEscape, It->second, Call->getExprLoc()});
        return;
      }
    }

  // mu.AssertHeld() (ASSERT_CAPABILITY): the caller holds it.
  if (const FunctionDecl *Callee = Call->getDirectCallee();
      Callee && Callee->hasAttr<AssertCapabilityAttr>()) {
    // Held from the assertion on, on that path only: not on entry.
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      if (auto K = lockKey(MC->getImplicitObjectArgument())) {
        Asserted.insert(*K);
        add(Call, {EvKind::Assert, *K, Call->getExprLoc()});
      }
    return;
  }
  LockOp Op = classifyLockCall(Call, Opts);
  if (Op.Spin) {
    onSpin(Call, Op);
    return;
  }
  SourceLocation Loc = Call->getExprLoc();
  if (Op.Kind != LockOpKind::Wait) {
    bool AnyGuard = false;
    for (const Expr *Arg : Call->arguments()) {
      const VarDecl *GV = refVar(Arg);
      auto It = GV ? Guards.find(GV) : Guards.end();
      if (It == Guards.end())
        continue;
      AnyGuard = true;
      if (Op.Kind == LockOpKind::Acquire && Op.Unordered) {
        add(Call, {EvKind::GuardLock, It->second, Loc});
        for (KeyId L : GuardLocks[It->second])
          Acquires[L].push_back({Loc, Call});
      } else {
        add(Call, {EvKind::GuardEscape, It->second, Loc});
      }
    }
    if (AnyGuard)
      return;
  }
  // A C lock call whose result is used can fail: it acquires, and a branch
  // that tests the result for failure undoes that.
  if (Op.Kind == LockOpKind::Acquire && Op.Success == TrySuccess::Zero &&
      !Op.Unordered && !isDiscardedValue(Call, *PM)) {
    TryInfo T;
    T.Checked = true;
    T.Success = Op.Success;
    for (const Expr *L : Op.Locks)
      if (auto K = lockKey(Op, L))
        T.Locks.push_back(*K);
    noteResult(Call, T);
  }
  switch (Op.Kind) {
  case LockOpKind::None:
    onCallee(Call, Call->getDirectCallee());
    CallbackCalls.push_back(Call);
    return;
  case LockOpKind::Wait:
    // Releases and takes back the lock: no net change. Tracked so that the
    // checks can tell whether the thread holds it.
    if (!Op.Locks.empty()) {
      const VarDecl *GV = refVar(Op.Locks.front());
      auto It = GV ? Guards.find(GV) : Guards.end();
      if (It != Guards.end())
        WaitCalls[Call] = {std::nullopt, GV};
      else
        WaitCalls[Call] = {lockKey(Op, Op.Locks.front()), nullptr};
    }
    return;
  case LockOpKind::Acquire:
    for (const Expr *L : Op.Locks)
      if (auto K = lockKey(Op, L)) {
        Ev V{EvKind::Acquire, *K, Loc};
        V.Shared = Op.Shared;
        add(Call, V);
        Acquires[*K].push_back({Loc, Call});
      }
    return;
  case LockOpKind::Release:
    for (const Expr *L : Op.Locks)
      if (auto K = lockKey(Op, L)) {
        add(Call, {EvKind::Release, *K, Loc});
        Releases[*K].push_back({Loc, Call});
      }
    return;
  case LockOpKind::Init:
    for (const Expr *L : Op.Locks)
      if (auto K = lockKey(Op, L))
        add(Call, {EvKind::Reset, *K, Loc});
    return;
  case LockOpKind::TryAcquire: {
    TryInfo T;
    T.Success = Op.Success;
    for (const Expr *L : Op.Locks)
      if (auto K = lockKey(Op, L)) {
        T.Locks.push_back(*K);
        Acquires[*K].push_back({Loc, Call});
      }
    noteResult(Call, T);
    return;
  }
  }
}

/// `0`, `false`.
static bool isZeroLiteral(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *IL = dyn_cast<IntegerLiteral>(E))
    return IL->getValue() == 0;
  if (const auto *BL = dyn_cast<CXXBoolLiteralExpr>(E))
    return !BL->getValue();
  return false;
}

/// Whether \p E is the condition of a loop that goes round again exactly
/// when the operation fails: `while (test_and_set(&f))`, `while (!cas(&l,
/// 0, 1))`, `do ... while (xchg(&l, 1) != 0)`.
bool Analyzer::spinsOn(const Expr *E, TrySuccess Success) const {
  bool Flip = false;
  const Stmt *Child = E;
  for (const Stmt *P = PM->getParent(E); P; Child = P, P = PM->getParent(P)) {
    if (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P) || isa<FullExpr>(P))
      continue;
    if (const auto *U = dyn_cast<UnaryOperator>(P);
        U && U->getOpcode() == UO_LNot) {
      Flip = !Flip;
      continue;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(P);
        B && (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE)) {
      const Expr *Other = B->getLHS() == Child ? B->getRHS() : B->getLHS();
      if (!isZeroLiteral(Other))
        return false;
      if (B->getOpcode() == BO_EQ)
        Flip = !Flip;
      continue;
    }
    const Expr *Cond = loopCondition(P);
    if (!Cond || Cond != Child)
      return false;
    // The loop goes on where the condition is non-zero: that must be the
    // failure (a set flag; a compare-and-swap that did not swap).
    return (Success == TrySuccess::Zero) != Flip;
  }
  return false;
}

void Analyzer::onSpin(const Expr *E, const LockOp &Op) {
  SourceLocation Loc = E->getExprLoc();
  // C11's atomic_flag_test_and_set(&f) is a macro of <stdatomic.h>: the
  // place is where the user wrote it.
  if (Loc.isMacroID() && SM.isInSystemMacro(Loc))
    Loc = SM.getExpansionLoc(Loc);
  if (Op.Kind == LockOpKind::Release) {
    for (const Expr *L : Op.Locks)
      if (auto K = lockKey(Op, L)) {
        add(E, {EvKind::Release, *K, Loc});
        Releases[*K].push_back({Loc, E});
      }
    return;
  }
  // A test-and-set anywhere else tests a flag: a once-flag, a "warned"
  // flag, a try-lock of a flag whose clear the code may never make.
  if (Op.Kind != LockOpKind::TryAcquire || !spinsOn(E, Op.Success))
    return;
  TryInfo T;
  T.Success = Op.Success;
  for (const Expr *L : Op.Locks)
    if (auto K = lockKey(Op, L)) {
      T.Locks.push_back(*K);
      Acquires[*K].push_back({Loc, E});
      add(E, {EvKind::SpinTest, *K, Loc});
    }
  TryCalls[E] = T;
}

void Analyzer::onGuardDecl(const VarDecl *VD) {
  const auto *CE = dyn_cast_or_null<CXXConstructExpr>(
      VD->getInit() ? stripExpr(VD->getInit()) : nullptr);
  KeyId G = GuardBase + GuardVars.size();
  Guards[VD] = G;
  GuardVars.push_back(VD);
  if (!CE)
    return;
  GuardCtor GC = classifyGuardConstruction(CE, Opts);
  SourceLocation Loc = VD->getLocation();
  if (GC.Init == GuardInit::Move) {
    // Adopts another guard's locks and ownership.
    const Expr *From =
        GC.MovedFrom ? getMovedArg(stripExpr(GC.MovedFrom)) : nullptr;
    if (const VarDecl *Src = From ? refVar(From) : nullptr) {
      auto It = Guards.find(Src);
      if (It != Guards.end()) {
        GuardLocks[G] = GuardLocks[It->second];
        KnownGuards.insert(G);
        InitEvents[VD].push_back({EvKind::GuardOwn, G, Loc});
        InitEvents[VD].push_back({EvKind::GuardEscape, It->second, Loc});
        return;
      }
    }
    return;
  }
  for (const Expr *L : GC.Locks)
    if (auto K = lockKey(L))
      GuardLocks[G].push_back(*K);
  if (GC.Shared)
    SharedGuards.insert(G);
  if (GC.Init != GuardInit::None)
    KnownGuards.insert(G);
  switch (GC.Init) {
  case GuardInit::Acquire:
    for (KeyId L : GuardLocks[G]) {
      Ev A{EvKind::Acquire, L, Loc};
      A.Shared = GC.Shared;
      InitEvents[VD].push_back(A);
      Acquires[L].push_back({Loc, nullptr});
    }
    InitEvents[VD].push_back({EvKind::GuardOwn, G, Loc});
    break;
  case GuardInit::Adopt:
    InitEvents[VD].push_back({EvKind::GuardOwn, G, Loc});
    break;
  case GuardInit::Release:
    // A scoped unlocker: releases now, takes the locks back at its end.
    for (KeyId L : GuardLocks[G]) {
      InitEvents[VD].push_back({EvKind::Release, L, Loc});
      Releases[L].push_back({Loc, nullptr});
    }
    InitEvents[VD].push_back({EvKind::GuardUnlocker, G, Loc});
    break;
  case GuardInit::Try: {
    TryInfo T;
    T.Locks = GuardLocks[G];
    T.Guard = G;
    // Until a branch tells, the guard may or may not own.
    for (KeyId L : GuardLocks[G])
      Acquires[L].push_back({Loc, nullptr});
    TryResults[VD] = T;
    InitEvents[VD].push_back({EvKind::TryAcquire, G, Loc});
    break;
  }
  default:
    break;
  }
}

void Analyzer::collect(const Stmt *S) {
  if (!S)
    return;
  if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : LE->capture_inits())
      collect(Init);
    return;
  }
  if (isa<BlockExpr>(S))
    return;
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->hasLocalStorage() && isGuardType(VD->getType(), Opts) &&
            !VD->getType()->isReferenceType()) {
          GuardDeclStmts[DS] = VD;
          onGuardDecl(VD);
        }
  if (const auto *Call = dyn_cast<CallExpr>(S))
    onCall(Call);
  if (const auto *AE = dyn_cast<AtomicExpr>(S))
    if (LockOp Op = classifySpinOp(AE); Op.Kind != LockOpKind::None)
      onSpin(AE, Op);
  if (const auto *Ret = dyn_cast<ReturnStmt>(S))
    if (const VarDecl *GV = refVar(Ret->getRetValue())) {
      auto It = Guards.find(GV);
      if (It != Guards.end())
        add(Ret, {EvKind::GuardEscape, It->second, Ret->getBeginLoc()});
    }
  for (const Stmt *Child : S->children())
    collect(Child);
}

bool Analyzer::isConditional(const Stmt *S) const {
  const Stmt *Child = S;
  for (const Stmt *P = PM->getParent(S); P; Child = P, P = PM->getParent(P)) {
    if (const auto *If = dyn_cast<IfStmt>(P)) {
      if (If->getCond() != Child)
        return true;
    } else if (isa<SwitchStmt>(P) || isa<ConditionalOperator>(P)) {
      return true;
    } else if (const auto *BO = dyn_cast<BinaryOperator>(P);
               BO && BO->isLogicalOp() && BO->getRHS() == Child) {
      return true;
    }
  }
  return false;
}

void Analyzer::release(KeyId K, SourceLocation Loc, const Stmt *At, StateMap &S,
                       bool Report, bool Direct) {
  ValueBits V = S.get(K);
  if (Report && !Direct && At && isa<CallExpr>(At) && !(V & Escaped)) {
    CalleeRelease C;
    C.Call = At;
    C.Lock = K;
    C.Untouched = V == Unknown;
    if (V & HeldMask)
      C.State = (V & FreeMask) ? HeldKind::May : HeldKind::Must;
    else if (!(V & ~(Released | ReleasedUnknown)))
      C.State = HeldKind::Free;
    Out.CalleeReleases.push_back(C);
  }
  if (Report && Direct && At && !(V & (Escaped | Released | ReleasedUnknown)) &&
      !Reported.count({At, K})) {
    LockFinding F;
    F.Kind = LockFindingKind::UnlockUnheld;
    F.Lock = K;
    F.At = At;
    F.Loc = Loc;
    F.AllPaths = false;
    if ((V & HeldMask) && (V & Unknown) && !Acquires[K].empty() &&
        !isConditional(At)) {
      // Taken on some paths only, with no condition the engine correlates,
      // and released on all of them: the paths that never took it unlock
      // a lock not held (unless the caller holds it there: the checks
      // decide).
      F.Reason = UnheldReason::SomePathsOnly;
      F.Prior = Acquires[K].front().first;
      for (const auto &A : Acquires[K])
        if (SM.isBeforeInTranslationUnit(A.first, Loc))
          F.Prior = A.first;
      Reported.insert({At, K});
      Out.Findings.push_back(F);
    } else if (V == Unknown && Acquires[K].empty() && !Required.count(K) &&
               !Asserted.count(K) && !FD->hasAttr<ReleaseCapabilityAttr>()) {
      // Never taken here: a release for the caller, unless no caller the
      // checks can see holds it.
      F.Reason = UnheldReason::NeverTaken;
      F.AllPaths = true;
      Reported.insert({At, K});
      Out.Findings.push_back(F);
    }
  }
  if (V & (EntryMask | ReleasedUnknown))
    ReleasedFromEntry.insert(K);
  // Released before on some path (by this function): a double unlock there.
  // Held on other paths, an unlock that is itself conditional is most often
  // paired with the first one by a correlated condition (`if (!c) unlock;
  // ... if (c) unlock;`), which the engine does not track: report only an
  // unconditional one then.
  bool MaybeOnly = (V & (HeldMask | EntryMask | ReleasedUnknown)) != 0;
  if (Report && !(V & Escaped) && (V & Released) &&
      !(MaybeOnly && At && isConditional(At)) &&
      Reported.insert({At, K}).second) {
    LockFinding F;
    F.Kind = LockFindingKind::UnlockUnheld;
    F.Lock = K;
    F.At = At;
    F.Loc = Loc;
    F.AllPaths = !(V & (EntryMask | ReleasedUnknown | HeldMask));
    // The release before this one, in source order.
    for (const auto &R : Releases[K])
      if (SM.isBeforeInTranslationUnit(R.first, Loc))
        F.Prior = R.first;
    Out.Findings.push_back(F);
  }
  S.set(K, releaseBits(V));
}

void Analyzer::apply(const Ev &E, StateMap &S, bool Report) {
  switch (E.Kind) {
  case EvKind::Acquire:
  case EvKind::InsideLock:
  case EvKind::SpinTest: {
    ValueBits V = S.get(E.Key);
    LockInfo &Info = Out.Locks[E.Key];
    bool MustHeld = (V & HeldMask) && !(V & (FreeMask | Escaped));
    // Whether a C mutex is recursive is read from the TU's initialisations,
    // only when it matters (a walk of the TU, done once).
    if (MustHeld && Info.Type.IsLockable && !Info.Type.RecursionKnown)
      TU.getMutexInits(Opts).apply(Info.Origin.classKey(), Info.Type);
    bool SharedAgain = E.Shared && Info.Type.Shared;
    if (Report && MustHeld && !Info.Type.Recursive && !Info.Type.Semaphore &&
        !SharedAgain && Reported.insert({CurrentStmt, E.Key}).second) {
      LockFinding F;
      F.Kind = LockFindingKind::DoubleLock;
      F.Lock = E.Key;
      F.At = CurrentStmt;
      F.Loc = E.Loc;
      F.Via = E.Via;
      F.ViaLoc = E.ViaLoc;
      F.Through = E.Through;
      F.StoredAt = E.StoredAt;
      F.StoredInto = E.StoredInto;
      for (const auto &A : Acquires[E.Key])
        if (SM.isBeforeInTranslationUnit(A.first, E.Loc))
          F.Prior = A.first;
      if (F.Prior.isInvalid() && !Acquires[E.Key].empty())
        F.Prior = Acquires[E.Key].front().first;
      if (F.Prior == F.Loc) // held on entry (REQUIRES, an assertion)
        F.Prior = SourceLocation();
      Out.Findings.push_back(F);
    }
    // A mutex known not to be recursive cannot be held twice: the thread
    // deadlocked there, and what follows is not a second bug.
    if (E.Kind == EvKind::Acquire &&
        !(MustHeld && Info.Type.RecursionKnown && !Info.Type.Recursive &&
          !Info.Type.Semaphore && !SharedAgain)) {
      S.set(E.Key, acquireBits(V));
      // Free on every path: a fresh mode; else add this one.
      ValueBits Mode = (V & HeldMask) ? S.get(ModeBase + E.Key) : 0;
      S.set(ModeBase + E.Key, Mode | (E.Shared ? ModeShared : ModeExclusive));
    }
    // A callee that takes the lock inside may return holding it.
    if (E.Kind == EvKind::InsideLock && !E.Through && (V & Unknown))
      S.set(E.Key, (V & ~Unknown) | Uncertain);
    break;
  }
  case EvKind::TryAcquire:
    // A guard constructed with try_to_lock: owns on some paths.
    S.set(E.Key, NotOwning | Owning);
    for (KeyId L : GuardLocks[E.Key]) {
      ValueBits V = S.get(L);
      S.set(L, V | acquireBits(V));
    }
    break;
  case EvKind::Release:
    release(E.Key, E.Loc, CurrentStmt, S, Report, !E.Via);
    break;
  case EvKind::GuardOwn:
    S.set(E.Key, Owning);
    break;
  case EvKind::GuardUnlocker:
    S.set(E.Key, Unlocking);
    break;
  case EvKind::GuardDisown:
    S.set(E.Key, NotOwning);
    break;
  case EvKind::GuardLock:
    for (KeyId L : GuardLocks[E.Key]) {
      Ev A{EvKind::Acquire, L, E.Loc};
      A.Shared = SharedGuards.count(E.Key) != 0;
      apply(A, S, Report);
    }
    S.set(E.Key, Owning);
    break;
  case EvKind::GuardUnlock: {
    ValueBits G = S.get(E.Key);
    if (Report && G == NotOwning &&
        Reported.insert({CurrentStmt, E.Key}).second &&
        !GuardLocks[E.Key].empty()) {
      LockFinding F;
      F.Kind = LockFindingKind::GuardNotOwned;
      F.Lock = GuardLocks[E.Key].front();
      F.At = CurrentStmt;
      F.Loc = E.Loc;
      F.GuardName = GuardVars[E.Key - GuardBase]->getNameAsString();
      Out.Findings.push_back(F);
    }
    if (G & Owning)
      for (KeyId L : GuardLocks[E.Key])
        release(L, E.Loc, CurrentStmt, S, Report && G == Owning);
    S.set(E.Key, NotOwning);
    break;
  }
  case EvKind::GuardEscape:
    S.set(E.Key, GuardGone);
    for (KeyId L : GuardLocks[E.Key])
      S.set(L, S.get(L) | Escaped);
    break;
  case EvKind::Escape:
    S.set(E.Key, S.get(E.Key) | Escaped);
    break;
  case EvKind::Assert:
    if (!(S.get(E.Key) & ~EntryMask))
      S.set(E.Key, Held1);
    break;
  case EvKind::Reset:
    S.set(E.Key, Unknown);
    break;
  }
}

bool Analyzer::touches(const CFGElement &E, KeyId L) const {
  auto Names = [&](KeyId K) {
    if (K == L)
      return true;
    if (K < GuardBase || K >= ModeBase)
      return false;
    auto It = GuardLocks.find(K);
    return It != GuardLocks.end() && llvm::is_contained(It->second, L);
  };
  auto AnyEvent = [&](llvm::ArrayRef<Ev> Evs) {
    return llvm::any_of(Evs, [&](const Ev &V) { return Names(V.Key); });
  };
  if (auto Dtor = E.getAs<CFGAutomaticObjDtor>()) {
    auto It = Guards.find(Dtor->getVarDecl());
    return It != Guards.end() && Names(It->second);
  }
  auto CS = E.getAs<CFGStmt>();
  if (!CS)
    return false;
  const Stmt *St = CS->getStmt();
  if (auto It = Events.find(St); It != Events.end() && AnyEvent(It->second))
    return true;
  if (auto It = TryCalls.find(St);
      It != TryCalls.end() && llvm::is_contained(It->second.Locks, L))
    return true;
  if (const auto *DS = dyn_cast<DeclStmt>(St))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (auto It = InitEvents.find(VD);
            It != InitEvents.end() && AnyEvent(It->second))
          return true;
  return false;
}

bool Analyzer::reassigns(const CFGElement &E, const SnapshotKey &N) {
  auto CS = E.getAs<CFGStmt>();
  if (!CS || CS->getStmt() == N.Store)
    return false;
  const Stmt *St = CS->getStmt();
  const Expr *Target = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(St); BO && BO->isAssignmentOp())
    Target = BO->getLHS();
  else if (const auto *U = dyn_cast<UnaryOperator>(St);
           U && (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf))
    Target = U->getSubExpr();
  if (Target)
    return llvm::is_contained(N.Vars, refVar(Target));
  // Declared again (in a loop).
  if (const auto *DS = dyn_cast<DeclStmt>(St))
    return llvm::any_of(DS->decls(), [&](const Decl *D) {
      return llvm::is_contained(N.Vars, dyn_cast<VarDecl>(D));
    });
  return false;
}

void Analyzer::transferElement(const CFGElement &E, const CFGBlock &B,
                               StateMap &S) {
  if (Snapshots.empty())
    return transferLocks(E, S);
  llvm::SmallVector<ValueBits, 4> Before;
  for (const SnapshotKey &N : Snapshots)
    Before.push_back(S.get(N.Lock));
  transferLocks(E, S);
  // A snapshot holds only while nothing else touches its lock, and its
  // variables keep the result.
  auto CS = E.getAs<CFGStmt>();
  for (unsigned I = 0; I < Snapshots.size(); ++I) {
    const SnapshotKey &N = Snapshots[I];
    if (S.get(N.Key) == InitialBit || (CS && CS->getStmt() == N.Call))
      continue;
    if (S.get(N.Lock) != Before[I] || touches(E, N.Lock) || reassigns(E, N))
      S.set(N.Key, InitialBit);
  }
}

void Analyzer::transferLocks(const CFGElement &E, StateMap &S) {
  if (auto CS = E.getAs<CFGStmt>()) {
    const Stmt *St = CS->getStmt();
    CurrentStmt = St;
    if (const auto *DS = dyn_cast<DeclStmt>(St))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D)) {
          auto It = InitEvents.find(VD);
          if (It != InitEvents.end())
            for (const Ev &V : It->second)
              apply(V, S, Reporting);
        }
    auto It = Events.find(St);
    if (It != Events.end())
      for (const Ev &V : It->second)
        apply(V, S, Reporting);
    // A try-lock whose result nobody tests: assume it succeeded.
    auto TIt = TryCalls.find(St);
    if (TIt != TryCalls.end() && TIt->second.AssumeAcquired)
      for (KeyId L : TIt->second.Locks)
        S.set(L, acquireBits(S.get(L)));
    // A try-lock whose result a variable keeps: taken or not.
    else if (TIt != TryCalls.end() && TIt->second.Stored &&
             !TIt->second.Checked && !TIt->second.Guard)
      for (unsigned I = 0; I < TIt->second.Locks.size(); ++I) {
        KeyId L = TIt->second.Locks[I];
        ValueBits V = S.get(L);
        if (TIt->second.Snapshot)
          S.set(TIt->second.Snapshot + I, V << SnapShift);
        S.set(L, V | acquireBits(V));
      }
    return;
  }
  if (auto Dtor = E.getAs<CFGAutomaticObjDtor>()) {
    auto It = Guards.find(Dtor->getVarDecl());
    if (It == Guards.end())
      return;
    KeyId G = It->second;
    ValueBits GV = S.get(G);
    CurrentStmt = Dtor->getTriggerStmt();
    SourceLocation Loc =
        CurrentStmt ? CurrentStmt->getEndLoc() : SourceLocation();
    if (const auto *CSt = dyn_cast_or_null<CompoundStmt>(CurrentStmt))
      Loc = CSt->getRBracLoc();
    if (GV & Unlocking)
      for (KeyId L : GuardLocks[G]) {
        ValueBits V = S.get(L);
        S.set(L, (GV == Unlocking ? 0 : V) | acquireBits(V));
      }
    if (GV & Owning) {
      for (KeyId L : GuardLocks[G]) {
        ValueBits Before = S.get(L);
        release(L, Loc, CurrentStmt, S, Reporting && GV == Owning);
        if (GV != Owning) // owned on some paths only
          S.set(L, S.get(L) | (Before & ~HeldMask));
      }
    }
    S.set(G, NotOwning);
  }
}

void Analyzer::transferEdge(const CFGBlock &From, unsigned SuccIndex,
                            StateMap &S) {
  std::optional<BranchOperand> Branch =
      branchOperand(From, SuccIndex, TU.getContext(), /*ErrorCodes=*/true);
  if (!Branch)
    return;
  bool NonZero = Branch->NonZero;
  const Expr *Op = Branch->Operand;
  // A null lock pointer is no lock (`if (lockvar) lock(lockvar)`): where it
  // is null, the lock has no state, and that path agrees with every other.
  if (!NonZero && Op->getType()->isPointerType())
    if (auto O = resolveLockExpr(Op)) {
      auto KIt = LockKeys.find(O->key());
      if (KIt != LockKeys.end())
        S.set(KIt->second, 0);
    }
  const TryInfo *T = nullptr;
  auto It = TryCalls.find(Op);
  if (It != TryCalls.end())
    T = &It->second;
  else if (const VarDecl *V = refVar(Op)) {
    auto RIt = TryResults.find(V);
    if (RIt != TryResults.end())
      T = &RIt->second;
  } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Op)) {
    // if (lk) / if (lk.owns_lock()) on a guard.
    auto GIt = TryCalls.find(MC);
    if (GIt != TryCalls.end())
      T = &GIt->second;
  }
  if (!T)
    return;
  bool Success = T->Success == TrySuccess::True ? NonZero : !NonZero;
  if (T->Checked) {
    // The failure branch of a lock call that acquired: no lock was taken,
    // and the path is an error path (it aborts, or returns the error): it
    // says nothing of the lock, and agrees with every other path.
    if (!Success)
      for (KeyId L : T->Locks)
        S.set(L, 0);
    return;
  }
  bool WasCall = (isa<CallExpr>(Op) || isa<AtomicExpr>(Op)) && !T->Guard;
  for (unsigned I = 0; I < T->Locks.size(); ++I) {
    KeyId L = T->Locks[I];
    ValueBits V = S.get(L);
    // `rc = trylock(m); ... if (rc == 0)`, nothing done to m in between
    // (or `if ((rc = trylock(m)) == 0)`): what m was before the call, taken
    // once more or not.
    if (T->Snapshot) {
      ValueBits Snap = S.get(T->Snapshot + I);
      ValueBits Prior = Snap >> SnapShift;
      // V == 0: a path where the lock is no lock (a null pointer) keeps
      // no state.
      if (V && !(Snap & InitialBit) && !(V & ~(Prior | acquireBits(Prior)))) {
        S.set(L, Success ? acquireBits(Prior) : Prior);
        continue;
      }
    }
    if (Success) {
      if (WasCall)
        V = acquireBits(V); // the call itself did not change the state
      else if (V & HeldMask)
        V &= HeldMask | Escaped;
    } else if (!WasCall) {
      if (V & (FreeMask))
        V &= FreeMask | Escaped;
    }
    S.set(L, V);
  }
  if (T->Guard)
    S.set(*T->Guard, Success ? Owning : NotOwning);
}

void Analyzer::summarize(const CFG &Cfg, ForwardDataflow &DF) {
  // Per lock: at every normal exit, what state is it in?
  std::map<KeyId, ValueBits> AtExit, ModeAtExit;
  bool AnyExit = false;
  for (const ForwardDataflow::NormalExit &X : DF.normalExits()) {
    for (KeyId K = 0; K < Out.Locks.size(); ++K) {
      AtExit[K] |= X.State.get(K);
      ModeAtExit[K] |= X.State.get(ModeBase + K);
    }
    AnyExit = true;
  }
  for (KeyId K = 0; K < Out.Locks.size(); ++K) {
    const LockInfo &L = Out.Locks[K];
    if ((L.Origin.K == LockOrigin::Local && !isCapturedLocal(L.Origin, FD)) ||
        Required.count(K) || Asserted.count(K))
      continue;
    LockEffect E;
    E.Origin = L.Origin;
    ValueBits V = AtExit[K];
    if (ReleasedFromEntry.count(K) && Acquires[K].empty())
      Out.ReleasedNeverTaken.push_back(K);
    if (ReleasedFromEntry.count(K)) {
      // Unlocks the caller's lock: a release wrapper, or a function that
      // drops the lock for a while and takes it back (no net effect).
      if (AnyExit && V == ReleasedUnknown) {
        E.Kind = LockEffect::NetRelease;
        if (!Releases[K].empty())
          E.Loc = Releases[K].front().first;
        Out.Summary.push_back(E);
      }
      continue;
    }
    if (AnyExit && V && !(V & ~HeldMask)) {
      E.Kind = LockEffect::NetAcquire;
      E.Shared = ModeAtExit[K] == ModeShared;
      if (!Acquires[K].empty())
        E.Loc = Acquires[K].front().first;
    } else if (!Acquires[K].empty()) {
      E.Kind = LockEffect::Inside;
      E.Loc = Acquires[K].front().first;
    } else if (auto It = InsideViaCallable.find(K);
               It != InsideViaCallable.end()) {
      E.Kind = LockEffect::Inside;
      E.Loc = It->second;
    } else {
      continue;
    }
    Out.Summary.push_back(E);
  }
}

/// How a returned value reads: success (0, true, a non-null pointer),
/// failure (a negative integer, false, null) or neither (a Status object, a
/// count).
enum class ReturnValue { Success, Failure, Unknown };
/// Whether every use of \p V in \p S reads it (never assigns it, takes its
/// address or binds a reference to it).
static bool onlyRead(const Stmt *S, const VarDecl *V, ParentMap &PM) {
  if (!S)
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S); DRE && DRE->getDecl() == V) {
    const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(PM.getParent(S));
    return Cast && Cast->getCastKind() == CK_LValueToRValue;
  }
  for (const Stmt *Child : S->children())
    if (!onlyRead(Child, V, PM))
      return false;
  return true;
}

static ReturnValue classifyReturn(const ReturnStmt *R, ASTContext &Ctx,
                                  const FunctionDecl *FD, ParentMap &PM) {
  if (!R || !R->getRetValue() || R->getRetValue()->isValueDependent())
    return ReturnValue::Unknown;
  const Expr *E = R->getRetValue();
  // `int ret = -1; ... return ret;` with `ret` never changed: its value.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
        V && V->hasLocalStorage() && !isa<ParmVarDecl>(V) && V->getInit() &&
        !V->getType().isVolatileQualified() &&
        !V->getType()->isReferenceType() && onlyRead(FD->getBody(), V, PM))
      E = V->getInit();
  QualType T = E->getType();
  if (T->isPointerType())
    return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull)
               ? ReturnValue::Failure
               : ReturnValue::Success;
  if (!T->isIntegralOrEnumerationType())
    return ReturnValue::Unknown;
  Expr::EvalResult V;
  if (!E->EvaluateAsInt(V, Ctx))
    return ReturnValue::Unknown;
  const llvm::APSInt &I = V.Val.getInt();
  if (T->isBooleanType())
    return I == 0 ? ReturnValue::Failure : ReturnValue::Success;
  // Integers: 0 is success and a negative value an error (-1, -EINVAL);
  // other values are data.
  if (I == 0)
    return ReturnValue::Success;
  return I.isSigned() && I.isNegative() ? ReturnValue::Failure
                                        : ReturnValue::Unknown;
}

static bool isFullStatement(const Stmt *S, ParentMap &PM,
                            const CompoundStmt *&Parent) {
  const Stmt *P = PM.getParent(S);
  while (P && isa<ExprWithCleanups>(P))
    P = PM.getParent(P);
  Parent = dyn_cast_or_null<CompoundStmt>(P);
  return Parent != nullptr;
}

HeldList Analyzer::heldList(const StateMap &S, std::optional<KeyId> Except) {
  HeldList H;
  S.forEach([&](KeyId K, ValueBits V) {
    if (K >= GuardBase || (V & Escaped) || K == Except)
      return;
    HeldLock L;
    L.Lock = K;
    if (V & HeldMask) {
      L.Kind = (V & FreeMask) ? HeldKind::May : HeldKind::Must;
      L.ReadOnly =
          L.Kind == HeldKind::Must && S.get(ModeBase + K) == ModeShared;
    } else if (V && !(V & ~(Released | ReleasedUnknown)))
      // Released on every path: taken here first, or the caller's.
      L.Kind = HeldKind::Free;
    else
      return;
    H.push_back(L);
  });
  llvm::sort(
      H, [](const HeldLock &A, const HeldLock &B) { return A.Lock < B.Lock; });
  return H;
}

/// Records, for the checks, what is held before \p St: its entry in HeldAt,
/// the acquisitions it performs with the locks held before them, and the
/// state of the mutex a condition wait names.
void Analyzer::record(const Stmt *St, const StateMap &S) {
  HeldList H = heldList(S, std::nullopt);
  if (!H.empty())
    Out.HeldAt.try_emplace(St, H);

  auto Acquisition = [&](KeyId L, SourceLocation Loc, const VarDecl *Guard,
                         const FunctionDecl *Via, SourceLocation ViaLoc,
                         bool Shared, bool Unordered) {
    if (!Recorded.insert({St, L}).second)
      return;
    LockAcquisition A;
    A.Lock = L;
    A.At = St;
    A.Loc = Loc;
    A.Guard = Guard;
    A.Via = Via;
    A.ViaLoc = ViaLoc;
    A.Shared = Shared;
    A.Unordered = Unordered;
    for (const HeldLock &Held : heldList(S, L))
      if (Held.Kind != HeldKind::Free)
        A.HeldBefore.push_back(Held);
    Out.Acquisitions.push_back(std::move(A));
  };
  if (auto It = Events.find(St); It != Events.end()) {
    unsigned N = 0;
    // What a callback may take is no acquisition of this call for sure.
    // A spin loop's test-and-set waits for the flag as a lock does.
    auto Acquiring = [](const Ev &E) {
      return (E.Kind == EvKind::Acquire || E.Kind == EvKind::InsideLock ||
              E.Kind == EvKind::SpinTest) &&
             !E.Through;
    };
    for (const Ev &E : It->second)
      N += Acquiring(E)                  ? 1
           : E.Kind == EvKind::GuardLock ? GuardLocks[E.Key].size()
                                         : 0;
    for (const Ev &E : It->second) {
      if (Acquiring(E))
        Acquisition(E.Key, E.Loc, nullptr, E.Via, E.ViaLoc, E.Shared, N > 1);
      else if (E.Kind == EvKind::GuardLock)
        for (KeyId L : GuardLocks[E.Key])
          Acquisition(L, E.Loc, GuardVars[E.Key - GuardBase], nullptr, {},
                      false, N > 1);
    }
  }
  if (const auto *DS = dyn_cast<DeclStmt>(St))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D)) {
        auto It = InitEvents.find(VD);
        if (It == InitEvents.end())
          continue;
        unsigned N = llvm::count_if(
            It->second, [](const Ev &E) { return E.Kind == EvKind::Acquire; });
        for (const Ev &E : It->second)
          if (E.Kind == EvKind::Acquire)
            Acquisition(E.Key, E.Loc, VD, nullptr, {}, E.Shared, N > 1);
      }
  if (const auto *Call = dyn_cast<CallExpr>(St)) {
    auto It = WaitCalls.find(Call);
    if (It != WaitCalls.end()) {
      WaitSite W;
      W.Call = Call;
      W.Lock = It->second.first;
      W.Guard = It->second.second;
      if (W.Guard) {
        KeyId G = Guards.lookup(W.Guard);
        ValueBits V = S.get(G);
        if (KnownGuards.count(G) && !(V & GuardGone))
          W.State = V == Owning    ? HeldKind::Must
                    : (V & Owning) ? HeldKind::May
                                   : HeldKind::Free;
      } else if (W.Lock) {
        for (const HeldLock &L : H)
          if (L.Lock == *W.Lock)
            W.State = L.Kind;
      }
      if (W.Guard) {
        auto G = Guards.find(W.Guard);
        if (G != Guards.end())
          W.Mutexes.append(GuardLocks[G->second].begin(),
                           GuardLocks[G->second].end());
      } else if (W.Lock) {
        W.Mutexes.push_back(*W.Lock);
      }
      SourceLocation CallLoc = Call->getBeginLoc();
      for (unsigned L : W.Mutexes)
        for (const auto &Rel : Releases[L])
          if (SM.isBeforeInTranslationUnit(Rel.first, CallLoc) &&
              (W.ReleasedAt.isInvalid() ||
               SM.isBeforeInTranslationUnit(W.ReleasedAt, Rel.first)))
            W.ReleasedAt = Rel.first;
      Out.Waits.push_back(W);
    }
  }
}

Analyzer::HandlerUnlockMap Analyzer::handlerUnlocks() {
  HandlerUnlockMap Map;
  for (const auto &[K, Sites] : Releases)
    for (const auto &[Loc, At] : Sites) {
      if (!At || !isa<CallExpr>(At))
        continue;
      const Stmt *Child = At;
      for (const Stmt *P = PM->getParent(At); P;
           Child = P, P = PM->getParent(P)) {
        if (const auto *C = dyn_cast<CXXCatchStmt>(P)) {
          const auto *T = dyn_cast_or_null<CXXTryStmt>(PM->getParent(C));
          if (!T)
            break;
          SourceRange Block = T->getTryBlock()->getSourceRange();
          bool TakenInTry = llvm::any_of(Acquires[K], [&](const auto &A) {
            return !SM.isBeforeInTranslationUnit(A.first, Block.getBegin()) &&
                   SM.isBeforeInTranslationUnit(A.first, Block.getEnd());
          });
          if (TakenInTry)
            Map[T].push_back({K, At, Loc, SourceLocation()});
          break;
        }
        // Only an unlock every path through the handler runs.
        if (const auto *If = dyn_cast<IfStmt>(P); If && If->getCond() != Child)
          break;
        if (isa<SwitchStmt>(P) || isa<ConditionalOperator>(P) ||
            isa<WhileStmt>(P) || isa<ForStmt>(P) || isa<CXXForRangeStmt>(P))
          break;
        if (const auto *BO = dyn_cast<BinaryOperator>(P);
            BO && BO->isLogicalOp() && BO->getRHS() == Child)
          break;
      }
    }
  return Map;
}

void Analyzer::throwToHandlers(const Stmt *St, const StateMap &S,
                               HandlerUnlockMap &Unlocks) {
  // The innermost try block around the statement: its handlers catch first.
  const CXXTryStmt *Try = nullptr;
  const Stmt *Child = St;
  for (const Stmt *P = PM->getParent(St); P; Child = P, P = PM->getParent(P)) {
    if (isa<CXXCatchStmt>(P))
      return; // a throw out of a handler goes further out
    if (const auto *T = dyn_cast<CXXTryStmt>(P);
        T && T->getTryBlock() == Child) {
      Try = T;
      break;
    }
  }
  auto It = Try ? Unlocks.find(Try) : Unlocks.end();
  if (It == Unlocks.end())
    return;
  const FunctionDecl *Thrower = nullptr;
  if (TU.getThrowAnalysis().throwKind(St, Thrower) != ThrowKind::Visible)
    return;
  for (HandlerUnlock &U : It->second) {
    ValueBits V = S.get(U.Lock);
    if ((V & (HeldMask | Escaped | Uncertain)) || !(V & (Unknown | Released)))
      continue;
    // The first such throw in source order.
    SourceLocation Loc = isa<CallExpr>(St) ? cast<CallExpr>(St)->getExprLoc()
                                           : St->getBeginLoc();
    if (U.ThrowAt.isValid() && !SM.isBeforeInTranslationUnit(Loc, U.ThrowAt))
      continue;
    U.ThrowAt = Loc;
    U.Thrower = Thrower;
  }
}

void Analyzer::report(const CFG &Cfg, ForwardDataflow &DF) {
  Reporting = true;
  ThrowAnalysis &Throws = TU.getThrowAnalysis();
  // Per lock: exits reached with it held, and whether some exit is free.
  std::map<KeyId, std::vector<LockExit>> HeldExits;
  std::set<KeyId> FreeSomewhere, ReleasedOnSomePath;
  // The return statements (null: falling off the end) reached with the lock
  // held on every path, and with it free on every path.
  std::map<KeyId, std::vector<const ReturnStmt *>> HeldRets, FreeRets;
  HandlerUnlockMap HandlerUnlocks = handlerUnlocks();

  DF.replay([&](const CFGElement &E, const CFGBlock &B, const StateMap &S) {
    auto CS = E.getAs<CFGStmt>();
    if (!CS)
      return;
    const Stmt *St = CS->getStmt();
    record(St, S);
    if (!isa<CallExpr>(St) && !isa<CXXConstructExpr>(St) &&
        !isa<CXXThrowExpr>(St))
      return;
    if (!HandlerUnlocks.empty())
      throwToHandlers(St, S, HandlerUnlocks);
    // Locks taken by hand (no owning guard) are leaked by an exception.
    llvm::SmallVector<KeyId, 4> Manual;
    S.forEach([&](KeyId K, ValueBits V) {
      if (K >= GuardBase || !(V & HeldMask) || (V & Escaped))
        return;
      for (const auto &[G, Locks] : GuardLocks)
        if (S.get(G) & Owning)
          for (KeyId L : Locks)
            if (L == K)
              return;
      Manual.push_back(K);
    });
    if (Manual.empty())
      return;
    // Acquiring or releasing the lock itself is no throwing call.
    auto EvIt = Events.find(St);
    if (EvIt != Events.end())
      return;
    const FunctionDecl *Thrower = nullptr;
    ThrowKind Kind = Throws.throwKind(St, Thrower);
    if (Kind == ThrowKind::None || ThrowAnalysis::isInsideTryBlock(St, *PM))
      return;
    SourceLocation Loc = isa<CallExpr>(St) ? cast<CallExpr>(St)->getExprLoc()
                                           : St->getBeginLoc();
    for (KeyId K : Manual) {
      LockExit X;
      X.Kind = LockExitKind::Exception;
      X.Loc = Loc;
      X.Thrower = Thrower;
      X.VisibleThrow = Kind == ThrowKind::Visible;
      X.SomePaths = (S.get(K) & FreeMask) != 0;
      HeldExits[K].push_back(X);
    }
  });

  // Unlocks in catch handlers that a throw reaches with the lock not held.
  for (auto &[Try, Unlocks] : HandlerUnlocks)
    for (const HandlerUnlock &U : Unlocks) {
      if (!U.ThrowAt.isValid() || !Reported.insert({U.At, U.Lock}).second)
        continue;
      LockFinding F;
      F.Kind = LockFindingKind::UnlockUnheld;
      F.Reason = UnheldReason::ThrownBeforeLock;
      F.Lock = U.Lock;
      F.At = U.At;
      F.Loc = U.Loc;
      F.AllPaths = false;
      F.Prior = U.ThrowAt;
      F.Thrower = U.Thrower;
      Out.Findings.push_back(F);
    }

  for (const ForwardDataflow::NormalExit &X : DF.normalExits()) {
    const StateMap &S = X.State;
    const ReturnStmt *Ret = X.Return;
    for (KeyId K = 0; K < Out.Locks.size(); ++K) {
      ValueBits V = S.get(K);
      if (V & Escaped)
        continue;
      if (V & (Released | EntryMask | ReleasedUnknown))
        FreeSomewhere.insert(K);
      if (V & (Released | ReleasedUnknown))
        ReleasedOnSomePath.insert(K);
      if (!(V & HeldMask)) {
        FreeRets[K].push_back(Ret);
        continue;
      }
      if (!(V & FreeMask))
        HeldRets[K].push_back(Ret);
      else
        HeldRets[K].push_back(nullptr); // mixed: no API shape
      LockExit X;
      X.SomePaths = (V & FreeMask) != 0;
      if (Ret) {
        X.Kind = LockExitKind::Return;
        X.Loc = Ret->getBeginLoc();
        const auto *Body = dyn_cast<CompoundStmt>(FD->getBody());
        X.Final = Body && !Body->body_empty() && Body->body_back() == Ret;
      } else {
        X.Final = true;
        X.Kind = LockExitKind::FallOff;
        if (const auto *Body = dyn_cast<CompoundStmt>(FD->getBody()))
          X.Loc = Body->getRBracLoc();
      }
      HeldExits[K].push_back(X);
    }
  }

  // Functions annotated to acquire a lock hold it on purpose.
  bool AcquireWrapper = FD->hasAttr<AcquireCapabilityAttr>() ||
                        FD->hasAttr<TryAcquireCapabilityAttr>();
  for (auto &[K, Exits] : HeldExits) {
    if (AcquireWrapper || Acquires[K].empty())
      continue;
    // Held on every normal exit: an acquire function, unless nothing can
    // call it back (a thread entry, main): the checks decide. A semaphore
    // held there was consumed on purpose.
    bool EveryExit = !FreeSomewhere.count(K);
    if (EveryExit && (Out.Locks[K].Type.Semaphore ||
                      llvm::all_of(Exits, [](const LockExit &X) {
                        return X.Kind == LockExitKind::Exception;
                      })))
      continue;
    // The function releases this lock without having taken it: it runs with
    // the caller's lock held (drops it around slow work, or is a pause /
    // resume switch), so holding it at an exit is no leak.
    if (ReleasedFromEntry.count(K) || Required.count(K) || Asserted.count(K))
      continue;
    // An acquire-on-success API (a try-lock wrapper, "returns 0 with the
    // lock held"): every exit holding the lock returns success and every
    // exit without it returns failure (0, true or non-null against a
    // negative integer, false or null).
    auto Reads = [&](const std::vector<const ReturnStmt *> &Rets,
                     ReturnValue Want) {
      return !Rets.empty() && llvm::all_of(Rets, [&](const ReturnStmt *R) {
        return classifyReturn(R, TU.getContext(), FD, *PM) == Want;
      });
    };
    bool AcquireOnSuccess = Reads(HeldRets[K], ReturnValue::Success) &&
                            Reads(FreeRets[K], ReturnValue::Failure);
    if (AcquireOnSuccess && Releases[K].empty())
      Out.AcquiredOnSuccess.push_back(K);
    if (AcquireOnSuccess && llvm::none_of(Exits, [](const LockExit &X) {
          return X.Kind == LockExitKind::Exception;
        }))
      continue;
    // A semaphore still held where the function ends normally was consumed
    // on purpose (a counter of items); one held at an early exit leaks.
    if (Out.Locks[K].Type.Semaphore &&
        llvm::any_of(Exits, [](const LockExit &X) { return X.Final; }))
      continue;
    LockFinding F;
    F.Kind = LockFindingKind::Unreleased;
    F.Lock = K;
    F.Exits = Exits;
    F.AcquireOnSuccess = AcquireOnSuccess;
    // The caller can tell whether it got the lock: from the value returned,
    // from the object constructed, or from the state of the object or
    // argument the lock belongs to (tested again around the release). The
    // checks decide with the exception exits they keep.
    bool CallerCanTell = isa<CXXConstructorDecl>(FD) ||
                         !FD->getReturnType()->isVoidType() ||
                         Out.Locks[K].Origin.K == LockOrigin::Param ||
                         Out.Locks[K].Origin.K == LockOrigin::This ||
                         isCapturedLocal(Out.Locks[K].Origin, FD);
    F.ConditionalAcquire =
        CallerCanTell && Releases[K].empty() && !ReleasedOnSomePath.count(K);
    F.EveryExit = EveryExit;
    // Notes in source order, whatever order the CFG lists its blocks in.
    llvm::stable_sort(F.Exits, [&](const LockExit &A, const LockExit &B) {
      return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
    });
    // Report at the acquisition: the first one in source order.
    F.Loc = Acquires[K].front().first;
    F.At = Acquires[K].front().second;
    // Scope-shaped: one `m.lock();` and one `m.unlock();`, full statements,
    // the unlock being the last statement of the lock's compound statement.
    if (Acquires[K].size() == 1 && Releases[K].size() == 1 &&
        Acquires[K].front().second && Releases[K].front().second) {
      const CompoundStmt *LockParent = nullptr, *UnlockParent = nullptr;
      const Stmt *LockS = Acquires[K].front().second;
      const Stmt *UnlockS = Releases[K].front().second;
      if (isa<CXXMemberCallExpr>(LockS) && isa<CXXMemberCallExpr>(UnlockS) &&
          isFullStatement(LockS, *PM, LockParent) &&
          isFullStatement(UnlockS, *PM, UnlockParent) &&
          LockParent == UnlockParent && LockParent->body_back() == UnlockS) {
        F.LockStmt = LockS;
        F.UnlockStmt = UnlockS;
      }
    }
    Out.Findings.push_back(F);
  }
}

/// Whether \p S can change a lock's state: a lock operation, a guard, or a
/// call of a function of this translation unit whose summary has an effect.
/// A cheap walk of the AST, so that most functions skip the CFG.
static bool touchesLocks(const Stmt *S, const FunctionDecl *FD, TUAnalysis &TU,
                         const LockModelOptions &Opts) {
  if (!S)
    return false;
  if (isa<LambdaExpr>(S) || isa<BlockExpr>(S))
    return false;
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (isGuardType(VD->getType(), Opts))
          return true;
  if (isa<AtomicExpr>(S) &&
      classifySpinOp(cast<AtomicExpr>(S)).Kind != LockOpKind::None)
    return true;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    if (classifyLockCall(Call, Opts).Kind != LockOpKind::None)
      return true;
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && Callee->hasAttr<AssertCapabilityAttr>())
      return true;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      if (classifyGuardMember(MC->getMethodDecl(), Opts) !=
          GuardMemberKind::None)
        return true;
    const FunctionDecl *Def = nullptr;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->hasBody(Def) && Def && Def != FD &&
        !TU.getSourceManager().isInSystemHeader(Def->getLocation()))
      if (const LocksetResult *R = TU.getLocksetIfAvailable(Def, Opts))
        if (!R->Summary.empty())
          return true;
    // A lock function of another file.
    if (Callee && !Def)
      if (const InferredLockFunction *F = TU.getLockApi().function(Callee);
          F && F->External)
        return true;
  }
  for (const Stmt *Child : S->children())
    if (touchesLocks(Child, FD, TU, Opts))
      return true;
  return false;
}

void Analyzer::collectRequired() {
  for (const auto *A : FD->specific_attrs<RequiresCapabilityAttr>())
    for (const Expr *Arg : A->args())
      if (auto K = lockKey(Arg))
        Required.insert(*K);
}

void Analyzer::run() {
  collectRequired();
  if (Required.empty() && !touchesLocks(FD->getBody(), FD, TU, Opts))
    return;
  const CFG *Cfg = TU.getCFG(FD);
  PM = TU.getParentMap(FD);
  if (!Cfg || !PM)
    return;
  collect(FD->getBody());
  if (Out.Locks.empty())
    return;
  for (const CallExpr *Call : CallbackCalls)
    onCallback(Call);
  // Conditions worth keeping apart are those of branches that lock or
  // unlock: the statements around a lock operation.
  llvm::DenseSet<const Stmt *> AroundLocks;
  auto Mark = [&](const Stmt *S) {
    for (; S && AroundLocks.insert(S).second; S = PM->getParent(S))
      ;
  };
  for (const auto &KV : Events)
    Mark(KV.first);
  for (const auto &KV : TryCalls)
    Mark(KV.first);
  for (const auto &KV : GuardDeclStmts)
    Mark(KV.first);
  ConditionAtoms Atoms(FD, TU.getContext(), &AroundLocks);
  ForwardDataflow DF(*Cfg, *this, &Atoms);
  if (!DF.run())
    return;
  Out.Analyzed = true;
  Out.AcquireLocs.resize(Out.Locks.size());
  for (const auto &[K, Sites] : Acquires)
    if (K < Out.AcquireLocs.size())
      for (const auto &Site : Sites)
        Out.AcquireLocs[K].push_back(Site.first);
  for (auto &Locs : Out.AcquireLocs)
    llvm::stable_sort(Locs, [&](SourceLocation A, SourceLocation B) {
      return SM.isBeforeInTranslationUnit(A, B);
    });
  summarize(*Cfg, DF);
  report(*Cfg, DF);
  // The replay visits blocks in CFG order: keep what it records in source
  // order.
  llvm::stable_sort(Out.Acquisitions,
                    [&](const LockAcquisition &A, const LockAcquisition &B) {
                      return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
                    });
  llvm::stable_sort(Out.Waits, [&](const WaitSite &A, const WaitSite &B) {
    return SM.isBeforeInTranslationUnit(A.Call->getBeginLoc(),
                                        B.Call->getBeginLoc());
  });
  llvm::stable_sort(Out.Findings,
                    [&](const LockFinding &A, const LockFinding &B) {
                      return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
                    });
  // One finding per bug: once a mutex is locked twice, the acquisitions of
  // it that follow deadlock in the same way.
  std::set<unsigned> Doubled;
  llvm::erase_if(Out.Findings, [&](const LockFinding &F) {
    return F.Kind == LockFindingKind::DoubleLock &&
           !Doubled.insert(F.Lock).second;
  });
}

} // namespace

std::optional<LockOrigin> mapLockToCaller(const LockOrigin &O,
                                          const CallExpr *Call,
                                          const FunctionDecl *Callee,
                                          const FunctionDecl *Caller) {
  return mapToCaller(O, Call, Callee, Caller);
}

LocksetResult analyzeLockset(const FunctionDecl *FD, TUAnalysis &TU,
                             const LockModelOptions &Opts) {
  LocksetResult R;
  Analyzer A(FD, TU, Opts, R);
  A.run();
  return R;
}

} // namespace lockcheck
