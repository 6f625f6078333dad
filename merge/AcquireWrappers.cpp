//===--- AcquireWrappers.cpp - acquire functions no caller releases -------===//

#include "merge/AcquireWrappers.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <map>
#include <set>
#include <tuple>

using namespace llvm;

namespace lockcheck {

namespace {

std::string quoted(StringRef S) { return "'" + S.str() + "'"; }

/// A lock class with the same identity in every function: a global or a
/// member (a parameter that is the mutex itself has its function's key).
bool portable(StringRef Key) {
  return Key.starts_with("g:") || Key.starts_with("f:");
}

class AcquireWrappers {
public:
  explicit AcquireWrappers(ArrayRef<const TUSummary *> In)
      : Units(In.begin(), In.end()) {
    llvm::stable_sort(Units, [](const TUSummary *A, const TUSummary *B) {
      return A->File < B->File;
    });
    for (const TUSummary *U : Units) {
      for (const FunctionSummary &F : U->Functions)
        Defs.try_emplace(F.Usr, &F);
      for (const std::string &Usr : U->AddressTaken)
        Hidden.insert(Usr);
      for (const ThreadStartFact &S : U->Starts)
        Entries.try_emplace(S.Entry, &S);
      for (const LockApiFact &A : U->LockApi) {
        LockApi.insert(A.Usr);
        if (A.Kind == "release" || A.Kind == "clear")
          ReleaseApi.insert(A.Usr);
      }
    }
    for (const TUSummary *U : Units)
      for (const FunctionSummary &F : U->Functions)
        if (Defs.lookup(F.Usr) == &F)
          for (const CallFact &C : F.Calls)
            Callers[C.Callee].push_back({&F, &C});
  }

  std::vector<ProgramFinding> run() {
    std::vector<ProgramFinding> Out;
    for (const TUSummary *U : Units)
      for (const FunctionSummary &F : U->Functions) {
        if (Defs.lookup(F.Usr) != &F)
          continue;
        for (const HeldOnExitFact &H : F.HeldOnExit) {
          if (H.Reported || !leaks(&F, H.Lock) || coveredBelow(H))
            continue;
          ProgramFinding P;
          P.Check = "lockcheck-unreleased-lock";
          P.Function = F.Name;
          P.At = H.At;
          std::string Held = quoted(H.Name) + " is acquired here and " +
                             (H.Conditional ? "may still be" : "is still") +
                             " held when " + F.Display + " returns";
          if (const ThreadStartFact *S = Entries.lookup(F.Usr)) {
            // A thread entry the file of the function does not know for
            // one: it returns to no caller.
            P.Message = Held + ", which runs as a thread: nothing releases it";
            P.note(S->At, "the thread started here runs " + S->EntryName);
          } else {
            P.Message =
                Held + ", but no caller of " + F.Display + " releases it";
            std::set<std::pair<const FunctionSummary *, std::string>> Noted;
            callerNotes(P, &F, H.Lock, H.Name, Noted);
          }
          Out.push_back(std::move(P));
        }
      }
    llvm::stable_sort(
        Out, [](const ProgramFinding &A, const ProgramFinding &B) {
          return std::tie(A.At, A.Message) < std::tie(B.At, B.Message);
        });
    return Out;
  }

private:
  struct Caller {
    const FunctionSummary *G = nullptr;
    const CallFact *C = nullptr;
  };

  /// How caller \p G, at its call \p C of a function returning holding
  /// \p Key, leaves that lock.
  enum class After {
    Handled,  ///< released, reported by G's file, or not known
    PassedOn, ///< G returns holding it: G's callers decide (Lock: its key)
    Leaked,   ///< nothing releases it after the call
  };
  struct Outcome {
    After A = After::Handled;
    std::string Lock;  ///< PassedOn, Leaked: the lock as G names it
    bool Seen = false; ///< G's analysis sees the acquisition
  };

  const HeldOnExitFact *heldOnExit(const FunctionSummary *F,
                                   StringRef Key) const {
    for (const HeldOnExitFact &H : F->HeldOnExit)
      if (H.Lock == Key)
        return &H;
    return nullptr;
  }

  bool isEntry(const FunctionSummary *F) const {
    return F->Name == "main" || Entries.count(F->Usr);
  }

  Outcome after(const FunctionSummary *F, StringRef Key, const Caller &X) {
    const FunctionSummary *G = X.G;
    Outcome O;
    // The lock as the caller names it: the same class, or (a parameter
    // that is the mutex) the one lock the call takes, as the caller's
    // analysis sees it.
    if (portable(Key)) {
      O.Lock = Key.str();
      O.Seen = llvm::is_contained(X.C->Acquires, Key);
    } else if (X.C->Acquires.size() == 1 && F->HeldOnExit.size() == 1) {
      O.Lock = X.C->Acquires.front();
      O.Seen = true;
    } else {
      return O;
    }
    if (releases(G, O.Lock))
      return O;
    if (const HeldOnExitFact *H = heldOnExit(G, O.Lock)) {
      // A thread entry or main: the check of its file reports it there.
      if (H->Reported)
        return O;
      O.A = After::PassedOn;
      return O;
    }
    // The caller sees the acquisition and no exit of it holds the lock:
    // it releases it (on some path), or never returns. A lock function of
    // the program's lock API that the caller does not see take the lock:
    // the caller cannot name it (an opaque type), what it does with it is
    // not known.
    if (O.Seen || !portable(O.Lock) || LockApi.count(F->Usr))
      return O;
    // Nor what it calls (a function that releases the lock it did not take
    // on some path only is no release function).
    if (releasesThroughCallees(G, O.Lock))
      return O;
    // The caller does not know the call takes the lock (a conditional
    // acquire of another file): it returns holding it all the same.
    O.A = isEntry(G) ? After::Leaked : After::PassedOn;
    return O;
  }

  /// Whether \p G releases \p Key: itself, or through a release function
  /// of the program's lock API that names it so (a caller may not name a
  /// lock of an opaque type that its library's release function does).
  bool releases(const FunctionSummary *G, const std::string &Key) const {
    if (llvm::is_contained(G->Releases, Key))
      return true;
    return llvm::any_of(G->Calls, [&](const CallFact &C) {
      const FunctionSummary *H = Defs.lookup(C.Callee);
      return H && ReleaseApi.count(C.Callee) &&
             llvm::is_contained(H->Releases, Key);
    });
  }

  /// Whether \p H takes \p Key: itself, at a call its analysis sees, or
  /// in a function it calls that returns holding it.
  bool takes(const FunctionSummary *H, StringRef Key) const {
    return llvm::any_of(H->Acquires,
                        [&](const AcquireFact &A) { return A.Lock == Key; }) ||
           llvm::any_of(H->Calls, [&](const CallFact &C) {
             if (llvm::is_contained(C.Acquires, Key))
               return true;
             const FunctionSummary *Callee = Defs.lookup(C.Callee);
             return Callee && heldOnExit(Callee, Key);
           });
  }

  /// Whether a function \p G calls releases \p Key without taking it (for
  /// its caller), itself or through such functions, a few calls deep.
  bool releasesThroughCallees(const FunctionSummary *G,
                              const std::string &Key) const {
    std::set<const FunctionSummary *> Visited{G};
    std::vector<const FunctionSummary *> Level{G};
    for (unsigned Depth = 0; Depth < 3 && !Level.empty(); ++Depth) {
      std::vector<const FunctionSummary *> Next;
      for (const FunctionSummary *F : Level)
        for (const CallFact &C : F->Calls) {
          const FunctionSummary *H = Defs.lookup(C.Callee);
          if (!H || !Visited.insert(H).second || takes(H, Key))
            continue;
          if (llvm::is_contained(H->Releases, Key))
            return true;
          Next.push_back(H);
        }
      Level = std::move(Next);
    }
    return false;
  }

  /// Whether \p F returns holding \p Key to callers none of which releases
  /// it, directly or through the callers they pass it on to.
  bool leaks(const FunctionSummary *F, const std::string &Key) {
    auto [It, New] = Memo.try_emplace({F, Key}, false);
    if (!New)
      return It->second; // in progress (a cycle): assume a release
    bool Leaks = false;
    auto Found = Callers.find(F->Usr);
    if (isEntry(F)) {
      // A thread entry (of another file's start) or main that returns
      // holding the lock: no caller gets it back.
      Leaks = true;
    } else if (!Hidden.count(F->Usr) && Found != Callers.end()) {
      Leaks = true;
      for (const Caller &X : Found->second) {
        Outcome O = after(F, Key, X);
        if (O.A == After::Handled ||
            (O.A == After::PassedOn && !leaks(X.G, O.Lock))) {
          Leaks = false;
          break;
        }
      }
    }
    Memo[{F, Key}] = Leaks;
    return Leaks;
  }

  /// Whether the acquisition \p H is a call of a function that leaks the
  /// lock itself: that function's finding names this call.
  bool coveredBelow(const HeldOnExitFact &H) {
    if (H.Via.empty())
      return false;
    const FunctionSummary *Callee = Defs.lookup(H.Via);
    if (!Callee)
      return false;
    for (const HeldOnExitFact &Below : Callee->HeldOnExit)
      if (!Below.Reported && (Below.Lock == H.Lock || !portable(Below.Lock)) &&
          leaks(Callee, Below.Lock))
        return true;
    return false;
  }

  /// A note at every call of \p F, and at the calls of the callers that
  /// pass the lock on.
  void callerNotes(
      ProgramFinding &P, const FunctionSummary *F, const std::string &Key,
      const std::string &Name,
      std::set<std::pair<const FunctionSummary *, std::string>> &Noted) {
    if (!Noted.insert({F, Key}).second)
      return;
    auto Found = Callers.find(F->Usr);
    if (Found == Callers.end())
      return;
    for (const Caller &X : Found->second) {
      Outcome O = after(F, Key, X);
      if (O.A == After::PassedOn) {
        // As the caller names it, where its analysis sees it.
        const HeldOnExitFact *H = heldOnExit(X.G, O.Lock);
        const std::string &Up = H ? H->Name : Name;
        P.note(X.C->At, X.C->CalleeName + " is called here and " +
                            X.G->Display + " returns holding " + quoted(Up));
        if (const ThreadStartFact *S = Entries.lookup(X.G->Usr))
          P.note(S->At, "the thread started here runs " + S->EntryName);
        callerNotes(P, X.G, O.Lock, Up, Noted);
      } else {
        P.note(X.C->At, X.C->CalleeName + " is called here and " +
                            quoted(Name) + " is never released after it");
      }
    }
  }

  std::vector<const TUSummary *> Units;
  StringMap<const FunctionSummary *> Defs;
  StringMap<std::vector<Caller>> Callers;
  StringSet<> Hidden;
  StringMap<const ThreadStartFact *> Entries;
  StringSet<> LockApi, ReleaseApi;
  std::map<std::pair<const FunctionSummary *, std::string>, bool> Memo;
};

} // namespace

std::vector<ProgramFinding>
unreleasedAcquireFindings(ArrayRef<const TUSummary *> Units) {
  return AcquireWrappers(Units).run();
}

} // namespace lockcheck
