//===--- DataflowTest.cpp - StateMap lattice ------------------------------===//

#include "checks/analysis/Dataflow.h"
#include "gtest/gtest.h"

using namespace lockcheck;

TEST(StateMapTest, AbsentKeyIsInitial) {
  StateMap S;
  EXPECT_EQ(S.get(7), InitialBit);
  S.set(7, 4);
  EXPECT_EQ(S.get(7), 4u);
  S.set(7, InitialBit); // back to initial: dropped
  EXPECT_EQ(S, StateMap());
}

TEST(StateMapTest, JoinIsPerKeyUnionWithInitialForAbsentKeys) {
  StateMap A, B;
  A.set(1, 2); // key 1 held on A's path
  B.set(2, 4); // key 2 released on B's path
  EXPECT_TRUE(A.join(B));
  EXPECT_EQ(A.get(1), 2u | InitialBit); // absent in B: initial there
  EXPECT_EQ(A.get(2), 4u | InitialBit); // absent in A: initial there
  // Joining again changes nothing: the lattice has reached its fixpoint.
  EXPECT_FALSE(A.join(B));
}

TEST(StateMapTest, JoinOfEqualStatesIsUnchanged) {
  StateMap A, B;
  A.set(3, 2);
  B.set(3, 2);
  EXPECT_FALSE(A.join(B));
  EXPECT_EQ(A.get(3), 2u);
  EXPECT_EQ(A, B);
}
