// unguarded-write in C: a branch the thread's constant argument rules out
// is not examined; a per-thread slot whose index comes out of the thread's
// argument is not recognised (a documented limitation, pinned here).
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
long pending;

// Compliant: the thread always flushes with async = 1.
void flush(int async) {
  if (!async) {
    pending = 0;
    return;
  }
  pthread_mutex_lock(&mu);
  pending = 0;
  pthread_mutex_unlock(&mu);
}
void *flusher(void *arg) {
  (void)arg;
  flush(1);
  return NULL;
}
void *adder(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  ++pending;
  pthread_mutex_unlock(&mu);
  return NULL;
}
void run(void) {
  pthread_t a, b;
  flush(0);
  pthread_create(&a, NULL, flusher, NULL);
  pthread_create(&b, NULL, adder, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
}

// Limitation: thread i writes results[i], but i comes out of its argument
// through a cast, which lockcheck does not follow.
long results[4];
void *compute(void *arg) {
  intptr_t i = (intptr_t)arg;
  results[i] = (long)i * 2;
  // CHECK: :[[@LINE-1]]:3: warning: 'results' is written by threads started at line [[@LINE+7]] (in a loop) without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+6]]:5: note: the thread started here runs 'compute'
  return NULL;
}
void run_all(void) {
  pthread_t t[4];
  for (intptr_t i = 0; i < 4; ++i)
    pthread_create(&t[i], NULL, compute, (void *)i);
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], NULL);
}

// Correlated conditions: lock, write and unlock under the same unchanged
// condition; the write holds the lock on every path that reaches it.
pthread_mutex_t stats_mu = PTHREAD_MUTEX_INITIALIZER;
long stats;
void record(int concurrent, long x) {
  if (concurrent)
    pthread_mutex_lock(&stats_mu);
  if (concurrent)
    stats += x;
  if (concurrent)
    pthread_mutex_unlock(&stats_mu);
}
void *recorder(void *arg) {
  record(1, (long)(intptr_t)arg);
  return NULL;
}
void *counter(void *arg) {
  (void)arg;
  pthread_mutex_lock(&stats_mu);
  ++stats;
  pthread_mutex_unlock(&stats_mu);
  return NULL;
}
void run_recorders(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, recorder, NULL);
  pthread_create(&b, NULL, counter, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
}
