//===--- TUAnalysisCacheTest.cpp - what the TU cache gives back -----------===//
//
// The per-function CFGs and parent maps a lockset analysis builds, those a
// pass gives back, and the checks' results released before the summary:
// rebuilt on request, with the same results.
//
//===----------------------------------------------------------------------===//

#include "TestAST.h"
#include "checks/analysis/Lockset.h"
#include "checks/analysis/SharedData.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/model/LockModel.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "gtest/gtest.h"
#include <string>
#include <vector>

using namespace clang;
using namespace clang::ast_matchers;
using namespace lockcheck;

namespace {

const LockModelOptions NoOptions;

const char *const Code = R"cpp(
  #include <mutex>
  #include <thread>
  std::mutex m;
  int counter;
  void lock_it() { m.lock(); }
  void unlock_it() { m.unlock(); }
  int work(int n) { return n + 1; }
  void caller(int n) {
    lock_it();
    counter = work(n);
    if (n > 2) {
      unlock_it();
      return;
    }
    unlock_it();
    work(counter);
  }
  void racer() { counter = 3; }
  int main() {
    std::thread a(caller, 1);
    std::thread b(racer);
    a.join();
    b.join();
  }
)cpp";

/// The CFG as text: per block, its statements' source offsets and its
/// successors.
std::string describeCFG(const CFG &G, const SourceManager &SM) {
  std::string Out;
  for (const CFGBlock *B : G.const_nodes()) {
    Out += "B" + std::to_string(B->getBlockID()) + ":";
    for (const CFGElement &E : *B)
      if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
        Out += " " + std::to_string(SM.getFileOffset(
                         SM.getExpansionLoc(S->getStmt()->getBeginLoc())));
    Out += " ->";
    for (const CFGBlock *Succ : B->succs())
      Out += " " + (Succ ? std::to_string(Succ->getBlockID()) : "-");
    Out += "\n";
  }
  return Out;
}

/// The locks known at each call of \p FD, by source offset.
std::string describeHeld(ParsedTU &P, const FunctionDecl *FD) {
  const SourceManager &SM = P.AST->getSourceManager();
  const LocksetResult &R = P.TU->getLockset(FD, NoOptions);
  std::string Out;
  auto Calls = match(
      functionDecl(equalsNode(FD), forEachDescendant(callExpr().bind("c"))),
      P.AST->getASTContext());
  for (const BoundNodes &N : Calls) {
    const auto *C = N.getNodeAs<CallExpr>("c");
    Out += std::to_string(SM.getFileOffset(C->getBeginLoc())) + ":";
    for (const HeldLock &H : R.heldAt(C))
      Out += " " + R.Locks[H.Lock].Name + "/" +
             std::to_string(static_cast<int>(H.Kind));
    Out += "\n";
  }
  Out += "findings " + std::to_string(R.Findings.size());
  return Out;
}

std::string describeShared(const SharedData &SD) {
  std::string Out;
  for (const SharedVariable &V : SD.variables())
    Out += V.Name + " guard=" + V.Guard +
           " accesses=" + std::to_string(V.Accesses.size()) +
           " guarded=" + std::to_string(V.GuardedCount) + "\n";
  return Out;
}

} // namespace

TEST(TUAnalysisCacheTest, ReleasedFunctionDataIsBuiltAgainTheSame) {
  ParsedTU P = parseWithMocks(Code);
  const SourceManager &SM = P.AST->getSourceManager();
  const FunctionDecl *FD = P.function("caller");
  ASSERT_TRUE(FD);
  const CFG *G = P.TU->getCFG(FD);
  ASSERT_TRUE(G);
  std::string Before = describeCFG(*G, SM);
  std::vector<const Stmt *> Parents;
  auto Calls = match(
      functionDecl(equalsNode(FD), forEachDescendant(callExpr().bind("c"))),
      P.AST->getASTContext());
  ASSERT_FALSE(Calls.empty());
  for (const BoundNodes &N : Calls)
    Parents.push_back(
        P.TU->getParentMap(FD)->getParent(N.getNodeAs<CallExpr>("c")));
  EXPECT_TRUE(P.TU->holdsFunctionData(FD));

  P.TU->releaseFunctionData(FD);
  EXPECT_FALSE(P.TU->holdsFunctionData(FD));

  const CFG *Again = P.TU->getCFG(FD);
  ASSERT_TRUE(Again);
  EXPECT_EQ(describeCFG(*Again, SM), Before);
  for (unsigned I = 0; I < Calls.size(); ++I)
    EXPECT_EQ(
        P.TU->getParentMap(FD)->getParent(Calls[I].getNodeAs<CallExpr>("c")),
        Parents[I])
        << I;
  // Kept until given back again: the same graph for the next request.
  EXPECT_EQ(P.TU->getCFG(FD), Again);
}

TEST(TUAnalysisCacheTest, LocksetGivesBackOnlyTheDataItBuilt) {
  ParsedTU P = parseWithMocks(Code);
  const FunctionDecl *Caller = P.function("caller");
  const FunctionDecl *Racer = P.function("racer");
  const FunctionDecl *LockIt = P.function("lock_it");
  ASSERT_TRUE(Caller && Racer && LockIt);
  // Built by the analysis (of caller, and of lock_it for its summary):
  // given back with it.
  EXPECT_TRUE(P.TU->getLockset(Caller, NoOptions).Analyzed);
  EXPECT_FALSE(P.TU->holdsFunctionData(Caller));
  EXPECT_FALSE(P.TU->holdsFunctionData(LockIt));
  // Asked for before the analysis: kept, at the same address.
  const CFG *G = P.TU->getCFG(Racer);
  ParentMap *PM = P.TU->getParentMap(Racer);
  ASSERT_TRUE(G && PM);
  P.TU->getLockset(Racer, NoOptions);
  EXPECT_TRUE(P.TU->holdsFunctionData(Racer));
  EXPECT_EQ(P.TU->getCFG(Racer), G);
  EXPECT_EQ(P.TU->getParentMap(Racer), PM);
}

TEST(TUAnalysisCacheTest, ResultsDoNotDependOnWhatWasGivenBack) {
  // Everything kept, as when every graph and map stayed for the TU.
  ParsedTU Kept = parseWithMocks(Code);
  for (const FunctionDecl *FD : Kept.TU->functions()) {
    Kept.TU->getCFG(FD);
    Kept.TU->getParentMap(FD);
  }
  std::string HeldKept = describeHeld(Kept, Kept.function("caller"));
  std::string SharedKept = describeShared(Kept.TU->getSharedData(NoOptions));
  EXPECT_NE(HeldKept.find("findings 0"), std::string::npos) << HeldKept;
  EXPECT_NE(SharedKept.find("counter"), std::string::npos) << SharedKept;

  // The same file with every graph and map given back as soon as possible,
  // and the checks' results released and computed again.
  ParsedTU Released = parseWithMocks(Code);
  for (const FunctionDecl *FD : Released.TU->functions()) {
    Released.TU->getLockset(FD, NoOptions);
    Released.TU->releaseFunctionData(FD);
  }
  EXPECT_EQ(describeHeld(Released, Released.function("caller")), HeldKept);
  std::string First = describeShared(Released.TU->getSharedData(NoOptions));
  EXPECT_EQ(First, SharedKept);
  Released.TU->releaseCheckResults();
  for (const FunctionDecl *FD : Released.TU->functions())
    Released.TU->releaseFunctionData(FD);
  EXPECT_EQ(describeShared(Released.TU->getSharedData(NoOptions)), SharedKept);
}
