// The fallback options for the shapes inference cannot see (the wrappers
// are declared here, defined elsewhere): WaitFunctions, SharedLockFunctions,
// RecursiveLockFunctions, RecursiveMutexTypes, and a success value for
// TryLockFunctions.
// RUN: %check_both --opt=--config="{Checks: '-*,lockcheck-*', CheckOptions: {LockFunctions: 'os_lock', UnlockFunctions: 'os_unlock;os_rw_unlock', TryLockFunctions: 'os_trylock=0;os_tryenter', WaitFunctions: 'os_wait', SharedLockFunctions: 'os_rdlock', RecursiveLockFunctions: 'os_rlock', RecursiveMutexTypes: 'os_rmutex_t'}}" %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

typedef struct os_mutex os_mutex_t;
typedef struct os_mutex os_rmutex_t;
typedef struct os_cond os_cond_t;
void os_lock(os_mutex_t *m);
void os_unlock(os_mutex_t *m);
int os_trylock(os_mutex_t *m);  // 0 on success
int os_tryenter(os_mutex_t *m); // non-zero on success
void os_wait(os_cond_t *c, os_mutex_t *m);
void os_rdlock(os_mutex_t *m);
void os_rw_unlock(os_mutex_t *m);
void os_rlock(os_mutex_t *m);

os_mutex_t *mu;
os_rmutex_t *rmu;
os_cond_t *cv;
int ready, counter;

void try_zero_leak(int x) {
  if (os_trylock(mu) == 0) {
  // CHECK: :[[@LINE-1]]:7: warning: 'mu' is acquired here but not released on every path out of 'try_zero_leak' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+2]]:7: note: 'try_zero_leak' returns here with 'mu' held
    if (x)
      return;
    os_unlock(mu);
  }
}

void try_zero_ok(void) {
  if (os_trylock(mu) != 0)
    return;
  counter++;
  os_unlock(mu);
}

void try_true_leak(int x) {
  if (os_tryenter(mu)) {
  // CHECK: :[[@LINE-1]]:7: warning: 'mu' is acquired here but not released on every path out of 'try_true_leak' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+2]]:7: note: 'try_true_leak' returns here with 'mu' held
    if (x)
      return;
    os_unlock(mu);
  }
}

void cond_if(void) {
  os_lock(mu);
  if (!ready)
    os_wait(cv, mu);
    // CHECK: :[[@LINE-1]]:5: warning: 'os_wait' on 'cv' is not in a loop that re-checks its condition; it can return on a spurious wake-up with the condition still false [lockcheck-wait-without-predicate]
    // CHECK: :[[@LINE-3]]:3: note: the condition is tested only once, here
  os_unlock(mu);
}

void cond_while(void) {
  os_lock(mu);
  while (!ready)
    os_wait(cv, mu);
  os_unlock(mu);
}

void readers(void) {
  os_rdlock(mu);
  os_rdlock(mu);
  os_rw_unlock(mu);
  os_rw_unlock(mu);
}

void writer_twice(void) {
  os_lock(mu);
  os_lock(mu);
  // CHECK: :[[@LINE-1]]:3: warning: 'mu' is locked again while this thread already holds it; 'mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'mu' was locked here
  os_unlock(mu);
  os_unlock(mu);
  // CHECK: :[[@LINE-1]]:3: warning: 'mu' is unlocked here but is not held; it was already unlocked [lockcheck-unlock-unheld]
  // CHECK: :[[@LINE-3]]:3: note: 'mu' was unlocked here
}

void recursive_function(void) {
  os_rlock(mu);
  os_rlock(mu);
  os_unlock(mu);
  os_unlock(mu);
}

void recursive_type(void) {
  os_lock(rmu);
  os_lock(rmu);
  os_unlock(rmu);
  os_unlock(rmu);
}
