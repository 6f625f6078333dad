//===--- ThreadEntries.h - which code runs on which thread ------*- C++ -*-===//
//
// The thread start sites of a translation unit (std::thread/std::jthread
// constructions, emplace into containers of threads, std::async without
// launch::deferred, pthread_create, thrd_create), each with the function its
// callable runs, the arguments it hands over, whether it is detached and
// where it is joined; and, through the TU's call graph, which functions each
// entry reaches, with the locks held at every call path into them.
//
// Two kinds of thread context: a function reached from entry E runs *on* E's
// thread; a statement of E's starting function between the start and the
// join of E (and what it calls) runs *alongside* E, on the starting thread.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_THREADENTRIES_H
#define LOCKCHECK_ANALYSIS_THREADENTRIES_H

#include "checks/analysis/LockApi.h"
#include "checks/model/LockModel.h"
#include "checks/model/ThreadModel.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <map>
#include <set>
#include <string>
#include <vector>

namespace lockcheck {

class TUAnalysis;

struct ThreadEntry {
  unsigned Id = 0;
  ThreadCreation Creation;
  /// The function holding the start, and the start (construction or call).
  const clang::FunctionDecl *Starter = nullptr;
  const clang::Stmt *StartStmt = nullptr;
  clang::SourceLocation StartLoc;
  /// The function the thread runs; null when it cannot be told.
  const clang::FunctionDecl *Callee = nullptr;
  /// A member function pointer: Creation.Args[0] is the object.
  bool ObjectArg = false;
  /// Started in a loop of the starting function: runs concurrently with
  /// itself.
  bool InLoop = false;
  /// Started by a function that returns with it running and is called
  /// twice or in a loop: runs concurrently with itself (InLoop is set).
  bool Repeated = false;
  /// The local, parameter or member holding the thread (std::thread,
  /// container of threads, pthread_t, thrd_t, std::future); null for a
  /// temporary.
  const clang::ValueDecl *Handle = nullptr;
  /// Started through this thread-start wrapper (a function passing its
  /// parameter as a thread's callable); null for a direct start.
  const clang::FunctionDecl *Wrapper = nullptr;
  /// The wrapper keeps the thread in this member of the object it is called
  /// on (Handle is then that object).
  const clang::FieldDecl *HandleField = nullptr;
  /// The wrapper joins the thread before it returns.
  bool WrapperJoins = false;
  /// The start inside the wrapper (through wrappers of wrappers: the one
  /// that calls the thread API). For a task submitted to a pool: the start
  /// of a worker thread of the pool.
  const clang::Stmt *WrapperStart = nullptr;
  const clang::FunctionDecl *WrapperStartIn = nullptr;
  /// A task submitted to a pool (Wrapper is the submit function): the
  /// pool's index in ThreadEntries::pools() plus one; 0 for a thread.
  unsigned Pool = 0;
  /// Detached: detach() / pthread_detach / thrd_detach on the handle in the
  /// starting function, `std::thread(f).detach()`, or a detached attribute.
  bool Detached = false;
  clang::SourceLocation DetachLoc;
  /// Where the starting function joins it (join(), pthread_join, thrd_join,
  /// future get()/wait(), a jthread's or future's end of scope), in source
  /// order.
  llvm::SmallVector<clang::SourceLocation, 2> Joins;
  /// Locals of the starting function the callable refers to: captured by
  /// reference, or handed over by pointer or std::ref.
  struct LocalRef {
    const clang::VarDecl *Var = nullptr;
    clang::SourceLocation Loc; ///< the capture or the argument
    bool Captured = false;     ///< a lambda capture (else an argument)
    /// The callee's parameter that receives it (arguments only).
    const clang::ParmVarDecl *Param = nullptr;
  };
  llvm::SmallVector<LocalRef, 2> LocalRefs;
  /// Data the thread reaches through a parameter of its function that
  /// LocalRefs does not list: a global handed over by pointer or reference
  /// (`pthread_create(&t, 0, worker, &counter)`), or what a local pointer
  /// handed over by value points to (`worker, ctx`; PointeeOnly). The
  /// pointee of a pointer declared in the loop that starts the threads is
  /// each thread's own and is not listed.
  struct Binding {
    const clang::ParmVarDecl *Param = nullptr;
    const clang::VarDecl *Var = nullptr;
    bool PointeeOnly = false;
  };
  llvm::SmallVector<Binding, 1> Bindings;

  /// The first join after the start, or invalid if none.
  clang::SourceLocation firstJoin() const {
    return Joins.empty() ? clang::SourceLocation() : Joins.front();
  }
};

/// A thread context (see the file comment).
struct ThreadContext {
  unsigned Entry = 0;
  bool Alongside = false; ///< on the starting thread while Entry runs
  bool operator<(const ThreadContext &O) const {
    return Entry != O.Entry ? Entry < O.Entry : Alongside < O.Alongside;
  }
  bool operator==(const ThreadContext &O) const {
    return Entry == O.Entry && Alongside == O.Alongside;
  }
};
using ContextSet = std::set<ThreadContext>;

class ThreadEntries {
public:
  ThreadEntries(TUAnalysis &TU, const LockModelOptions &Opts);

  llvm::ArrayRef<ThreadEntry> entries() const { return Entries; }
  bool empty() const { return Entries.empty(); }

  /// The contexts \p FD runs in (empty if no entry reaches it).
  const ContextSet &contexts(const clang::FunctionDecl *FD) const;
  /// The contexts statement \p S of \p FD runs in: those of FD, plus
  /// "alongside E" for each entry E that FD starts and S runs between the
  /// start and the join of.
  ContextSet contextsAt(const clang::FunctionDecl *FD,
                        const clang::Stmt *S) const;
  /// The lock classes (LockOrigin::classKey) held on every call path from a
  /// thread context into \p FD.
  const std::set<std::string> &
  contextLocks(const clang::FunctionDecl *FD) const;
  /// The lock classes held on every call path into \p FD from the thread
  /// context \p C (a superset of contextLocks(FD)).
  const std::set<std::string> &contextLocks(const clang::FunctionDecl *FD,
                                            const ThreadContext &C) const;
  /// One call on the way from a thread context to a function.
  struct PathStep {
    const clang::FunctionDecl *Caller = nullptr;
    const clang::Stmt *At = nullptr; ///< the call
    const clang::FunctionDecl *Callee = nullptr;
  };
  /// The calls from the root of context \p C (the thread's function, or the
  /// starting function for an alongside context) to \p FD, in order; empty
  /// when \p FD is the root.
  std::vector<PathStep> callPath(const clang::FunctionDecl *FD,
                                 const ThreadContext &C) const;
  /// Whether statement \p S of \p FD cannot run on any thread because of
  /// the arguments: it sits in a branch on a parameter of \p FD that is
  /// never assigned, and every call through which a thread reaches \p FD
  /// passes a constant that rules the branch out (`flush(/*async=*/1)` and
  /// the statement under `if (!async)`).
  bool prunedByArguments(const clang::FunctionDecl *FD,
                         const clang::Stmt *S) const;
  /// The same, for the call through which context \p C first reaches \p FD
  /// only: whether that path (the one callPath shows) rules \p S out.
  bool prunedIn(const clang::FunctionDecl *FD, const clang::Stmt *S,
                const ThreadContext &C) const;
  /// The lock name (as the user reads it) of a class key seen in a context.
  std::string lockName(const std::string &ClassKey) const;

  /// Whether S, a statement of E's starting function, runs after E's start
  /// and before its first join (or anywhere after the start when E is never
  /// joined there).
  bool runsBetweenStartAndJoin(const ThreadEntry &E,
                               const clang::Stmt *S) const;

  /// A stretch of a function that calls E's starting function (directly or
  /// through callers) while E's thread is not joined there: from the call
  /// to the first call of a function that joins E's handle (or the end).
  /// Its statements run alongside E, like the starting function's own
  /// statements after the start.
  struct Region {
    unsigned Entry = 0;
    const clang::Stmt *Call = nullptr; ///< the call that starts the thread
    const clang::FunctionDecl *Callee = nullptr; ///< what the call calls
    clang::SourceLocation From;  ///< the call's end, or its loop's start
    clang::SourceLocation Until; ///< the joining call; invalid: the end
  };
  /// The region of \p FD holding \p S for entry \p Entry, if any.
  const Region *regionAt(const clang::FunctionDecl *FD, const clang::Stmt *S,
                         unsigned Entry) const;
  /// The functions with regions.
  llvm::ArrayRef<const clang::FunctionDecl *> regionFunctions() const {
    return RegionOrder;
  }
  /// Whether two contexts can run at the same time on different threads.
  bool concurrent(const ThreadContext &A, const ThreadContext &B) const;
  bool concurrent(const ContextSet &A, const ContextSet &B) const;
  /// Whether code of \p A and code of \p B can run at the same time on
  /// different threads (A == B: whether A runs on two threads at once).
  bool mayRunConcurrently(const clang::FunctionDecl *A,
                          const clang::FunctionDecl *B) const;
  /// Whether two statements (of \p FA and \p FB) can run at the same time.
  bool mayRunConcurrently(const clang::FunctionDecl *FA, const clang::Stmt *A,
                          const clang::FunctionDecl *FB,
                          const clang::Stmt *B) const;
  /// Whether `this` in \p FD may be an object another thread can reach:
  /// false only for a function reached solely through calls on objects the
  /// calling thread owns (a local of the caller used for nothing but member
  /// access, a temporary, the object a constructor builds, or `this` of a
  /// caller with the same property). Starting functions and functions not
  /// reached are conservatively shared.
  bool sharedThis(const clang::FunctionDecl *FD) const;
  /// Whether the object a call site runs its callee on may be shared, the
  /// caller's own `this` being shared or not as \p CallerShared says.
  bool objectShared(const clang::FunctionDecl *Caller, const clang::Stmt *At,
                    bool CallerShared) const;
  /// The thread API inferred from the translation unit's bodies (start,
  /// join and detach wrappers), in source order, for `--dump-model`.
  std::vector<LockApiEntry> listing() const;
  /// A thread-start wrapper of the translation unit: the function, the
  /// parameter it passes as the thread's callable, and the start inside it
  /// (through wrappers of wrappers, the one that calls the thread API) with
  /// the wrapper holding it (null for a pool's submit function, whose start
  /// is a worker's).
  struct StartWrapperInfo {
    const clang::FunctionDecl *Wrapper = nullptr;
    unsigned CallableParam = 0;
    const clang::Stmt *Inner = nullptr;
    const clang::FunctionDecl *InnerIn = nullptr;
  };
  /// The thread-start wrappers defined in the translation unit, in the
  /// order of TUAnalysis::functions().
  std::vector<StartWrapperInfo> startWrappers() const;
  /// A pool: a queue (a container member or global, or the function field
  /// of a task node) into which submit functions store callables and from
  /// which worker threads take them and call them.
  struct PoolInfo {
    const clang::NamedDecl *Queue = nullptr;
    /// The worker threads (entries) and the function of theirs that calls
    /// the tasks, at TaskCall.
    llvm::SmallVector<unsigned, 2> Workers;
    const clang::FunctionDecl *Runner = nullptr;
    const clang::Stmt *TaskCall = nullptr;
    /// More than one worker: tasks run at the same time as each other.
    bool Concurrent = false;
    /// Queue is the function field of a task node (else a container).
    bool NodeField = false;
  };
  llvm::ArrayRef<PoolInfo> pools() const { return Pools; }
  /// The pool a task entry was submitted to, or null for a thread.
  const PoolInfo *poolOf(const ThreadEntry &E) const {
    return E.Pool ? &Pools[E.Pool - 1] : nullptr;
  }
  /// Whether \p FD is reached from some thread context.
  bool reached(const clang::FunctionDecl *FD) const {
    return Reach.count(FD) != 0;
  }
  /// Every function reached, in a deterministic order.
  llvm::ArrayRef<const clang::FunctionDecl *> reachedFunctions() const {
    return ReachedOrder;
  }
  /// Lambdas handed to std::call_once / functions handed to pthread_once:
  /// they run once, whatever the thread.
  bool isOnceBody(const clang::FunctionDecl *FD) const {
    return OnceBodies.count(FD) != 0;
  }

private:
  struct CallSite {
    const clang::Stmt *At;
    const clang::FunctionDecl *Callee;
  };
  struct ReachInfo {
    ContextSet Contexts;
    std::set<std::string> Locks;
    bool LocksKnown = false;
    bool SharedThis = false;
    /// Per context: the locks held on every call path from it.
    std::map<ThreadContext, std::set<std::string>> CtxLocks;
    /// Per context: the caller and call that first brought it here (null
    /// for the thread's own function).
    std::map<ThreadContext,
             std::pair<const clang::FunctionDecl *, const clang::Stmt *>>
        Via;
  };
  void collect();
  void collectHandleWrappers();
  void collectStartWrappers();
  /// Creates the entries of the calls of the start wrappers (and makes
  /// wrappers of their callers); the entries \p Wrapped (starts inside
  /// wrappers) are replaced by them.
  void expandWrappers(llvm::ArrayRef<unsigned> Wrapped);
  void collectPools();
  /// A call of a function of the ThreadStartFunctions option, as a thread
  /// creation.
  std::optional<ThreadCreation> configuredCreation(const clang::Expr *E) const;
  /// Whether \p Call is a call of a function of the ThreadJoinFunctions
  /// option that joins \p H (its first argument, or its object).
  bool configuredJoin(const clang::CallExpr *Call,
                      const clang::ValueDecl *H) const;
  /// For a task submitted at \p E: the calls after the submit that may
  /// wait for it (a member of the pool object or a function handed the
  /// pool, other than a submit; a call named like a wait or a join).
  void poolWaits(ThreadEntry &E);
  void markRepeatedStarts();
  void finishEntry(ThreadEntry &E);
  void collectRegions();
  bool inRegion(const Region &R, const clang::Stmt *S) const;
  /// Whether every one of \p Calls rules out the branch holding \p S.
  bool ruledOut(const clang::FunctionDecl *FD, const clang::Stmt *S,
                llvm::ArrayRef<const clang::Stmt *> Calls) const;
  void propagate();
  const std::vector<CallSite> &callSites(const clang::FunctionDecl *FD);
  std::set<std::string> locksAt(const clang::FunctionDecl *FD,
                                const clang::Stmt *S);
  bool overlap(const ThreadEntry &A, const ThreadEntry &B) const;

  TUAnalysis &TU;
  const LockModelOptions &Opts;
  std::vector<ThreadEntry> Entries;
  /// A thread-start wrapper: which of its parameters are the callable, the
  /// thread's arguments and the handle out-parameter, and what it does with
  /// the thread.
  struct StartWrapper {
    ThreadStartKind Kind = ThreadStartKind::PThread;
    int FnParam = -1;
    llvm::SmallVector<int, 2> ArgParams; ///< per thread argument, or -1
    int HandleParam = -1;
    bool Detached = false;
    bool Joined = false;
    bool InLoop = false;
    const clang::FieldDecl *HandleField = nullptr;
    const clang::Stmt *Inner = nullptr;
    const clang::FunctionDecl *InnerIn = nullptr;
    unsigned Pool = 0; ///< a pool's submit function: ThreadEntry::Pool
  };
  llvm::DenseMap<const clang::FunctionDecl *, StartWrapper> StartWrappers;
  std::set<const clang::Stmt *> WrapperCalls;
  /// Join (true) and detach (false) wrappers, by canonical declaration,
  /// with the parameter holding the handle.
  llvm::DenseMap<const clang::FunctionDecl *, std::pair<unsigned, bool>>
      HandleWrappers;
  /// Member functions joining a thread member of their object.
  llvm::DenseMap<const clang::FunctionDecl *, const clang::FieldDecl *>
      FieldJoiners;
  llvm::DenseMap<const clang::FunctionDecl *, llvm::SmallVector<Region, 1>>
      Regions;
  std::vector<const clang::FunctionDecl *> RegionOrder;
  llvm::DenseMap<const clang::FunctionDecl *, llvm::SmallVector<unsigned, 2>>
      StartedIn;
  llvm::DenseMap<const clang::FunctionDecl *, ReachInfo> Reach;
  std::vector<const clang::FunctionDecl *> ReachedOrder;
  llvm::DenseMap<const clang::FunctionDecl *, std::vector<CallSite>> Calls;
  std::set<const clang::Stmt *> StartStmts;
  std::set<const clang::FunctionDecl *> OnceBodies;
  std::vector<PoolInfo> Pools;
  /// The functions tasks submitted to a pool run: a pool's task call
  /// (through the node's function field) does not reach them again.
  std::set<const clang::FunctionDecl *> PoolTaskCallees;
  std::map<std::string, std::string> LockNames;
  /// Locals of callers that stay with the thread running them (cache of
  /// objectShared).
  mutable llvm::DenseMap<const clang::VarDecl *, bool> OwnedLocals;
  /// Per function reached, the calls through which thread contexts reach
  /// it (the thread's start for an entry).
  llvm::DenseMap<const clang::FunctionDecl *,
                 llvm::SmallVector<const clang::Stmt *, 4>>
      ReachCalls;
};

} // namespace lockcheck

#endif
