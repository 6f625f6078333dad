//===--- KeptSummariesTest.cpp - what a run keeps for the merge -----------===//
//
// The summaries the parent keeps until the merge, made smaller: without
// spare capacity (the same document), and with the facts of a function's
// second definitions dropped (the same findings, whatever the order of the
// units).

#include "merge/KeptSummaries.h"
#include "checks/summary/SummaryIO.h"
#include "merge/ProgramMerge.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <algorithm>

using namespace lockcheck;

namespace {

OrderPlace at(const std::string &File, unsigned Offset) {
  return {"/src/" + File, Offset};
}

HeldFact held(const std::string &Lock) {
  HeldFact H;
  H.Lock = "g:" + Lock;
  H.Name = Lock;
  return H;
}

CallFact call(const std::string &Callee, OrderPlace At) {
  CallFact C;
  C.Callee = "c:@F@" + Callee;
  C.CalleeName = "'" + Callee + "'";
  C.At = At;
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

FunctionSummary function(const std::string &Name, OrderPlace At) {
  FunctionSummary F;
  F.Usr = "c:@F@" + Name;
  F.Name = Name;
  F.Display = "'" + Name + "'";
  F.At = At;
  return F;
}

std::string yaml(TUSummary &S) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  llvm::yaml::Output Out(OS);
  Out << S;
  return Text;
}

std::vector<std::string> merge(const std::vector<TUSummary> &Units) {
  std::vector<std::vector<LockOrderEdge>> Edges(Units.size());
  std::vector<MergeUnit> In;
  for (size_t I = 0; I < Units.size(); ++I)
    In.push_back({&Units[I], &Edges[I]});
  MergeOptions Opts;
  Opts.Enabled = [](llvm::StringRef) { return true; };
  std::vector<std::string> Out;
  for (const ProgramFinding &F : mergeProgram(In, Opts)) {
    std::string S =
        F.At.File + ":" + std::to_string(F.At.Offset) + " " + F.Message;
    for (const auto &[P, Text] : F.Notes)
      S += " | " + P.File + ":" + std::to_string(P.Offset) + " " + Text;
    Out.push_back(S);
  }
  return Out;
}

/// A thread started in main.c runs 'entry', which calls 'set' of a header,
/// defined again in every unit: a.c's definition writes 'g' unguarded, the
/// later ones (b.c, c.c) hold 'm'. c.c also writes 'g' holding 'm'.
std::vector<TUSummary> headerFunction() {
  std::vector<TUSummary> Units(4);
  Units[0].File = "/src/main.c";
  ThreadStartFact S;
  S.Entry = "c:@F@entry";
  S.EntryName = "'entry'";
  S.At = at("main.c", 10);
  Units[0].Starts.push_back(S);
  FunctionSummary Entry = function("entry", at("main.c", 20));
  Entry.Calls.push_back(call("set", at("main.c", 25)));
  Units[0].Functions = {Entry};
  const char *Files[] = {"a.c", "b.c", "c.c"};
  for (size_t I = 0; I < 3; ++I) {
    TUSummary &U = Units[I + 1];
    U.File = std::string("/src/") + Files[I];
    FunctionSummary Set = function("set", at("h.h", 5));
    Set.Accesses.push_back(write("g", at("h.h", 9),
                                 I == 0 ? std::vector<HeldFact>()
                                        : std::vector<HeldFact>{held("m")}));
    Set.Calls.push_back(call("log", at("h.h", 12)));
    U.Functions.push_back(Set);
  }
  FunctionSummary Locked = function("locked", at("c.c", 30));
  Locked.Accesses.push_back(write("g", at("c.c", 33), {held("m")}));
  Units[3].Functions.push_back(Locked);
  return Units;
}

std::vector<TUSummary *> pointers(std::vector<TUSummary> &Units) {
  std::vector<TUSummary *> P;
  for (TUSummary &U : Units)
    P.push_back(&U);
  return P;
}

TEST(KeptSummariesTest, ShrinkKeepsTheDocument) {
  TUSummary S;
  S.File = "/src/a.c";
  S.Functions.reserve(8);
  FunctionSummary F = function("f", at("a.c", 1));
  F.Calls.reserve(16);
  F.Calls.push_back(call("g", at("a.c", 4)));
  F.Calls[0].Held.reserve(4);
  F.Calls[0].Held.push_back(held("m"));
  F.Accesses.reserve(8);
  F.Accesses.push_back(write("x", at("a.c", 7), {held("m")}));
  S.Functions.push_back(std::move(F));
  std::string Before = yaml(S);
  shrinkSummary(S);
  EXPECT_EQ(yaml(S), Before);
  EXPECT_EQ(S.Functions.capacity(), 1u);
  EXPECT_EQ(S.Functions[0].Calls.capacity(), 1u);
  EXPECT_EQ(S.Functions[0].Calls[0].Held.capacity(), 1u);
  EXPECT_EQ(S.Functions[0].Accesses.capacity(), 1u);
}

TEST(KeptSummariesTest, TheFirstDefinitionInPathOrderKeepsItsFacts) {
  std::vector<TUSummary> Units = headerFunction();
  std::vector<std::string> Before = merge(Units);
  // a.c's definition is the one the merge reads: its write is unguarded.
  ASSERT_EQ(Before.size(), 1u);
  EXPECT_EQ(Before[0].substr(0, Before[0].find(' ')), "/src/h.h:9");
  // Whatever order the units come in.
  std::vector<TUSummary *> Reversed = pointers(Units);
  std::reverse(Reversed.begin(), Reversed.end());
  dropRedefinitions(Reversed);
  const FunctionSummary &InA = Units[1].Functions[0];
  EXPECT_EQ(InA.Accesses.size(), 1u);
  EXPECT_EQ(InA.Calls.size(), 1u);
  for (size_t U : {2, 3}) {
    const FunctionSummary &Again = Units[U].Functions[0];
    EXPECT_EQ(Again.Usr, "c:@F@set");
    EXPECT_EQ(Again.Display, "'set'");
    EXPECT_TRUE(Again.Accesses.empty());
    EXPECT_TRUE(Again.Calls.empty());
    EXPECT_EQ(Again.Accesses.capacity(), 0u);
  }
  // A function defined once keeps its facts.
  EXPECT_EQ(Units[3].Functions[1].Accesses.size(), 1u);
  EXPECT_EQ(Units[0].Functions[0].Calls.size(), 1u);
  EXPECT_EQ(merge(Units), Before);
}

TEST(KeptSummariesTest, OneMainFileTwiceKeepsBoth) {
  // The merge's order between two units of one main file is not known.
  std::vector<TUSummary> Units = headerFunction();
  Units[2].File = Units[1].File;
  std::vector<std::string> Before = merge(Units);
  dropRedefinitions(pointers(Units));
  EXPECT_EQ(Units[1].Functions[0].Accesses.size(), 1u);
  EXPECT_EQ(Units[2].Functions[0].Accesses.size(), 1u);
  EXPECT_TRUE(Units[3].Functions[0].Accesses.empty());
  EXPECT_EQ(merge(Units), Before);
}

} // namespace
