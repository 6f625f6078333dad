//===--- LockOrderTest.cpp - the lock-order graph -------------------------===//
//
// What the lit tests cannot pin down: the cycles found do not depend on the
// order the edges arrive in (the tool merges files in any order), duplicate
// edges merge, same-class edges are dropped, the mode and thread filters,
// and the bounds.

#include "checks/analysis/LockOrder.h"
#include "gtest/gtest.h"
#include <algorithm>
#include <random>

using namespace lockcheck;

namespace {

LockOrderEdge edge(const std::string &From, const std::string &To,
                   const std::string &File, unsigned Offset) {
  LockOrderEdge E;
  E.From = "g:" + From;
  E.To = "g:" + To;
  E.FromName = From;
  E.ToName = To;
  E.At = {File, Offset};
  E.Function = "f" + std::to_string(Offset);
  return E;
}

/// The cycles as "a>b@file:offset ..." strings, side by side.
std::vector<std::string> describe(const LockOrderGraph &G) {
  std::vector<std::string> Out;
  for (const LockOrderCycle &C : G.findCycles()) {
    std::string S;
    for (unsigned I : C.Edges) {
      const LockOrderEdge &E = G.edges()[I];
      if (!S.empty())
        S += ' ';
      S += E.FromName + ">" + E.ToName + "@" + E.At.File + ":" +
           std::to_string(E.At.Offset);
    }
    Out.push_back(S);
  }
  return Out;
}

TEST(LockOrder, TwoSidesReportedAtTheFirstAcquisition) {
  LockOrderGraph G;
  G.add(edge("b", "a", "/z.cpp", 10));
  G.add(edge("a", "b", "/y.cpp", 50));
  EXPECT_EQ(describe(G),
            std::vector<std::string>{"a>b@/y.cpp:50 b>a@/z.cpp:10"});
}

TEST(LockOrder, ConsistentOrderHasNoCycle) {
  LockOrderGraph G;
  G.add(edge("a", "b", "/y.cpp", 1));
  G.add(edge("a", "b", "/y.cpp", 2));
  G.add(edge("b", "c", "/y.cpp", 3));
  G.add(edge("a", "c", "/y.cpp", 4));
  EXPECT_TRUE(G.findCycles().empty());
}

TEST(LockOrder, SameClassEdgesAreDropped) {
  LockOrderGraph G;
  G.add(edge("a", "a", "/y.cpp", 1));
  EXPECT_TRUE(G.edges().empty());
  EXPECT_TRUE(G.findCycles().empty());
}

TEST(LockOrder, DuplicatesMergeWhateverTheirOrder) {
  LockOrderEdge E1 = edge("a", "b", "/h.h", 5);
  LockOrderEdge E2 = E1;
  E2.Function = "zz"; // the same place seen from another translation unit
  LockOrderGraph G1, G2;
  G1.add(E1);
  G1.add(E2);
  G2.add(E2);
  G2.add(E1);
  ASSERT_EQ(G1.edges().size(), 1u);
  ASSERT_EQ(G2.edges().size(), 1u);
  EXPECT_EQ(G1.edges()[0].Function, G2.edges()[0].Function);
}

TEST(LockOrder, CyclesDoNotDependOnTheOrderOfEdges) {
  std::vector<LockOrderEdge> Edges = {
      edge("a", "b", "/1.cpp", 1), edge("b", "a", "/2.cpp", 2),
      edge("b", "a", "/2.cpp", 9), edge("b", "c", "/3.cpp", 3),
      edge("c", "d", "/3.cpp", 4), edge("d", "b", "/4.cpp", 5),
      edge("c", "a", "/4.cpp", 6), edge("e", "f", "/5.cpp", 7),
  };
  LockOrderGraph Reference;
  Reference.addAll(Edges);
  std::vector<std::string> Expected = describe(Reference);
  EXPECT_EQ(Expected.size(), 3u); // a-b, b-c-d, a-b-c; nothing of e-f
  std::mt19937 Rng(42);
  for (int I = 0; I < 20; ++I) {
    std::shuffle(Edges.begin(), Edges.end(), Rng);
    LockOrderGraph G;
    G.addAll(Edges);
    EXPECT_EQ(describe(G), Expected);
  }
}

TEST(LockOrder, ThreeLockCycle) {
  LockOrderGraph G;
  G.add(edge("a", "b", "/x.cpp", 30));
  G.add(edge("b", "c", "/x.cpp", 20));
  G.add(edge("c", "a", "/x.cpp", 10));
  EXPECT_EQ(describe(G), std::vector<std::string>{
                             "c>a@/x.cpp:10 a>b@/x.cpp:30 b>c@/x.cpp:20"});
  EXPECT_EQ(cycleMessage({"c", "a", "b"}),
            "'c', 'a' and 'b' are acquired in a cyclic order on paths that "
            "can run in different threads; this can deadlock");
}

TEST(LockOrder, ReadersDoNotBlockEachOther) {
  LockOrderEdge AB = edge("a", "b", "/x.cpp", 1);
  LockOrderEdge BA = edge("b", "a", "/x.cpp", 2);
  AB.FromShared = AB.ToShared = BA.FromShared = BA.ToShared = true;
  LockOrderGraph G;
  G.add(AB);
  G.add(BA);
  EXPECT_TRUE(G.findCycles().empty());
  // A writer on one lock only: the other side still gets the other lock
  // next to the reader that holds it, and finishes.
  BA.ToShared = false;
  LockOrderGraph One;
  One.add(AB);
  One.add(BA);
  EXPECT_TRUE(One.findCycles().empty());
  // Writers wanting both: each side waits for the other.
  AB.ToShared = false;
  LockOrderGraph Both;
  Both.add(AB);
  Both.add(BA);
  EXPECT_EQ(Both.findCycles().size(), 1u);
}

TEST(LockOrder, SidesOnlyOneThreadTakesAreNotConcurrent) {
  LockOrderEdge AB = edge("a", "b", "/x.cpp", 1);
  LockOrderEdge BA = edge("b", "a", "/x.cpp", 2);
  BA.Threads = EdgeThreads::OnlyThread;
  EXPECT_FALSE(mayRunConcurrently(AB, BA));
  LockOrderGraph G;
  G.add(AB);
  G.add(BA);
  EXPECT_TRUE(G.findCycles().empty());
  // Another side of the same order that any thread may take: reported
  // with that one.
  G.add(edge("b", "a", "/x.cpp", 3));
  EXPECT_EQ(describe(G), std::vector<std::string>{"a>b@/x.cpp:1 b>a@/x.cpp:3"});
}

TEST(LockOrder, Bounds) {
  // A ring of six locks: longer than the longest cycle searched.
  LockOrderGraph G;
  const char *Names[] = {"a", "b", "c", "d", "e", "f"};
  for (unsigned I = 0; I < 6; ++I)
    G.add(edge(Names[I], Names[(I + 1) % 6], "/r.cpp", I));
  EXPECT_TRUE(G.findCycles(4).empty());
  EXPECT_EQ(G.findCycles(6).size(), 1u);
  // Many two-lock cycles: at most MaxCycles.
  LockOrderGraph M;
  for (unsigned I = 0; I < 50; ++I) {
    M.add(edge("x" + std::to_string(I), "y" + std::to_string(I), "/m.cpp",
               2 * I));
    M.add(edge("y" + std::to_string(I), "x" + std::to_string(I), "/m.cpp",
               2 * I + 1));
  }
  EXPECT_EQ(M.findCycles(4, 10).size(), 10u);
}

} // namespace
