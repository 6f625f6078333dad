// C with POSIX and C11 threads.
// RUN: %check_both %s --fix-out=%t.c -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.c %s

#include <pthread.h>
#include <threads.h>

pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
int queue_len;

void *enqueue(void *arg) {
  pthread_mutex_lock(&queue_lock);
  queue_len++;
  pthread_mutex_unlock(&queue_lock);
  return arg;
}

void *drain(void *arg) {
  queue_len = 0;
  // CHECK: :[[@LINE-1]]:3: warning: 'queue_len' is written without holding 'queue_lock'; it is guarded by 'queue_lock' at 1 other access [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+9]]:3: note: the thread started here runs 'drain'
  // CHECK: :14:3: note: 'queue_len' is written here holding 'queue_lock'
  // FIXED: pthread_mutex_lock(&queue_lock); queue_len = 0; pthread_mutex_unlock(&queue_lock);
  return arg;
}

void start_queue(void) {
  pthread_t a, b;
  pthread_create(&a, 0, enqueue, 0);
  pthread_create(&b, 0, drain, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
}

// Compliant twin: every access holds the lock.
pthread_mutex_t ok_lock = PTHREAD_MUTEX_INITIALIZER;
int ok_len;
void *ok_worker(void *arg) {
  pthread_mutex_lock(&ok_lock);
  ok_len++;
  pthread_mutex_unlock(&ok_lock);
  return arg;
}
void start_ok(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; ++i)
    pthread_create(&t[i], 0, ok_worker, 0);
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], 0);
}

// C11 threads: a counter nobody locks.
int c11_hits;
int c11_worker(void *arg) {
  c11_hits++;
  // CHECK: :[[@LINE-1]]:3: warning: 'c11_hits' is written by threads started at line [[@LINE+8]] (in a loop) without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+7]]:5: note: the thread started here runs 'c11_worker'
  (void)arg;
  return 0;
}
void start_c11(void) {
  thrd_t t[2];
  for (int i = 0; i < 2; ++i)
    thrd_create(&t[i], c11_worker, 0);
  for (int i = 0; i < 2; ++i)
    thrd_join(t[i], 0);
}

// C11 mutex: the fix-it uses mtx_lock.
mtx_t m11;
long c11_total;
int c11_add(void *arg) {
  mtx_lock(&m11);
  c11_total += 2;
  mtx_unlock(&m11);
  return 0;
}
int c11_reset(void *arg) {
  c11_total = 0;
  // CHECK: :[[@LINE-1]]:3: warning: 'c11_total' is written without holding 'm11'; it is guarded by 'm11' at 1 other access [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+8]]:3: note: the thread started here runs 'c11_reset'
  // CHECK: :[[@LINE-8]]:3: note: 'c11_total' is written here holding 'm11'
  // FIXED: mtx_lock(&m11); c11_total = 0; mtx_unlock(&m11);
  return 0;
}
void start_c11_total(void) {
  thrd_t a, b;
  thrd_create(&a, c11_add, 0);
  thrd_create(&b, c11_reset, 0);
  thrd_join(a, 0);
  thrd_join(b, 0);
}
