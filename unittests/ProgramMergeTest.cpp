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

TEST(ProgramMergeTest, SummaryYamlRoundTrip) {
  Program P = threeFiles();
  P.Units[1].Functions[0].Acquires.push_back(acquire("m", at("b.c", 3)));
  P.Units[1].Functions[0].Calls[0].Held = {held("m", at("b.c", 3))};
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
}

} // namespace
