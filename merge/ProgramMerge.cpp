//===--- ProgramMerge.cpp - the findings no translation unit sees ---------===//

#include "merge/ProgramMerge.h"
#include "merge/AcquireWrappers.h"
#include "merge/CrossFileLockOrder.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <tuple>

using namespace llvm;

namespace lockcheck {

namespace {
/// Keeps in \p Into only the locks \p Other holds too (the locks held on
/// every path into a function); whether that changed it.
bool keepCommon(std::set<std::string> &Into,
                const std::set<std::string> &Other) {
  std::set<std::string> Both;
  std::set_intersection(Into.begin(), Into.end(), Other.begin(), Other.end(),
                        std::inserter(Both, Both.begin()));
  if (Both == Into)
    return false;
  Into = std::move(Both);
  return true;
}
} // namespace

namespace {

/// The lock held at the most accesses of \p Count (lock class -> number of
/// accesses holding it), and that number: a variable's or a member's guard.
std::pair<std::string, unsigned>
mostHeld(const std::map<std::string, unsigned> &Count) {
  auto Best = llvm::max_element(
      Count, [](const auto &A, const auto &B) { return A.second < B.second; });
  return {Best->first, Best->second};
}

/// One hop of a chain of calls: the call and the function it enters.
struct Hop {
  const CallFact *Call = nullptr;
  const FunctionSummary *In = nullptr; ///< the function making the call
};

/// A lock a function takes, itself or through the functions it calls.
struct ReachedAcquire {
  const AcquireFact *Acquire = nullptr;
  const FunctionSummary *In = nullptr;
  std::vector<Hop> Chain; ///< the calls from the function down to In
};

struct ReachedBlocking {
  const BlockingFact *Blocking = nullptr;
  const FunctionSummary *In = nullptr;
  std::vector<Hop> Chain;
};

bool isThreadJoin(StringRef Api) {
  return Api == "pthread_join" || Api == "thrd_join" ||
         Api == "std::thread::join" || Api == "std::jthread::join";
}

std::string quoted(StringRef S) { return "'" + S.str() + "'"; }

std::string lockList(ArrayRef<const HeldFact *> Held) {
  std::string S;
  for (size_t I = 0; I < Held.size(); ++I) {
    if (I)
      S += I + 1 == Held.size() ? " and " : ", ";
    S += quoted(Held[I]->Name);
  }
  return S;
}

class Merger {
public:
  Merger(ArrayRef<MergeUnit> In, const MergeOptions &Opts) : Opts(Opts) {
    for (const MergeUnit &U : In)
      if (U.Summary)
        Units.push_back(U);
    // The first definition of a function (in file order) stands for all:
    // an inline function is defined in every file that includes it.
    llvm::sort(Units, [](const MergeUnit &A, const MergeUnit &B) {
      return A.Summary->File < B.Summary->File;
    });
    DefinedIn.resize(Units.size());
    for (size_t U = 0; U < Units.size(); ++U)
      for (const FunctionSummary &F : Units[U].Summary->Functions) {
        DefinedIn[U].insert(F.Usr);
        Defs.try_emplace(F.Usr, &F);
      }
  }

  std::vector<ProgramFinding> run() {
    // First: its maps are gone before the other rules build theirs (the
    // parent's peak memory).
    if (Opts.Enabled("lockcheck-unreleased-lock")) {
      std::vector<const TUSummary *> Summaries;
      for (const MergeUnit &U : Units)
        Summaries.push_back(U.Summary);
      for (ProgramFinding &F : unreleasedAcquireFindings(Summaries))
        Findings.push_back(std::move(F));
    }
    std::vector<LockOrderEdge> CallEdges;
    for (size_t U = 0; U < Units.size(); ++U)
      for (const FunctionSummary &F : Units[U].Summary->Functions)
        if (Defs.lookup(F.Usr) == &F)
          for (const CallFact &C : F.Calls)
            callUnderLocks(U, F, C, CallEdges);
    if (Opts.Enabled("lockcheck-unguarded-write")) {
      unguardedWrites();
      unguardedMemberWrites();
    }
    if (Opts.Enabled("lockcheck-lock-order")) {
      std::vector<std::vector<LockOrderEdge>> PerFile;
      for (const MergeUnit &U : Units)
        if (U.OrderEdges)
          PerFile.push_back(*U.OrderEdges);
      for (ProgramFinding &F : crossFileLockOrderFindings(PerFile, CallEdges))
        Findings.push_back(std::move(F));
    }
    llvm::stable_sort(Findings,
                      [](const ProgramFinding &A, const ProgramFinding &B) {
                        return std::tie(A.At, A.Check, A.Message) <
                               std::tie(B.At, B.Check, B.Message);
                      });
    return std::move(Findings);
  }

private:
  /// Whether a chain of calls made in unit \p U enters a function that \p U
  /// does not define: only then is the finding beyond \p U's own checks.
  bool leavesUnit(size_t U, ArrayRef<Hop> Chain) const {
    for (const Hop &H : Chain)
      if (!DefinedIn[U].count(H.Call->Callee))
        return true;
    return false;
  }

  const std::vector<ReachedAcquire> &acquires(const FunctionSummary *F) {
    auto [It, New] = Acquires.try_emplace(F);
    if (!New)
      return It->second;
    std::vector<ReachedAcquire> Out;
    for (const AcquireFact &A : F->Acquires)
      Out.push_back({&A, F, {}});
    for (const CallFact &C : F->Calls) {
      const FunctionSummary *G = Defs.lookup(C.Callee);
      if (!G)
        continue;
      for (const ReachedAcquire &R : acquires(G)) {
        // Held at the call: the callee's acquisition is this function's
        // own double lock, not a lock it takes for its callers.
        if (llvm::any_of(C.Held, [&](const HeldFact &H) {
              return H.Lock == R.Acquire->Lock;
            }))
          continue;
        if (llvm::any_of(Out, [&](const ReachedAcquire &O) {
              return O.Acquire->Lock == R.Acquire->Lock;
            }))
          continue;
        ReachedAcquire N = R;
        N.Chain.insert(N.Chain.begin(), Hop{&C, F});
        Out.push_back(std::move(N));
      }
    }
    // The entry may have moved while the callees were summarised.
    return Acquires[F] = std::move(Out);
  }

  /// The first blocking call of \p F, itself or in a function it calls
  /// (in source order).
  const std::optional<ReachedBlocking> &blocks(const FunctionSummary *F) {
    auto [It, New] = Blocks.try_emplace(F);
    if (!New)
      return It->second;
    std::optional<ReachedBlocking> Out;
    // A join blocks only the threads that need a lock the joined thread
    // takes: which thread it joins, the summary does not say (the check of
    // the file decides that for the joins it sees).
    auto It2 = llvm::find_if(F->Blocking, [](const BlockingFact &B) {
      return !isThreadJoin(B.Api);
    });
    if (It2 != F->Blocking.end())
      Out = ReachedBlocking{&*It2, F, {}};
    for (const CallFact &C : F->Calls) {
      if (Out && Out->Blocking->At < C.At)
        break;
      const FunctionSummary *G = Defs.lookup(C.Callee);
      if (!G || C.Retry)
        continue;
      if (const std::optional<ReachedBlocking> &R = blocks(G)) {
        ReachedBlocking N = *R;
        N.Chain.insert(N.Chain.begin(), Hop{&C, F});
        Out = std::move(N);
        break;
      }
    }
    return Blocks[F] = std::move(Out);
  }

  /// Notes for the calls of \p Chain below the first one: "'f' calls 'g'
  /// here".
  void chainNotes(ProgramFinding &P, ArrayRef<Hop> Chain) {
    for (const Hop &H : Chain.drop_front())
      P.note(H.Call->At,
             H.In->Display + " calls " + H.Call->CalleeName + " here");
  }

  void heldNotes(ProgramFinding &P, ArrayRef<const HeldFact *> Held) {
    for (const HeldFact *H : Held)
      P.note(H->TakenAt, quoted(H->Name) + " was locked here");
  }

  void callUnderLocks(size_t U, const FunctionSummary &F, const CallFact &C,
                      std::vector<LockOrderEdge> &CallEdges) {
    if (C.Held.empty())
      return;
    const FunctionSummary *G = Defs.lookup(C.Callee);
    if (!G)
      return;
    for (const ReachedAcquire &R : acquires(G)) {
      std::vector<Hop> Chain{Hop{&C, &F}};
      Chain.insert(Chain.end(), R.Chain.begin(), R.Chain.end());
      if (!leavesUnit(U, Chain))
        continue;
      const AcquireFact &A = *R.Acquire;
      for (const HeldFact &H : C.Held) {
        if (H.Lock != A.Lock) {
          // Only global locks: whether two classes' member locks are one
          // object (libevent's buffers share their bufferevent's lock) is
          // decided by assignments the summaries do not carry.
          if (!A.Global || !StringRef(H.Lock).starts_with("g:"))
            continue;
          LockOrderEdge E;
          E.From = H.Lock;
          E.To = A.Lock;
          E.FromName = H.Name;
          E.ToName = A.Name;
          E.FromShared = H.Shared;
          E.ToShared = A.Shared;
          E.At = C.At;
          E.HeldAt = H.TakenAt;
          E.Function = F.Name;
          E.Via = C.CalleeName;
          E.ViaAt = A.At;
          CallEdges.push_back(std::move(E));
          continue;
        }
        if (!A.Global || A.Recursive || (A.Shared && H.Shared) ||
            !Opts.Enabled("lockcheck-double-lock"))
          continue;
        ProgramFinding P;
        P.Check = "lockcheck-double-lock";
        P.Function = F.Name;
        P.At = C.At;
        P.Message = "calling " + C.CalleeName + " locks " + quoted(A.Name) +
                    ", which this thread already holds; " + quoted(A.Name) +
                    " is not recursive, so this deadlocks";
        chainNotes(P, Chain);
        P.note(A.At, R.In->Display + " locks it here");
        heldNotes(P, {&H});
        Findings.push_back(std::move(P));
      }
    }
    // A call whose blocking does not count (an init-retry loop, a function
    // that does not return).
    if (!Opts.Enabled("lockcheck-blocking-under-lock") || C.Retry)
      return;
    if (const std::optional<ReachedBlocking> &B = blocks(G)) {
      std::vector<Hop> Chain{Hop{&C, &F}};
      Chain.insert(Chain.end(), B->Chain.begin(), B->Chain.end());
      if (!leavesUnit(U, Chain))
        return;
      // A callback the caller registered may release a lock before the
      // callee blocks.
      std::vector<const HeldFact *> Held;
      for (const HeldFact &H : C.Held)
        if (!llvm::is_contained(C.CallbackReleased, H.Lock))
          Held.push_back(&H);
      if (Held.empty())
        return;
      ProgramFinding P;
      P.Check = "lockcheck-blocking-under-lock";
      P.Function = F.Name;
      P.At = C.At;
      P.Message = "calling " + C.CalleeName + ", which may block in '" +
                  B->Blocking->Api + "', while " + lockList(Held) +
                  (Held.size() > 1 ? " are" : " is") +
                  " held; threads that need " +
                  (Held.size() > 1 ? "them" : "it") + " block too";
      chainNotes(P, Chain);
      P.note(B->Blocking->At,
             B->In->Display + " calls '" + B->Blocking->Api + "' here");
      heldNotes(P, Held);
      Findings.push_back(std::move(P));
    }
  }

  /// A unit index for what no unit holds alone.
  static constexpr size_t NoUnit = ~size_t(0);

  /// The threads of the program, once per start, and the functions each
  /// runs. Besides the starts each unit sees, a call of a thread-start
  /// wrapper starts a thread running the function passed as its callable:
  /// a wrapper of another file (a function passing its parameter as a
  /// thread's callable), or a trampoline (a function storing its parameter
  /// into a function-pointer field that code on a thread calls, as
  /// `launch(probe, arg)` stores `capsule->probe` for the thread's
  /// `capsule->probe(capsule->payload)`). Trampolines are found again as
  /// new threads reach more code, a few rounds deep. A field called in code
  /// the program's other roots reach too (libuv's `uv_run`, which runs the
  /// callbacks `uv_close` and `uv_prepare_start` store, is called by the
  /// thread that owns the loop, main or not) makes no trampoline: the
  /// callback runs on whichever thread runs that code.
  void collectStarts() {
    std::set<std::pair<OrderPlace, std::string>> Seen;
    for (size_t U = 0; U < Units.size(); ++U)
      for (const ThreadStartFact &S : Units[U].Summary->Starts)
        if (Defs.lookup(S.Entry) && Seen.insert({S.At, S.Entry}).second)
          Starts.push_back({&S, U});
    // The wrappers each unit found in its own code; calls of them in their
    // own unit are starts that unit saw.
    struct Wrapper {
      std::string Name;
      unsigned Param = 0;
      OrderPlace Inner;
      std::string Field; ///< a trampoline's field
    };
    StringMap<Wrapper> Wrappers;
    for (const MergeUnit &U : Units)
      for (const StartWrapperFact &W : U.Summary->StartWrappers)
        Wrappers.try_emplace(W.Usr,
                             Wrapper{W.Name, W.CallableParam, W.InnerStart});
    std::set<const FunctionSummary *> RootReached = reachedFromRoots();
    std::set<std::string> FieldsCalled;
    size_t Done = 0;
    for (unsigned Round = 0; Round < 4; ++Round) {
      for (; Done < Starts.size(); ++Done) {
        Reached.push_back(reach(Defs.lookup(Starts[Done].first->Entry)));
        for (const auto &[F, Locks] : Reached.back().EntryLocks)
          for (const FieldCallFact &C : F->FieldCalls)
            if (!RootReached.count(F) && FieldsCalled.insert(C.Field).second)
              FieldCallAt[C.Field] = C.At;
      }
      for (size_t U = 0; U < Units.size(); ++U)
        for (const FunctionSummary &F : Units[U].Summary->Functions)
          if (Defs.lookup(F.Usr) == &F)
            for (const ParamStoreFact &P : F.ParamStores)
              if (FieldsCalled.count(P.Field) &&
                  Wrappers
                      .try_emplace(F.Usr,
                                   Wrapper{F.Display, P.Param,
                                           FieldCallAt[P.Field], P.Field})
                      .second)
                Api.push_back(
                    {F.At, F.Name,
                     "thread-start wrapper, callable argument " +
                         std::to_string(P.Param + 1) + ", through field '" +
                         StringRef(P.Field).rsplit("::").second.str() + "'",
                     "stores its parameter into a function-pointer field "
                     "that a thread calls"});
      // A function that passes its own parameter on as a wrapper's
      // callable is a wrapper too (nng's nni_aio_init(aio, cb, arg) calls
      // nni_task_init(&aio->a_task, NULL, cb, arg)), in any file.
      for (bool Changed = true; Changed;) {
        Changed = false;
        for (size_t U = 0; U < Units.size(); ++U)
          for (const FunctionSummary &F : Units[U].Summary->Functions) {
            if (Defs.lookup(F.Usr) != &F || Wrappers.count(F.Usr))
              continue;
            for (const CallFact &C : F.Calls) {
              auto W = Wrappers.find(C.Callee);
              if (W == Wrappers.end())
                continue;
              auto PA = llvm::find_if(C.ParamArgs, [&](const ParamArgFact &A) {
                return A.Index == W->second.Param;
              });
              if (PA == C.ParamArgs.end())
                continue;
              Wrapper Outer = W->second;
              Outer.Param = PA->Param;
              if (Outer.Field.empty())
                Outer.Name = F.Display;
              Api.push_back(
                  {F.At, F.Name,
                   "thread-start wrapper, callable argument " +
                       std::to_string(PA->Param + 1),
                   "passes its parameter as the callable of thread-start "
                   "wrapper " +
                       C.CalleeName});
              Wrappers.try_emplace(F.Usr, std::move(Outer));
              Changed = true;
              break;
            }
          }
      }
      size_t Before = Starts.size();
      for (size_t U = 0; U < Units.size(); ++U)
        for (const FunctionSummary &F : Units[U].Summary->Functions) {
          if (Defs.lookup(F.Usr) != &F)
            continue;
          for (const CallFact &C : F.Calls) {
            auto W = Wrappers.find(C.Callee);
            if (W == Wrappers.end() ||
                (W->second.Field.empty() && DefinedIn[U].count(C.Callee)))
              continue;
            for (const FunctionArgFact &A : C.FunctionArgs) {
              if (A.Index != W->second.Param || !Defs.lookup(A.Function) ||
                  !Seen.insert({C.At, A.Function}).second)
                continue;
              ThreadStartFact S;
              S.Entry = A.Function;
              S.EntryName = A.Name;
              S.Starter = F.Usr;
              S.At = C.At;
              S.Wrapper = W->second.Name;
              S.WrapperAt = W->second.Inner;
              S.WrapperField = W->second.Field;
              WrapperStarts.push_back(std::move(S));
              Starts.push_back({&WrapperStarts.back(), NoUnit});
            }
          }
        }
      if (Starts.size() == Before)
        break;
    }
    for (; Done < Starts.size(); ++Done)
      Reached.push_back(reach(Defs.lookup(Starts[Done].first->Entry)));
  }

  /// The functions the program's roots reach through calls in any file: a
  /// root is a function no function calls, none passes as an argument and
  /// no thread runs (`main`, a test of a table of tests, an API function).
  std::set<const FunctionSummary *> reachedFromRoots() const {
    StringSet<> NotRoot;
    for (const MergeUnit &U : Units) {
      for (const ThreadStartFact &S : U.Summary->Starts)
        NotRoot.insert(S.Entry);
      for (const FunctionSummary &F : U.Summary->Functions)
        for (const CallFact &C : F.Calls) {
          NotRoot.insert(C.Callee);
          for (const FunctionArgFact &A : C.FunctionArgs)
            NotRoot.insert(A.Function);
        }
    }
    std::set<const FunctionSummary *> Reached;
    std::vector<const FunctionSummary *> Work;
    for (const MergeUnit &U : Units)
      for (const FunctionSummary &F : U.Summary->Functions)
        if (Defs.lookup(F.Usr) == &F && !NotRoot.count(F.Usr) &&
            Reached.insert(&F).second)
          Work.push_back(&F);
    while (!Work.empty()) {
      const FunctionSummary *F = Work.back();
      Work.pop_back();
      for (const CallFact &C : F->Calls)
        if (const FunctionSummary *G = Defs.lookup(C.Callee);
            G && Reached.insert(G).second)
          Work.push_back(G);
    }
    return Reached;
  }

  /// The functions a thread runs, from its entry through calls in any file,
  /// with the locks every path from the entry holds around each.
  struct Reach {
    std::map<const FunctionSummary *, std::set<std::string>> EntryLocks;
    /// The call that first reached each function (for the notes).
    std::map<const FunctionSummary *, Hop> Via;
  };

  Reach reach(const FunctionSummary *Entry) {
    Reach R;
    R.EntryLocks[Entry] = {};
    propagateLocks(R.EntryLocks, {Entry}, &R.Via);
    return R;
  }

  /// From the functions in \p Work, whose entries in \p Locks are set,
  /// through calls in any file: the locks held on every path into each
  /// function reached. \p Via (if given) gets the call that first reached
  /// each.
  void propagateLocks(
      std::map<const FunctionSummary *, std::set<std::string>> &Locks,
      std::vector<const FunctionSummary *> Work,
      std::map<const FunctionSummary *, Hop> *Via) {
    while (!Work.empty()) {
      const FunctionSummary *F = Work.back();
      Work.pop_back();
      std::set<std::string> In = Locks[F];
      for (const CallFact &C : F->Calls) {
        const FunctionSummary *G = Defs.lookup(C.Callee);
        if (!G)
          continue;
        std::set<std::string> Held = In;
        for (const HeldFact &H : C.Held)
          Held.insert(H.Lock);
        auto [It, New] = Locks.try_emplace(G, Held);
        if (New && Via)
          (*Via)[G] = Hop{&C, F};
        if (New || keepCommon(It->second, Held))
          Work.push_back(G);
      }
    }
  }

  /// Notes for the start of a thread and the calls from its function down
  /// to the code it reaches.
  void startNotes(ProgramFinding &P, const ThreadStartFact &S,
                  ArrayRef<Hop> Chain) {
    P.note(S.At, "the thread started here runs " + S.EntryName);
    if (!S.WrapperField.empty())
      P.note(S.WrapperAt,
             "the thread calls " + S.EntryName + " here, through '" +
                 StringRef(S.WrapperField).rsplit("::").second.str() +
                 "', which " + S.Wrapper + " sets to its argument");
    else if (!S.Wrapper.empty())
      P.note(S.WrapperAt,
             "the thread is created here, in thread-start wrapper " +
                 S.Wrapper);
    for (const Hop &H : Chain)
      P.note(H.Call->At,
             H.In->Display + " calls " + H.Call->CalleeName + " here");
  }

  /// The calls from thread \p I's function down to \p F.
  std::vector<Hop> chainTo(size_t I, const FunctionSummary *F) {
    std::vector<Hop> Chain;
    const FunctionSummary *Entry = Defs.lookup(Starts[I].first->Entry);
    while (F != Entry) {
      auto Via = Reached[I].Via.find(F);
      if (Via == Reached[I].Via.end())
        break;
      Chain.insert(Chain.begin(), Via->second);
      F = Via->second.In;
    }
    return Chain;
  }

  struct Access {
    const AccessFact *A = nullptr;
    const FunctionSummary *In = nullptr;
    size_t Unit = 0;
    bool holds(StringRef Lock) const {
      return llvm::any_of(A->Held,
                          [&](const HeldFact &H) { return H.Lock == Lock; });
    }
  };

  void unguardedWrites() {
    // Every access of each global, once per function.
    std::map<std::string, std::vector<Access>> ByVar;
    for (size_t U = 0; U < Units.size(); ++U)
      for (const FunctionSummary &F : Units[U].Summary->Functions)
        if (Defs.lookup(F.Usr) == &F)
          for (const AccessFact &A : F.Accesses)
            ByVar[A.Var].push_back({&A, &F, U});
    collectStarts();
    if (Starts.empty())
      return;

    std::set<OrderPlace> Reported;
    for (const auto &[Var, Accesses] : ByVar) {
      // The guard: the lock held at most accesses.
      std::map<std::string, unsigned> Count;
      for (const Access &X : Accesses)
        for (const HeldFact &H : X.A->Held)
          if (!H.Shared)
            ++Count[H.Lock];
      if (Count.empty())
        continue;
      // Not a structured binding: lambdas below capture them (C++17).
      std::string Guard;
      unsigned Guarded = 0;
      std::tie(Guard, Guarded) = mostHeld(Count);
      const Access *Witness = nullptr;
      for (const Access &X : Accesses)
        if (X.holds(Guard)) {
          Witness = &X;
          break;
        }
      if (!Witness)
        continue;
      const HeldFact *GuardFact = nullptr;
      for (const HeldFact &H : Witness->A->Held)
        if (H.Lock == Guard)
          GuardFact = &H;
      for (const Access &W : Accesses) {
        if (!W.A->Write || W.holds(Guard) || Reported.count(W.A->At) ||
            writtenAtLockInit(W, Guard))
          continue;
        for (size_t I = 0; I < Starts.size(); ++I) {
          auto It = Reached[I].EntryLocks.find(W.In);
          if (It == Reached[I].EntryLocks.end() || It->second.count(Guard))
            continue;
          const ThreadStartFact &S = *Starts[I].first;
          std::vector<Hop> Chain = chainTo(I, W.In);
          // All in one translation unit: the check of that unit decides.
          bool OneUnit = Starts[I].second == W.Unit &&
                         !leavesUnit(W.Unit, Chain) &&
                         llvm::any_of(Accesses, [&](const Access &X) {
                           return X.Unit == W.Unit && X.holds(Guard);
                         });
          if (OneUnit || orderedByStarts(W, Accesses))
            continue;
          ProgramFinding P;
          P.Check = "lockcheck-unguarded-write";
          P.Function = W.In->Name;
          P.At = W.A->At;
          P.Message = quoted(W.A->Name) + " is written without holding " +
                      quoted(GuardFact->Name) + "; it is guarded by " +
                      quoted(GuardFact->Name) + " at " +
                      std::to_string(Guarded) + " other access" +
                      (Guarded > 1 ? "es" : "");
          startNotes(P, S, Chain);
          P.note(Witness->A->At, quoted(Witness->A->Name) + " is " +
                                     (Witness->A->Write ? "written" : "read") +
                                     " here holding " +
                                     quoted(GuardFact->Name));
          Reported.insert(W.A->At);
          Findings.push_back(std::move(P));
          break;
        }
      }
    }
  }

  /// The locks held on every path into each function from any caller in
  /// the program (a function no one calls, and a thread's, start with none),
  /// and the functions each calls.
  std::map<const FunctionSummary *, std::set<std::string>> CallerLocks;
  using Graph =
      std::map<const FunctionSummary *, std::vector<const FunctionSummary *>>;
  Graph Callees;
  std::vector<const FunctionSummary *> Roots;
  bool CallerLocksDone = false;

  void computeCallerLocks() {
    if (CallerLocksDone)
      return;
    CallerLocksDone = true;
    std::set<const FunctionSummary *> HasCaller, Entries;
    for (const auto &[Usr, F] : Defs)
      for (const CallFact &C : F->Calls)
        if (const FunctionSummary *G = Defs.lookup(C.Callee)) {
          HasCaller.insert(G);
          Callees[F].push_back(G);
        }
    for (const auto &S : Starts)
      if (const FunctionSummary *E = Defs.lookup(S.first->Entry))
        Entries.insert(E);
    for (const auto &[Usr, F] : Defs)
      if (!HasCaller.count(F) || Entries.count(F))
        Roots.push_back(F);
    llvm::sort(Roots, [](const FunctionSummary *A, const FunctionSummary *B) {
      return A->Usr < B->Usr;
    });
    for (const FunctionSummary *F : Roots)
      CallerLocks[F] = {};
    propagateLocks(CallerLocks, Roots, nullptr);
  }

  /// The locks an access holds wherever it runs: its own, and those every
  /// caller holds around its function.
  std::set<std::string> heldEverywhere(const Access &X) {
    computeCallerLocks();
    std::set<std::string> Locks;
    if (auto It = CallerLocks.find(X.In); It != CallerLocks.end())
      Locks = It->second;
    for (const HeldFact &H : X.A->Held)
      Locks.insert(H.Lock);
    return Locks;
  }

  /// A write ordered before every access it could race with: the write
  /// holds a lock wherever it runs (its instances exclude each other), and
  /// every other access of the variable either holds one of those locks or
  /// runs only on threads that the writing function starts after the write
  /// (a thread start orders what came before it; nng's `nng_init` writes
  /// under its spin lock, then starts the threads that read under their
  /// own mutex).
  bool orderedByStarts(const Access &W, ArrayRef<Access> Accesses) {
    std::set<std::string> WLocks = heldEverywhere(W);
    if (WLocks.empty())
      return false;
    // The threads only W's function starts, and only after W.
    std::set<const FunctionSummary *> After, Other;
    for (const auto &S : Starts) {
      const FunctionSummary *E = Defs.lookup(S.first->Entry);
      if (!E)
        continue;
      bool Ordered = S.first->Starter == W.In->Usr &&
                     S.first->At.File == W.A->At.File && W.A->At < S.first->At;
      (Ordered ? After : Other).insert(E);
    }
    for (const FunctionSummary *E : Other)
      After.erase(E);
    // What runs from anywhere else.
    std::set<const FunctionSummary *> Elsewhere;
    std::vector<const FunctionSummary *> Work;
    for (const FunctionSummary *R : Roots)
      if (!After.count(R))
        Work.push_back(R);
    closeOver(Elsewhere, std::move(Work), Callees);
    for (const Access &X : Accesses) {
      if (X.A == W.A || !Elsewhere.count(X.In))
        continue;
      std::set<std::string> XLocks = heldEverywhere(X);
      if (llvm::none_of(XLocks,
                        [&](const std::string &L) { return WLocks.count(L); }))
        return false;
    }
    return true;
  }

  /// Adds to \p Set the functions of \p Work and all that \p Edges leads
  /// to from them.
  static void closeOver(std::set<const FunctionSummary *> &Set,
                        std::vector<const FunctionSummary *> Work,
                        const Graph &Edges) {
    Set.insert(Work.begin(), Work.end());
    while (!Work.empty()) {
      const FunctionSummary *F = Work.back();
      Work.pop_back();
      auto It = Edges.find(F);
      if (It == Edges.end())
        continue;
      for (const FunctionSummary *G : It->second)
        if (Set.insert(G).second)
          Work.push_back(G);
    }
  }

  /// The functions that start a thread, or call one that does.
  std::set<const FunctionSummary *> Starting;
  bool StartingDone = false;

  /// Whether \p W initialises the data with its guard: its function
  /// initialises \p Guard before it (nng's `nni_posix_resolv_sysinit`:
  /// `nni_mtx_init(&resolv_mtx); ... resolv_num_thr = n;`) and starts no
  /// thread, and calls no function that does, in between. Nothing can hold
  /// the lock before its initialisation is published (SharedData's
  /// writtenAtLockInit is the same rule in one file).
  bool writtenAtLockInit(const Access &W, const std::string &Guard) {
    const OrderPlace &At = W.A->At;
    const OrderPlace *Init = nullptr;
    for (const LockInitFact &I : W.In->Inits)
      if (I.Lock == Guard && I.At.File == At.File && I.At < At) {
        Init = &I.At;
        break;
      }
    if (!Init)
      return false;
    auto Between = [&](const OrderPlace &P) {
      return P.File == At.File && *Init < P && P < At;
    };
    for (const auto &S : Starts)
      if (S.first->Starter == W.In->Usr && Between(S.first->At))
        return false;
    if (!StartingDone) {
      StartingDone = true;
      computeCallerLocks();
      Graph Callers;
      for (const auto &[F, Gs] : Callees)
        for (const FunctionSummary *G : Gs)
          Callers[G].push_back(F);
      std::vector<const FunctionSummary *> Work;
      for (const auto &S : Starts)
        if (const FunctionSummary *F = Defs.lookup(S.first->Starter))
          Work.push_back(F);
      closeOver(Starting, std::move(Work), Callers);
    }
    for (const CallFact &C : W.In->Calls)
      if (Between(C.At))
        if (const FunctionSummary *G = Defs.lookup(C.Callee);
            G && Starting.count(G))
          return false;
    return true;
  }

  // --- Members of structs and classes, by (record, field) ---------------

  /// The parameters (from 0) and `this` (-1) of each function that, on
  /// every path the merge follows, are objects the caller owns.
  using OwnedMap = std::map<const FunctionSummary *, std::set<int>>;

  static bool ownedBy(const ObjectRef &O, const std::set<int> &Owned) {
    switch (O.K) {
    case ObjectRef::Owned:
      return true;
    case ObjectRef::This:
      return Owned.count(-1) != 0;
    case ObjectRef::Param:
      return Owned.count(int(O.Index)) != 0;
    case ObjectRef::Shared:
      return false;
    }
    return false;
  }

  const CallObjectsFact *callObjects(const FunctionSummary *F,
                                     const CallFact &C) {
    for (const CallObjectsFact &O : F->CallObjects)
      if (O.At == C.At && O.Callee == C.Callee)
        return &O;
    return nullptr;
  }

  /// Propagates ownership from the functions of \p Owned (seeded: their
  /// owned parameters) through their calls; \p Follow says which calls of
  /// a function to follow.
  void propagateOwned(
      OwnedMap &Owned,
      function_ref<bool(const FunctionSummary *, const CallFact &)> Follow) {
    std::vector<const FunctionSummary *> Work;
    for (const auto &[F, Set] : Owned)
      Work.push_back(F);
    while (!Work.empty()) {
      const FunctionSummary *F = Work.back();
      Work.pop_back();
      std::set<int> In = Owned[F];
      for (const CallFact &C : F->Calls) {
        const FunctionSummary *G = Defs.lookup(C.Callee);
        if (!G || !Follow(F, C))
          continue;
        std::set<int> Passed;
        if (const CallObjectsFact *O = callObjects(F, C)) {
          if (ownedBy(O->This, In))
            Passed.insert(-1);
          for (const ArgObjectFact &A : O->Args)
            if (ownedBy(A.Object, In))
              Passed.insert(int(A.Index));
        }
        auto [It, New] = Owned.try_emplace(G, Passed);
        if (New) {
          Work.push_back(G);
          continue;
        }
        std::set<int> Both;
        std::set_intersection(It->second.begin(), It->second.end(),
                              Passed.begin(), Passed.end(),
                              std::inserter(Both, Both.begin()));
        if (Both != It->second) {
          It->second = std::move(Both);
          Work.push_back(G);
        }
      }
    }
  }

  /// Whether \p F joins a thread, itself or in a function it calls.
  bool joins(const FunctionSummary *F) {
    auto [It, New] = Joins.try_emplace(F, false);
    if (!New)
      return It->second;
    bool J = llvm::any_of(
        F->Blocking, [](const BlockingFact &B) { return isThreadJoin(B.Api); });
    for (const CallFact &C : F->Calls)
      if (!J)
        if (const FunctionSummary *G = Defs.lookup(C.Callee))
          J = joins(G);
    return Joins[F] = J;
  }

  /// What the thread that starts thread \p I runs while that thread runs:
  /// the starting function after the start and up to its first join, and
  /// the functions it calls there, with what each owns.
  struct StarterRegion {
    const FunctionSummary *Starter = nullptr;
    OrderPlace From, To; ///< To invalid: the end of the function
    OwnedMap Owned;
    /// The call of the starting function that first reached each function.
    std::map<const FunctionSummary *, const CallFact *> Via;
    bool inStarter(const OrderPlace &P) const {
      return P.File == From.File && From < P && (!To.valid() || P < To);
    }
  };

  const StarterRegion &starterRegion(size_t I) {
    auto [It, New] = Regions.try_emplace(I);
    StarterRegion &R = It->second;
    if (!New)
      return R;
    const ThreadStartFact &S = *Starts[I].first;
    R.Starter = Defs.lookup(S.Starter);
    if (!R.Starter)
      return R;
    R.From = S.At;
    for (const BlockingFact &B : R.Starter->Blocking)
      if (isThreadJoin(B.Api) && R.inStarter(B.At))
        R.To = B.At;
    for (const CallFact &C : R.Starter->Calls)
      if (R.inStarter(C.At))
        if (const FunctionSummary *G = Defs.lookup(C.Callee); G && joins(G))
          R.To = C.At;
    R.Owned[R.Starter] = {};
    propagateOwned(R.Owned, [&](const FunctionSummary *F, const CallFact &C) {
      if (F != R.Starter)
        return true;
      if (!R.inStarter(C.At))
        return false;
      if (const FunctionSummary *G = Defs.lookup(C.Callee))
        R.Via.try_emplace(G, &C);
      return true;
    });
    return R;
  }

  const OwnedMap &threadOwned(size_t I) {
    auto [It, New] = ThreadOwned.try_emplace(I);
    if (New) {
      It->second[Defs.lookup(Starts[I].first->Entry)] = {};
      propagateOwned(It->second, [](const FunctionSummary *, const CallFact &) {
        return true;
      });
    }
    return It->second;
  }

  struct MemberAccess {
    const MemberAccessFact *A = nullptr;
    const FunctionSummary *In = nullptr;
    size_t Unit = 0;
    const HeldFact *holding(StringRef Lock) const {
      for (const HeldFact &H : A->Held)
        if (H.Lock == Lock)
          return &H;
      return nullptr;
    }
    bool mayHold(StringRef Lock) const {
      return holding(Lock) || llvm::is_contained(A->MayHeld, Lock);
    }
  };

  /// Where an access runs at the same time as a thread: on another thread
  /// (or another instance of it), or on the thread that starts it.
  struct Concurrent {
    const MemberAccess *X = nullptr;
    size_t Thread = NoUnit;         ///< another thread, or
    const CallFact *Call = nullptr; ///< the starter's call reaching X
    bool InStarter = false;         ///< X in the starting function itself
  };

  std::optional<Concurrent> concurrentAccess(size_t I,
                                             ArrayRef<MemberAccess> Accesses,
                                             const MemberAccess *Prefer) {
    std::optional<Concurrent> Found;
    auto Consider = [&](const MemberAccess &X) -> bool {
      for (size_t J = 0; J < Starts.size(); ++J) {
        if (J == I ? !Starts[I].first->Many
                   : Starts[J].first->At == Starts[I].first->At ||
                         !Starts[J].first->WrapperField.empty())
          continue;
        if (!Reached[J].EntryLocks.count(X.In))
          continue;
        const OwnedMap &O = threadOwned(J);
        auto It = O.find(X.In);
        if (It != O.end() && ownedBy(X.A->Object, It->second))
          continue;
        Found = Concurrent{&X, J, nullptr, false};
        return true;
      }
      const StarterRegion &R = starterRegion(I);
      if (!R.Starter)
        return false;
      if (X.In == R.Starter) {
        if (R.inStarter(X.A->At) && X.A->Object.K != ObjectRef::Owned) {
          Found = Concurrent{&X, NoUnit, nullptr, true};
          return true;
        }
        return false;
      }
      auto It = R.Owned.find(X.In);
      if (It == R.Owned.end() || ownedBy(X.A->Object, It->second))
        return false;
      // The call of the starting function that leads to X.
      const FunctionSummary *F = X.In;
      const CallFact *Call = nullptr;
      for (unsigned Depth = 0; Depth < 64; ++Depth) {
        auto V = R.Via.find(F);
        if (V != R.Via.end()) {
          Call = V->second;
          break;
        }
        // Up through any caller the region reaches.
        const FunctionSummary *Up = nullptr;
        for (const auto &[G, Set] : R.Owned)
          for (const CallFact &C : G->Calls)
            if (!Up && G != F && Defs.lookup(C.Callee) == F &&
                (G != R.Starter || R.inStarter(C.At)))
              Up = G;
        if (!Up || Up == R.Starter)
          break;
        F = Up;
      }
      if (!Call)
        return false;
      Found = Concurrent{&X, NoUnit, Call, false};
      return true;
    };
    if (Prefer && Consider(*Prefer))
      return Found;
    for (const MemberAccess &X : Accesses)
      if (&X != Prefer && Consider(X))
        return Found;
    return std::nullopt;
  }

  /// A member written on a thread without the lock of its class that
  /// guards it elsewhere: the (record, field) is written holding that lock
  /// at least as often as without it, another access runs at the same
  /// time (on another thread, or on the starting thread while the thread
  /// runs), and the object is not one the writing function or its callers
  /// own. A member of one class is every object's: only a lock of the same
  /// class is evidence.
  void unguardedMemberWrites() {
    // What every caller in the program hands over as its own: the
    // functions no one calls own nothing, and ownership flows down.
    OwnedMap Everywhere;
    StringSet<> Called;
    for (const auto &[Usr, F] : Defs)
      for (const CallFact &C : F->Calls)
        Called.insert(C.Callee);
    for (const auto &[Usr, F] : Defs)
      if (!Called.count(Usr))
        Everywhere[F] = {};
    propagateOwned(Everywhere, [](const FunctionSummary *, const CallFact &) {
      return true;
    });
    for (const auto &[Usr, F] : Defs)
      for (const CallFact &C : F->Calls)
        if (const FunctionSummary *G = Defs.lookup(C.Callee))
          for (const HeldFact &H : C.Held)
            CalledHolding[G].insert(H.Lock);
    std::map<std::string, std::vector<MemberAccess>> ByField;
    for (size_t U = 0; U < Units.size(); ++U)
      for (const FunctionSummary &F : Units[U].Summary->Functions) {
        if (Defs.lookup(F.Usr) != &F)
          continue;
        auto O = Everywhere.find(&F);
        for (const MemberAccessFact &A : F.MemberAccesses)
          if (!ownedBy(A.Object,
                       O == Everywhere.end() ? std::set<int>() : O->second))
            ByField[A.Field].push_back({&A, &F, U});
      }
    if (ByField.empty())
      return;
    collectStarts();
    if (Starts.empty())
      return;
    for (const auto &[Field, Accesses] : ByField) {
      StringRef Record = StringRef(Field).drop_front(2).rsplit("::").first;
      std::string Prefix = "f:" + Record.str() + "::";
      // The guard: the lock of the member's class held at most writes.
      std::map<std::string, unsigned> Count;
      for (const MemberAccess &X : Accesses)
        if (X.A->Write)
          for (const HeldFact &H : X.A->Held)
            if (!H.Shared && StringRef(H.Lock).starts_with(Prefix))
              ++Count[H.Lock];
      if (Count.empty())
        continue;
      // Not a structured binding: lambdas below capture them (C++17).
      std::string Guard;
      unsigned Guarded = 0;
      std::tie(Guard, Guarded) = mostHeld(Count);
      unsigned Unguarded = llvm::count_if(Accesses, [&](const MemberAccess &X) {
        return X.A->Write && !X.holding(Guard);
      });
      if (Unguarded > Guarded)
        continue;
      for (const MemberAccess &W : Accesses) {
        // Written holding a lock of a member, a local or a parameter: which
        // object's it is, the summaries do not say (libevent's buffers
        // share their bufferevent's lock); it may be the guard.
        if (!W.A->Write ||
            llvm::any_of(W.A->Held,
                         [](const HeldFact &H) {
                           return !StringRef(H.Lock).starts_with("g:");
                         }) ||
            llvm::any_of(W.A->MayHeld, [](const std::string &L) {
              return !StringRef(L).starts_with("g:");
            }))
          continue;
        // A function that some call makes holding the guard runs with it
        // held by contract ("requires the lock").
        if (CalledHolding[W.In].count(Guard))
          continue;
        // A guarded write, in another file than W if there is one.
        const MemberAccess *Witness = nullptr;
        for (const MemberAccess &X : Accesses)
          if (X.A->Write && X.holding(Guard) &&
              (!Witness || (Witness->Unit == W.Unit && X.Unit != W.Unit)))
            Witness = &X;
        for (size_t I = 0; I < Starts.size(); ++I) {
          // A callback a trampoline calls runs on whatever thread calls
          // it (an event loop's): not a thread of its own here.
          if (!Starts[I].first->WrapperField.empty())
            continue;
          const Reach &U = unlockedReach(I);
          if (!U.EntryLocks.count(W.In))
            continue;
          const OwnedMap &O = threadOwned(I);
          if (auto OI = O.find(W.In);
              OI != O.end() && ownedBy(W.A->Object, OI->second))
            continue;
          std::vector<Hop> Chain;
          for (const FunctionSummary *F = W.In;
               F != Defs.lookup(Starts[I].first->Entry);) {
            auto Via = U.Via.find(F);
            if (Via == U.Via.end())
              break;
            Chain.insert(Chain.begin(), Via->second);
            F = Via->second.In;
          }
          // All in one translation unit: the check of that unit decides.
          if (Starts[I].second == W.Unit && !leavesUnit(W.Unit, Chain) &&
              llvm::any_of(Accesses, [&](const MemberAccess &X) {
                return X.Unit == W.Unit && X.holding(Guard);
              }))
            continue;
          std::optional<Concurrent> C = concurrentAccess(I, Accesses, Witness);
          if (!C)
            continue;
          const HeldFact *GuardFact = Witness->holding(Guard);
          std::string LockClass =
              StringRef(Guard).drop_front(2).str(); // "conn::mu"
          std::string Member = StringRef(Field).drop_front(2).str();
          ProgramFinding P;
          P.Check = "lockcheck-unguarded-write";
          P.Function = W.In->Name;
          P.At = W.A->At;
          P.Message = quoted(W.A->Name) + " is written without holding " +
                      quoted(LockClass) + "; " + quoted(Member) +
                      " is written holding it at " + std::to_string(Guarded) +
                      " other place" + (Guarded > 1 ? "s" : "");
          const ThreadStartFact &S = *Starts[I].first;
          startNotes(P, S, Chain);
          // What runs at the same time.
          const MemberAccess &X = *C->X;
          std::string Also;
          if (C->Thread == I) {
            Also = " by another thread started there";
          } else if (C->Thread != NoUnit) {
            const ThreadStartFact &T = *Starts[C->Thread].first;
            P.note(T.At, "another thread, started here, runs " + T.EntryName);
            Also = " by that thread";
          } else if (C->Call) {
            P.note(C->Call->At, starterRegion(I).Starter->Display + " calls " +
                                    C->Call->CalleeName +
                                    " here while the thread runs");
          } else {
            Also = " while the thread runs";
          }
          if (&X != Witness)
            P.note(X.A->At, quoted(X.A->Name) + " is " +
                                (X.A->Write ? "written" : "read") + " here" +
                                Also);
          P.note(Witness->A->At, quoted(Witness->A->Name) +
                                     " is written here holding " +
                                     quoted(GuardFact->Name) +
                                     (&X == Witness ? Also : std::string()));
          Findings.push_back(std::move(P));
          break;
        }
      }
    }
  }

  /// What thread \p I reaches through calls made holding no lock but
  /// global ones (of a member, a local or a parameter, any of which may be
  /// the guard of what the callee writes).
  const Reach &unlockedReach(size_t I) {
    auto [It, New] = Unlocked.try_emplace(I);
    Reach &R = It->second;
    if (!New)
      return R;
    const FunctionSummary *Entry = Defs.lookup(Starts[I].first->Entry);
    R.EntryLocks[Entry] = {};
    std::vector<const FunctionSummary *> Work{Entry};
    while (!Work.empty()) {
      const FunctionSummary *F = Work.back();
      Work.pop_back();
      for (const CallFact &C : F->Calls) {
        const FunctionSummary *G = Defs.lookup(C.Callee);
        if (!G || llvm::any_of(C.Held, [](const HeldFact &H) {
              return !StringRef(H.Lock).starts_with("g:");
            }))
          continue;
        if (R.EntryLocks.try_emplace(G).second) {
          R.Via[G] = Hop{&C, F};
          Work.push_back(G);
        }
      }
    }
    return R;
  }

  std::map<size_t, Reach> Unlocked;
  std::map<const FunctionSummary *, std::set<std::string>> CalledHolding;
  std::map<const FunctionSummary *, bool> Joins;
  std::map<size_t, StarterRegion> Regions;
  std::map<size_t, OwnedMap> ThreadOwned;

  const MergeOptions &Opts;
  std::vector<MergeUnit> Units;
  std::vector<StringSet<>> DefinedIn;
  StringMap<const FunctionSummary *> Defs;
  std::map<const FunctionSummary *, std::vector<ReachedAcquire>> Acquires;
  std::map<const FunctionSummary *, std::optional<ReachedBlocking>> Blocks;
  std::vector<ProgramFinding> Findings;
  /// The threads (with the unit that saw each start, NoUnit for a start
  /// through a wrapper of another file) and what each reaches.
  std::vector<std::pair<const ThreadStartFact *, size_t>> Starts;
  std::vector<Reach> Reached;
  std::deque<ThreadStartFact> WrapperStarts;
  std::map<std::string, OrderPlace> FieldCallAt;

public:
  /// The trampolines collectStarts() found.
  std::vector<ProgramApiEntry> Api;

  std::vector<ProgramApiEntry> threadApi() {
    collectStarts();
    llvm::sort(Api, [](const ProgramApiEntry &A, const ProgramApiEntry &B) {
      return A.At < B.At;
    });
    return std::move(Api);
  }
};

} // namespace

std::vector<ProgramApiEntry> mergeThreadApi(ArrayRef<MergeUnit> Units) {
  MergeOptions Opts;
  Opts.Enabled = [](StringRef) { return false; };
  return Merger(Units, Opts).threadApi();
}

std::vector<ProgramFinding> mergeProgram(ArrayRef<MergeUnit> Units,
                                         const MergeOptions &Opts) {
  return Merger(Units, Opts).run();
}

} // namespace lockcheck
