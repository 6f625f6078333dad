// A lambda or local callable that takes a mutex the function already holds
// when it calls it: the mutex may be a local or a parameter the lambda
// captures, a member reached through a captured `this`, and the lambda may
// be called directly, through a function template or through a local
// std::function.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <functional>
#include <mutex>

int counter;
std::mutex gm;

void captured_local() {
  std::mutex m;
  auto bump = [&] { std::lock_guard<std::mutex> g(m); ++counter; };
  m.lock();
  bump();
  // CHECK: :[[@LINE-1]]:3: warning: calling the lambda locks 'm', which this thread already holds; 'std::mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-4]]:49: note: the lambda locks it here
  // CHECK: :[[@LINE-4]]:5: note: 'm' was locked here
  m.unlock();
}

void captured_param(std::mutex &m) {
  auto bump = [&m] { std::lock_guard<std::mutex> g(m); ++counter; };
  m.lock();
  bump();
  // CHECK: :[[@LINE-1]]:3: warning: calling the lambda locks 'm', which this thread already holds
  // CHECK: :[[@LINE-4]]:50: note: the lambda locks it here
  // CHECK: :[[@LINE-4]]:5: note: 'm' was locked here
  m.unlock();
}

struct Counter {
  std::mutex mu;
  int n = 0;
  void add_twice() {
    auto add = [this] { std::lock_guard<std::mutex> g(mu); ++n; };
    mu.lock();
    add();
    // CHECK: :[[@LINE-1]]:5: warning: calling the lambda locks 'mu', which this thread already holds
    // CHECK: :[[@LINE-4]]:53: note: the lambda locks it here
    // CHECK: :[[@LINE-4]]:8: note: 'mu' was locked here
    mu.unlock();
  }
  void add_through_function() {
    std::function<void()> add = [this] {
      std::lock_guard<std::mutex> g(mu);
      ++n;
    };
    std::lock_guard<std::mutex> g(mu);
    add();
    // CHECK: :[[@LINE-1]]:5: warning: calling 'add' may run the lambda, which locks 'mu', which this thread already holds
    // CHECK: :[[@LINE-7]]:27: note: the lambda is stored into 'add' here
    // CHECK: :[[@LINE-7]]:35: note: the lambda locks it here
    // CHECK: :[[@LINE-5]]:33: note: 'mu' was locked here
  }
  // Compliant twin: the lambda runs after the unlock.
  void add_after() {
    auto add = [this] { std::lock_guard<std::mutex> g(mu); ++n; };
    mu.lock();
    ++n;
    mu.unlock();
    add();
  }
};

template <typename F> void run(F f) { f(); }
void through_template() {
  std::mutex m;
  auto bump = [&] { std::lock_guard<std::mutex> g(m); ++counter; };
  std::lock_guard<std::mutex> g(m);
  run(bump);
  // CHECK: :[[@LINE-1]]:3: warning: calling 'run' locks 'm', which this thread already holds
  // CHECK: :[[@LINE-4]]:49: note: 'run' locks it here
  // CHECK: :[[@LINE-4]]:31: note: 'm' was locked here
}

void through_std_function() {
  std::function<void()> bump = [] { std::lock_guard<std::mutex> g(gm); };
  std::lock_guard<std::mutex> g(gm);
  bump();
  // CHECK: :[[@LINE-1]]:3: warning: calling 'bump' may run the lambda, which locks 'gm', which this thread already holds; 'std::mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-4]]:25: note: the lambda is stored into 'bump' here
  // CHECK: :[[@LINE-5]]:65: note: the lambda locks it here
  // CHECK: :[[@LINE-5]]:31: note: 'gm' was locked here
}

// Compliant twins: another mutex, or a lambda that expects the lock held.
void other_local(std::mutex &held) {
  std::mutex m;
  auto bump = [&] { std::lock_guard<std::mutex> g(m); ++counter; };
  std::lock_guard<std::mutex> g(held);
  bump();
}
void lambda_own_param(std::mutex &a, std::mutex &b) {
  // The lambda's parameter and the captured `a` (the enclosing function's
  // first parameter) are two locks.
  auto both = [&a](std::mutex &x) {
    std::lock_guard<std::mutex> ga(a);
    std::lock_guard<std::mutex> gx(x);
  };
  both(b);
}
void locked_helper() {
  std::mutex m;
  auto bump_locked = [&] { ++counter; };
  std::lock_guard<std::mutex> g(m);
  bump_locked();
  run(bump_locked);
}
void std_function_after() {
  std::function<void()> bump = [] { std::lock_guard<std::mutex> g(gm); };
  {
    std::lock_guard<std::mutex> g(gm);
    ++counter;
  }
  bump();
}
