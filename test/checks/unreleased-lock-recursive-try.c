// A recursive mutex taken several times, then once more by a try-lock whose
// result is kept in a variable and tested later (libuv's test
// `ASSERT_OK(uv_mutex_trylock(&mutex))`, whose macro copies the result into
// an `int64_t const` and aborts when it is not 0): the branch on the
// variable knows how many times the mutex is held, on success one more than
// before the try, on failure as before. Three acquisitions released three
// times leave it free. Where the count really may be wrong (the result not
// tested, or more unlocks than holds on the failure path), it is reported.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=gnu11 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct {
  pthread_mutex_t m;
} my_mutex_t;

// libuv's uv_mutex_init_recursive, uv_mutex_lock, uv_mutex_unlock and
// uv_mutex_trylock (0 on success, a negative error code when busy).
int my_mutex_init_recursive(my_mutex_t *mutex) {
  pthread_mutexattr_t attr;
  int err;
  if (pthread_mutexattr_init(&attr))
    abort();
  if (pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE))
    abort();
  err = pthread_mutex_init(&mutex->m, &attr);
  if (pthread_mutexattr_destroy(&attr))
    abort();
  return err;
}
void my_mutex_lock(my_mutex_t *mutex) {
  if (pthread_mutex_lock(&mutex->m))
    abort();
}
void my_mutex_unlock(my_mutex_t *mutex) {
  if (pthread_mutex_unlock(&mutex->m))
    abort();
}
int my_mutex_trylock(my_mutex_t *mutex) {
  int err = pthread_mutex_trylock(&mutex->m);
  if (err) {
    if (err != 16)
      abort();
    return -16;
  }
  return 0;
}

#define ASSERT_OK(a)                                                           \
  do {                                                                         \
    int64_t const eval_a = (a);                                                \
    if (eval_a)                                                                \
      abort();                                                                 \
  } while (0)

// Compliant: libuv's test-mutexes.c, thread_mutex_recursive.
int recursive_try_macro(void) {
  my_mutex_t mutex;
  int r = my_mutex_init_recursive(&mutex);
  ASSERT_OK(r);
  my_mutex_lock(&mutex);
  my_mutex_lock(&mutex);
  ASSERT_OK(my_mutex_trylock(&mutex));
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  return 0;
}

// Compliant: the result in a variable, tested with `!= 0`.
int recursive_try_variable(void) {
  my_mutex_t mutex;
  int r;
  my_mutex_init_recursive(&mutex);
  my_mutex_lock(&mutex);
  my_mutex_lock(&mutex);
  r = my_mutex_trylock(&mutex);
  if (r != 0)
    abort();
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  return 0;
}

// Compliant: on failure the mutex is held as before the try, twice.
int recursive_try_failure(void) {
  my_mutex_t mutex;
  my_mutex_init_recursive(&mutex);
  my_mutex_lock(&mutex);
  my_mutex_lock(&mutex);
  int r = my_mutex_trylock(&mutex);
  if (r != 0) {
    my_mutex_unlock(&mutex);
    my_mutex_unlock(&mutex);
    return r;
  }
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  return 0;
}

// Compliant: the result assigned in the condition; held once more only on
// the success branch, which releases it.
int try_assigned_in_condition(void) {
  my_mutex_t mutex;
  int r;
  my_mutex_init_recursive(&mutex);
  my_mutex_lock(&mutex);
  if ((r = my_mutex_trylock(&mutex)) == 0)
    my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  return r;
}

// Compliant: taken four times, released four times.
void recursive_four(void) {
  my_mutex_t mutex;
  my_mutex_init_recursive(&mutex);
  my_mutex_lock(&mutex);
  my_mutex_lock(&mutex);
  my_mutex_lock(&mutex);
  my_mutex_lock(&mutex);
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
}

// Non-compliant: the result is kept but never tested; when the try failed,
// the third unlock releases a mutex this thread no longer holds.
int recursive_try_untested(void) {
  my_mutex_t mutex;
  my_mutex_init_recursive(&mutex);
  my_mutex_lock(&mutex);
  my_mutex_lock(&mutex);
  int r = my_mutex_trylock(&mutex);
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  // CHECK: :[[@LINE-1]]:3: warning: 'mutex.m' is unlocked here but is not held on some path; it was already unlocked [lockcheck-unlock-unheld]
  return r;
}

// Non-compliant: the failure path releases three times what it holds twice.
int recursive_try_failure_unlocks_thrice(void) {
  my_mutex_t mutex;
  my_mutex_init_recursive(&mutex);
  my_mutex_lock(&mutex);
  my_mutex_lock(&mutex);
  int r = my_mutex_trylock(&mutex);
  if (r != 0) {
    my_mutex_unlock(&mutex);
    my_mutex_unlock(&mutex);
    my_mutex_unlock(&mutex);
    // CHECK: :[[@LINE-1]]:5: warning: 'mutex.m' is unlocked here but is not held; it was already unlocked [lockcheck-unlock-unheld]
    return r;
  }
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  return 0;
}

// Non-compliant: `r` is given another value before the test, which then
// says nothing of the try: the mutex may be held once or twice on either
// branch, and the last return may leave it held. (The conditional second
// unlock is not judged, as any conditional unlock of a lock that may be
// held.)
int other_work(void);
int try_result_overwritten(void) {
  my_mutex_t mutex;
  my_mutex_init_recursive(&mutex);
  my_mutex_lock(&mutex);
  // CHECK: :[[@LINE-1]]:3: warning: 'mutex.m' is acquired here but not released on every path out of 'try_result_overwritten' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+9]]:3: note: 'try_result_overwritten' returns here with 'mutex.m' held
  int r = my_mutex_trylock(&mutex);
  r = other_work();
  if (r != 0) {
    my_mutex_unlock(&mutex);
    my_mutex_unlock(&mutex);
    return r;
  }
  my_mutex_unlock(&mutex);
  return 0;
}

// Non-compliant: the early return holds the mutex three times (taken by
// the try) and releases it twice.
int recursive_try_early_return(int early) {
  my_mutex_t mutex;
  my_mutex_init_recursive(&mutex);
  my_mutex_lock(&mutex);
  // CHECK: :[[@LINE-1]]:3: warning: 'mutex.m' is acquired here but not released on every path out of 'recursive_try_early_return' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+6]]:5: note: 'recursive_try_early_return' returns here with 'mutex.m' held
  my_mutex_lock(&mutex);
  ASSERT_OK(my_mutex_trylock(&mutex));
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  if (early)
    return 1;
  my_mutex_unlock(&mutex);
  return 0;
}

// Non-compliant twin: the success branch does not release the try's hold.
int try_assigned_in_condition_leaks(int n) {
  my_mutex_t mutex;
  int r;
  my_mutex_init_recursive(&mutex);
  my_mutex_lock(&mutex);
  // CHECK: :[[@LINE-1]]:3: warning: 'mutex.m' is acquired here but not released on every path out of 'try_assigned_in_condition_leaks' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+4]]:3: note: 'try_assigned_in_condition_leaks' returns here with 'mutex.m' held
  if ((r = my_mutex_trylock(&mutex)) == 0)
    n++;
  my_mutex_unlock(&mutex);
  return r + n;
}

// Non-compliant: the early return comes after three of four releases.
void recursive_four_early_return(int early) {
  my_mutex_t mutex;
  my_mutex_init_recursive(&mutex);
  my_mutex_lock(&mutex);
  // CHECK: :[[@LINE-1]]:3: warning: 'mutex.m' is acquired here but not released on every path out of 'recursive_four_early_return' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+8]]:5: note: 'recursive_four_early_return' returns here with 'mutex.m' held
  my_mutex_lock(&mutex);
  my_mutex_lock(&mutex);
  my_mutex_lock(&mutex);
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  if (early)
    return;
  my_mutex_unlock(&mutex);
}
