//===--- ProgramMergeTest.cpp - the whole-program merge -------------------===//
//
// What the lit projects cannot pin down: the merge's decisions on summaries
// built by hand — the locks every path from a thread's entry holds (the
// intersection over paths), recursion in the call graph, which findings are
// left to the check of one translation unit, lock kinds that are no double
// lock, independence from the order of the units — and the summary's YAML
// form read back as written.

#include "merge/ProgramMerge.h"
#include "checks/summary/SummaryIO.h"
#include "gtest/gtest.h"
#include <algorithm>

using namespace lockcheck;

namespace {

OrderPlace at(const std::string &File, unsigned Offset) {
  return {"/src/" + File, Offset};
}

HeldFact held(const std::string &Lock, OrderPlace Taken = {}) {
  HeldFact H;
  H.Lock = "g:" + Lock;
  H.Name = Lock;
  H.TakenAt = Taken;
  return H;
}

CallFact call(const std::string &Callee, OrderPlace At,
              std::vector<HeldFact> Held = {}) {
  CallFact C;
  C.Callee = "c:@F@" + Callee;
  C.CalleeName = "'" + Callee + "'";
  C.At = At;
  C.Held = std::move(Held);
  return C;
}

AccessFact write(const std::string &Var, OrderPlace At,
                 std::vector<HeldFact> Held = {}) {
  AccessFact A;
  A.Var = "g:" + Var;
  A.Name = Var;
  A.Write = true;
  A.At = At;
  A.Held = std::move(Held);
  return A;
}

AcquireFact acquire(const std::string &Lock, OrderPlace At,
                    bool Recursive = false) {
  AcquireFact A;
  A.Lock = "g:" + Lock;
  A.Name = Lock;
  A.Global = true;
  A.Recursive = Recursive;
  A.At = At;
  return A;
}

FunctionSummary function(const std::string &Name, OrderPlace At) {
  FunctionSummary F;
  F.Usr = "c:@F@" + Name;
  F.Name = Name;
  F.Display = "'" + Name + "'";
  F.At = At;
  return F;
}

ThreadStartFact start(const std::string &Entry, OrderPlace At) {
  ThreadStartFact S;
  S.Entry = "c:@F@" + Entry;
  S.EntryName = "'" + Entry + "'";
  S.At = At;
  return S;
}

struct Program {
  std::vector<TUSummary> Units;
  std::vector<std::vector<LockOrderEdge>> Edges;

  TUSummary &unit(const std::string &File) {
    Units.emplace_back();
    Units.back().File = "/src/" + File;
    Edges.emplace_back();
    return Units.back();
  }

  /// The findings as "check file:offset message | note ..." lines.
  std::vector<std::string> merge(bool Reverse = false) const {
    std::vector<MergeUnit> In;
    for (size_t I = 0; I < Units.size(); ++I)
      In.push_back({&Units[I], &Edges[I]});
    if (Reverse)
      std::reverse(In.begin(), In.end());
    MergeOptions Opts;
    Opts.Enabled = [](llvm::StringRef) { return true; };
    std::vector<std::string> Out;
    for (const ProgramFinding &F : mergeProgram(In, Opts)) {
      std::string S = F.Check.substr(strlen("lockcheck-")) + " " +
                      F.At.File.substr(5) + ":" + std::to_string(F.At.Offset) +
                      " " + F.Message;
      for (const auto &[P, Text] : F.Notes)
        S += " | " + P.File.substr(5) + ":" + std::to_string(P.Offset) + " " +
             Text;
      Out.push_back(S);
    }
    return Out;
  }
};

/// A thread started in a.c runs 'entry' (b.c), which reaches 'set' (b.c)
/// through 'middle'; c.c writes 'g' holding 'm'.
Program threeFiles() {
  Program P;
  P.unit("a.c").Starts.push_back(start("entry", at("a.c", 10)));
  TUSummary &B = P.unit("b.c");
  FunctionSummary Entry = function("entry", at("b.c", 1));
  Entry.Calls.push_back(call("middle", at("b.c", 5)));
  FunctionSummary Middle = function("middle", at("b.c", 20));
  Middle.Calls.push_back(call("set", at("b.c", 25)));
  FunctionSummary Set = function("set", at("b.c", 40));
  Set.Accesses.push_back(write("g", at("b.c", 45)));
  B.Functions = {Entry, Middle, Set};
  FunctionSummary Locked = function("locked", at("c.c", 1));
  Locked.Accesses.push_back(write("g", at("c.c", 9), {held("m")}));
  P.unit("c.c").Functions = {Locked};
  return P;
}

TEST(ProgramMergeTest, ThreadReachesAWriteInAnotherFile) {
  Program P = threeFiles();
  std::vector<std::string> F = P.merge();
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0], "unguarded-write b.c:45 'g' is written without holding "
                  "'m'; it is guarded by 'm' at 1 other access"
                  " | a.c:10 the thread started here runs 'entry'"
                  " | b.c:5 'entry' calls 'middle' here"
                  " | b.c:25 'middle' calls 'set' here"
                  " | c.c:9 'g' is written here holding 'm'");
  // Whatever the order of the units.
  EXPECT_EQ(P.merge(/*Reverse=*/true), F);
}

TEST(ProgramMergeTest, EveryPathFromTheEntryHoldsTheGuard) {
  Program P = threeFiles();
  // Both calls of 'middle' hold 'm': the write is guarded.
  FunctionSummary &Entry = P.Units[1].Functions[0];
  Entry.Calls[0].Held = {held("m")};
  Entry.Calls.push_back(call("middle", at("b.c", 8), {held("m")}));
  EXPECT_TRUE(P.merge().empty());
  // One path without it: the intersection loses it.
  Entry.Calls[1].Held.clear();
  EXPECT_EQ(P.merge().size(), 1u);
}

TEST(ProgramMergeTest, OneUnitIsLeftToTheCheck) {
  // The start, the write and the guarded access all in b.c.
  Program P = threeFiles();
  P.Units[0].Starts.clear();
  P.Units[1].Starts.push_back(start("entry", at("b.c", 60)));
  P.Units[1].Functions[2].Accesses.push_back(
      write("g", at("b.c", 50), {held("m")}));
  EXPECT_TRUE(P.merge().empty());
}

TEST(ProgramMergeTest, RecursionTerminates) {
  Program P;
  TUSummary &A = P.unit("a.c");
  FunctionSummary F = function("f", at("a.c", 1));
  F.Calls.push_back(call("g", at("a.c", 2), {held("m", at("a.c", 1))}));
  A.Functions = {F};
  FunctionSummary G = function("g", at("b.c", 1));
  G.Calls.push_back(call("f", at("b.c", 2)));
  G.Acquires.push_back(acquire("m", at("b.c", 3)));
  P.unit("b.c").Functions = {G};
  std::vector<std::string> Out = P.merge();
  ASSERT_EQ(Out.size(), 1u);
  EXPECT_EQ(Out[0], "double-lock a.c:2 calling 'g' locks 'm', which this "
                    "thread already holds; 'm' is not recursive, so this "
                    "deadlocks | b.c:3 'g' locks it here | a.c:1 'm' was "
                    "locked here");
}

TEST(ProgramMergeTest, NoDoubleLockOnRecursiveOrMemberLocks) {
  Program P;
  FunctionSummary F = function("f", at("a.c", 1));
  F.Calls.push_back(call("g", at("a.c", 2), {held("r")}));
  F.Calls.push_back(call("h", at("a.c", 3), {held("m")}));
  P.unit("a.c").Functions = {F};
  FunctionSummary G = function("g", at("b.c", 1));
  G.Acquires.push_back(acquire("r", at("b.c", 2), /*Recursive=*/true));
  // A member lock of a class: another object's, maybe.
  FunctionSummary H = function("h", at("b.c", 10));
  AcquireFact Member = acquire("m", at("b.c", 11));
  Member.Global = false;
  H.Acquires.push_back(Member);
  P.unit("b.c").Functions = {G, H};
  EXPECT_TRUE(P.merge().empty());
}

TEST(ProgramMergeTest, InlineFunctionsCountOnce) {
  // 'set' is defined in both units (an inline function of a header): its
  // write is one access, reported once.
  Program P = threeFiles();
  P.Units[2].Functions.push_back(P.Units[1].Functions[2]);
  EXPECT_EQ(P.merge().size(), 1u);
}

MemberAccessFact memberWrite(OrderPlace At, ObjectRef Object,
                             bool Guarded = false) {
  MemberAccessFact A;
  A.Field = "f:conn::count";
  A.Name = "c->count";
  A.Write = true;
  A.At = At;
  A.Object = Object;
  if (Guarded) {
    HeldFact H;
    H.Lock = "f:conn::mu";
    H.Name = "c->mu";
    A.Held.push_back(H);
  }
  return A;
}

ObjectRef param(unsigned I) {
  ObjectRef O;
  O.K = ObjectRef::Param;
  O.Index = I;
  return O;
}

/// A thread started in a.c (by 'serve', which then calls 'bump') runs
/// 'worker' (b.c), which calls 'reset' (b.c) on its argument; 'reset'
/// writes 'c->count' without 'conn::mu'; 'bump' (c.c) writes it holding
/// it.
Program members() {
  Program P;
  FunctionSummary Serve = function("serve", at("a.c", 1));
  ThreadStartFact S = start("worker", at("a.c", 10));
  S.Starter = Serve.Usr;
  Serve.Calls.push_back(call("bump", at("a.c", 20)));
  TUSummary &A = P.unit("a.c");
  A.Functions = {Serve};
  A.Starts = {S};
  FunctionSummary Worker = function("worker", at("b.c", 1));
  Worker.Calls.push_back(call("reset", at("b.c", 5)));
  CallObjectsFact O;
  O.At = at("b.c", 5);
  O.Callee = "c:@F@reset";
  O.Args.push_back({0, param(0)});
  Worker.CallObjects.push_back(O);
  FunctionSummary Reset = function("reset", at("b.c", 20));
  Reset.MemberAccesses.push_back(memberWrite(at("b.c", 25), param(0)));
  P.unit("b.c").Functions = {Worker, Reset};
  FunctionSummary Bump = function("bump", at("c.c", 1));
  Bump.MemberAccesses.push_back(
      memberWrite(at("c.c", 9), param(0), /*Guarded=*/true));
  P.unit("c.c").Functions = {Bump};
  return P;
}

TEST(ProgramMergeTest, MemberWrittenWithoutItsClassLock) {
  Program P = members();
  std::vector<std::string> F = P.merge();
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0], "unguarded-write b.c:25 'c->count' is written without "
                  "holding 'conn::mu'; 'conn::count' is written holding it "
                  "at 1 other place"
                  " | a.c:10 the thread started here runs 'worker'"
                  " | b.c:5 'worker' calls 'reset' here"
                  " | a.c:20 'serve' calls 'bump' here while the thread runs"
                  " | c.c:9 'c->count' is written here holding 'c->mu'");
  EXPECT_EQ(P.merge(/*Reverse=*/true), F);
}

TEST(ProgramMergeTest, MemberOfAnOwnedObject) {
  // 'worker' hands 'reset' a connection of its own.
  Program P = members();
  P.Units[1].Functions[0].CallObjects[0].Args[0].Object.K = ObjectRef::Owned;
  EXPECT_TRUE(P.merge().empty());
}

TEST(ProgramMergeTest, MemberNeedsAConcurrentAccess) {
  // 'serve' calls 'bump' before it starts the thread: nothing runs with it.
  Program P = members();
  P.Units[0].Functions[0].Calls[0].At = at("a.c", 5);
  EXPECT_TRUE(P.merge().empty());
  // Nor after it joins the thread.
  P = members();
  BlockingFact Join;
  Join.Api = "pthread_join";
  Join.At = at("a.c", 15);
  P.Units[0].Functions[0].Blocking.push_back(Join);
  EXPECT_TRUE(P.merge().empty());
}

TEST(ProgramMergeTest, MemberNeedsItsOwnClassLock) {
  // Guarded only by a lock of another class: no evidence about 'conn'.
  Program P = members();
  P.Units[2].Functions[0].MemberAccesses[0].Held[0].Lock = "f:server::lock";
  EXPECT_TRUE(P.merge().empty());
  // Written without the lock more often than with it: no guard.
  P = members();
  P.Units[2].Functions[0].MemberAccesses.push_back(
      memberWrite(at("c.c", 30), param(0)));
  EXPECT_TRUE(P.merge().empty());
}

TEST(ProgramMergeTest, MemberWriteUnderAnotherObjectsLock) {
  // 'reset' is called holding a member lock of another class, which may be
  // the same lock object.
  Program P = members();
  HeldFact H;
  H.Lock = "f:bufferevent::lock";
  H.Name = "bev->lock";
  P.Units[1].Functions[0].Calls[0].Held.push_back(H);
  EXPECT_TRUE(P.merge().empty());
}

TEST(ProgramMergeTest, AWriteAfterTheGuardsInitialisationInitialisesIt) {
  // 'set' initialises 'm' at 42, then writes 'g' at 45: no access under 'm'
  // can come before.
  Program P = threeFiles();
  FunctionSummary &Set = P.Units[1].Functions[2];
  Set.Inits.push_back({"g:m", at("b.c", 42)});
  EXPECT_TRUE(P.merge().empty());
  // Initialised after the write: reported.
  Set.Inits[0].At = at("b.c", 47);
  EXPECT_EQ(P.merge().size(), 1u);
  // Another lock initialised: reported.
  Set.Inits[0] = {"g:other", at("b.c", 42)};
  EXPECT_EQ(P.merge().size(), 1u);
  // A call in between of a function that starts a thread ('spawn', of
  // another file, calls 'launch', which starts one): reported.
  Set.Inits[0] = {"g:m", at("b.c", 42)};
  Set.Calls.push_back(call("spawn", at("b.c", 43)));
  FunctionSummary Spawn = function("spawn", at("d.c", 1));
  Spawn.Calls.push_back(call("launch", at("d.c", 2)));
  FunctionSummary Launch = function("launch", at("d.c", 10));
  TUSummary &D = P.unit("d.c");
  D.Functions = {Spawn, Launch};
  ThreadStartFact S = start("entry", at("d.c", 11));
  S.Starter = "c:@F@launch";
  D.Starts.push_back(S);
  EXPECT_EQ(P.merge().size(), 1u);
  // The same call after the write: not in between.
  P.Units[1].Functions[2].Calls[0].At = at("b.c", 46);
  EXPECT_TRUE(P.merge().empty());
}

TEST(ProgramMergeTest, SummaryYamlRoundTrip) {
  Program P = threeFiles();
  P.Units[1].Functions[0].Acquires.push_back(acquire("m", at("b.c", 3)));
  P.Units[1].Functions[0].Calls[0].Held = {held("m", at("b.c", 3))};
  P.Units[1].Functions[0].MemberAccesses.push_back(
      memberWrite(at("b.c", 7), param(2), /*Guarded=*/true));
  P.Units[1].Functions[0].MemberAccesses.back().MayHeld = {"g:other"};
  CallObjectsFact O;
  O.At = at("b.c", 5);
  O.Callee = "c:@F@middle";
  O.This.K = ObjectRef::Owned;
  O.Args.push_back({1, param(0)});
  P.Units[1].Functions[0].CallObjects.push_back(O);
  P.Units[1].Functions[0].Inits.push_back({"g:m", at("b.c", 2)});
  std::string Text;
  {
    llvm::raw_string_ostream OS(Text);
    llvm::yaml::Output Out(OS);
    Out << P.Units[1];
  }
  TUSummary Back;
  llvm::yaml::Input In(Text);
  In >> Back;
  ASSERT_FALSE(In.error());
  std::string Again;
  {
    llvm::raw_string_ostream OS(Again);
    llvm::yaml::Output Out(OS);
    Out << Back;
  }
  EXPECT_EQ(Text, Again);
  EXPECT_EQ(Back.Functions[0].Calls[0].Held[0].TakenAt, at("b.c", 3));
  EXPECT_EQ(Back.Version, SummaryVersion);
  EXPECT_EQ(Back.Functions[0].MemberAccesses[0].Object, param(2));
  EXPECT_EQ(Back.Functions[0].CallObjects[0].This.K, ObjectRef::Owned);
  EXPECT_EQ(Back.Functions[0].CallObjects[0].Args[0].Object, param(0));
  ASSERT_EQ(Back.Functions[0].Inits.size(), 1u);
  EXPECT_EQ(Back.Functions[0].Inits[0].Lock, "g:m");
  EXPECT_EQ(Back.Functions[0].Inits[0].At, at("b.c", 2));
}

} // namespace
