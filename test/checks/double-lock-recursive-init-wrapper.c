// A function that initialises the mutex its parameter points to as
// recursive (libuv's uv_mutex_init_recursive: settype RECURSIVE, then
// pthread_mutex_init) is a recursive-init function of that parameter, with
// no configuration: the mutex its callers give it is recursive, and taking
// it twice is no double lock. So is a function that hands its parameter to
// one. A wrapper that initialises with the default attributes makes a
// mutex that is not recursive: taking it twice is reported.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=gnu11 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stdlib.h>

typedef pthread_mutex_t my_mutex_t;

int my_mutex_init_recursive(my_mutex_t *mutex) {
  pthread_mutexattr_t attr;
  int err;
  if (pthread_mutexattr_init(&attr))
    abort();
  if (pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE))
    abort();
  err = pthread_mutex_init(mutex, &attr);
  if (pthread_mutexattr_destroy(&attr))
    abort();
  return err;
}
// Hands its parameter on: a recursive-init function too.
void pool_init_recursive(my_mutex_t *pool_lock) {
  (void)my_mutex_init_recursive(pool_lock);
}
int my_mutex_init(my_mutex_t *mutex) { return pthread_mutex_init(mutex, NULL); }

static my_mutex_t rec;
static my_mutex_t rec2;
static my_mutex_t plain;

// Compliant: recursive, taken twice and released twice.
void rec_twice(void) {
  my_mutex_init_recursive(&rec);
  pthread_mutex_lock(&rec);
  pthread_mutex_lock(&rec);
  pthread_mutex_unlock(&rec);
  pthread_mutex_unlock(&rec);
}
void rec2_twice(void) {
  pool_init_recursive(&rec2);
  pthread_mutex_lock(&rec2);
  pthread_mutex_lock(&rec2);
  pthread_mutex_unlock(&rec2);
  pthread_mutex_unlock(&rec2);
}

// Non-compliant twin: initialised with the default attributes.
void plain_twice(void) {
  my_mutex_init(&plain);
  pthread_mutex_lock(&plain);
  pthread_mutex_lock(&plain);
  // CHECK: :[[@LINE-1]]:3: warning: 'plain' is locked again while this thread already holds it; this deadlocks unless 'plain' was initialised recursive (lockcheck sees no initialisation of it) [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'plain' was locked here
  pthread_mutex_unlock(&plain);
  pthread_mutex_unlock(&plain);
}
