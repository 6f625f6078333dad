//===--- Lockset.h - which locks are held where -----------------*- C++ -*-===//
//
// Forward dataflow over Clang's CFG of one function: per program point, the
// locks held on all paths (must) and on some path (may), with counts for
// recursive mutexes; RAII guards (owning or not, released where they are
// destroyed); try-locks split on their branch; exceptional exits at calls
// that may throw; and summaries of the functions of the same translation
// unit, so a call to a helper that locks or unlocks is seen through.
//
// The result lists the lock misuse the checks report: double locks, unlocks
// of locks not held, and locks held on some exit and released on another.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_LOCKSET_H
#define LOCKCHECK_ANALYSIS_LOCKSET_H

#include "checks/model/LockModel.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>
#include <vector>

namespace lockcheck {

class TUAnalysis;

/// Where a lock lives, relative to the function that names it: a global, a
/// field path from `this`, a field path from a parameter, or a local.
struct LockOrigin {
  enum Kind { Global, This, Param, Local } K = Local;
  const clang::VarDecl *Var = nullptr; ///< Global, Param or Local base
  unsigned ParamIndex = 0;
  llvm::SmallVector<const clang::FieldDecl *, 2> Fields;
  std::string Suffix; ///< array index text, e.g. "[i]"
  /// Identity within one function: `this->a.m` and `p->a.m` differ.
  std::string key() const;
  /// Identity across functions and translation units, by class as lockdep
  /// does: a global or static mutex by its qualified name, a member mutex by
  /// its (class, field), so `a.m` and `b.m` of one class are the same class.
  /// A local without fields, or a parameter that is itself the mutex, has no
  /// identity outside its function: its key names the function.
  std::string classKey() const;
  /// The class as the user reads it: "Account::mu", "g_lock".
  std::string className() const;
};

/// Resolves the expression naming a lock (`m`, `&m`, `this->mu_`, `obj.m`,
/// `p->m`, a reference bound to one of those) to its origin. Returns nothing
/// for locks whose identity cannot be told (returned by a call, ...).
std::optional<LockOrigin> resolveLockExpr(const clang::Expr *E);

/// The name of the lock at \p Fields inside what \p Base (named
/// \p BaseName) designates, as the caller would write it: `mu.m` for `&mu`,
/// `q->mu` for `q`, `mu_` for `this`.
std::string lockPathName(const clang::Expr *Base,
                         llvm::ArrayRef<const clang::FieldDecl *> Fields,
                         llvm::StringRef BaseName);

/// The name of a lock or condition variable as the user wrote it (`m`,
/// `q->mu` for `&q->mu`, `mu_` for `this->mu_`), or \p Fallback.
std::string lockExprName(const clang::Expr *E, const clang::SourceManager &SM,
                         const clang::LangOptions &LO,
                         llvm::StringRef Fallback);

struct LockInfo {
  LockOrigin Origin;
  std::string Key;
  std::string Name; ///< as spelled at its first use, without '&'
  LockableInfo Type;
};

enum class LockFindingKind {
  DoubleLock,
  UnlockUnheld,
  GuardNotOwned, ///< unique_lock::unlock() on a guard that owns nothing
  Unreleased,
};

enum class LockExitKind { Return, FallOff, Exception };

struct LockExit {
  LockExitKind Kind = LockExitKind::Return;
  clang::SourceLocation Loc;
  const clang::FunctionDecl *Thrower = nullptr;
  /// Exception: the throw can be seen (ThrowKind::Visible), not only assumed
  /// of a function declared elsewhere.
  bool VisibleThrow = false;
  bool SomePaths = false; ///< held on some of the paths reaching this exit
  bool Final = false;     ///< the function's last statement or closing brace
};

/// UnlockUnheld: why the lock is not held at the unlock.
enum class UnheldReason {
  /// Released before on some path (a double unlock).
  Released,
  /// Taken on some paths only, with no condition that pairs the unlock
  /// with them; the unlock runs on every path.
  SomePathsOnly,
  /// In a catch handler that an exception thrown before the lock was taken
  /// (in its try block) reaches: Prior is the throw, Thrower its callee.
  ThrownBeforeLock,
  /// The function never takes the lock: a release on behalf of its caller,
  /// unless no caller holds it (the checks decide).
  NeverTaken,
};

struct LockFinding {
  LockFindingKind Kind = LockFindingKind::DoubleLock;
  unsigned Lock = 0; ///< index into LocksetResult::Locks
  const clang::Stmt *At = nullptr;
  clang::SourceLocation Loc;
  /// DoubleLock: the acquisition already holding it. UnlockUnheld: where it
  /// was released before. Unreleased: unused.
  clang::SourceLocation Prior;
  /// The acquisition happens inside this called function, at CalleeLoc.
  const clang::FunctionDecl *Via = nullptr;
  clang::SourceLocation ViaLoc;
  /// DoubleLock through a callback: the call at Loc goes through this
  /// variable or field (a function pointer, a std::function), and Via was
  /// stored into StoredInto (Through, or a parameter or variable Through is
  /// assigned from) at StoredAt.
  const clang::NamedDecl *Through = nullptr;
  const clang::NamedDecl *StoredInto = nullptr;
  clang::SourceLocation StoredAt;
  bool AllPaths = true;
  UnheldReason Reason = UnheldReason::Released;
  const clang::FunctionDecl *Thrower = nullptr;
  std::string GuardName;
  /// Unreleased: the exits reached with the lock held.
  std::vector<LockExit> Exits;
  /// Unreleased, for the fix-it: the `m.lock();` statement and the one
  /// `m.unlock();` that ends its scope, when the pair is scope-shaped.
  const clang::Stmt *LockStmt = nullptr;
  const clang::Stmt *UnlockStmt = nullptr;
  /// Unreleased: the normal exits have the shape of an acquire-on-success
  /// API (held where it returns success, free where it returns failure), so
  /// only the exception exits make it a finding.
  bool AcquireOnSuccess = false;
  /// Whether the lock is released on some exit of the function (always true
  /// for reported Unreleased findings) and no guard owns it.
  bool Manual = true;
  /// Unreleased: the function never releases the lock, and every exit
  /// either holds it (it was taken on that path) or never took it: it
  /// acquires on some paths on purpose (a start gate, an optional guard, a
  /// try-acquire helper). Only a leak in a function that cannot be an
  /// acquire function (a thread entry, main): the checks decide.
  bool ConditionalAcquire = false;
  /// Unreleased: every normal exit holds the lock (the function acquires
  /// it for its caller). Only a leak in a function that cannot be an
  /// acquire function (a thread entry, main): the checks decide.
  bool EveryExit = false;
};

/// What a call to a function does to the locks it can name for its caller.
struct LockEffect {
  LockOrigin Origin;
  enum { NetAcquire, NetRelease, Inside } Kind = Inside;
  clang::SourceLocation Loc; ///< the acquisition or release inside
  bool Shared = false;
};

/// What is known of a lock (or of a guard's ownership) at a program point.
enum class HeldKind {
  Must,    ///< held on every path reaching the point
  May,     ///< held on some paths only
  Free,    ///< released by this function on every path (not held)
  Unknown, ///< as the caller left it: not taken or released here
};

struct HeldLock {
  unsigned Lock = 0; ///< index into LocksetResult::Locks
  HeldKind Kind = HeldKind::Must;
  /// Must: held for reading only (a shared acquisition on every path), so
  /// other readers hold it at the same time.
  bool ReadOnly = false;
};
using HeldList = llvm::SmallVector<HeldLock, 2>;

/// One acquisition of a lock, with the locks held just before it: the edges
/// of a lock-order graph.
struct LockAcquisition {
  unsigned Lock = 0;
  const clang::Stmt *At = nullptr; ///< the call, or the guard's DeclStmt
  clang::SourceLocation Loc;
  /// Taken by this guard's constructor or its lock().
  const clang::VarDecl *Guard = nullptr;
  /// Taken inside this called function (its summary), at ViaLoc.
  const clang::FunctionDecl *Via = nullptr;
  clang::SourceLocation ViaLoc;
  /// Taken together with other locks, without ordering (std::lock,
  /// std::scoped_lock of several).
  bool Unordered = false;
  bool Shared = false;
  /// Must and May entries only; never the lock itself.
  HeldList HeldBefore;
};

/// A condition wait, and whether the thread holds the mutex it names.
struct WaitSite {
  const clang::CallExpr *Call = nullptr;
  std::optional<unsigned> Lock;          ///< pthread_cond_wait(&c, &m)
  const clang::VarDecl *Guard = nullptr; ///< cv.wait(lk)
  HeldKind State = HeldKind::Unknown;
  /// The locks the wait releases while it sleeps: Lock, or the locks of
  /// Guard. Every other lock held at the wait stays held.
  llvm::SmallVector<unsigned, 1> Mutexes;
  /// The last release of one of Mutexes before the wait, in source order
  /// (invalid when none): where a wait on a mutex not held lost it.
  clang::SourceLocation ReleasedAt;
};

/// A call of a function that releases a lock it did not take (a release
/// wrapper), and what the caller knows of that lock just before the call.
struct CalleeRelease {
  const clang::Stmt *Call = nullptr;
  unsigned Lock = 0;
  /// Must, May, Free (released before on every path), or Unknown.
  HeldKind State = HeldKind::Unknown;
  /// Unknown because nothing before the call took, released or may have
  /// taken it: the caller's own caller's state.
  bool Untouched = false;
};

struct LocksetResult {
  std::vector<LockInfo> Locks;
  std::vector<CalleeRelease> CalleeReleases;
  std::vector<LockFinding> Findings;
  std::vector<LockEffect> Summary;
  std::vector<LockAcquisition> Acquisitions;
  std::vector<WaitSite> Waits;
  /// Before each statement of the function's CFG where some lock's state is
  /// known (Must, May or Free): those locks.
  llvm::DenseMap<const clang::Stmt *, HeldList> HeldAt;
  /// Locks held exactly on the exits that return success (0, true,
  /// non-null) and free on those that return failure: the function is a
  /// try-acquire of them.
  std::vector<unsigned> AcquiredOnSuccess;
  /// Locks the function releases (on some path) and never takes: it gives
  /// them up for whoever holds them (its caller, or the function that
  /// registered it as a callback).
  std::vector<unsigned> ReleasedNeverTaken;
  bool Analyzed = false;

  /// The locks known at \p S (empty when none is known).
  llvm::ArrayRef<HeldLock> heldAt(const clang::Stmt *S) const {
    auto It = HeldAt.find(S);
    return It == HeldAt.end() ? llvm::ArrayRef<HeldLock>()
                              : llvm::ArrayRef<HeldLock>(It->second);
  }
  /// The index of the lock \p E names, if this function tracks it.
  std::optional<unsigned> findLock(const clang::Expr *E) const;
  /// Where \p Lock was taken before \p Loc: the last acquisition in this
  /// function that precedes it in source order (else the first one);
  /// invalid when the function never takes it (held on entry).
  clang::SourceLocation acquiredBefore(unsigned Lock, clang::SourceLocation Loc,
                                       const clang::SourceManager &SM) const;
  /// Per lock, its acquisitions in this function, in source order.
  std::vector<std::vector<clang::SourceLocation>> AcquireLocs;
};

/// The lock \p O of \p Callee as \p Caller names it at \p Call (through
/// the call's object and arguments, a lambda's captures, or a global), or
/// nothing when the caller cannot name it.
std::optional<LockOrigin> mapLockToCaller(const LockOrigin &O,
                                          const clang::CallExpr *Call,
                                          const clang::FunctionDecl *Callee,
                                          const clang::FunctionDecl *Caller);

/// Analyses one function. Called through TUAnalysis::getLockset, which
/// caches the result and breaks recursion between summaries.
LocksetResult analyzeLockset(const clang::FunctionDecl *FD, TUAnalysis &TU,
                             const LockModelOptions &Opts);

} // namespace lockcheck

#endif
