// C++ thread-start wrappers, inferred without configuration: a function
// template starting its callable parameter, a member function keeping the
// thread in a member (joined by another member function), and a class whose
// constructor starts a member thread with its parameter (joined by its
// destructor).
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <functional>
#include <mutex>
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

int main() {
  fire();
  fire_twin();
  work();
  work_in_turn();
  scoped();
}
