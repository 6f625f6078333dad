//===--- SharedData.h - data two threads can reach --------------*- C++ -*-===//
//
// Which accesses, in code that runs on a thread (ThreadEntries), touch data
// another thread can reach: globals, namespace and class statics,
// function-local statics, members of the object a member function runs on
// (or of a shared global or local), locals of a starting function captured
// by reference or handed to the thread by pointer or std::ref. Not shared:
// std::atomic and the other synchronisation types, thread_local, const,
// locals that do not escape, the object under construction or destruction,
// data only touched inside std::call_once / pthread_once.
//
// Each access carries its thread contexts and the locks held there (its
// function's lockset plus the locks every call path into the function
// holds). Each variable has a guard: its GUARDED_BY/PT_GUARDED_BY lock when
// annotated, else the lock held at most of its accesses.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_SHAREDDATA_H
#define LOCKCHECK_ANALYSIS_SHAREDDATA_H

#include "checks/analysis/Lockset.h"
#include "checks/analysis/ThreadEntries.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lockcheck {

class TUAnalysis;

struct SharedAccess {
  const clang::Expr *E = nullptr; ///< the access (a variable or member use)
  /// The statement of a compound statement holding the access, if the
  /// access is in an expression statement (for fix-its).
  const clang::Stmt *Statement = nullptr;
  const clang::FunctionDecl *FD = nullptr;
  bool Write = false;
  ContextSet Contexts;
  /// Lock classes (LockOrigin::classKey) held on every path, and on some.
  std::set<std::string> Locks;
  std::set<std::string> MayLocks;
  /// Those of Locks held for reading only (a shared lock): other readers
  /// hold them at the same time.
  std::set<std::string> ReadLocks;
  clang::SourceLocation Loc;
  /// The function takes a lock guard by reference (`const
  /// std::unique_lock<std::mutex> &`): its callers hold a lock for it, by
  /// contract, also those lockcheck cannot see.
  bool CallerHoldsLock = false;
};

struct SharedVariable {
  const clang::ValueDecl *Decl = nullptr; ///< the VarDecl or last FieldDecl
  std::string Name;                       ///< "balance", "stats.count"
  std::vector<SharedAccess> Accesses;
  /// The guard's lock class: declared (GUARDED_BY) or inferred; empty if
  /// none.
  std::string Guard;
  bool Declared = false;
  /// Accesses holding the guard.
  unsigned GuardedCount = 0;
  /// Some access holds some lock.
  bool AnyLocked = false;
  /// For a member reached through `this` (whatever the object): its class.
  std::string OwnerClass;
  /// The member's class orders its threads with atomics and has no lock of
  /// its own (lock-free code): its plain members may be handed over through
  /// those atomics.
  bool LockFreeClass = false;
};

/// A lock as a fix-it would name it.
struct LockRef {
  LockOrigin Origin;
  std::string Name;
  LockableInfo Type;
};

class SharedData {
public:
  SharedData(TUAnalysis &TU, const LockModelOptions &Opts);
  const std::vector<SharedVariable> &variables() const { return Vars; }
  /// A representative of a lock class seen in this TU.
  const LockRef *lockOf(const std::string &ClassKey) const {
    auto It = Locks.find(ClassKey);
    return It == Locks.end() ? nullptr : &It->second;
  }
  std::string lockName(const std::string &ClassKey) const;
  /// Whether a lock of class \p LockClass may guard \p V: for a member
  /// reached through `this`, only a lock of its own class or a global.
  static bool mayGuard(llvm::StringRef LockClass, const SharedVariable &V);
  /// The lock classes \p A holds in thread context \p C: its own, and those
  /// every call path from \p C holds around its function.
  std::set<std::string> locksIn(const SharedAccess &A,
                                const ThreadContext &C) const;
  /// Whether \p A (in context \p X) and \p B (in context \p Y), two accesses
  /// of \p V, can happen at the same time: the contexts run concurrently,
  /// hold no common lock, and are not, as far as anything tells, accesses of
  /// two different objects (a member of a class, written under another
  /// class's lock on one side and under none on the other).
  bool mayRace(const SharedVariable &V, const SharedAccess &A,
               const ThreadContext &X, const SharedAccess &B,
               const ThreadContext &Y) const;

  /// Whether \p W, a write without \p Guard (a lock class), initialises
  /// the data with the lock: its function initialises a lock of that class
  /// before it and starts no thread in between (`pthread_mutex_init(&m);
  /// count = 0;`). No access under the lock can come first: the lock is
  /// not usable until its initialisation is published.
  bool writtenAtLockInit(const SharedAccess &W, llvm::StringRef Guard) const;

private:
  void scanFunction(const clang::FunctionDecl *FD);
  /// \p Only: the entries whose contexts the access is for (empty: all).
  void addAccess(const std::string &Key, const clang::ValueDecl *D,
                 std::string Name, const clang::Expr *E,
                 const clang::FunctionDecl *FD,
                 llvm::ArrayRef<unsigned> Only = {});
  void infer();
  /// Whether \p Index, in a function a thread runs, holds a value of that
  /// thread's own: a by-value capture or an argument taken from a variable
  /// of the loop that starts the threads, never changed by the thread.
  bool perThreadIndex(const clang::Expr *Index,
                      const clang::FunctionDecl *FD) const;

  TUAnalysis &TU;
  const LockModelOptions &Opts;
  const ThreadEntries &TE;
  std::vector<SharedVariable> Vars;
  std::map<std::string, unsigned> Index;
  std::map<std::string, LockRef> Locks;
  /// Locals of starting functions that threads refer to, and the callee
  /// parameters bound to them.
  llvm::DenseSet<const clang::VarDecl *> EscapedLocals;
  /// Per callee parameter, the variables threads bind it to, with the
  /// entry binding each.
  llvm::DenseMap<
      const clang::ParmVarDecl *,
      llvm::SmallVector<std::pair<const clang::VarDecl *, unsigned>, 1>>
      BoundParams;
  /// Local pointers of starting functions whose pointee (only) a thread
  /// shares.
  llvm::DenseSet<const clang::VarDecl *> PointeeOnly;
  /// The functions that start a thread, or call one that does (canonical
  /// declarations; built by writtenAtLockInit on first use).
  mutable std::optional<llvm::DenseSet<const clang::FunctionDecl *>> Starting;
};

/// How an access (a variable or member use) uses the data.
struct AccessUse {
  bool Write = false;
  /// The index of the element it reaches (`v[i]`), if any.
  const clang::Expr *SlotIndex = nullptr;
  /// The statement of a compound statement holding it, when it is in an
  /// expression statement (for fix-its).
  const clang::Stmt *Statement = nullptr;
};
AccessUse classifyAccess(const clang::Expr *E, const clang::FunctionDecl *FD,
                         TUAnalysis &TU);

/// Whether \p FD takes a lock guard by reference (`const
/// std::unique_lock<std::mutex> &`): its callers hold a lock for it, by
/// contract, also those lockcheck cannot see.
bool takesGuardByReference(const clang::FunctionDecl *FD,
                           const LockModelOptions &Opts);

/// The locks \p FD holds (Must or May) at expression \p E.
HeldList locksAround(const clang::Expr *E, const clang::FunctionDecl *FD,
                     TUAnalysis &TU, const LockModelOptions &Opts);

/// The locks an access at \p E is made under: locksAround, and the caller's
/// lock that \p FD releases on every path without taking it (memcached's
/// `extstore_write` unlocks the page `extstore_write_request` returned
/// locked), before its first release: the caller holds it there, or the
/// release is undefined.
HeldList locksAtAccess(const clang::Expr *E, const clang::FunctionDecl *FD,
                       TUAnalysis &TU, const LockModelOptions &Opts);

/// Whether \p FD ends the process on every path: no loop, and no path
/// reaches its end, each ending in `exit`, `_exit`, `_Exit`, `quick_exit`
/// or `abort` (pigz's `cut_short`, a signal and error handler). What it
/// writes on its way out races with nothing that matters.
bool endsProcess(const clang::FunctionDecl *FD, TUAnalysis &TU);

/// Whether \p F, a member reached through `this` in \p FD, belongs to the
/// object \p FD constructs or destroys (its own member or an inherited
/// one): no other thread reaches that object yet, or any more.
bool underConstruction(const clang::FunctionDecl *FD,
                       const clang::FieldDecl *F);

/// The locals of starting functions that the threads of \p TE refer to:
/// captured by reference, or handed over by pointer or std::ref.
llvm::DenseSet<const clang::VarDecl *>
localsSharedWithThreads(const ThreadEntries &TE);

/// Types whose objects synchronise themselves or are never data: atomics,
/// mutexes, condition variables, threads, futures, once flags, semaphores.
bool isSynchronizationType(clang::QualType T);

} // namespace lockcheck

#endif
