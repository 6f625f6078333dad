//===--- ThreadEntriesTest.cpp - thread entries and their reach -----------===//

#include "checks/analysis/ThreadEntries.h"
#include "TestAST.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace lockcheck;

namespace {

struct Parsed : ParsedTU {
  LockModelOptions Opts;
  /// The statement of \p FD calling \p Callee (the first one).
  const Stmt *callTo(const FunctionDecl *FD, llvm::StringRef Callee) {
    auto M = match(
        functionDecl(
            equalsNode(FD),
            forEachDescendant(
                callExpr(callee(functionDecl(hasName(Callee)))).bind("c"))),
        AST->getASTContext());
    return M.empty() ? nullptr : M.front().getNodeAs<Stmt>("c");
  }
  const ThreadEntries &entries() { return TU->getThreadEntries(Opts); }
};

Parsed parse(llvm::StringRef Code, bool C = false) {
  Parsed P;
  static_cast<ParsedTU &>(P) = parseWithMocks(Code, C, "-std=c++20");
  return P;
}

} // namespace

TEST(ThreadEntriesTest, CallablesOfEveryKind) {
  Parsed P = parse(R"cpp(
    #include <thread>
    #include <future>
    #include <vector>
    void fn(int);
    void fn(int) {}
    struct Functor { void operator()() const {} };
    struct Obj { void run() {} };
    void start() {
      std::thread a(fn, 1);
      std::thread b([] {});
      Obj o;
      std::thread c(&Obj::run, &o);
      std::thread d{Functor()};
      std::jthread e(fn, 2);
      auto f = std::async(std::launch::async, fn, 3);
      auto g = std::async(std::launch::deferred, fn, 4);
      std::vector<std::thread> v;
      v.emplace_back(fn, 5);
      a.join(); b.join(); c.join(); d.detach();
      for (auto &t : v) t.join();
    }
  )cpp");
  const ThreadEntries &TE = P.entries();
  ASSERT_EQ(TE.entries().size(), 7u); // the deferred async is no thread
  auto Names = [&](unsigned I) {
    const FunctionDecl *FD = TE.entries()[I].Callee;
    return FD ? FD->getNameAsString() : std::string("<none>");
  };
  EXPECT_EQ(Names(0), "fn");
  EXPECT_EQ(Names(1), "operator()");
  EXPECT_EQ(Names(2), "run");
  EXPECT_TRUE(TE.entries()[2].ObjectArg);
  EXPECT_EQ(Names(3), "operator()");
  EXPECT_EQ(Names(4), "fn");
  EXPECT_EQ(TE.entries()[5].Creation.Kind, ThreadStartKind::Async);
  EXPECT_EQ(Names(6), "fn");
  EXPECT_EQ(TE.entries()[6].Creation.Kind, ThreadStartKind::StdThread);
  EXPECT_TRUE(TE.entries()[3].Detached);
  EXPECT_FALSE(TE.entries()[0].Detached);
  EXPECT_EQ(TE.entries()[0].Joins.size(), 1u);
  EXPECT_EQ(TE.entries()[6].Joins.size(), 1u); // through the range-for
  EXPECT_EQ(TE.entries()[4].Joins.size(), 1u); // jthread: end of scope
}

TEST(ThreadEntriesTest, ArgumentsAndLocalRefs) {
  Parsed P = parse(R"cpp(
    #include <thread>
    #include <functional>
    void work(int *p, int &r, int v);
    void work(int *p, int &r, int v) {}
    void start() {
      int a = 0, b = 0, c = 0, d = 0;
      std::thread t(work, &a, std::ref(b), c);
      std::thread u([&d] { d++; });
      t.detach(); u.detach();
    }
  )cpp");
  const ThreadEntries &TE = P.entries();
  ASSERT_EQ(TE.entries().size(), 2u);
  const ThreadEntry &T = TE.entries()[0];
  ASSERT_EQ(T.Creation.Args.size(), 3u);
  EXPECT_EQ(T.Creation.Args[0].Passing, ArgPassing::Pointer);
  EXPECT_EQ(T.Creation.Args[1].Passing, ArgPassing::Reference);
  EXPECT_EQ(T.Creation.Args[2].Passing, ArgPassing::Value);
  ASSERT_EQ(T.LocalRefs.size(), 2u);
  EXPECT_EQ(T.LocalRefs[0].Var->getName(), "a");
  ASSERT_TRUE(T.LocalRefs[0].Param);
  EXPECT_EQ(T.LocalRefs[0].Param->getName(), "p");
  EXPECT_EQ(T.LocalRefs[1].Var->getName(), "b");
  EXPECT_EQ(T.LocalRefs[1].Param->getName(), "r");
  const ThreadEntry &U = TE.entries()[1];
  ASSERT_EQ(U.LocalRefs.size(), 1u);
  EXPECT_EQ(U.LocalRefs[0].Var->getName(), "d");
  EXPECT_TRUE(U.LocalRefs[0].Captured);
  EXPECT_TRUE(T.Detached && U.Detached);
}

TEST(ThreadEntriesTest, PthreadAndC11) {
  Parsed P = parse(R"c(
    #include <pthread.h>
    #include <threads.h>
    void *worker(void *arg) { return arg; }
    int cworker(void *arg) { return 0; }
    void start(void) {
      pthread_t t, u;
      pthread_attr_t attr;
      pthread_attr_init(&attr);
      pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
      int x = 0;
      pthread_create(&t, 0, worker, &x);
      pthread_create(&u, &attr, worker, 0);
      thrd_t c;
      thrd_create(&c, cworker, 0);
      pthread_join(t, 0);
      thrd_detach(c);
    }
  )c",
                   /*C=*/true);
  const ThreadEntries &TE = P.entries();
  ASSERT_EQ(TE.entries().size(), 3u);
  EXPECT_EQ(TE.entries()[0].Callee->getName(), "worker");
  EXPECT_EQ(TE.entries()[0].Joins.size(), 1u);
  EXPECT_FALSE(TE.entries()[0].Detached);
  ASSERT_EQ(TE.entries()[0].LocalRefs.size(), 1u);
  EXPECT_EQ(TE.entries()[0].LocalRefs[0].Var->getName(), "x");
  EXPECT_TRUE(TE.entries()[1].Detached); // detached attribute
  EXPECT_EQ(TE.entries()[2].Callee->getName(), "cworker");
  EXPECT_TRUE(TE.entries()[2].Detached);
}

TEST(ThreadEntriesTest, ReachAndContextLocks) {
  Parsed P = parse(R"cpp(
    #include <thread>
    #include <mutex>
    std::mutex m;
    int n;
    void add() { n++; }
    void helper() { add(); }
    void locked() { std::lock_guard<std::mutex> g(m); add(); }
    void entry() { locked(); }
    void other() { helper(); }
    void lone() {}
    void start() {
      std::thread t(entry);
      std::thread u(other);
      t.join();
      u.join();
    }
  )cpp");
  const ThreadEntries &TE = P.entries();
  ASSERT_EQ(TE.entries().size(), 2u);
  EXPECT_TRUE(TE.reached(P.function("add")));
  EXPECT_FALSE(TE.reached(P.function("lone")));
  EXPECT_EQ(TE.contextLocks(P.function("add")).size(), 0u); // via other
  EXPECT_EQ(TE.contexts(P.function("add")).size(), 2u);
  EXPECT_TRUE(
      TE.mayRunConcurrently(P.function("locked"), P.function("helper")));
  EXPECT_FALSE(
      TE.mayRunConcurrently(P.function("locked"), P.function("locked")));
  EXPECT_FALSE(TE.mayRunConcurrently(P.function("lone"), P.function("add")));
}

TEST(ThreadEntriesTest, ContextLocksFromEveryPath) {
  Parsed P = parse(R"cpp(
    #include <thread>
    #include <mutex>
    std::mutex m;
    int n;
    void add() { n++; }
    void a() { std::lock_guard<std::mutex> g(m); add(); }
    void b() { std::unique_lock<std::mutex> l(m); add(); }
    void start() { std::thread t(a), u(b); t.join(); u.join(); }
  )cpp");
  const ThreadEntries &TE = P.entries();
  const auto &Locks = TE.contextLocks(P.function("add"));
  ASSERT_EQ(Locks.size(), 1u);
  EXPECT_EQ(TE.lockName(*Locks.begin()), "m");
}

TEST(ThreadEntriesTest, StarterRunsAlongsideBetweenStartAndJoin) {
  Parsed P = parse(R"cpp(
    #include <thread>
    void work() {}
    void before() {}
    void during() {}
    void after() {}
    void loopwork() {}
    void start() {
      before();
      std::thread t(work);
      during();
      t.join();
      after();
    }
    void pool() {
      std::thread ts[4];
      for (int i = 0; i < 4; ++i)
        ts[i] = std::thread(loopwork);
      for (int i = 0; i < 4; ++i)
        ts[i].join();
    }
    void seqa() {}
    void seqb() {}
    void seq() {
      std::thread a(seqa);
      a.join();
      std::thread b(seqb);
      b.join();
    }
  )cpp");
  const ThreadEntries &TE = P.entries();
  const FunctionDecl *Start = P.function("start");
  const ThreadEntry &T = TE.entries()[0];
  EXPECT_FALSE(TE.runsBetweenStartAndJoin(T, P.callTo(Start, "before")));
  EXPECT_TRUE(TE.runsBetweenStartAndJoin(T, P.callTo(Start, "during")));
  EXPECT_FALSE(TE.runsBetweenStartAndJoin(T, P.callTo(Start, "after")));
  EXPECT_TRUE(TE.mayRunConcurrently(P.function("work"), P.function("during")));
  EXPECT_FALSE(TE.mayRunConcurrently(P.function("work"), P.function("after")));
  EXPECT_FALSE(TE.mayRunConcurrently(P.function("work"), P.function("before")));
  // Started in a loop: concurrent with itself.
  EXPECT_TRUE(
      TE.mayRunConcurrently(P.function("loopwork"), P.function("loopwork")));
  // Started once, joined before the next one starts: not concurrent.
  EXPECT_FALSE(TE.mayRunConcurrently(P.function("seqa"), P.function("seqb")));
  EXPECT_FALSE(TE.mayRunConcurrently(P.function("seqa"), P.function("seqa")));
  EXPECT_FALSE(TE.mayRunConcurrently(P.function("work"), P.function("work")));
}

TEST(ThreadEntriesTest, NoThreadsNoWork) {
  Parsed P = parse("int n; void f() { n++; }");
  EXPECT_TRUE(P.entries().empty());
  EXPECT_FALSE(P.entries().reached(P.function("f")));
}

TEST(ThreadEntriesTest, ConfiguredThreadStartPositions) {
  Parsed P = parse(R"cpp(
    typedef struct thr thr;
    int start(thr **t, void (*fn)(void *), void *arg);
    int spawn(thr **t, int prio, void (*fn)(void *), void *arg);
    int nofn(int a, int b);
  )cpp",
                   /*C=*/true);
  auto Fn = [&](llvm::StringRef Name) {
    auto M =
        match(functionDecl(hasName(Name)).bind("f"), P.AST->getASTContext());
    return M.front().getNodeAs<FunctionDecl>("f");
  };
  auto Get = [&](llvm::StringRef Name, std::vector<std::string> Entries) {
    std::optional<ThreadStartParams> S =
        configuredThreadStart(Fn(Name), Entries);
    return S ? std::to_string(S->Fn) + "," + std::to_string(S->Arg) + "," +
                   std::to_string(S->Handle)
             : std::string("none");
  };
  // `name`: the function pointer, the parameter after it, a pointer before.
  EXPECT_EQ(Get("start", {"start"}), "1,2,0");
  EXPECT_EQ(Get("spawn", {"other", "spawn"}), "2,3,0");
  // `name=F:A:H`, 1-based, 0 for none, the tail optional.
  EXPECT_EQ(Get("spawn", {"spawn=3:4:1"}), "2,3,0");
  EXPECT_EQ(Get("spawn", {"spawn=3:0"}), "2,-1,-1");
  EXPECT_EQ(Get("spawn", {"spawn = 3"}), "2,-1,-1");
  // Not a number, past the parameters, no callable, too many parts.
  EXPECT_EQ(Get("spawn", {"spawn=x"}), "none");
  EXPECT_EQ(Get("spawn", {"spawn=5"}), "none");
  EXPECT_EQ(Get("spawn", {"spawn=0:1"}), "none");
  EXPECT_EQ(Get("spawn", {"spawn=3:4:1:2"}), "none");
  EXPECT_EQ(Get("nofn", {"nofn"}), "none");
  EXPECT_EQ(Get("start", {"spawn"}), "none");
}
