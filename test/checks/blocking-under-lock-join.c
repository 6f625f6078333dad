// pthread_join and thrd_join under a mutex: reported only when the joined
// thread may take that mutex (a deadlock when it does), or when lockcheck
// cannot tell what the thread runs.
// RUN: %check_both %s --opt=--checks=-*,lockcheck-blocking-under-lock -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stddef.h>
#include <threads.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t other = PTHREAD_MUTEX_INITIALIZER;
static mtx_t cm;
static int counter;

static void *locks(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  counter++;
  pthread_mutex_unlock(&lock);
  return NULL;
}

static void *locks_other(void *arg) {
  (void)arg;
  pthread_mutex_lock(&other);
  counter++;
  pthread_mutex_unlock(&other);
  return NULL;
}

static int c11_worker(void *arg) {
  (void)arg;
  return 0;
}

void *unknown_worker(void *arg);

void join_deadlock(void) {
  pthread_t t;
  pthread_create(&t, NULL, locks, NULL);
  pthread_mutex_lock(&lock);
  pthread_join(t, NULL);
  // CHECK: :[[@LINE-1]]:3: warning: 'pthread_join' waits for a thread that locks 'lock' while this thread holds it; a deadlock if the joined thread has not got past that lock yet [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-27]]:3: note: the joined thread locks 'lock' here, in 'locks'
  // CHECK: :[[@LINE-4]]:3: note: 'lock' was locked here
  pthread_mutex_unlock(&lock);
}

void join_other(void) {
  pthread_t t;
  pthread_create(&t, NULL, locks_other, NULL);
  pthread_mutex_lock(&lock);
  pthread_join(t, NULL);
  pthread_mutex_unlock(&lock);
}

void join_c11(void) {
  thrd_t t;
  thrd_create(&t, c11_worker, NULL);
  mtx_lock(&cm);
  thrd_join(t, NULL);
  mtx_unlock(&cm);
}

void join_unknown(void) {
  pthread_t t;
  pthread_create(&t, NULL, unknown_worker, NULL);
  pthread_mutex_lock(&lock);
  pthread_join(t, NULL);
  // CHECK: :[[@LINE-1]]:3: warning: 'pthread_join' may block while 'lock' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'lock' was locked here
  pthread_mutex_unlock(&lock);
}

void join_handle_parameter(pthread_t t) {
  pthread_mutex_lock(&lock);
  pthread_join(t, NULL);
  // CHECK: :[[@LINE-1]]:3: warning: 'pthread_join' may block while 'lock' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'lock' was locked here
  pthread_mutex_unlock(&lock);
}
