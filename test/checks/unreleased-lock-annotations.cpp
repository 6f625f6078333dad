// Clang's thread-safety annotations extend the lock model with no
// configuration; LockFunctions/UnlockFunctions/GuardTypes name unannotated
// project wrappers (shared by all lock checks, set as global options).
// RUN: %check_both %s --opt=--config="{Checks: '-*,lockcheck-*', CheckOptions: {LockFunctions: 'port::RawLock::Acquire', UnlockFunctions: 'port::RawLock::Release', GuardTypes: 'port::Hold'}}" -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#define CAPABILITY(x) __attribute__((capability(x)))
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#define TRY_ACQUIRE(...) __attribute__((try_acquire_capability(__VA_ARGS__)))
#define REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
#define ASSERT_CAPABILITY(x) __attribute__((assert_capability(x)))

namespace port {
class CAPABILITY("mutex") Mutex {
public:
  void Lock() ACQUIRE();
  void Unlock() RELEASE();
  bool TryLock() TRY_ACQUIRE(true);
  void AssertHeld() ASSERT_CAPABILITY(this);
};
class SCOPED_CAPABILITY MutexLock {
public:
  explicit MutexLock(Mutex *mu) ACQUIRE(mu) : mu_(mu) { mu->Lock(); }
  ~MutexLock() RELEASE() { mu_->Unlock(); }

private:
  Mutex *mu_;
};

// Unannotated wrappers, named in the configuration.
class RawLock {
public:
  void Acquire();
  void Release();
};
class Hold {
public:
  explicit Hold(RawLock &l) : l_(l) { l.Acquire(); }
  ~Hold() { l_.Release(); }

private:
  RawLock &l_;
};
} // namespace port

port::Mutex mu;
port::RawLock raw;
int value;

int annotated_early_return(bool b) {
  mu.Lock();
  // CHECK: :[[@LINE-1]]:6: warning: 'mu' is acquired here but not released on every path out of 'annotated_early_return' [lockcheck-unreleased-lock]
  if (b)
    return 1;
  // CHECK: :[[@LINE-1]]:5: note: 'annotated_early_return' returns here with 'mu' held
  mu.Unlock();
  return 0;
}

void annotated_double() {
  port::MutexLock l(&mu);
  mu.Lock();
  // CHECK: :[[@LINE-1]]:6: warning: 'mu' is locked again while this thread already holds it
  // CHECK: :[[@LINE-3]]:19: note: 'mu' was locked here
}

void configured_double_unlock() {
  raw.Acquire();
  raw.Release();
  raw.Release();
  // CHECK: :[[@LINE-1]]:7: warning: 'raw' is unlocked here but is not held; it was already unlocked [lockcheck-unlock-unheld]
  // CHECK: :[[@LINE-3]]:7: note: 'raw' was unlocked here
}

void configured_guard_temporary() {
  port::Hold{raw};
  // CHECK: :[[@LINE-1]]:3: warning: this 'port::Hold' is a temporary destroyed at the end of the statement: it unlocks 'raw' at once and protects nothing [lockcheck-unused-guard]
}

// Compliant twins.
void annotated_guard(bool b) {
  port::MutexLock l(&mu);
  if (b)
    return;
  ++value;
}

void annotated_try() {
  if (!mu.TryLock())
    return;
  ++value;
  mu.Unlock();
}

void configured_guard(bool b) {
  port::Hold h(raw);
  if (b)
    return;
  ++value;
}

// REQUIRES and ASSERT_CAPABILITY say the caller holds the lock: calling a
// helper that locks it again deadlocks (rocksdb's WriteRecoverableState ->
// HandleMemTableInsertFailure), while dropping and retaking it is fine.
void handle_failure() {
  mu.Lock();
  ++value;
  mu.Unlock();
}
void write_recoverable_state() REQUIRES(mu) {
  if (value < 0)
    handle_failure();
  // CHECK: :[[@LINE-1]]:5: warning: calling 'handle_failure' locks 'mu', which this thread already holds; 'port::Mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-8]]:6: note: 'handle_failure' locks it here
}
void asserted_then_locked() {
  mu.AssertHeld();
  mu.Lock();
  // CHECK: :[[@LINE-1]]:6: warning: 'mu' is locked again while this thread already holds it
}
void drops_and_retakes(bool skip) REQUIRES(mu) {
  if (skip)
    return;
  mu.Unlock();
  ++value;
  mu.Lock();
}
void calls_requiring_function() {
  port::MutexLock l(&mu);
  drops_and_retakes(false);
}
