//===--- Summary.h - what one translation unit tells the others -*- C++ -*-===//
//
// The facts of a translation unit that the checks of other translation units
// need: per function defined in user code (keyed by its USR), the calls it
// makes, the locks it takes, the blocking calls it makes and the shared data
// it touches, each with the locks held there; and the threads the unit
// starts. Plain data (no AST), so a worker process can ship it, a cache keep
// it and a shard write it; the merge (merge/) reads every unit's summary and
// finds what no unit sees alone. The format is versioned and documented in
// docs/summary-format.md.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_SUMMARY_SUMMARY_H
#define LOCKCHECK_SUMMARY_SUMMARY_H

#include "checks/analysis/LockApiFacts.h"
#include "checks/analysis/LockOrder.h"
#include <string>
#include <vector>

namespace lockcheck {

/// Bumped whenever the meaning or the layout of a summary changes: a cache
/// entry or a shard output of another version is not used.
constexpr unsigned SummaryVersion = 6;

/// A lock held at a point, as every translation unit names it.
struct HeldFact {
  std::string Lock;    ///< class key (LockOrigin::classKey)
  std::string Name;    ///< as the user reads it at that point: "m", "mu_"
  OrderPlace TakenAt;  ///< where this function took it (invalid: on entry)
  bool Shared = false; ///< held for reading only
};

/// A function passed to a call (`thread_create(&t, worker, arg)`).
struct FunctionArgFact {
  unsigned Index = 0;   ///< the argument's position, from 0
  std::string Function; ///< USR
  std::string Name;     ///< for messages
};

/// A parameter of the calling function passed on as an argument
/// (`nni_task_init(&aio->a_task, NULL, cb, arg)` in `nni_aio_init(aio, cb,
/// arg)`): what makes a wrapper of a thread-start wrapper one too.
struct ParamArgFact {
  unsigned Index = 0; ///< the argument's position, from 0
  unsigned Param = 0; ///< the caller's parameter, from 0
};

/// A call of a function by USR.
struct CallFact {
  std::string Callee;     ///< USR
  std::string CalleeName; ///< for messages: "'flush'", "the lambda"
  OrderPlace At;
  std::vector<HeldFact> Held; ///< held on every path to the call
  /// The arguments that name a function.
  std::vector<FunctionArgFact> FunctionArgs;
  /// The arguments that are the caller's own parameters.
  std::vector<ParamArgFact> ParamArgs;
  /// Made in a loop that retries a lock's initialisation (see
  /// retriesInitialisation), or a call of a function that does not return:
  /// whether the callee blocks does not count.
  bool Retry = false;
  /// Of Held, the locks a callback the caller registered before the call
  /// releases without taking them (BlockingAnalysis::releasedByCallbacks):
  /// they may be free where the callee blocks.
  std::vector<std::string> CallbackReleased;
  /// The locks the call takes as the caller's analysis sees it (the callee
  /// is an acquire function of this file or another): class keys.
  std::vector<std::string> Acquires;
};

/// An acquisition of a lock by the function itself (not inside a callee).
struct AcquireFact {
  std::string Lock;
  std::string Name;
  /// A global or static lock: the same lock wherever it is named (a member
  /// lock of one class may be another object's).
  bool Global = false;
  /// Recursive (or not known not to be): taking it twice is no deadlock.
  bool Recursive = false;
  bool Shared = false;
  OrderPlace At;
  std::vector<HeldFact> Held; ///< held just before, on every path
};

/// A call that blocks (a blocking API of the model).
struct BlockingFact {
  std::string Api; ///< "sleep", "std::thread::join"
  OrderPlace At;
  std::vector<HeldFact> Held;
};

/// A read or write of shared data.
struct AccessFact {
  /// "g:<qualified name>" for a global or static (internal linkage: plus
  /// "@<file>"); the USR of a function-local static.
  std::string Var;
  std::string Name; ///< as the user reads it
  bool Write = false;
  OrderPlace At;
  std::vector<HeldFact> Held;
};

/// The function stores its parameter into a function-pointer field
/// (`t->fn = fn;`), or calls through one (`t->fn(t->arg)`). Fields are
/// named "f:<struct or class>::<field>".
struct ParamStoreFact {
  unsigned Param = 0; ///< from 0
  std::string Field;
};
struct FieldCallFact {
  std::string Field;
  OrderPlace At;
};

/// Whose object an access or a call reaches, as the function knows it: its
/// own (a local object, an object it allocated and has not handed over
/// yet, the object its constructor or destructor runs on), the object it
/// runs on or one a parameter points to or names (owned when every caller
/// passes one of its own), or any other (shared as far as it knows).
struct ObjectRef {
  enum Kind { Shared, Owned, This, Param } K = Shared;
  unsigned Index = 0; ///< Param: the parameter, from 0
  bool operator==(const ObjectRef &O) const {
    return K == O.K && (K != Param || Index == O.Index);
  }
};

/// A read or write of a member of a struct or class, reached through
/// `this`, a pointer or a reference (`p->count`, `s.count`, `count_`),
/// keyed by (record, field) as member locks are (LockOrigin::classKey):
/// every object of the class is one. Members of globals are AccessFacts.
struct MemberAccessFact {
  std::string Field; ///< "f:<struct or class>::<field>"
  std::string Name;  ///< as the user reads it: "c->count", "count_"
  bool Write = false;
  OrderPlace At;
  std::vector<HeldFact> Held;       ///< held on every path
  std::vector<std::string> MayHeld; ///< lock classes held on some paths
  ObjectRef Object;
};

struct ArgObjectFact {
  unsigned Index = 0; ///< the argument's position, from 0
  ObjectRef Object;
};

/// A call that hands the callee an object it may own: the object a member
/// function runs on, and the pointer or reference arguments that are not
/// Shared (those are left out).
struct CallObjectsFact {
  OrderPlace At; ///< the call, as CallFact::At
  std::string Callee;
  ObjectRef This;
  std::vector<ArgObjectFact> Args;
};

/// A lock the function returns holding, which the check of its file takes
/// for an acquire function's (lockcheck-unreleased-lock: held on every
/// normal exit, or a conditional acquire): its callers release it, or not.
struct HeldOnExitFact {
  std::string Lock; ///< class key
  std::string Name;
  OrderPlace At; ///< the acquisition (the check's place for a finding)
  /// Taken at a call of this user function (USR) at At.
  std::string Via;
  /// Held on the paths that took it only (a conditional acquire).
  bool Conditional = false;
  /// A thread entry or main: the check of the file reports it.
  bool Reported = false;
};

/// A lock the function initialises (`pthread_mutex_init`, or an
/// initialisation function of any file): data it writes after, before it
/// starts a thread, is initialised with the lock.
struct LockInitFact {
  std::string Lock; ///< class key
  OrderPlace At;
};

struct FunctionSummary {
  std::string Usr;
  std::string Name;    ///< qualified name
  std::string Display; ///< for messages: "'flush'", "the lambda"
  OrderPlace At;       ///< the definition's name
  std::vector<CallFact> Calls;
  std::vector<AcquireFact> Acquires;
  std::vector<BlockingFact> Blocking;
  std::vector<AccessFact> Accesses;
  std::vector<ParamStoreFact> ParamStores;
  std::vector<FieldCallFact> FieldCalls;
  std::vector<MemberAccessFact> MemberAccesses;
  std::vector<CallObjectsFact> CallObjects;
  /// Locks returned holding (acquire-wrapper candidates).
  std::vector<HeldOnExitFact> HeldOnExit;
  /// The class keys of the locks the function releases somewhere, itself,
  /// through a release function (of any file) or a guard it builds.
  std::vector<std::string> Releases;
  /// The locks it initialises, in source order.
  std::vector<LockInitFact> Inits;
};

/// A thread start: the function the thread runs.
struct ThreadStartFact {
  std::string Entry;     ///< USR
  std::string EntryName; ///< for messages: "'worker'", "the lambda"
  std::string Starter;   ///< USR of the function holding the start
  OrderPlace At;
  /// Started through a thread-start wrapper of another file (set by the
  /// merge): its name and the start inside it.
  std::string Wrapper;
  OrderPlace WrapperAt;
  /// A trampoline wrapper: the function-pointer field through which the
  /// thread calls the function (WrapperAt is that call).
  std::string WrapperField;
  /// Started in a loop or more than once: the thread runs concurrently
  /// with itself.
  bool Many = false;
};

/// A thread-start wrapper defined in the unit: its calls, in any file,
/// start a thread running the function passed as its argument.
struct StartWrapperFact {
  std::string Usr;
  std::string Name;           ///< for messages
  unsigned CallableParam = 0; ///< from 0
  OrderPlace InnerStart;      ///< where the wrapper starts the thread
};

struct TUSummary {
  unsigned Version = SummaryVersion;
  /// The main file, absolute.
  std::string File;
  /// In the order of their definitions.
  std::vector<FunctionSummary> Functions;
  std::vector<ThreadStartFact> Starts;
  std::vector<StartWrapperFact> StartWrappers;
  /// The lock functions the unit defines that others can call.
  std::vector<LockApiFact> LockApi;
  /// The user functions the unit names other than by calling them (their
  /// address taken: callbacks, tables of operations), by USR: they may
  /// have callers the summaries do not show.
  std::vector<std::string> AddressTaken;

  bool empty() const { return Functions.empty() && Starts.empty(); }
};

} // namespace lockcheck

#endif
