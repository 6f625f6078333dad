//===--- EngineTest.cpp - lockset and thread-lifetime engines -------------===//

#include "TestAST.h"
#include "checks/analysis/BlockingAnalysis.h"
#include "checks/analysis/Conditions.h"
#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/Lockset.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadLifetime.h"
#include "checks/model/BlockingModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"
#include <map>
#include <set>
#include <string>

using namespace clang;
using namespace clang::ast_matchers;
using namespace lockcheck;

namespace {

using Parsed = ParsedTU;

Parsed parse(llvm::StringRef Code) { return parseWithMocks(Code); }

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
  // An acquire wrapper is no leak: its finding only says that every exit
  // holds the lock, for the checks to keep in thread entries and main.
  ASSERT_EQ(A.Findings.size(), 1u);
  EXPECT_TRUE(A.Findings[0].EveryExit);

  const LocksetResult &Rl = P.TU->getLockset(P.function("release"), NoOptions);
  ASSERT_EQ(Rl.Summary.size(), 1u);
  EXPECT_EQ(Rl.Summary[0].Kind, LockEffect::NetRelease);
  // Nor is a release wrapper an unheld unlock: its finding only says that
  // it never takes the lock, for the checks to judge with its callers.
  ASSERT_EQ(Rl.Findings.size(), 1u);
  EXPECT_EQ(Rl.Findings[0].Reason, UnheldReason::NeverTaken);

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
  EXPECT_TRUE(
      P.TU->getLockset(P.function("caller"), NoOptions).Findings.empty());
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

// What the checks of lock order, blocking calls and shared data read: the
// locks held before a statement, each acquisition with the locks held before
// it, and whether a condition wait holds its mutex.
TEST(LocksetTest, HeldAtAcquisitionsAndWaits) {
  Parsed P = parse(R"cpp(
    #include <mutex>
    #include <condition_variable>
    struct A { std::mutex m; };
    std::mutex a, b;
    std::condition_variable cv;
    bool ready;
    int x;
    void sleep_a_bit();
    void order(A &p, A &q, bool r) {
      std::lock_guard<std::mutex> ga(a);
      if (r) b.lock();
      sleep_a_bit();
      if (r) b.unlock();
      std::scoped_lock both(p.m, q.m);
    }
    void waits() {
      std::unique_lock<std::mutex> owned(a);
      cv.wait(owned);
      std::unique_lock<std::mutex> deferred(b, std::defer_lock);
      cv.wait(deferred);
    }
  )cpp");
  const FunctionDecl *Order = P.function("order");
  ASSERT_TRUE(Order);
  const LocksetResult &R = P.TU->getLockset(Order, NoOptions);
  ASSERT_TRUE(R.Analyzed);
  auto Name = [&](unsigned L) { return R.Locks[L].Name; };
  // ga(a), b.lock(), both(p.m, q.m): four acquisitions in source order.
  ASSERT_EQ(R.Acquisitions.size(), 4u);
  EXPECT_EQ(Name(R.Acquisitions[0].Lock), "a");
  EXPECT_TRUE(R.Acquisitions[0].HeldBefore.empty());
  EXPECT_EQ(R.Acquisitions[0].Guard->getName(), "ga");
  EXPECT_EQ(Name(R.Acquisitions[1].Lock), "b");
  ASSERT_EQ(R.Acquisitions[1].HeldBefore.size(), 1u);
  EXPECT_EQ(Name(R.Acquisitions[1].HeldBefore[0].Lock), "a");
  EXPECT_EQ(R.Acquisitions[1].HeldBefore[0].Kind, HeldKind::Must);
  // The scoped_lock takes p.m and q.m without ordering; a is held, and b
  // is not (released under the same condition it was taken under).
  for (unsigned I = 2; I < 4; ++I) {
    EXPECT_TRUE(R.Acquisitions[I].Unordered);
    ASSERT_EQ(R.Acquisitions[I].HeldBefore.size(), 1u) << I;
    EXPECT_EQ(Name(R.Acquisitions[I].HeldBefore[0].Lock), "a");
  }
  // Both members are one lock class, as lockdep would have it.
  EXPECT_EQ(R.Locks[R.Acquisitions[2].Lock].Origin.classKey(),
            R.Locks[R.Acquisitions[3].Lock].Origin.classKey());
  EXPECT_EQ(R.Locks[R.Acquisitions[2].Lock].Origin.className(), "A::m");
  EXPECT_NE(R.Locks[R.Acquisitions[0].Lock].Origin.classKey(),
            R.Locks[R.Acquisitions[1].Lock].Origin.classKey());

  // At the call of sleep_a_bit(): a on every path, b on some.
  auto Calls =
      match(callExpr(callee(functionDecl(hasName("sleep_a_bit")))).bind("c"),
            P.AST->getASTContext());
  ASSERT_EQ(Calls.size(), 1u);
  auto Held = R.heldAt(Calls[0].getNodeAs<CallExpr>("c"));
  ASSERT_EQ(Held.size(), 2u);
  EXPECT_EQ(Name(Held[0].Lock), "a");
  EXPECT_EQ(Held[0].Kind, HeldKind::Must);
  EXPECT_EQ(Name(Held[1].Lock), "b");
  EXPECT_EQ(Held[1].Kind, HeldKind::May);
  const SourceManager &SM = P.AST->getSourceManager();
  SourceLocation At = R.acquiredBefore(
      Held[0].Lock, Calls[0].getNodeAs<CallExpr>("c")->getBeginLoc(), SM);
  EXPECT_EQ(SM.getPresumedLineNumber(At), 11u);

  const LocksetResult &W = P.TU->getLockset(P.function("waits"), NoOptions);
  ASSERT_EQ(W.Waits.size(), 2u);
  EXPECT_EQ(W.Waits[0].Guard->getName(), "owned");
  EXPECT_EQ(W.Waits[0].State, HeldKind::Must);
  EXPECT_EQ(W.Waits[1].Guard->getName(), "deferred");
  EXPECT_EQ(W.Waits[1].State, HeldKind::Free);
}

TEST(LocksetTest, WaitsReleaseTheirMutexes) {
  Parsed P = parse(R"cpp(
    #include <mutex>
    #include <condition_variable>
    std::mutex a, b;
    std::condition_variable cv;
    void waits() {
      std::lock_guard<std::mutex> outer(b);
      std::unique_lock<std::mutex> lk(a);
      cv.wait(lk);
      lk.unlock();
      cv.wait(lk);
    }
  )cpp");
  const LocksetResult &W = P.TU->getLockset(P.function("waits"), NoOptions);
  ASSERT_EQ(W.Waits.size(), 2u);
  // The wait releases the guard's mutex (a), not b.
  ASSERT_EQ(W.Waits[0].Mutexes.size(), 1u);
  EXPECT_EQ(W.Locks[W.Waits[0].Mutexes[0]].Name, "a");
  EXPECT_FALSE(W.Waits[0].ReleasedAt.isValid());
  // The second wait: lk was unlocked on line 10.
  EXPECT_EQ(W.Waits[1].State, HeldKind::Free);
  const SourceManager &SM = P.AST->getSourceManager();
  ASSERT_TRUE(W.Waits[1].ReleasedAt.isValid());
  EXPECT_EQ(SM.getPresumedLineNumber(W.Waits[1].ReleasedAt), 10u);
}

TEST(LockModelTest, PredicateOverloadsOfWaits) {
  Parsed P = parse(R"cpp(
    #include <mutex>
    #include <chrono>
    #include <condition_variable>
    std::mutex a;
    std::condition_variable cv;
    std::condition_variable_any cva;
    bool ready;
    void waits() {
      std::unique_lock<std::mutex> lk(a);
      cv.wait(lk);
      cv.wait(lk, [] { return ready; });
      cv.wait_for(lk, std::chrono::seconds(1));
      cv.wait_for(lk, std::chrono::seconds(1), [] { return ready; });
      cva.wait(lk);
      cva.wait_until(lk, std::chrono::steady_clock::now(), [] { return ready; });
    }
  )cpp");
  auto Calls = match(
      cxxMemberCallExpr(callee(cxxMethodDecl(matchesName("wait")))).bind("c"),
      P.AST->getASTContext());
  ASSERT_EQ(Calls.size(), 6u);
  std::vector<std::pair<bool, bool>> Got; // (predicate, timed)
  std::vector<const CallExpr *> Sorted;
  for (auto &M : Calls)
    Sorted.push_back(M.getNodeAs<CallExpr>("c"));
  const SourceManager &SM = P.AST->getSourceManager();
  llvm::sort(Sorted, [&](const CallExpr *A, const CallExpr *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  });
  for (const CallExpr *C : Sorted) {
    LockOp Op = classifyLockCall(C, NoOptions);
    EXPECT_EQ(Op.Kind, LockOpKind::Wait);
    EXPECT_TRUE(Op.StdCondVar);
    Got.push_back({Op.Predicate != nullptr, Op.Timed});
  }
  std::vector<std::pair<bool, bool>> Want = {{false, false}, {true, false},
                                             {false, true},  {true, true},
                                             {false, false}, {true, true}};
  EXPECT_EQ(Got, Want);
}

TEST(BlockingTest, ModelNamesAndSummaries) {
  Parsed P = parse(R"cpp(
    #include <mutex>
    #include <thread>
    #include <future>
    #include <unistd.h>
    std::mutex m;
    namespace app { struct Worker { void join(); }; }
    void nap() { usleep(10); }
    void outer() { nap(); }
    void unlocks_around() { m.unlock(); sleep(1); m.lock(); }
    void recursive(int n) { if (n) recursive(n - 1); }
    void calls(std::thread &t, std::future<int> &f, app::Worker &w) {
      t.join();
      f.get();
      w.join();
      outer();
      unlocks_around();
      recursive(3);
    }
  )cpp");
  BlockingModel Model(parseNameList(defaultBlockingFunctions()));
  BlockingAnalysis BA(*P.TU, Model, NoOptions);
  auto Calls =
      match(callExpr(hasAncestor(functionDecl(hasName("calls")))).bind("c"),
            P.AST->getASTContext());
  std::map<std::string, std::string> Got;
  for (auto &M : Calls) {
    const auto *C = M.getNodeAs<CallExpr>("c");
    const FunctionDecl *FD = C->getDirectCallee();
    if (!FD)
      continue;
    auto B = BA.classify(C);
    Got[FD->getNameAsString()] =
        B ? (B->Api.str() +
             (B->Via ? " via " + B->Via->getNameAsString() : std::string()))
          : "-";
  }
  EXPECT_EQ(Got["join"].empty(), false);
  EXPECT_EQ(Got["get"], "std::future::get");
  EXPECT_EQ(Got["outer"], "usleep via outer");
  EXPECT_EQ(Got["unlocks_around"], "-");
  EXPECT_EQ(Got["recursive"], "-");
  // std::thread::join blocks; app::Worker::join is not std::thread's.
  unsigned Joins = 0;
  for (auto &M : Calls) {
    const auto *C = M.getNodeAs<CallExpr>("c");
    if (C->getDirectCallee() && C->getDirectCallee()->getName() == "join")
      Joins += BA.classify(C).has_value();
  }
  EXPECT_EQ(Joins, 1u);
}

TEST(LocksetTest, PthreadWaitOnMutexReleasedOrLeftToTheCaller) {
  Parsed P = parse(R"cpp(
    #include <pthread.h>
    pthread_mutex_t m;
    pthread_cond_t c;
    int ready;
    void released() {
      pthread_mutex_lock(&m);
      pthread_mutex_unlock(&m);
      pthread_cond_wait(&c, &m);
    }
    void callers_lock() { while (!ready) pthread_cond_wait(&c, &m); }
    void drops_callers_lock() {
      pthread_mutex_unlock(&m);
      pthread_cond_wait(&c, &m);
      pthread_mutex_lock(&m);
    }
  )cpp");
  const LocksetResult &R = P.TU->getLockset(P.function("released"), NoOptions);
  ASSERT_EQ(R.Waits.size(), 1u);
  ASSERT_TRUE(R.Waits[0].Lock);
  EXPECT_EQ(R.Waits[0].State, HeldKind::Free);
  const LocksetResult &C =
      P.TU->getLockset(P.function("callers_lock"), NoOptions);
  ASSERT_EQ(C.Waits.size(), 1u);
  EXPECT_EQ(C.Waits[0].State, HeldKind::Unknown);
  // The caller's lock, released by this function: not held either.
  const LocksetResult &D =
      P.TU->getLockset(P.function("drops_callers_lock"), NoOptions);
  ASSERT_EQ(D.Waits.size(), 1u);
  EXPECT_EQ(D.Waits[0].State, HeldKind::Free);
}

namespace {

std::set<std::string> definitionsMatched(ASTContext &Ctx) {
  std::set<std::string> Names;
  for (const BoundNodes &N : match(functionDecl(isDefinition()).bind("f"), Ctx))
    Names.insert(N.getNodeAs<FunctionDecl>("f")->getQualifiedNameAsString());
  return Names;
}

} // namespace

TEST(TUAnalysisTest, TraversalLimitedToUserCode) {
  // Line markers put part of the main file in a system header, and user
  // code back inside one of its namespaces.
  std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCodeWithArgs(
      "#include <mutex>\n"
      "template <typename T> void tmpl(T) {}\n"
      "void user_fn() { tmpl(1); [] {}(); }\n"
      "namespace ns { void in_ns() {} }\n"
      "extern \"C\" { void in_linkage() {} }\n"
      "# 1 \"sys.h\" 1 3\n"
      "namespace sysns {\n"
      "inline void sys_fn() {}\n"
      "# 10 \"input.cpp\" 2\n"
      "inline void included_user_fn() {}\n"
      "# 20 \"sys.h\" 1 3\n"
      "}\n",
      {"-std=c++17", "-nostdinc", "-nostdinc++", "-isystem",
       LOCKCHECK_MOCK_DIR},
      "input.cpp");
  ASSERT_TRUE(AST);
  ASSERT_FALSE(AST->getDiagnostics().hasErrorOccurred());
  ASTContext &Ctx = AST->getASTContext();
  std::set<std::string> All = definitionsMatched(Ctx);
  ASSERT_TRUE(All.count("sysns::sys_fn"));
  ASSERT_TRUE(All.count("std::mutex::mutex"));

  std::shared_ptr<TUAnalysis> TU = TUAnalysis::get(Ctx);
  TU->limitTraversalToUserCode();
  std::set<std::string> User = definitionsMatched(Ctx);
  EXPECT_TRUE(User.count("user_fn"));
  EXPECT_TRUE(User.count("ns::in_ns"));
  EXPECT_TRUE(User.count("in_linkage"));
  EXPECT_TRUE(User.count("sysns::included_user_fn"));
  EXPECT_TRUE(User.count("tmpl")); // the template and its instantiation
  EXPECT_TRUE(llvm::any_of(User, [](const std::string &N) {
    return llvm::StringRef(N).ends_with("operator()"); // the lambda
  }));
  EXPECT_FALSE(User.count("sysns::sys_fn"));
  EXPECT_FALSE(User.count("std::mutex::mutex"));
  // Everything the limited walk sees, the full walk sees.
  for (const std::string &N : User)
    EXPECT_TRUE(All.count(N)) << N;

  TU->restoreTraversal();
  EXPECT_EQ(definitionsMatched(Ctx), All);
}

TEST(TUAnalysisTest, EnablesOnlyLockcheck) {
  EXPECT_TRUE(enablesOnlyLockcheck("-*,lockcheck-*"));
  EXPECT_TRUE(enablesOnlyLockcheck("lockcheck-*"));
  EXPECT_TRUE(enablesOnlyLockcheck("-*, lockcheck-double-lock"));
  // clang-tidy's defaults come first; a later "-*" undoes them.
  EXPECT_TRUE(enablesOnlyLockcheck("clang-diagnostic-*,clang-analyzer-*,-*,"
                                   "lockcheck-*"));
  EXPECT_TRUE(enablesOnlyLockcheck("bugprone-*,\n-*,\nlockcheck-*"));
  EXPECT_TRUE(enablesOnlyLockcheck("lockcheck-*,-lockcheck-unused-guard"));
  EXPECT_FALSE(enablesOnlyLockcheck("*"));
  EXPECT_FALSE(enablesOnlyLockcheck("clang-analyzer-*,lockcheck-*"));
  EXPECT_FALSE(enablesOnlyLockcheck("-*,lockcheck-*,bugprone-unused-raii"));
  EXPECT_FALSE(enablesOnlyLockcheck("-*,lockcheck-*\n  concurrency-*"));
  // A negation of some checks does not undo a broader glob.
  EXPECT_FALSE(enablesOnlyLockcheck("bugprone-*,-bugprone-unused-raii"));
}

TEST(ExprUtilsTest, StripSeesThroughFunctionalCasts) {
  Parsed P = parse(R"cpp(
    #include <thread>
    int f();
    void work();
    void g(int v) {
      int a = int(f());
      long b = long((v));
      std::thread t = std::thread(work);
      t.join();
      if (int(f()) != 0) {}
      if (!bool(v)) {}
    }
  )cpp");
  ASTContext &Ctx = P.AST->getASTContext();
  auto Var = [&](llvm::StringRef Name) {
    auto M =
        match(varDecl(hasName(Name), hasAncestor(functionDecl(hasName("::g"))))
                  .bind("v"),
              Ctx);
    EXPECT_EQ(M.size(), 1u) << Name.str();
    return M.empty() ? nullptr : M.front().getNodeAs<VarDecl>("v");
  };
  // int(f()): the call (a scalar conversion; the thread-lifetime engine's
  // copy of strip() used to stop there).
  ASSERT_TRUE(Var("a") && Var("b") && Var("t"));
  EXPECT_TRUE(isa_and_nonnull<CallExpr>(stripExpr(Var("a")->getInit())));
  // long((v)): the variable.
  EXPECT_EQ(refVar(Var("b")->getInit()), P.function("g")->getParamDecl(0));
  // std::thread(work): the construction.
  EXPECT_TRUE(
      isa_and_nonnull<CXXConstructExpr>(stripExpr(Var("t")->getInit())));
  EXPECT_EQ(stripExpr(nullptr), nullptr);
  EXPECT_EQ(refVar(nullptr), nullptr);

  // The operands of the branches, and the edge taken when non-zero.
  std::unique_ptr<CFG> G = CFG::buildCFG(
      P.function("g"), P.function("g")->getBody(), &Ctx, CFG::BuildOptions());
  ASSERT_TRUE(G);
  std::vector<std::pair<const Expr *, bool>> Seen;
  for (const CFGBlock *B : *G)
    for (unsigned I = 0; I < B->succ_size(); ++I)
      if (auto Br = branchOperand(*B, I, Ctx))
        Seen.push_back({Br->Operand, Br->NonZero});
  ASSERT_EQ(Seen.size(), 4u);
  unsigned Calls = 0, Vars = 0, NonZero = 0;
  for (const auto &[Op, NZ] : Seen) {
    Calls += isa<CallExpr>(Op);
    Vars += refVar(Op) == P.function("g")->getParamDecl(0);
    NonZero += NZ;
  }
  EXPECT_EQ(Calls, 2u); // int(f()) != 0: both edges
  EXPECT_EQ(Vars, 2u);  // !bool(v): both edges
  EXPECT_EQ(NonZero, 2u);
}
