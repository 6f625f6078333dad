// A loop around a wait re-checks a predicate only when it tests something
// the notifying thread can change: a counting loop, an endless loop that
// tests only its own locals, or a loop on a local that nothing reloads
// returns on a spurious wake-up like a wait with no loop.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// The same on the real libstdc++ and glibc headers.
// RUN: %check_both %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

std::mutex m;
std::condition_variable cv;
bool ready;

// A counting loop: it waits three times, whatever happened.
void counting() {
  std::unique_lock<std::mutex> lk(m);
  for (int i = 0; i < 3; ++i)
    cv.wait(lk);
  // CHECK: :[[@LINE-1]]:8: warning: 'wait' on 'cv' is not in a loop that re-checks its condition and has no predicate; it can return on a spurious wake-up with the condition still false [lockcheck-wait-without-predicate]
  // CHECK: :[[@LINE-3]]:3: note: this loop tests nothing another thread can change
}
// Twin: the count and the condition.
void counting_fine() {
  std::unique_lock<std::mutex> lk(m);
  for (int i = 0; i < 3 && !ready; ++i)
    cv.wait(lk);
}

// An endless loop whose only test is on a local counter.
void endless(std::deque<int> &q) {
  std::unique_lock<std::mutex> lk(m);
  int n = 0;
  while (true) {
    cv.wait_for(lk, std::chrono::milliseconds(10));
    // CHECK: :[[@LINE-1]]:8: warning: 'wait_for' on 'cv' is not in a loop that re-checks its condition and has no predicate
    // CHECK: :[[@LINE-3]]:3: note: this loop tests nothing another thread can change
    if (++n > 10)
      break;
  }
  q.clear();
}
// Twin: the endless loop tests the queue after each wake-up.
void endless_fine(std::deque<int> &q) {
  std::unique_lock<std::mutex> lk(m);
  int n = 0;
  while (true) {
    cv.wait_for(lk, std::chrono::milliseconds(10));
    if (!q.empty() || ++n > 10)
      break;
  }
  q.clear();
}

// A loop on a local flag copied once before the loop: nothing reloads it.
void stale_copy() {
  std::unique_lock<std::mutex> lk(m);
  bool done = ready;
  while (!done)
    cv.wait(lk);
  // CHECK: :[[@LINE-1]]:8: warning: 'wait' on 'cv' is not in a loop that re-checks its condition and has no predicate
  // CHECK: :[[@LINE-3]]:3: note: this loop tests nothing another thread can change
}
// Twins: the flag is reloaded after each wake-up; or it is the notifying
// thread's to set (captured by reference).
void reloaded() {
  std::unique_lock<std::mutex> lk(m);
  bool done = ready;
  while (!done) {
    cv.wait(lk);
    done = ready;
  }
}
void set_by_thread() {
  bool done = false;
  std::thread t([&] {
    std::lock_guard<std::mutex> g(m);
    done = true;
    cv.notify_one();
  });
  {
    std::unique_lock<std::mutex> lk(m);
    while (!done)
      cv.wait(lk);
  }
  t.join();
}

// A member condition variable, a loop on a parameter passed by value.
class Waiter {
public:
  void wait_rounds(int rounds) {
    std::unique_lock<std::mutex> lk(mu_);
    while (rounds-- > 0)
      cv_.wait(lk);
    // CHECK: :[[@LINE-1]]:11: warning: 'wait' on 'cv_' is not in a loop that re-checks its condition and has no predicate
    // CHECK: :[[@LINE-3]]:5: note: this loop tests nothing another thread can change
  }
  // Twin: the loop tests the member the notifier sets.
  void wait_rounds_fine(int rounds) {
    std::unique_lock<std::mutex> lk(mu_);
    while (rounds-- > 0 && !ready_)
      cv_.wait(lk);
  }
  // Twin: what a reference parameter designates is the caller's.
  void wait_flag(const bool &flag) {
    std::unique_lock<std::mutex> lk(mu_);
    while (!flag)
      cv_.wait(lk);
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool ready_ = false;
};
