//===--- LocksetInternal.h - the Lockset engine's shared code ---*- C++ -*-===//
//
// What the files implementing analyzeLockset (Lockset.h) share and nothing
// else uses: the encoding of a lock's and a guard's state in the dataflow's
// bits, the events a statement performs, and the per-function Analyzer whose
// members are defined by concern in LocksetOps.cpp (the lock operations),
// LocksetCallees.cpp (summaries of callees), LocksetTryLock.cpp (try-locks
// and spin locks), LocksetTransfer.cpp (the transfer function),
// LocksetRecord.cpp (what the checks read), LocksetExits.cpp (the findings at
// the exits) and Lockset.cpp (the driver).
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_LOCKSETINTERNAL_H
#define LOCKCHECK_ANALYSIS_LOCKSETINTERNAL_H

#include "checks/analysis/Dataflow.h"
#include "checks/analysis/Lockset.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/model/LockModel.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lockcheck {

/// An array index that names one element for the whole function: a literal
/// or a variable; empty for anything else (LockOrigin.cpp).
std::string indexText(const clang::Expr *Idx);

namespace lockset_impl {

using namespace clang;

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

/// The state of a lock after it is taken, or released, once more.
ValueBits acquireBits(ValueBits V);
ValueBits releaseBits(ValueBits V);

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

/// The name of the lock at \p Fields inside what \p Base designates, as the
/// caller would write it (LocksetOps.cpp).
std::string fieldPathName(const Expr *Base,
                          llvm::ArrayRef<const FieldDecl *> Fields,
                          llvm::StringRef BaseName);
/// Whether the value of \p E is thrown away (LocksetOps.cpp).
bool isDiscardedValue(const Expr *E, ParentMap &PM);
/// A local of a function enclosing \p FD that \p FD captures
/// (LocksetCallees.cpp).
bool isCapturedLocal(const LockOrigin &O, const FunctionDecl *FD);

} // namespace lockset_impl
} // namespace lockcheck

#endif
