// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <mutex>
#include <shared_mutex>

std::mutex m;
std::recursive_mutex rm;
int counter;

void locked_twice() {
  m.lock();
  m.lock();
  // CHECK: :[[@LINE-1]]:5: warning: 'm' is locked again while this thread already holds it; 'std::mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:5: note: 'm' was locked here
  m.unlock();
}

void guard_then_lock() {
  std::lock_guard<std::mutex> g(m);
  m.lock();
  // CHECK: :[[@LINE-1]]:5: warning: 'm' is locked again while this thread already holds it
  // CHECK: :[[@LINE-3]]:31: note: 'm' was locked here
}

// Through a helper of the same translation unit.
void bump() {
  std::lock_guard<std::mutex> g(m);
  ++counter;
}
void bump_twice() {
  std::lock_guard<std::mutex> g(m);
  bump();
  // CHECK: :[[@LINE-1]]:3: warning: calling 'bump' locks 'm', which this thread already holds; 'std::mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-7]]:31: note: 'bump' locks it here
  // CHECK: :[[@LINE-4]]:31: note: 'm' was locked here
}

// The same lock twice in one std::lock.
void lock_same_twice(std::mutex &a) {
  std::lock(a, a);
  // CHECK: :[[@LINE-1]]:3: warning: 'a' is locked again while this thread already holds it
}

// A member mutex, through this-> and implicitly.
struct Account {
  std::mutex mu;
  int balance = 0;
  void deposit(int x) {
    std::lock_guard<std::mutex> g(mu);
    balance += x;
  }
  void transfer_in(int x) {
    std::lock_guard<std::mutex> g(this->mu);
    deposit(x);
    // CHECK: :[[@LINE-1]]:5: warning: calling 'deposit' locks 'mu', which this thread already holds
    // CHECK: :[[@LINE-7]]:33: note: 'deposit' locks it here
    // CHECK: :[[@LINE-4]]:33: note: 'mu' was locked here
  }
};

// Compliant twins.
void recursive_is_fine() {
  rm.lock();
  rm.lock();
  rm.unlock();
  rm.unlock();
}

void relocked_after_unlock() {
  m.lock();
  m.unlock();
  m.lock();
  m.unlock();
}

void two_objects(Account &a, Account &b) {
  std::lock_guard<std::mutex> g(a.mu);
  b.deposit(1); // another object's mutex
}

void other_mutex(std::mutex &a, std::mutex &b) {
  std::lock_guard<std::mutex> ga(a);
  std::lock_guard<std::mutex> gb(b);
}

// Held on some paths only: no double lock is reported (only locks held on
// every path are).
void held_on_one_path(bool c) {
  if (c)
    m.lock();
  if (!c)
    m.lock();
  m.unlock();
}

std::shared_mutex sm;
void read_then_write() {
  {
    std::shared_lock<std::shared_mutex> r(sm);
  }
  std::unique_lock<std::shared_mutex> w(sm);
}

// Regressions for reported false alarms.
void nap() noexcept;
void pause_locked() { // drops the caller's lock for a while
  m.unlock();
  nap();
  m.lock();
}
void caller_of_pause() {
  m.lock();
  pause_locked();
  m.unlock();
}

void publish(std::unique_lock<std::mutex> &lk) { lk.unlock(); }
void guard_by_reference() {
  std::unique_lock<std::mutex> lk(m);
  publish(lk); // may unlock it
  lk.lock();
}

void read_twice() { // shared (read) locks may be taken twice
  sm.lock_shared();
  sm.lock_shared();
  sm.unlock_shared();
  sm.unlock_shared();
}

void lambda_double() {
  auto locker = [] { std::lock_guard<std::mutex> g(m); };
  std::lock_guard<std::mutex> g(m);
  locker();
  // CHECK: :[[@LINE-1]]:3: warning: calling the lambda locks 'm', which this thread already holds
  // CHECK: :[[@LINE-4]]:50: note: the lambda locks it here
  // CHECK: :[[@LINE-4]]:31: note: 'm' was locked here
}

// rocksdb's ConcurrentWriteGroupToWAL -> WriteToWAL (a real self-deadlock,
// reported upstream): the callee locks under a condition the caller's
// arguments make true.
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
void write_to_wal(bool needs_locking) {
  if (UNLIKELY(needs_locking))
    m.lock();
  ++counter;
  if (UNLIKELY(needs_locking))
    m.unlock();
}
void concurrent_group_to_wal() {
  std::lock_guard<std::mutex> g(m);
  write_to_wal(true);
  // CHECK: :[[@LINE-1]]:3: warning: calling 'write_to_wal' locks 'm', which this thread already holds; 'std::mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-9]]:7: note: 'write_to_wal' locks it here
  // CHECK: :[[@LINE-4]]:31: note: 'm' was locked here
}
