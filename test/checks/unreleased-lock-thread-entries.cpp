// A thread entry or main that returns holding a lock on every exit leaks it,
// on the real libstdc++ headers.
// RUN: %check_both %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <mutex>
#include <thread>

std::mutex m;
bool stop;
int jobs;
void work() noexcept;

void hold() {
  m.lock();
  // CHECK: :[[@LINE-1]]:5: warning: 'm' is acquired here but not released on every path out of 'hold' [lockcheck-unreleased-lock]
  ++jobs;
}
// CHECK: :[[@LINE-1]]:1: note: 'hold' ends here with 'm' held
// CHECK: :[[@LINE-5]]:5: note: a std::unique_lock<std::mutex> would release it on every path

// Compliant twin: an acquire wrapper that nothing runs as a thread.
void hold_for_caller() {
  m.lock();
  ++jobs;
}
void use_hold() {
  hold_for_caller();
  m.unlock();
}

int main() {
  std::thread t([] {
    for (;;) {
      m.lock();
      // CHECK: :[[@LINE-1]]:9: warning: 'm' is acquired here but not released on every path out of the lambda [lockcheck-unreleased-lock]
      if (stop)
        break;
      --jobs;
      m.unlock();
      work();
    }
  });
  // CHECK: :[[@LINE-1]]:3: note: the lambda ends here with 'm' held
  // CHECK: :[[@LINE-10]]:9: note: a std::unique_lock<std::mutex> would release it on every path
  std::thread u([] {
    for (;;) {
      std::lock_guard<std::mutex> g(m);
      if (stop)
        break;
      --jobs;
    }
  });
  std::thread v(hold);
  t.join();
  u.join();
  v.join();
  m.lock();
  // CHECK: :[[@LINE-1]]:5: warning: 'm' is acquired here but not released on every path out of 'main' [lockcheck-unreleased-lock]
  return jobs;
  // CHECK: :[[@LINE-1]]:3: note: 'main' returns here with 'm' held
  // CHECK: :[[@LINE-4]]:5: note: a std::unique_lock<std::mutex> would release it on every path
}
