// A lock call whose result is used is still a lock: kept in a variable,
// assigned, tested in a condition, asserted, wrapped in a checking macro.
// On the failure branch of a checked lock the lock is not held. A lock or
// unlock that is the whole body of a brace-less if behaves like its braced
// form.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <threads.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
mtx_t cm;
int shared;
int work(void);

void setup(void) { mtx_init(&cm, mtx_plain); }

// The result kept in a variable: the lock is taken.
int kept_leak(void) {
  int rc = pthread_mutex_lock(&m);
  // CHECK: :[[@LINE-1]]:12: warning: 'm' is acquired here but not released on every path out of 'kept_leak' [lockcheck-unreleased-lock]
  if (work() < 0)
    return -1;
  // CHECK: :[[@LINE-1]]:5: note: 'kept_leak' returns here with 'm' held
  pthread_mutex_unlock(&m);
  return rc;
}

int assigned_leak(void) {
  int rc;
  rc = mtx_lock(&cm);
  // CHECK: :[[@LINE-1]]:8: warning: 'cm' is acquired here but not released on every path out of 'assigned_leak' [lockcheck-unreleased-lock]
  if (work() < 0)
    return -1;
  // CHECK: :[[@LINE-1]]:5: note: 'assigned_leak' returns here with 'cm' held
  mtx_unlock(&cm);
  return rc;
}

// Kept, then locked again: a double lock.
void kept_double(void) {
  int rc = pthread_mutex_lock(&m);
  rc = pthread_mutex_lock(&m);
  // CHECK: :[[@LINE-1]]:8: warning: 'm' is locked again while this thread already holds it; 'pthread_mutex_t' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:12: note: 'm' was locked here
  (void)rc;
  pthread_mutex_unlock(&m);
}

// A checking macro around the call, and an early return after it.
#define CHECK_PTHREAD(call)                                                    \
  do {                                                                         \
    int rc_ = (call);                                                          \
    if (rc_ != 0)                                                              \
      abort();                                                                 \
  } while (0)

int macro_leak(int x) {
  CHECK_PTHREAD(pthread_mutex_lock(&m));
  // CHECK: :[[@LINE-1]]:17: warning: 'm' is acquired here but not released on every path out of 'macro_leak' [lockcheck-unreleased-lock]
  if (x)
    return -1;
  // CHECK: :[[@LINE-1]]:5: note: 'macro_leak' returns here with 'm' held
  CHECK_PTHREAD(pthread_mutex_unlock(&m));
  return 0;
}

// Brace-less and braced: the same finding.
void braceless_leak(int c) {
  if (c)
    pthread_mutex_lock(&m);
  // CHECK: :[[@LINE-1]]:5: warning: 'm' is acquired here but not released on every path out of 'braceless_leak' [lockcheck-unreleased-lock]
  shared++;
  if (work() < 0)
    return;
  // CHECK: :[[@LINE-1]]:5: note: 'braceless_leak' returns here with 'm' held
  if (c)
    pthread_mutex_unlock(&m);
}
void braced_leak(int c) {
  if (c) {
    pthread_mutex_lock(&m);
  }
  // CHECK: :[[@LINE-2]]:5: warning: 'm' is acquired here but not released on every path out of 'braced_leak' [lockcheck-unreleased-lock]
  shared++;
  if (work() < 0)
    return;
  // CHECK: :[[@LINE-1]]:5: note: 'braced_leak' returns here with 'm' held
  if (c) {
    pthread_mutex_unlock(&m);
  }
}

void braceless_double(int c) {
  pthread_mutex_lock(&m);
  if (c)
    pthread_mutex_lock(&m);
  // CHECK: :[[@LINE-1]]:5: warning: 'm' is locked again while this thread already holds it
  // CHECK: :[[@LINE-4]]:3: note: 'm' was locked here
  else
    mtx_lock(&cm);
  pthread_mutex_unlock(&m);
}
// CHECK: :[[@LINE-3]]:5: warning: 'cm' is acquired here but not released on every path out of 'braceless_double' [lockcheck-unreleased-lock]
// CHECK: :[[@LINE-2]]:1: note: 'braceless_double' ends here with 'cm' held

// Compliant twins: the failure branch does not hold the lock.
int checked_kept(void) {
  int rc = pthread_mutex_lock(&m);
  if (rc != 0)
    return rc;
  shared++;
  pthread_mutex_unlock(&m);
  return 0;
}

int checked_assigned_in_condition(void) {
  int rc;
  if ((rc = pthread_mutex_lock(&m)) != 0)
    return rc;
  shared++;
  pthread_mutex_unlock(&m);
  return 0;
}

int checked_c11(void) {
  if (mtx_lock(&cm) != thrd_success)
    return -1;
  shared++;
  mtx_unlock(&cm);
  return 0;
}

void checked_abort(void) {
  if (pthread_mutex_lock(&m))
    abort();
  shared++;
  pthread_mutex_unlock(&m);
}

void checked_assert(void) {
  assert(pthread_mutex_lock(&m) == 0);
  shared++;
  pthread_mutex_unlock(&m);
}

void checked_macro(void) {
  CHECK_PTHREAD(pthread_mutex_lock(&m));
  shared++;
  CHECK_PTHREAD(pthread_mutex_unlock(&m));
}

void braceless_pair(int c) {
  if (c)
    pthread_mutex_lock(&m);
  shared++;
  if (c)
    pthread_mutex_unlock(&m);
}
