// Thread callables reached through a variable: a lambda held in a local, a
// std::function, std::bind, a functor object, std::async and std::jthread
// started with one. The callable's captures and bound arguments are the
// thread's.
// RUN: %check_both %s -- -std=c++20 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c++20 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <functional>
#include <future>
#include <mutex>
#include <thread>

std::mutex m;

void lambda_variable() {
  int n = 0;
  auto job = [&] { n++; };
  // CHECK: :[[@LINE-1]]:20: warning: 'n' is written by threads started at line [[#@LINE+3]] and line [[#@LINE+4]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+2]]:15: note: the thread started here runs the lambda
  // CHECK: :[[@LINE+2]]:15: note: the other thread is started here
  std::thread t1(job);
  std::thread t2(job);
  t1.join();
  t2.join();
}

void lambda_variable_twin() {
  int n = 0;
  auto job = [&] {
    std::lock_guard<std::mutex> g(m);
    n++;
  };
  std::thread t1(job);
  std::thread t2(job);
  t1.join();
  t2.join();
}

long total;
void function_variable() {
  std::function<void()> job = [] { total += 2; };
  // CHECK: :[[@LINE-1]]:36: warning: 'total' is written by threads started at line [[#@LINE+3]] and line [[#@LINE+4]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+2]]:15: note: the thread started here runs the lambda
  // CHECK: :[[@LINE+2]]:15: note: the other thread is started here
  std::thread t1(job);
  std::thread t2(job);
  t1.join();
  t2.join();
}

long total_twin;
void function_variable_twin() {
  std::function<void()> job = [] {
    std::lock_guard<std::mutex> g(m);
    total_twin += 2;
  };
  std::thread t1(job);
  std::thread t2(job);
  t1.join();
  t2.join();
}

void add(long *sum, int k) { *sum += k; }
// CHECK: :[[@LINE-1]]:30: warning: 'sum' is written by threads started at line [[#@LINE+6]] and line [[#@LINE+7]] without a lock [lockcheck-unguarded-write]
// CHECK: :[[@LINE+5]]:15: note: the thread started here runs 'add'
// CHECK: :[[@LINE+5]]:15: note: the other thread is started here
void bound() {
  long sum = 0;
  auto job = std::bind(add, &sum, 1);
  std::thread t1(job);
  std::thread t2(std::bind(add, &sum, 2));
  t1.join();
  t2.join();
}

void add_locked(long *sum, int k) {
  std::lock_guard<std::mutex> g(m);
  *sum += k;
}
void bound_twin() {
  long sum = 0;
  auto job = std::bind(add_locked, &sum, 1);
  std::thread t1(job);
  std::thread t2(std::bind(add_locked, &sum, 2));
  t1.join();
  t2.join();
}

int hits;
struct Counter {
  void operator()() { hits++; }
  // CHECK: :[[@LINE-1]]:23: warning: 'hits' is written by threads started at line [[#@LINE+6]] and line [[#@LINE+7]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+5]]:15: note: the thread started here runs 'operator()'
  // CHECK: :[[@LINE+5]]:15: note: the other thread is started here
};
void functor() {
  Counter c;
  std::thread t1(c);
  std::thread t2(Counter{});
  t1.join();
  t2.join();
}

int hits_twin;
struct CounterTwin {
  void operator()() {
    std::lock_guard<std::mutex> g(m);
    hits_twin++;
  }
};
void functor_twin() {
  CounterTwin c;
  std::thread t1(c);
  std::thread t2(CounterTwin{});
  t1.join();
  t2.join();
}

int computed;
void async_variable() {
  auto job = [] { computed = 1; };
  // CHECK: :[[@LINE-1]]:19: warning: 'computed' is written by threads started at line [[#@LINE+3]] and line [[#@LINE+4]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+2]]:13: note: the thread started here runs the lambda
  // CHECK: :[[@LINE+2]]:13: note: the other thread is started here
  auto f1 = std::async(std::launch::async, job);
  auto f2 = std::async(std::launch::async, job);
}

// Compliant: deferred runs on the thread that waits.
int deferred_result;
void deferred_variable() {
  auto job = [] { deferred_result = 1; };
  auto f1 = std::async(std::launch::deferred, job);
  auto f2 = std::async(std::launch::deferred, job);
  f1.get();
  f2.get();
}

int ticks;
void jthread_variable() {
  auto job = [] { ticks++; };
  // CHECK: :[[@LINE-1]]:19: warning: 'ticks' is written by two threads started at line [[#@LINE+3]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+2]]:16: note: the thread started here runs the lambda
  // CHECK: :[[@LINE+1]]:25: note: the other thread is started here
  std::jthread t1(job), t2(job);
}

int ticks_twin;
void jthread_variable_twin() {
  auto job = [] { ticks_twin++; };
  { std::jthread t1(job); }
  { std::jthread t2(job); }
}

int main() {
  lambda_variable();
  lambda_variable_twin();
  function_variable();
  function_variable_twin();
  bound();
  bound_twin();
  functor();
  functor_twin();
  async_variable();
  deferred_variable();
  jthread_variable();
  jthread_variable_twin();
}
