// Spin locks made of std::atomic_flag or std::atomic<bool>: a loop that
// spins on test_and_set() (exchange(true)) until it succeeds takes a lock
// named by the flag; clear() (store(false)) releases it. A test_and_set()
// that no loop spins on takes no lock.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <atomic>
#include <thread>

// std::atomic_flag's members and free functions: `busy` guards `count`.
std::atomic_flag busy = ATOMIC_FLAG_INIT;
long count;

void add() {
  while (busy.test_and_set(std::memory_order_acquire))
    ;
  ++count;
  busy.clear(std::memory_order_release);
}

void sub() {
  while (std::atomic_flag_test_and_set(&busy))
    ;
  --count;
  std::atomic_flag_clear(&busy);
}

void reset() { count = 0; }
// CHECK: :[[@LINE-1]]:16: warning: 'count' is written without holding 'busy'; it is guarded by 'busy' at 2 other accesses [lockcheck-unguarded-write]
// CHECK: :[[@LINE+4]]:31: note: the thread started here runs 'reset'
// CHECK: :[[@LINE-14]]:5: note: 'count' is written here holding 'busy'

void start_count() {
  std::thread a(add), b(sub), c(reset);
  a.join();
  b.join();
  c.join();
}

// Compliant twin: every write holds the spin lock.
std::atomic_flag ok_busy = ATOMIC_FLAG_INIT;
long ok_count;

void ok_add() {
  while (ok_busy.test_and_set())
    ;
  ++ok_count;
  ok_busy.clear();
}

void ok_reset() {
  while (std::atomic_flag_test_and_set_explicit(&ok_busy,
                                                std::memory_order_acquire))
    ;
  ok_count = 0;
  std::atomic_flag_clear_explicit(&ok_busy, std::memory_order_release);
}

void start_ok_count() {
  std::thread a(ok_add), b(ok_reset);
  a.join();
  b.join();
}

// A class of the project wrapping the loop: its lock() and unlock() are
// acquire and release functions of its flag, seen through at their calls.
class SpinLock {
public:
  void lock() {
    while (flag_.exchange(true, std::memory_order_acquire))
      ;
  }
  void unlock() { flag_.store(false, std::memory_order_release); }

private:
  std::atomic<bool> flag_{false};
};

SpinLock stats_lock;
long requests;

void serve() {
  stats_lock.lock();
  ++requests;
  stats_lock.unlock();
}

void clear_stats() { requests = 0; }
// CHECK: :[[@LINE-1]]:22: warning: 'requests' is written without holding 'stats_lock.flag_'; it is guarded by 'stats_lock.flag_' at 1 other access [lockcheck-unguarded-write]
// CHECK: :[[@LINE+5]]:23: note: the thread started here runs 'clear_stats'
// CHECK: :[[@LINE-7]]:5: note: 'requests' is written here holding 'stats_lock.flag_'

void start_stats() {
  std::thread t[3] = {std::thread(serve), std::thread(serve),
                      std::thread(clear_stats)};
  for (std::thread &x : t)
    x.join();
}

// Compliant twin: the same lock around every write.
SpinLock ok_stats_lock;
long ok_requests;

void ok_serve() {
  ok_stats_lock.lock();
  ++ok_requests;
  ok_stats_lock.unlock();
}

void start_ok_stats() {
  std::thread t[2] = {std::thread(ok_serve), std::thread(ok_serve)};
  for (std::thread &x : t)
    x.join();
}

// Not a loop: the test's result is ignored, nothing is locked.
std::atomic_flag no_spin = ATOMIC_FLAG_INIT;
long hits;

void hit() {
  no_spin.test_and_set();
  ++hits;
  // CHECK: :[[@LINE-1]]:5: warning: 'hits' is written by two threads started at line [[#@LINE+7]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+6]]:15: note: the thread started here runs 'hit'
  // CHECK: :[[@LINE+5]]:23: note: the other thread is started here
  no_spin.clear();
}

void start_hits() {
  std::thread a(hit), b(hit);
  a.join();
  b.join();
}

// A once-flag: no lock held at the return, none released by the re-arm.
std::atomic_flag warned = ATOMIC_FLAG_INIT;

bool warn_once() {
  if (warned.test_and_set())
    return false;
  return true;
}

void rearm() { warned.clear(); }

int main() {
  rearm();
  return warn_once() ? 0 : 1;
}

// The lock checks see the spin lock.
int leave_held(bool c) {
  while (busy.test_and_set())
    ;
  // CHECK: :[[@LINE-2]]:15: warning: 'busy' is acquired here but not released on every path out of 'leave_held' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+2]]:5: note: 'leave_held' returns here with 'busy' held
  if (c)
    return -1;
  busy.clear();
  return 0;
}

// Compliant twin.
int release_on_every_path(bool c) {
  while (busy.test_and_set())
    ;
  if (c) {
    busy.clear();
    return -1;
  }
  busy.clear();
  return 0;
}
