// Thread-safety annotations read as Clang reads them: a scoped capability
// whose constructor RELEASEs is a scoped unlocker (its destructor takes the
// lock back); one whose constructor REQUIRES the lock adopts it; an
// ASSERT_CAPABILITY call holds the lock on its own path only.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#define CAPABILITY(x) __attribute__((capability(x)))
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#define REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
#define ASSERT_CAPABILITY(x) __attribute__((assert_capability(x)))

class CAPABILITY("mutex") Mutex {
public:
  void Lock() ACQUIRE();
  void Unlock() RELEASE();
  void AssertHeld() ASSERT_CAPABILITY(this);
};
class SCOPED_CAPABILITY MutexLock {
public:
  explicit MutexLock(Mutex *mu) ACQUIRE(mu) : mu_(mu) { mu->Lock(); }
  ~MutexLock() RELEASE() { mu_->Unlock(); }

private:
  Mutex *mu_;
};
class SCOPED_CAPABILITY MutexUnlock {
public:
  explicit MutexUnlock(Mutex *mu) RELEASE(mu) : mu_(mu) { mu->Unlock(); }
  ~MutexUnlock() ACQUIRE() { mu_->Lock(); }

private:
  Mutex *mu_;
};
class SCOPED_CAPABILITY MutexAdopt {
public:
  explicit MutexAdopt(Mutex *mu) REQUIRES(mu) : mu_(mu) {}
  ~MutexAdopt() RELEASE() { mu_->Unlock(); }

private:
  Mutex *mu_;
};

Mutex mu;
int value;
void slow();

// A scoped unlocker drops the lock for a while and takes it back.
void unlocked_around_slow() {
  MutexLock l(&mu);
  {
    MutexUnlock u(&mu);
    slow();
  }
  ++value;
}
void locked_after_unlocker() {
  MutexLock l(&mu);
  { MutexUnlock u(&mu); }
  mu.Lock();
  // CHECK: :[[@LINE-1]]:6: warning: 'mu' is locked again while this thread already holds it; 'Mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-4]]:13: note: 'mu' was locked here
}

// An adopting guard: the lock is already held, the guard releases it.
void adopted() {
  mu.Lock();
  MutexAdopt a(&mu);
  ++value;
}
void adopted_then_unlocked() {
  mu.Lock();
  { MutexAdopt a(&mu); }
  mu.Unlock();
  // CHECK: :[[@LINE-1]]:6: warning: 'mu' is unlocked here but is not held; it was already unlocked [lockcheck-unlock-unheld]
}

// An assertion holds on its own path only.
void asserted_on_one_path(bool b) {
  if (b)
    mu.AssertHeld();
  mu.Lock();
  ++value;
  mu.Unlock();
}
void asserted_then_locked() {
  mu.AssertHeld();
  mu.Lock();
  // CHECK: :[[@LINE-1]]:6: warning: 'mu' is locked again while this thread already holds it; 'Mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
}
