// RUN: %check_both %s --fix-out=%t.cpp -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

std::mutex m;
std::condition_variable cv;
std::condition_variable_any cva;
bool ready;
int pending;

// A global condition variable, the condition tested once.
void wait_if() {
  std::unique_lock<std::mutex> lk(m);
  if (!ready) cv.wait(lk);
  // CHECK: :[[@LINE-1]]:18: warning: 'wait' on 'cv' is not in a loop that re-checks its condition and has no predicate; it can return on a spurious wake-up with the condition still false [lockcheck-wait-without-predicate]
  // CHECK: :[[@LINE-2]]:3: note: the condition is tested only once, here
}
// FIXED: void wait_if() {
// FIXED-NEXT: std::unique_lock<std::mutex> lk(m);
// FIXED-NEXT: cv.wait(lk, [&] { return ready; });

// Braced, with a condition that is not a plain negation.
void wait_if_braced() {
  std::unique_lock<std::mutex> lk(m);
  if (pending == 0) {
    cv.wait(lk);
    // CHECK: :[[@LINE-1]]:8: warning: 'wait' on 'cv' is not in a loop
    // CHECK: :[[@LINE-3]]:3: note: the condition is tested only once, here
  }
}
// FIXED: void wait_if_braced() {
// FIXED-NEXT: std::unique_lock<std::mutex> lk(m);
// FIXED-NEXT: cv.wait(lk, [&] { return !(pending == 0); });

// No test at all; a timed wait (no fix-it: wait_for's overload with a
// predicate returns after the timeout, the loop would not).
void wait_bare() {
  std::unique_lock<std::mutex> lk(m);
  cv.wait(lk);
  // CHECK: :[[@LINE-1]]:6: warning: 'wait' on 'cv' is not in a loop
  if (!ready)
    cv.wait_for(lk, std::chrono::milliseconds(10));
  // CHECK: :[[@LINE-1]]:8: warning: 'wait_for' on 'cv' is not in a loop
  // CHECK: :[[@LINE-3]]:3: note: the condition is tested only once, here
}
// FIXED: cv.wait_for(lk, std::chrono::milliseconds(10));

// A member condition variable, condition_variable_any, a reference, an
// endless loop that tests nothing.
class Queue {
public:
  int pop() {
    std::unique_lock<std::mutex> lk(mu_);
    if (items_.empty())
      not_empty_.wait(lk);
    // CHECK: :[[@LINE-1]]:18: warning: 'wait' on 'not_empty_' is not in a loop
    // CHECK: :[[@LINE-3]]:5: note: the condition is tested only once, here
    int v = items_.front();
    items_.pop_front();
    return v;
  }
  void drain(std::condition_variable &done) {
    std::unique_lock<std::mutex> lk(mu_);
    for (;;) {
      done.wait(lk);
      // CHECK: :[[@LINE-1]]:12: warning: 'wait' on 'done' is not in a loop
      // CHECK: :[[@LINE-3]]:5: note: this loop tests nothing another thread can change
      items_.clear();
    }
  }
  void any() {
    std::unique_lock<std::mutex> lk(mu_);
    cva.wait(lk);
    // CHECK: :[[@LINE-1]]:9: warning: 'wait' on 'cva' is not in a loop
  }

private:
  std::mutex mu_;
  std::condition_variable not_empty_;
  std::deque<int> items_;
};
// FIXED: not_empty_.wait(lk, [&] { return !(items_.empty()); });

// A local condition variable, in a lambda.
void in_lambda() {
  std::condition_variable local;
  auto f = [&] {
    std::unique_lock<std::mutex> lk(m);
    local.wait(lk);
    // CHECK: :[[@LINE-1]]:11: warning: 'wait' on 'local' is not in a loop
  };
  f();
}

// Waits on a mutex the thread does not hold.
void not_owned() {
  std::unique_lock<std::mutex> lk(m, std::defer_lock);
  while (!ready)
    cv.wait(lk);
  // CHECK: :[[@LINE-1]]:8: warning: 'wait' waits on 'cv' with 'lk', which does not own its mutex here; a wait must be called with the mutex locked [lockcheck-wait-without-predicate]
  // CHECK: :[[@LINE-4]]:32: note: 'lk' is declared here
}
void unlocked_first() {
  std::unique_lock<std::mutex> lk(m);
  ++pending;
  lk.unlock();
  while (!ready)
    cv.wait(lk);
  // CHECK: :[[@LINE-1]]:8: warning: 'wait' waits on 'cv' with 'lk', which does not own its mutex here
  // CHECK: :[[@LINE-4]]:6: note: it is released here
}

// Compliant twins.
void wait_while() {
  std::unique_lock<std::mutex> lk(m);
  while (!ready)
    cv.wait(lk);
}
void wait_predicate() {
  std::unique_lock<std::mutex> lk(m);
  cv.wait(lk, [] { return ready; });
  cv.wait_for(lk, std::chrono::seconds(1), [] { return ready; });
  cva.wait(lk, [] { return ready; });
  if (!ready) // a predicate overload under an if is fine
    cv.wait_until(lk, std::chrono::steady_clock::now(), [] { return ready; });
}
void wait_do_while() {
  std::unique_lock<std::mutex> lk(m);
  do {
    cv.wait(lk);
  } while (!ready);
}
void wait_for_loop() {
  std::unique_lock<std::mutex> lk(m);
  for (int tries = 0; !ready && tries < 3; ++tries)
    cv.wait_for(lk, std::chrono::milliseconds(10));
}
void endless_with_break() {
  std::unique_lock<std::mutex> lk(m);
  while (true) {
    if (ready)
      break;
    cv.wait(lk);
  }
}
void endless_with_continue(std::deque<int> &q) {
  std::unique_lock<std::mutex> lk(m);
  for (;;) {
    if (q.empty()) {
      cv.wait(lk);
      continue;
    }
    q.pop_front();
    return;
  }
}
// The loop is in the caller's hands: the lock is held as the caller left it
// (Unknown), never reported as not held.
void wait_with(std::unique_lock<std::mutex> &lk) {
  while (!ready)
    cv.wait(lk);
}
// Locked again before the wait.
void relocked() {
  std::unique_lock<std::mutex> lk(m, std::defer_lock);
  lk.lock();
  while (!ready)
    cv.wait(lk);
}

// A wrapper that is a wait primitive: its callers loop. A function named
// like a wait that tests state once is still reported.
class CondVar {
public:
  void Wait() { cv_.wait(*lk_); }
  bool WaitFor(long timeout_us) {
    if (timeout_us < 0) {
      cv_.wait(*lk_);
      return true;
    }
    return cv_.wait_for(*lk_, std::chrono::microseconds(timeout_us)) ==
           std::cv_status::no_timeout;
  }
  void WaitUntilReady() {
    if (!ready_)
      cv_.wait(*lk_);
    // CHECK: :[[@LINE-1]]:11: warning: 'wait' on 'cv_' is not in a loop
    // CHECK: :[[@LINE-3]]:5: note: the condition is tested only once, here
  }

private:
  std::condition_variable cv_;
  std::unique_lock<std::mutex> *lk_;
  bool ready_ = false;
};

// A worker's endless loop tests the queue once per round: after the wait it
// goes on to take an item. The predicate overload waits until the queue has
// one.
void worker(std::deque<int> &q) {
  std::unique_lock<std::mutex> lk(m);
  for (;;) {
    if (q.empty())
      cv.wait(lk);
    // CHECK: :[[@LINE-1]]:10: warning: 'wait' on 'cv' is not in a loop that re-checks its condition and has no predicate; it can return on a spurious wake-up with the condition still false [lockcheck-wait-without-predicate]
    // CHECK: :[[@LINE-3]]:5: note: the condition is tested only once, here
    // CHECK: :[[@LINE+1]]:5: note: after the wait the loop goes on here without testing it again
    int item = q.front();
    q.pop_front();
    if (item < 0)
      return;
  }
}
// FIXED: void worker(std::deque<int> &q) {
// FIXED-NEXT: std::unique_lock<std::mutex> lk(m);
// FIXED-NEXT: for (;;) {
// FIXED-NEXT: cv.wait(lk, [&] { return !(q.empty()); });
// FIXED: int item = q.front();
// Twin: the branch goes back to the test before taking an item.
void worker_continue(std::deque<int> &q) {
  std::unique_lock<std::mutex> lk(m);
  for (;;) {
    if (q.empty()) {
      cv.wait(lk);
      continue;
    }
    int item = q.front();
    q.pop_front();
    if (item < 0)
      return;
  }
}
