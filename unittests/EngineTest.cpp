//===--- EngineTest.cpp - lockset and thread-lifetime engines -------------===//

#include "checks/analysis/Conditions.h"
#include "checks/analysis/Lockset.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadLifetime.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace lockcheck;

namespace {

struct Parsed {
  std::unique_ptr<ASTUnit> AST;
  std::shared_ptr<TUAnalysis> TU;
  const FunctionDecl *function(llvm::StringRef Name) {
    // Qualified: the mock headers define functions with the same names.
    std::string Qualified = Name.contains("::") ? Name.str() : "::" + Name.str();
    auto M = match(functionDecl(hasName(Qualified), isDefinition()).bind("f"),
                   AST->getASTContext());
    return M.empty() ? nullptr : M.front().getNodeAs<FunctionDecl>("f");
  }
};

Parsed parse(llvm::StringRef Code) {
  Parsed P;
  P.AST = tooling::buildASTFromCodeWithArgs(
      Code,
      {"-std=c++17", "-nostdinc", "-nostdinc++", "-isystem",
       LOCKCHECK_MOCK_DIR},
      "input.cpp");
  EXPECT_TRUE(P.AST);
  EXPECT_FALSE(P.AST->getDiagnostics().hasErrorOccurred());
  P.TU = TUAnalysis::get(P.AST->getASTContext());
  return P;
}

const LockModelOptions NoOptions;

unsigned count(const LocksetResult &R, LockFindingKind K) {
  unsigned N = 0;
  for (const LockFinding &F : R.Findings)
    N += F.Kind == K;
  return N;
}

} // namespace

TEST(ConditionsTest, NegationsAndZeroComparisons) {
  Parsed P = parse("int f(); void g() {"
                   "  if (f()) {} if (!f()) {} if (f() != 0) {}"
                   "  if (f() == 0) {} if (0 == f()) {} if (!(f() != 0)) {} }");
  auto Ifs = match(ifStmt().bind("if"), P.AST->getASTContext());
  ASSERT_EQ(Ifs.size(), 6u);
  unsigned Expected[] = {0, 1, 0, 1, 1, 1};
  for (unsigned I = 0; I < 6; ++I) {
    const auto *If = Ifs[I].getNodeAs<IfStmt>("if");
    DecomposedCondition D =
        decomposeCondition(If->getCond(), P.AST->getASTContext());
    ASSERT_TRUE(D.Operand);
    EXPECT_TRUE(isa<CallExpr>(D.Operand->IgnoreParenImpCasts())) << I;
    EXPECT_EQ(D.NonZeroSucc, Expected[I]) << "condition " << I;
  }
}

TEST(LocksetTest, TryLockSplitsOnItsBranch) {
  Parsed P = parse(R"cpp(
    #include <mutex>
    std::mutex m;
    void f() { if (m.try_lock()) { m.unlock(); } }
    void g() { if (!m.try_lock()) return; m.unlock(); }
    void h() { std::unique_lock<std::mutex> l(m, std::try_to_lock);
               if (!l) return; }
  )cpp");
  for (const char *Name : {"f", "g", "h"}) {
    ASSERT_TRUE(P.function(Name)) << Name;
    const LocksetResult &R = P.TU->getLockset(P.function(Name), NoOptions);
    EXPECT_TRUE(R.Analyzed) << Name;
    EXPECT_TRUE(R.Findings.empty()) << Name;
  }
}

TEST(LocksetTest, JoinKeepsHeldOnSomePath) {
  Parsed P = parse(R"cpp(
    #include <mutex>
    std::mutex m;
    int f(bool b) { m.lock(); if (b) return 1; m.unlock(); return 0; }
  )cpp");
  const LocksetResult &R = P.TU->getLockset(P.function("f"), NoOptions);
  ASSERT_EQ(count(R, LockFindingKind::Unreleased), 1u);
  const LockFinding &F = R.Findings.front();
  ASSERT_EQ(F.Exits.size(), 1u);
  EXPECT_EQ(F.Exits[0].Kind, LockExitKind::Return);
  EXPECT_FALSE(F.Exits[0].SomePaths); // held on every path to that return
  EXPECT_EQ(R.Locks[F.Lock].Name, "m");
}

TEST(LocksetTest, SummariesDescribeWrappers) {
  Parsed P = parse(R"cpp(
    #include <mutex>
    std::mutex m;
    void acquire() { m.lock(); }
    void release() { m.unlock(); }
    struct S { std::mutex mu; void work() { std::lock_guard<std::mutex> g(mu); } };
    void use(std::mutex *p) { p->lock(); }
  )cpp");
  const LocksetResult &A = P.TU->getLockset(P.function("acquire"), NoOptions);
  ASSERT_EQ(A.Summary.size(), 1u);
  EXPECT_EQ(A.Summary[0].Kind, LockEffect::NetAcquire);
  EXPECT_EQ(A.Summary[0].Origin.K, LockOrigin::Global);
  EXPECT_TRUE(A.Findings.empty()); // an acquire wrapper is no leak

  const LocksetResult &Rl = P.TU->getLockset(P.function("release"), NoOptions);
  ASSERT_EQ(Rl.Summary.size(), 1u);
  EXPECT_EQ(Rl.Summary[0].Kind, LockEffect::NetRelease);
  EXPECT_TRUE(Rl.Findings.empty()); // nor is a release wrapper an unheld unlock

  const LocksetResult &W = P.TU->getLockset(P.function("S::work"), NoOptions);
  ASSERT_EQ(W.Summary.size(), 1u);
  EXPECT_EQ(W.Summary[0].Kind, LockEffect::Inside);
  EXPECT_EQ(W.Summary[0].Origin.K, LockOrigin::This);
  EXPECT_EQ(W.Summary[0].Origin.Fields.size(), 1u);

  const LocksetResult &U = P.TU->getLockset(P.function("use"), NoOptions);
  ASSERT_EQ(U.Summary.size(), 1u);
  EXPECT_EQ(U.Summary[0].Origin.K, LockOrigin::Param);
  EXPECT_EQ(U.Summary[0].Origin.ParamIndex, 0u);
}

TEST(LocksetTest, CallerSeesThroughHelpersAndRecursionTerminates) {
  Parsed P = parse(R"cpp(
    #include <mutex>
    std::mutex m;
    void lock_it() { m.lock(); }
    void unlock_it() { m.unlock(); }
    int even(int n);
    int odd(int n) { std::lock_guard<std::mutex> g(m); return n ? even(n - 1) : 0; }
    int even(int n) { return n ? odd(n - 1) : 1; }
    void caller() { lock_it(); unlock_it(); }
    void deadlock() { std::lock_guard<std::mutex> g(m); lock_it(); unlock_it(); }
  )cpp");
  EXPECT_TRUE(P.TU->getLockset(P.function("caller"), NoOptions).Findings.empty());
  const LocksetResult &D = P.TU->getLockset(P.function("deadlock"), NoOptions);
  ASSERT_EQ(count(D, LockFindingKind::DoubleLock), 1u);
  EXPECT_TRUE(D.Findings.front().Via != nullptr);
  // Mutual recursion: analysing either function terminates.
  EXPECT_TRUE(P.TU->getLockset(P.function("odd"), NoOptions).Analyzed);
  EXPECT_TRUE(P.TU->getLockset(P.function("even"), NoOptions).Analyzed ||
              P.TU->getLockset(P.function("even"), NoOptions).Locks.empty());
}

TEST(LockOriginTest, SpellingsOfOneLockShareAKey) {
  Parsed P = parse(R"cpp(
    #include <pthread.h>
    pthread_mutex_t pm;
    struct A { pthread_mutex_t mu; void f() { pthread_mutex_lock(&mu);
      pthread_mutex_unlock(&this->mu); pthread_mutex_t &r = mu;
      pthread_mutex_lock(&r); pthread_mutex_unlock(&mu); } };
  )cpp");
  const FunctionDecl *F = P.function("A::f");
  ASSERT_TRUE(F);
  const LocksetResult &R = P.TU->getLockset(F, NoOptions);
  EXPECT_TRUE(R.Analyzed);
  EXPECT_EQ(R.Locks.size(), 1u); // mu, this->mu and the reference r
  EXPECT_TRUE(R.Findings.empty());
}

TEST(ThreadLifetimeTest, LoopJoinCoversLoopStart) {
  Parsed P = parse(R"cpp(
    #include <thread>
    #include <vector>
    void work();
    void ok() { std::vector<std::thread> v;
      for (int i = 0; i < 4; ++i) v.emplace_back(work);
      for (auto &t : v) t.join(); }
    void bad() { std::vector<std::thread> v;
      for (int i = 0; i < 4; ++i) v.emplace_back(work); }
  )cpp");
  EXPECT_TRUE(P.TU->getThreadLifetime(P.function("ok")).Findings.empty());
  const ThreadLifetimeResult &B = P.TU->getThreadLifetime(P.function("bad"));
  ASSERT_EQ(B.Findings.size(), 1u);
  EXPECT_EQ(B.Findings[0].Handle->Kind, HandleKind::Container);
  EXPECT_TRUE(B.Findings[0].OnAllPaths); // the empty-vector path holds nothing
}
