// Project mutex types, guard types, scoped unlockers, try-lock and wait
// members are recognised from their bodies, with no configuration.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <mutex>
#include <pthread.h>

class Mutex {
public:
  Mutex() { pthread_mutex_init(&mu_, nullptr); }
  void Lock() { pthread_mutex_lock(&mu_); }
  void Unlock() { pthread_mutex_unlock(&mu_); }
  bool TryLock() { return pthread_mutex_trylock(&mu_) == 0; }
  // For std::lock_guard<Mutex>.
  void lock() { Lock(); }
  void unlock() { Unlock(); }

private:
  friend class CondVar;
  pthread_mutex_t mu_;
};

class CondVar {
public:
  void Wait(Mutex *mu) { pthread_cond_wait(&cv_, &mu->mu_); }

private:
  pthread_cond_t cv_;
};

class MutexLock {
public:
  explicit MutexLock(Mutex *mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() { mu_->Unlock(); }

private:
  Mutex *const mu_;
};

class MutexUnlock {
public:
  explicit MutexUnlock(Mutex &mu) : mu_(mu) { mu_.Unlock(); }
  ~MutexUnlock() { mu_.Lock(); }

private:
  Mutex &mu_;
};

// A guard over a standard mutex.
template <class M> class Holder {
public:
  explicit Holder(M &m) : m_(m) { m_.lock(); }
  ~Holder() { m_.unlock(); }

private:
  M &m_;
};

// A class that uses its mutex for its own work is no mutex type.
class Counter {
public:
  void add() {
    std::lock_guard<std::mutex> g(mu_);
    ++n_;
  }
  void lock() { mu_.lock(); }
  void unlock() { mu_.unlock(); }

private:
  std::mutex mu_;
  int n_ = 0;
};

Mutex mu;
CondVar cv;
std::mutex smu;
int ready, counter;

void double_lock() {
  mu.Lock();
  mu.Lock();
  // CHECK: :[[@LINE-1]]:6: warning: 'mu' is locked again while this thread already holds it; 'Mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:6: note: 'mu' was locked here
  mu.Unlock();
}

void leak(int x) {
  mu.Lock();
  // CHECK: :[[@LINE-1]]:6: warning: 'mu' is acquired here but not released on every path out of 'leak' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+2]]:5: note: 'leak' returns here with 'mu' held
  if (x)
    return;
  mu.Unlock();
}

void no_leak(int x) {
  mu.Lock();
  counter += x;
  mu.Unlock();
}

void guard_then_lock() {
  MutexLock l(&mu);
  mu.Lock();
  // CHECK: :[[@LINE-1]]:6: warning: 'mu' is locked again while this thread already holds it; 'Mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:13: note: 'mu' was locked here
}

void guard_ok() {
  MutexLock l(&mu);
  counter++;
}

void guard_then_unlock() {
  MutexLock l(&mu);
  mu.Unlock();
}
// CHECK: :[[@LINE-1]]:1: warning: 'mu' is unlocked again when its guard is destroyed here; it was already unlocked [lockcheck-unlock-unheld]
// CHECK: :[[@LINE-3]]:6: note: 'mu' was unlocked here

void std_guard_then_lock() {
  std::lock_guard<Mutex> g(mu);
  mu.Lock();
  // CHECK: :[[@LINE-1]]:6: warning: 'mu' is locked again while this thread already holds it; 'Mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:26: note: 'mu' was locked here
}

void std_guard_ok() {
  std::lock_guard<Mutex> g(mu);
  counter++;
}

void try_leak(int x) {
  if (mu.TryLock()) {
  // CHECK: :[[@LINE-1]]:10: warning: 'mu' is acquired here but not released on every path out of 'try_leak' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+2]]:7: note: 'try_leak' returns here with 'mu' held
    if (x)
      return;
    mu.Unlock();
  }
}

void try_ok() {
  if (!mu.TryLock())
    return;
  counter++;
  mu.Unlock();
}

void wait_if() {
  MutexLock l(&mu);
  if (!ready)
    cv.Wait(&mu);
    // CHECK: :[[@LINE-1]]:8: warning: 'Wait' on 'cv' is not in a loop that re-checks its condition; it can return on a spurious wake-up with the condition still false [lockcheck-wait-without-predicate]
    // CHECK: :[[@LINE-3]]:3: note: the condition is tested only once, here
}

void wait_while() {
  MutexLock l(&mu);
  while (!ready)
    cv.Wait(&mu);
}

void unlocker_ok() {
  MutexLock l(&mu);
  {
    MutexUnlock u(mu);
    counter++;
  }
  counter++;
}

void unlocker_then_unlock() {
  MutexLock l(&mu);
  {
    MutexUnlock u(mu);
    mu.Unlock();
    // CHECK: :[[@LINE-1]]:8: warning: 'mu' is unlocked here but is not held; it was already unlocked [lockcheck-unlock-unheld]
    // CHECK: :[[@LINE-3]]:17: note: 'mu' was unlocked here
  }
}

void holder_then_lock() {
  Holder<std::mutex> h(smu);
  smu.lock();
  // CHECK: :[[@LINE-1]]:7: warning: 'smu' is locked again while this thread already holds it; 'std::mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:22: note: 'smu' was locked here
}

void holder_ok() {
  Holder<std::mutex> h(smu);
  counter++;
}

void counter_ok(Counter &c) {
  c.lock();
  c.unlock();
  c.add();
}
