// Data a thread owns is not shared: per-thread slots v[i] (i a value of the
// thread's own), objects local to the thread (used only through member
// access), the object a constructor builds (its inherited members too).
// Lookups in a container (find, count, begin, size) read it; an internally
// synchronised type is no data. A member reached through `this` is not
// guarded by a lock of another class that some callers hold.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <map>
#include <mutex>
#include <thread>
#include <vector>

// Per-thread slots: thread i writes only v[i].
void slots_by_capture() {
  std::vector<std::vector<int>> stolen(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      for (int k = 0; k < 10; ++k)
        stolen[i].push_back(k);
    });
  for (auto &t : threads)
    t.join();
}
int results[8];
void compute(int slot) { results[slot] = slot * 2; }
void slots_by_argument() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back(compute, i);
  for (auto &t : threads)
    t.join();
}
// Positive twins: the same element, and a whole-container operation.
void same_slot() {
  std::vector<int> v(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] { v[0] = 1; });
  // CHECK: :[[@LINE-1]]:32: warning: 'v' is written by threads started at line [[@LINE-1]] (in a loop) without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE-2]]:5: note: the thread started here runs the lambda
  for (auto &t : threads)
    t.join();
}
void whole_container() {
  std::vector<int> v;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] { v.push_back(i); });
  // CHECK: :[[@LINE-1]]:35: warning: 'v' is written by threads started at line [[@LINE-1]] (in a loop) without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE-2]]:5: note: the thread started here runs the lambda
  for (auto &t : threads)
    t.join();
}

// An object each thread builds for itself.
struct Graph {
  std::vector<int> nodes;
  void emplace(int v) { nodes.push_back(v); }
};
void build_own() {
  Graph g;
  for (int i = 0; i < 10; ++i)
    g.emplace(i);
}
void owners() {
  std::thread a(build_own), b(build_own);
  a.join();
  b.join();
}
// A local copied, returned or read through a const reference stays with
// its thread.
int weigh(const Graph &g);
Graph build_and_return() {
  Graph g;
  g.emplace(1);
  (void)weigh(g);
  Graph copy(g);
  copy.emplace(2);
  return g;
}
void returners() {
  std::thread a(build_and_return), b(build_and_return);
  a.join();
  b.join();
}

// A temporary is the thread's own too.
struct Str {
  int size = 0;
  Str &operator+=(int n) {
    size += n;
    return *this;
  }
};
Str concat(const Str &a, int n) { return Str(a) += n; }
void concat_twice() { (void)concat(Str(), 1); }
void concatenators() {
  std::thread a(concat_twice), b(concat_twice);
  a.join();
  b.join();
}

// A member object of an object the thread owns.
struct Flow {
  Graph graph;
  void add(int v) { graph.emplace(v); }
};
void build_flow() {
  Flow f;
  f.add(1);
  f.add(2);
}
void flows() {
  std::thread a(build_flow), b(build_flow);
  a.join();
  b.join();
}
// A copy into a local: the implicit copy assignment writes the local.
struct Head {
  int *ptr;
  unsigned tag;
};
Head shared_head;
void snapshot() {
  Head h;
  h = shared_head;
  (void)h.tag;
}
void snapshots() {
  std::thread a(snapshot), b(snapshot);
  a.join();
  b.join();
}

// Positive twin: one graph, two threads.
struct Tree {
  std::vector<int> nodes;
  void emplace(int v) { nodes.push_back(v); }
  // CHECK: :[[@LINE-1]]:25: warning: 'nodes' is written by threads started at line [[@LINE+7]] and line [[@LINE+8]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+6]]:15: note: the thread started here runs the lambda
  // CHECK: :[[@LINE+5]]:25: note: the lambda calls 'emplace' here
  // CHECK: :[[@LINE+5]]:15: note: the other thread is started here
};
void sharers() {
  Tree t;
  std::thread a([&] { t.emplace(1); });
  std::thread b([&] { t.emplace(2); });
  a.join();
  b.join();
}

// A constructor writes the object it builds, inherited members included.
struct AssertData {
  const char *file;
  int line;
};
struct Result : AssertData {
  Result(const char *f, int l) {
    file = f;
    line = l;
  }
  int get() const { return line; }
};
void check_in_thread() {
  Result r(__FILE__, __LINE__);
  (void)r.get();
}
void checks() {
  std::thread a(check_in_thread), b(check_in_thread);
  a.join();
  b.join();
}

// Lookups read; a non-const lookup overload is no write.
std::map<int, int> table;
int lookup(int k) {
  auto it = table.find(k);
  return it == table.end() ? -1 : it->second + static_cast<int>(table.size());
}
void readers() {
  std::thread a(lookup, 1), b(lookup, 2);
  a.join();
  b.join();
}
// Positive twin: an insertion.
std::map<int, int> cache;
void remember(int k) { cache.emplace(k, k); }
// CHECK: :[[@LINE-1]]:24: warning: 'cache' is written by two threads started at line [[@LINE+3]] without a lock [lockcheck-unguarded-write]
// CHECK: :[[@LINE+2]]:15: note: the thread started here runs 'remember'
void rememberers() {
  std::thread a(remember, 1), b(remember, 2);
  // CHECK: :[[@LINE-1]]:31: note: the other thread is started here
  a.join();
  b.join();
}

// A container inside a class that owns the lock: its members are guarded
// by that class's lock where it is shared, and not at all where a thread
// owns the container; neither is a guard of every container.
struct SmallVec {
  int *begin_ = nullptr;
  int size_ = 0;
  void push(int *p) {
    begin_ = p;
    ++size_;
  }
};
struct Semaphore {
  std::mutex mtx;
  SmallVec waiters;
  void wait(int *p) {
    std::lock_guard<std::mutex> g(mtx);
    waiters.push(p);
  }
};
Semaphore sem;
SmallVec *scratch;
void waiter() {
  int x;
  sem.wait(&x);
}
void scratcher() {
  int y;
  scratch->push(&y);
}
void semaphores() {
  std::thread a(waiter), b(waiter), c(scratcher);
  a.join();
  b.join();
  c.join();
}
