//===--- AcquireWrappersTest.cpp - acquire functions no caller releases ---===//
//
// The merge's decision on functions that return holding a lock, from
// summaries built by hand: a caller that releases, one that passes the lock
// on to a caller that releases (or to none), callers that do not see the
// acquisition, functions with no caller or with callers no summary shows,
// thread entries, cycles of callers, and the summary fields read back.

#include "merge/AcquireWrappers.h"
#include "checks/summary/SummaryIO.h"
#include "gtest/gtest.h"
#include <algorithm>

using namespace lockcheck;

namespace {

OrderPlace at(const std::string &File, unsigned Offset) {
  return {"/src/" + File, Offset};
}

FunctionSummary function(const std::string &Name, OrderPlace At) {
  FunctionSummary F;
  F.Usr = "c:@F@" + Name;
  F.Name = Name;
  F.Display = "'" + Name + "'";
  F.At = At;
  return F;
}

/// A call of \p Callee; \p Seen: the caller's analysis sees it take \p Lock.
CallFact call(const std::string &Callee, OrderPlace At,
              const std::string &Lock = "", bool Seen = true) {
  CallFact C;
  C.Callee = "c:@F@" + Callee;
  C.CalleeName = "'" + Callee + "'";
  C.At = At;
  if (Seen && !Lock.empty())
    C.Acquires.push_back(Lock);
  return C;
}

HeldOnExitFact held(const std::string &Lock, OrderPlace At,
                    const std::string &Via = "") {
  HeldOnExitFact H;
  H.Lock = Lock;
  H.Name = Lock.substr(Lock.rfind(':') + 1);
  H.At = At;
  if (!Via.empty())
    H.Via = "c:@F@" + Via;
  return H;
}

const std::string QLock = "f:q::lock";

struct Program {
  std::vector<TUSummary> Units;

  TUSummary &unit(const std::string &File) {
    Units.emplace_back();
    Units.back().File = "/src/" + File;
    return Units.back();
  }

  std::vector<std::string> merge(bool Reverse = false) const {
    std::vector<const TUSummary *> In;
    for (const TUSummary &U : Units)
      In.push_back(&U);
    if (Reverse)
      std::reverse(In.begin(), In.end());
    std::vector<std::string> Out;
    for (const ProgramFinding &F : unreleasedAcquireFindings(In)) {
      std::string S = F.At.File.substr(5) + ":" + std::to_string(F.At.Offset) +
                      " " + F.Message;
      for (const auto &[P, Text] : F.Notes)
        S += " | " + P.File.substr(5) + ":" + std::to_string(P.Offset) + " " +
             Text;
      Out.push_back(S);
    }
    return Out;
  }
};

/// lib.c: 'take' returns holding q::lock; app.c: 'a' calls it.
Program wrapperAndCaller(FunctionSummary Caller) {
  Program P;
  FunctionSummary Take = function("take", at("lib.c", 1));
  Take.HeldOnExit.push_back(held(QLock, at("lib.c", 10)));
  P.unit("lib.c").Functions = {Take};
  P.unit("app.c").Functions = {Caller};
  return P;
}

TEST(AcquireWrappersTest, ACallerThatReleasesMakesAWrapper) {
  FunctionSummary A = function("a", at("app.c", 1));
  A.Calls.push_back(call("take", at("app.c", 5), QLock));
  A.Releases.push_back(QLock);
  EXPECT_TRUE(wrapperAndCaller(A).merge().empty());
}

TEST(AcquireWrappersTest, ACallerThatSeesTheLockAndEndsWithoutItReleases) {
  // Its own check decides: released on some path, or it never returns.
  FunctionSummary A = function("a", at("app.c", 1));
  A.Calls.push_back(call("take", at("app.c", 5), QLock));
  EXPECT_TRUE(wrapperAndCaller(A).merge().empty());
}

TEST(AcquireWrappersTest, NoCallerIsALibraryApi) {
  FunctionSummary A = function("a", at("app.c", 1));
  EXPECT_TRUE(wrapperAndCaller(A).merge().empty());
}

/// 'a' does not see that 'take' locks (a conditional acquire of another
/// file) and does not release: it returns holding the lock to main.
Program unseenChain() {
  FunctionSummary A = function("a", at("app.c", 1));
  A.Calls.push_back(call("take", at("app.c", 5), QLock, /*Seen=*/false));
  Program P = wrapperAndCaller(A);
  FunctionSummary Main = function("main", at("main.c", 1));
  Main.Calls.push_back(call("a", at("main.c", 7)));
  P.unit("main.c").Functions = {Main};
  return P;
}

TEST(AcquireWrappersTest, NoCallerUpToMainReleases) {
  Program P = unseenChain();
  std::vector<std::string> F = P.merge();
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0], "lib.c:10 'lock' is acquired here and is still held when "
                  "'take' returns, but no caller of 'take' releases it"
                  " | app.c:5 'take' is called here and 'a' returns holding "
                  "'lock'"
                  " | main.c:7 'a' is called here and 'lock' is never "
                  "released after it");
  EXPECT_EQ(P.merge(/*Reverse=*/true), F);
}

TEST(AcquireWrappersTest, ACallerUpTheChainThatReleasesMakesAWrapper) {
  Program P = unseenChain();
  P.Units[2].Functions[0].Releases.push_back(QLock);
  EXPECT_TRUE(P.merge().empty());
}

TEST(AcquireWrappersTest, OneCallerThatReleasesIsEnough) {
  Program P = unseenChain();
  FunctionSummary B = function("b", at("app.c", 50));
  B.Calls.push_back(call("take", at("app.c", 55), QLock));
  B.Releases.push_back(QLock);
  P.Units[1].Functions.push_back(B);
  EXPECT_TRUE(P.merge().empty());
}

TEST(AcquireWrappersTest, AReleaseFunctionOfTheLibraryReleasesForTheCaller) {
  // 'a' cannot name the lock (an opaque type): 'give', a release function
  // of lib.c, names it.
  Program P = unseenChain();
  FunctionSummary Give = function("give", at("lib.c", 30));
  Give.Releases.push_back(QLock);
  P.Units[0].Functions.push_back(Give);
  EXPECT_EQ(P.merge().size(), 1u);
  P.Units[1].Functions[0].Calls.push_back(call("give", at("app.c", 9)));
  EXPECT_TRUE(P.merge().empty());
}

TEST(AcquireWrappersTest, AFunctionTheCallerCallsMayReleaseForIt) {
  // main calls 'finish', which releases the lock it did not take (on some
  // path: no release function); 'other' takes it through 'take2' and
  // releases it itself: no release for main.
  Program P = unseenChain();
  FunctionSummary Other = function("other", at("app.c", 60));
  Other.Calls.push_back(call("take2", at("app.c", 62), QLock, false));
  Other.Releases.push_back(QLock);
  FunctionSummary Take2 = function("take2", at("lib.c", 40));
  Take2.HeldOnExit.push_back(held(QLock, at("lib.c", 45)));
  Take2.HeldOnExit.back().Conditional = true;
  // 'other' releases: 'take2' is a wrapper.
  P.Units[0].Functions.push_back(Take2);
  P.Units[1].Functions.push_back(Other);
  P.Units[2].Functions[0].Calls.push_back(call("other", at("main.c", 8)));
  EXPECT_EQ(P.merge().size(), 1u);
  FunctionSummary Finish = function("finish", at("app.c", 80));
  Finish.Releases.push_back(QLock);
  P.Units[1].Functions.push_back(Finish);
  P.Units[2].Functions[0].Calls.push_back(call("finish", at("main.c", 9)));
  EXPECT_TRUE(P.merge().empty());
}

TEST(AcquireWrappersTest, AnAcquireFunctionTheCallerDoesNotSeeIsNotKnown) {
  // 'take' is an acquire function of the lock API: a caller whose analysis
  // does not see it take the lock cannot name the lock.
  Program P = unseenChain();
  LockApiFact Fact;
  Fact.Usr = "c:@F@take";
  Fact.Kind = "acquire";
  P.Units[0].LockApi.push_back(Fact);
  EXPECT_TRUE(P.merge().empty());
}

TEST(AcquireWrappersTest, CallersNoSummaryShowsMakeAWrapper) {
  Program P = unseenChain();
  P.Units[1].AddressTaken.push_back("c:@F@take");
  EXPECT_TRUE(P.merge().empty());
}

TEST(AcquireWrappersTest, APassedOnLockGoesUpToTheCallersCallers) {
  // 'a' sees the lock and returns holding it: 'b' releases it.
  FunctionSummary A = function("a", at("app.c", 1));
  A.Calls.push_back(call("take", at("app.c", 5), QLock));
  A.HeldOnExit.push_back(held(QLock, at("app.c", 5), "take"));
  Program P = wrapperAndCaller(A);
  FunctionSummary B = function("b", at("main.c", 1));
  B.Calls.push_back(call("a", at("main.c", 7), QLock));
  B.Releases.push_back(QLock);
  P.unit("main.c").Functions = {B};
  EXPECT_TRUE(P.merge().empty());
  // Without the release, 'b' passes it on too, to nobody: a public API.
  P.Units[2].Functions[0].Releases.clear();
  P.Units[2].Functions[0].HeldOnExit.push_back(
      held(QLock, at("main.c", 7), "a"));
  EXPECT_TRUE(P.merge().empty());
}

TEST(AcquireWrappersTest, ACallerItsFileReportsIsNotReportedAgain) {
  FunctionSummary Main = function("main", at("app.c", 1));
  Main.Calls.push_back(call("take", at("app.c", 5), QLock));
  Main.HeldOnExit.push_back(held(QLock, at("app.c", 5), "take"));
  Main.HeldOnExit.back().Reported = true;
  EXPECT_TRUE(wrapperAndCaller(Main).merge().empty());
}

TEST(AcquireWrappersTest, AThreadEntryOfAnotherFileReturnsToNoCaller) {
  // 'worker' (app.c) is started in main.c: its file took it for a wrapper.
  FunctionSummary W = function("worker", at("app.c", 1));
  W.Calls.push_back(call("take", at("app.c", 5), QLock));
  W.HeldOnExit.push_back(held(QLock, at("app.c", 5), "take"));
  Program P = wrapperAndCaller(W);
  ThreadStartFact S;
  S.Entry = "c:@F@worker";
  S.EntryName = "'worker'";
  S.At = at("main.c", 9);
  P.unit("main.c").Starts.push_back(S);
  std::vector<std::string> F = P.merge();
  // Reported once, at the lock 'take' takes for nobody.
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0], "lib.c:10 'lock' is acquired here and is still held when "
                  "'take' returns, but no caller of 'take' releases it"
                  " | app.c:5 'take' is called here and 'worker' returns "
                  "holding 'lock'"
                  " | main.c:9 the thread started here runs 'worker'");
  // With another caller of 'take' that releases, at the call in 'worker'.
  FunctionSummary B = function("b", at("app.c", 50));
  B.Calls.push_back(call("take", at("app.c", 55), QLock));
  B.Releases.push_back(QLock);
  P.Units[1].Functions.push_back(B);
  F = P.merge();
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0], "app.c:5 'lock' is acquired here and is still held when "
                  "'worker' returns, which runs as a thread: nothing "
                  "releases it"
                  " | main.c:9 the thread started here runs 'worker'");
}

TEST(AcquireWrappersTest, ACycleOfCallersPassingItOnIsNoLeak) {
  // 'a' and 'b' call each other and 'take', passing the lock on: no
  // caller outside the cycle, nothing known.
  FunctionSummary A = function("a", at("app.c", 1));
  A.Calls.push_back(call("take", at("app.c", 5), QLock));
  A.Calls.push_back(call("b", at("app.c", 6), QLock));
  A.HeldOnExit.push_back(held(QLock, at("app.c", 5), "take"));
  Program P = wrapperAndCaller(A);
  FunctionSummary B = function("b", at("app.c", 20));
  B.Calls.push_back(call("a", at("app.c", 25), QLock));
  B.HeldOnExit.push_back(held(QLock, at("app.c", 25), "a"));
  P.Units[1].Functions.push_back(B);
  EXPECT_TRUE(P.merge().empty());
}

TEST(AcquireWrappersTest, AMutexParameterIsNamedByTheCaller) {
  // 'take' locks its parameter (a key of its own); the caller names it.
  Program P;
  FunctionSummary Take = function("take", at("lib.c", 1));
  Take.HeldOnExit.push_back(held("l:take::m@1", at("lib.c", 10)));
  P.unit("lib.c").Functions = {Take};
  FunctionSummary A = function("a", at("app.c", 1));
  A.Calls.push_back(call("take", at("app.c", 5), "g:gm"));
  A.Releases.push_back("g:gm");
  P.unit("app.c").Functions = {A};
  EXPECT_TRUE(P.merge().empty());
  // A thread entry of another file holding it at its end.
  P.Units[1].Functions[0].Releases.clear();
  P.Units[1].Functions[0].HeldOnExit.push_back(
      held("g:gm", at("app.c", 5), "take"));
  ThreadStartFact S;
  S.Entry = "c:@F@a";
  S.EntryName = "'a'";
  S.At = at("main.c", 9);
  P.unit("main.c").Starts.push_back(S);
  std::vector<std::string> F = P.merge();
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].substr(0, 9), "lib.c:10 ");
}

TEST(AcquireWrappersTest, TheNewFieldsReadBack) {
  TUSummary U;
  U.File = "/src/app.c";
  FunctionSummary A = function("a", at("app.c", 1));
  A.Calls.push_back(call("take", at("app.c", 5), QLock));
  A.HeldOnExit.push_back(held(QLock, at("app.c", 5), "take"));
  A.HeldOnExit.back().Conditional = true;
  A.Releases.push_back("g:other");
  U.Functions.push_back(A);
  U.AddressTaken.push_back("c:@F@cb");
  std::string Text;
  {
    llvm::raw_string_ostream OS(Text);
    llvm::yaml::Output Out(OS);
    Out << U;
  }
  TUSummary Back;
  llvm::yaml::Input In(Text);
  In >> Back;
  ASSERT_FALSE(In.error());
  ASSERT_EQ(Back.Functions.size(), 1u);
  const FunctionSummary &B = Back.Functions[0];
  EXPECT_EQ(B.Calls[0].Acquires, std::vector<std::string>{QLock});
  ASSERT_EQ(B.HeldOnExit.size(), 1u);
  EXPECT_EQ(B.HeldOnExit[0].Lock, QLock);
  EXPECT_EQ(B.HeldOnExit[0].Via, "c:@F@take");
  EXPECT_TRUE(B.HeldOnExit[0].Conditional);
  EXPECT_FALSE(B.HeldOnExit[0].Reported);
  EXPECT_EQ(B.Releases, std::vector<std::string>{"g:other"});
  EXPECT_EQ(Back.AddressTaken, std::vector<std::string>{"c:@F@cb"});
}

} // namespace
