// C++ thread-start wrappers, inferred without configuration: a function
// template starting its callable parameter, a member function keeping the
// thread in a member (joined by another member function), and a class whose
// constructor starts a member thread with its parameter (joined by its
// destructor); a function passing its parameter through a local function
// pointer, or through a local union to pthread_create as libuv does.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <functional>
#include <mutex>
#include <pthread.h>
#include <thread>

template <class F> void run_async(F f) { std::thread(std::move(f)).detach(); }

class Worker {
public:
  void start(std::function<void()> fn) { t_ = std::thread(fn); }
  void join() {
    if (t_.joinable())
      t_.join();
  }

private:
  std::thread t_;
};

class Scoped {
public:
  explicit Scoped(std::function<void()> fn) : t_(fn) {}
  ~Scoped() { t_.join(); }

private:
  std::thread t_;
};

std::mutex m;

int fired;
void fire() {
  run_async([] { fired++; });
  // CHECK: :[[@LINE-1]]:18: warning: 'fired' is written by threads started at line [[#@LINE-1]] and line [[#@LINE+4]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE-2]]:3: note: the thread started here runs the lambda
  // CHECK: :[[@LINE-30]]:42: note: the thread is created here, in thread-start wrapper 'run_async'
  // CHECK: :[[@LINE+1]]:18: note: 'fired' is also written here
  run_async([] { fired++; });
}

int fired_twin;
void fire_twin() {
  run_async([] {
    std::lock_guard<std::mutex> g(m);
    fired_twin++;
  });
  run_async([] {
    std::lock_guard<std::mutex> g(m);
    fired_twin++;
  });
}

int jobs;
void work() {
  Worker w1, w2;
  w1.start([] { jobs++; });
  // CHECK: :[[@LINE-1]]:17: warning: 'jobs' is written by threads started at line [[#@LINE-1]] and line [[#@LINE+4]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE-2]]:3: note: the thread started here runs the lambda
  // CHECK: :[[@LINE-49]]:47: note: the thread is created here, in thread-start wrapper 'start'
  // CHECK: :[[@LINE+1]]:17: note: 'jobs' is also written here
  w2.start([] { jobs++; });
  w1.join();
  w2.join();
  jobs = 0; // after the joins
}

int steps;
void work_in_turn() {
  Worker w;
  w.start([] { steps++; });
  w.join();
  w.start([] { steps++; });
  w.join();
}

int ticks;
void scoped() {
  {
    Scoped s([] {
      std::lock_guard<std::mutex> g(m);
      ticks++;
    });
    ticks = 5;
    // CHECK: :[[@LINE-1]]:5: warning: 'ticks' is written without holding 'm'; it is guarded by 'm' at 1 other access [lockcheck-unguarded-write]
    // CHECK: :[[@LINE-6]]:12: note: 'scoped' keeps running alongside the thread started here
    // CHECK: :[[@LINE-64]]:47: note: the thread is created here, in thread-start wrapper 'Scoped'
    // CHECK: :[[@LINE-6]]:7: note: 'ticks' is written here holding 'm'
  }
  ticks = 0; // the destructor joined
}

// Through a local function pointer; through a local union (`f.in = entry`
// read as `f.out`). Compliant twins: the local or the union set to a
// function of the wrapper's own after the parameter: not wrappers.
void start_renamed(void (*fn)()) {
  void (*run)() = fn;
  std::thread(run).detach();
}
void start_idle_renamed(void (*fn)()) {
  void (*run)() = fn;
  run = [] {};
  std::thread(run).detach();
}

using entry_fn = void (*)(void *);
int start_union(pthread_t *tid, entry_fn entry, void *arg) {
  union {
    entry_fn in;
    void *(*out)(void *);
  } f;
  f.in = entry;
  return pthread_create(tid, nullptr, f.out, arg);
}
void idle(void *) {}
int start_idle_union(pthread_t *tid, entry_fn entry, void *arg) {
  union {
    entry_fn in;
    void *(*out)(void *);
  } f;
  f.in = entry;
  f.in = idle;
  return pthread_create(tid, nullptr, f.out, arg);
}

int renames;
void rename_once() { renames++; }
// CHECK: :[[@LINE-1]]:22: warning: 'renames' is written by threads started at line [[#@LINE+16]] and line [[#@LINE+17]] without a lock [lockcheck-unguarded-write]
// CHECK: :[[@LINE+15]]:3: note: the thread started here runs 'rename_once'
// CHECK: :[[@LINE-32]]:3: note: the thread is created here, in thread-start wrapper 'start_renamed'
// CHECK: :[[@LINE+14]]:3: note: the other thread is started here
int unions;
void union_once(void *) { unions++; }
// CHECK: :[[@LINE-1]]:27: warning: 'unions' is written by threads started at line [[#@LINE+13]] and line [[#@LINE+14]] without a lock [lockcheck-unguarded-write]
// CHECK: :[[@LINE+12]]:3: note: the thread started here runs 'union_once'
// CHECK: :[[@LINE-23]]:10: note: the thread is created here, in thread-start wrapper 'start_union'
// CHECK: :[[@LINE+11]]:3: note: the other thread is started here

int idles;
void idle_once() { idles++; }
void idle_union_once(void *) { idles++; }

void renamed() {
  start_renamed(rename_once);
  start_renamed(rename_once);
  pthread_t a, b;
  start_union(&a, union_once, nullptr);
  start_union(&b, union_once, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
}

void renamed_twin() {
  start_idle_renamed(idle_once);
  start_idle_renamed(idle_once);
  pthread_t a, b;
  start_idle_union(&a, idle_union_once, nullptr);
  start_idle_union(&b, idle_union_once, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
}

int main() {
  fire();
  fire_twin();
  work();
  work_in_turn();
  scoped();
  renamed();
  renamed_twin();
}
