// RUN: %check_both %s --fix-out=%t.cpp -- -std=c++20 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s

#include <condition_variable>
#include <mutex>
#include <semaphore>
#include <shared_mutex>

std::mutex queue_mutex;
int queue_size;
void parse() noexcept(false); // declared to throw
bool ready();
int compute(int x) { return x + 1; } // cannot throw

// --- early return: not scope-shaped, a note suggests unique_lock ----------
int pop(bool empty) {
  queue_mutex.lock();
  // CHECK: :[[@LINE-1]]:15: warning: 'queue_mutex' is acquired here but not released on every path out of 'pop' [lockcheck-unreleased-lock]
  if (empty)
    return -1;
  // CHECK: :[[@LINE-1]]:5: note: 'pop' returns here with 'queue_mutex' held
  --queue_size;
  queue_mutex.unlock();
  return queue_size;
}
// CHECK: :[[@LINE-9]]:15: note: a std::unique_lock<std::mutex> would release it on every path

// --- scope-shaped pair: the fix-it turns it into a guard ------------------
void push(int n) {
  queue_mutex.lock();
  // CHECK: :[[@LINE-1]]:15: warning: 'queue_mutex' is acquired here but not released on every path out of 'push'
  if (n < 0)
    return;
  // CHECK: :[[@LINE-1]]:5: note: 'push' returns here with 'queue_mutex' held
  queue_size += compute(n);
  queue_mutex.unlock();
}
// FIXED: void push(int n) {
// FIXED-NEXT: std::scoped_lock lock(queue_mutex);
// FIXED: queue_size += compute(n);
// FIXED-NEXT: }

// --- a call that may throw between lock and unlock ------------------------
struct Queue {
  std::mutex m;
  int items = 0;
  void refill() {
    m.lock();
    // CHECK: :[[@LINE-1]]:7: warning: 'm' is acquired here but not released on every path out of 'refill'
    parse();
    // CHECK: :[[@LINE-1]]:5: note: if 'parse' throws here, 'm' is never released
    ++items;
    m.unlock();
  }
  // FIXED: void refill() {
  // FIXED-NEXT: std::scoped_lock lock(m);
  // FIXED: ++items;
  // FIXED-NEXT: }
};

// --- break out of the locked region ---------------------------------------
void drain(int n) {
  for (int i = 0; i < n; ++i) {
    queue_mutex.lock();
    // CHECK: :[[@LINE-1]]:17: warning: 'queue_mutex' is acquired here but not released on every path out of 'drain'
    if (queue_size == 0)
      break;
    --queue_size;
    queue_mutex.unlock();
  }
}
// CHECK: :[[@LINE-1]]:1: note: 'drain' ends here with 'queue_mutex' held
// FIXED: void drain(int n) {
// FIXED-NEXT: for (int i = 0; i < n; ++i) {
// FIXED-NEXT: std::scoped_lock lock(queue_mutex);
// FIXED: --queue_size;
// FIXED-NEXT: }

// --- semaphores and shared locks ------------------------------------------
std::counting_semaphore<3> slots(3);
bool use_slot(bool fail) {
  slots.acquire();
  // CHECK: :[[@LINE-1]]:9: warning: 'slots' is acquired here but not released on every path out of 'use_slot'
  if (fail)
    return false;
  // CHECK: :[[@LINE-1]]:5: note: 'use_slot' returns here with 'slots' held
  slots.release();
  return true;
}

std::shared_mutex table_mutex;
int read_table(bool miss) {
  table_mutex.lock_shared();
  // CHECK: :[[@LINE-1]]:15: warning: 'table_mutex' is acquired here but not released on every path out of 'read_table'
  if (miss)
    return 0;
  // CHECK: :[[@LINE-1]]:5: note: 'read_table' returns here with 'table_mutex' held
  table_mutex.unlock_shared();
  return 1;
}
// CHECK: :[[@LINE-8]]:15: note: a std::shared_lock<std::shared_mutex> would release it on every path

//===--------------------------------------------------------------------===//
// Compliant twins.
//===--------------------------------------------------------------------===//
int guarded(bool empty) {
  std::lock_guard<std::mutex> lock(queue_mutex);
  if (empty)
    return -1;
  return --queue_size;
}

int unique_guarded(bool empty) {
  std::unique_lock<std::mutex> lock(queue_mutex);
  if (empty)
    return -1;
  lock.unlock();
  return 0;
}

void scoped(std::mutex &a, std::mutex &b) {
  std::scoped_lock lock(a, b);
  parse(); // a guard releases during unwinding
}

void released_before_return(bool b) {
  queue_mutex.lock();
  if (b) {
    queue_mutex.unlock();
    return;
  }
  queue_mutex.unlock();
}

void try_locked() {
  if (!queue_mutex.try_lock())
    return;
  ++queue_size;
  queue_mutex.unlock();
}

void try_guard() {
  std::unique_lock<std::mutex> lock(queue_mutex, std::try_to_lock);
  if (!lock)
    return;
  ++queue_size;
}

void try_owns() {
  std::unique_lock<std::mutex> lock(queue_mutex, std::try_to_lock);
  if (lock.owns_lock())
    ++queue_size;
}

void deferred(std::mutex &a, std::mutex &b) {
  std::unique_lock<std::mutex> la(a, std::defer_lock);
  std::unique_lock<std::mutex> lb(b, std::defer_lock);
  std::lock(la, lb);
}

std::unique_lock<std::mutex> handed_out() {
  std::unique_lock<std::mutex> lock(queue_mutex);
  return lock;
}

// Acquire and release wrappers: the lock is held (or released) on every
// path on purpose.
void lock_queue() { queue_mutex.lock(); }
void unlock_queue() { queue_mutex.unlock(); }
void use_wrappers() {
  lock_queue();
  ++queue_size;
  unlock_queue();
}

std::condition_variable cv;
void wait_for_items() {
  std::unique_lock<std::mutex> lock(queue_mutex);
  while (queue_size == 0)
    cv.wait(lock);
  --queue_size;
}

void released_by_move() {
  std::unique_lock<std::mutex> lock(queue_mutex);
  lock.release(); // the caller now owns the mutex
}

// A semaphore only acquired here is released elsewhere (signalling).
void wait_signal() { slots.acquire(); }
void signal() { slots.release(); }

// Regressions for reported false alarms.
#include <chrono>
#include <stdexcept>
void throws_when_busy() {
  if (!queue_mutex.try_lock())
    throw std::runtime_error("busy"); // a throw is no return with the lock
  queue_mutex.unlock();
}

std::timed_mutex tm;
int timed_guard() {
  std::unique_lock<std::timed_mutex> lk(tm, std::chrono::milliseconds(10));
  if (!lk)
    return 1;
  lk.unlock();
  return 0;
}

// A semaphore counting items: the consumer keeps the token it took.
std::counting_semaphore<10> items(0);
bool take_item(bool empty) {
  items.acquire();
  if (empty) {
    items.release();
    return false;
  }
  return true;
}

// A template is analysed in each instantiation and reported once.
template <typename T> T twice(T x) {
  queue_mutex.lock();
  // CHECK: :[[@LINE-1]]:15: warning: 'queue_mutex' is acquired here but not released on every path out of 'twice'
  if (x < 0)
    return x;
  // CHECK: :[[@LINE-1]]:5: note: 'twice' returns here with 'queue_mutex' held
  queue_mutex.unlock();
  return x + x;
}
// CHECK: :[[@LINE-8]]:15: note: a std::unique_lock<std::mutex> would release it on every path
int twice_int = twice(1);
long twice_long = twice(2L);
double twice_double = twice(3.0);

// Regressions from real code (leveldb, memcached, rocksdb): a function that
// runs with its caller's lock held, drops it around slow work and takes it
// back, with an early exit that never touches it.
bool failed();
void slow_io() noexcept;
void work_unlocked() {
  if (failed())
    return;
  queue_mutex.unlock();
  slow_io();
  queue_mutex.lock();
}
void calls_work_unlocked() {
  std::lock_guard<std::mutex> g(queue_mutex);
  work_unlocked();
}
// A pause/resume switch: locks on one path, unlocks on the other.
void pause_workers(bool pause) {
  if (pause)
    queue_mutex.lock();
  else
    queue_mutex.unlock();
}

// rocksdb's MemTable::Add: locked and unlocked under the same flag.
void add(bool concurrent) {
  if (concurrent)
    queue_mutex.lock();
  ++queue_size;
  if (concurrent)
    queue_mutex.unlock();
}
struct Table {
  bool concurrent;
  std::mutex mu;
  int rows = 0;
  void insert() {
    if (this->concurrent)
      mu.lock();
    ++rows;
    if (concurrent)
      mu.unlock();
  }
};

// rocksdb's DBImpl::WriteToWAL (a real leak, fixed upstream): the branches
// are correlated through __builtin_expect, and the early return leaks.
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
int add_record() noexcept;
int write_to_wal(bool manual_flush) {
  const bool needs_locking = manual_flush;
  if (UNLIKELY(needs_locking))
    queue_mutex.lock();
  // CHECK: :[[@LINE-1]]:17: warning: 'queue_mutex' is acquired here but not released on every path out of 'write_to_wal' [lockcheck-unreleased-lock]
  int s = add_record();
  if (s != 0)
    return s;
  // CHECK: :[[@LINE-1]]:5: note: 'write_to_wal' returns here with 'queue_mutex' held
  if (UNLIKELY(needs_locking))
    queue_mutex.unlock();
  return 0;
}
// CHECK: :[[@LINE-10]]:17: note: a std::unique_lock<std::mutex> would release it on every path
