//===--- LockApiMergeTest.cpp - the program's own lock API ----------------===//
//
// Which lock functions a unit is analysed again with: those it calls and
// does not define, once per function whatever the number of units defining
// it, in an order that does not depend on the units'; and the facts' YAML
// form (what a worker reads) read back as written.

#include "merge/LockApiMerge.h"
#include "checks/summary/SummaryIO.h"
#include "gtest/gtest.h"

using namespace lockcheck;

namespace {

LockApiFact acquire(const std::string &Name, unsigned Param = 0) {
  LockApiFact F;
  F.Usr = "c:@F@" + Name;
  F.Name = Name;
  F.Kind = "acquire";
  F.Lock.Base = LockPathFact::OfParam;
  F.Lock.Param = Param;
  F.Lock.Fields = {"mtx"};
  F.LockName = "m->mtx";
  return F;
}

FunctionSummary function(const std::string &Name,
                         std::vector<std::string> Callees = {}) {
  FunctionSummary F;
  F.Usr = "c:@F@" + Name;
  F.Name = Name;
  for (const std::string &C : Callees) {
    CallFact Call;
    Call.Callee = "c:@F@" + C;
    Call.CalleeName = "'" + C + "'";
    F.Calls.push_back(std::move(Call));
  }
  return F;
}

std::vector<std::string> names(const std::vector<LockApiFact> &Facts) {
  std::vector<std::string> Out;
  for (const LockApiFact &F : Facts)
    Out.push_back(F.Name);
  return Out;
}

TEST(LockApiMergeTest, OncePerFunctionSortedWhateverTheUnitOrder) {
  TUSummary A, B, C;
  A.LockApi = {acquire("zlock"), acquire("alock")};
  // An inline wrapper of a header: defined in two units.
  B.LockApi = {acquire("alock", 1)};
  C.LockApi = {acquire("mlock")};
  std::vector<LockApiFact> Api = programLockApi({&A, &B, &C});
  EXPECT_EQ(names(Api), (std::vector<std::string>{"alock", "mlock", "zlock"}));
  EXPECT_EQ(Api[0].Lock.Param, 0u); // the first unit's fact
  EXPECT_EQ(names(programLockApi({&C, &A})), names(programLockApi({&A, &C})));
  EXPECT_TRUE(programLockApi({}).empty());
}

TEST(LockApiMergeTest, NeededAreCalledAndNotDefined) {
  std::vector<LockApiFact> Api = {acquire("alock"), acquire("block"),
                                  acquire("clock")};
  TUSummary U;
  // Calls alock (defined elsewhere) and block (defined here: its own
  // analysis knows it); clock is not called at all.
  U.Functions = {function("user", {"alock", "block", "printf"}),
                 function("block")};
  EXPECT_EQ(names(neededLockApi(U, Api)), (std::vector<std::string>{"alock"}));
  EXPECT_TRUE(neededLockApi(U, {}).empty());
  TUSummary Silent;
  Silent.Functions = {function("quiet", {"printf"})};
  EXPECT_TRUE(neededLockApi(Silent, Api).empty());
}

TEST(LockApiMergeTest, FactsReadBackAsWritten) {
  LockApiFact Wait;
  Wait.Usr = "c:@F@xcv_wait";
  Wait.Name = "xcv_wait";
  Wait.Kind = "wait";
  Wait.At = {"/src/mtx.c", 42};
  Wait.Lock.Base = LockPathFact::OfParam;
  Wait.Lock.Param = 1;
  Wait.Lock.Fields = {"inner", "mtx"};
  Wait.HasCondVar = true;
  Wait.CondVar.Base = LockPathFact::OfParam;
  Wait.CondVar.Fields = {"cv"};
  Wait.CondName = "c->cv";
  Wait.Timed = true;
  LockApiFact Global = acquire("registry_lock");
  Global.Lock.Base = LockPathFact::OfGlobal;
  Global.Lock.Global = "ns::registry";
  Global.Lock.GlobalFile = "/src/reg.c";
  Global.NonRecursive = true;
  LockApiFact Try = acquire("xtry");
  Try.Kind = "try-acquire";
  Try.Lock.Base = LockPathFact::OfThis;
  Try.SuccessZero = true;
  Try.Shared = true;
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  writeLockApiFacts({Wait, Global, Try}, OS);
  std::vector<LockApiFact> Back;
  std::string Error;
  ASSERT_TRUE(readLockApiFacts(Text, Back, Error)) << Error;
  ASSERT_EQ(Back.size(), 3u);
  EXPECT_EQ(Back[0].Kind, "wait");
  EXPECT_EQ(Back[0].At.Offset, 42u);
  EXPECT_EQ(Back[0].Lock.Param, 1u);
  EXPECT_EQ(Back[0].Lock.Fields, (std::vector<std::string>{"inner", "mtx"}));
  EXPECT_TRUE(Back[0].HasCondVar);
  EXPECT_EQ(Back[0].CondVar.Fields, (std::vector<std::string>{"cv"}));
  EXPECT_TRUE(Back[0].Timed);
  EXPECT_EQ(Back[1].Lock.Base, LockPathFact::OfGlobal);
  EXPECT_EQ(Back[1].Lock.Global, "ns::registry");
  EXPECT_EQ(Back[1].Lock.GlobalFile, "/src/reg.c");
  EXPECT_TRUE(Back[1].NonRecursive);
  EXPECT_FALSE(Back[1].HasCondVar);
  EXPECT_EQ(Back[2].Lock.Base, LockPathFact::OfThis);
  EXPECT_TRUE(Back[2].SuccessZero);
  EXPECT_TRUE(Back[2].Shared);
  // Another version, or not such a document: refused with a reason.
  std::string Old = Text;
  Old.replace(Old.find("Version:"),
              Old.find('\n', Old.find("Version:")) - Old.find("Version:"),
              "Version: 1");
  EXPECT_FALSE(readLockApiFacts(Old, Back, Error));
  EXPECT_NE(Error.find("version 1"), std::string::npos);
  EXPECT_FALSE(readLockApiFacts("- just a list", Back, Error));
}

} // namespace
