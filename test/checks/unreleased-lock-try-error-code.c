// A try-lock whose success value is 0 compared for equality with a non-zero
// constant, an error code: where it equals it, the try failed and holds
// nothing (libuv's test `ASSERT_EQ(UV_EBUSY, uv_rwlock_tryrdlock(&rw))`,
// whose macro compares two `int64_t const` copies). Where it differs from
// that error code it may have succeeded or failed with another: the lock may
// be held. A result assigned in the condition (`if ((rc =
// pthread_mutex_trylock(&m)) == 0)`) holds the lock on the success branch
// only.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=gnu11 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#define MY_EBUSY (-EBUSY)
#define ASSERT_BASE(a, operator, b)                                           \
  do {                                                                         \
    int64_t const eval_a = (a);                                                \
    int64_t const eval_b = (b);                                                \
    if (!(eval_a operator eval_b))                                             \
      abort();                                                                 \
  } while (0)
#define ASSERT_EQ(a, b) ASSERT_BASE(a, ==, b)
#define ASSERT_NE(a, b) ASSERT_BASE(a, !=, b)

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

// libuv's uv_rwlock_tryrdlock: 0 on success, MY_EBUSY when busy.
int my_tryrdlock(pthread_rwlock_t *l) {
  int err = pthread_rwlock_tryrdlock(l);
  if (err) {
    if (err != EBUSY && err != EAGAIN)
      abort();
    return MY_EBUSY;
  }
  return 0;
}

// Compliant: the lock is busy (another thread holds it); the try fails.
void expect_busy(void) {
  int rc = pthread_mutex_trylock(&m);
  if (rc != EBUSY)
    abort();
}
void expect_busy_macro(void) {
  ASSERT_EQ(MY_EBUSY, my_tryrdlock(&rw));
  ASSERT_EQ(EBUSY, pthread_mutex_trylock(&m));
}
void expect_busy_reversed(void) { ASSERT_EQ(my_tryrdlock(&rw), MY_EBUSY); }

// Non-compliant twins: where the result is not EBUSY the try may have
// succeeded.
void expect_not_busy(void) {
  int rc = pthread_mutex_trylock(&m);
  // CHECK: :[[@LINE-1]]:12: warning: 'm' is acquired here but not released on every path out of 'expect_not_busy' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+3]]:1: note: 'expect_not_busy' ends here with 'm' held
  if (rc == EBUSY)
    abort();
}
void expect_not_busy_macro(void) { ASSERT_NE(MY_EBUSY, my_tryrdlock(&rw)); }
// CHECK: :[[@LINE-1]]:56: warning: 'rw' is acquired here but not released on every path out of 'expect_not_busy_macro' [lockcheck-unreleased-lock]
// CHECK: :[[@LINE-2]]:76: note: 'expect_not_busy_macro' ends here with 'rw' held

// Compliant: the result assigned in the condition and returned; the success
// branch releases what the try took.
int try_assigned(int *n) {
  int rc;
  if ((rc = pthread_mutex_trylock(&m)) == 0) {
    ++*n;
    pthread_mutex_unlock(&m);
  }
  return rc;
}
// Non-compliant twin: an early return on the success branch.
int try_assigned_early_return(int *n) {
  int rc;
  if ((rc = pthread_mutex_trylock(&m)) == 0) {
  // CHECK: :[[@LINE-1]]:13: warning: 'm' is acquired here but not released on every path out of 'try_assigned_early_return' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+2]]:7: note: 'try_assigned_early_return' returns here with 'm' held
    if (*n < 0)
      return -1;
    ++*n;
    pthread_mutex_unlock(&m);
  }
  return rc;
}
