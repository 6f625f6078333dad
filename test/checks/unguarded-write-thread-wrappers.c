// Thread-start wrappers, inferred without configuration: a function that
// passes its parameter as a thread's start routine starts a thread at each
// of its calls (its argument and handle parameters mapped), also through a
// wrapper of a wrapper; a function that joins or detaches its parameter
// joins or detaches at its calls.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c11 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stddef.h>

typedef void *(*thread_fn)(void *);

int thread_create(pthread_t *t, thread_fn fn, void *arg) {
  return pthread_create(t, NULL, fn, arg);
}
int thread_join(pthread_t t) { return pthread_join(t, NULL); }

void spawn_detached(thread_fn fn, void *arg) {
  pthread_t t;
  if (thread_create(&t, fn, arg) == 0)
    pthread_detach(t);
}

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

long total;
void *add(void *arg) {
  total += *(int *)arg;
  // CHECK: :[[@LINE-1]]:3: warning: 'total' is written by threads started at line [[#@LINE+18]] and line [[#@LINE+19]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+17]]:3: note: the thread started here runs 'add'
  // CHECK: :[[@LINE-17]]:10: note: the thread is created here, in thread-start wrapper 'thread_create'
  // CHECK: :[[@LINE+16]]:3: note: the other thread is started here
  return NULL;
}

long total_twin;
void *add_locked(void *arg) {
  pthread_mutex_lock(&lock);
  total_twin += *(int *)arg;
  pthread_mutex_unlock(&lock);
  return NULL;
}

void sum(void) {
  int one = 1;
  pthread_t a, b, c, d;
  thread_create(&a, add, &one);
  thread_create(&b, add, &one);
  thread_create(&c, add_locked, &one);
  thread_create(&d, add_locked, &one);
  thread_join(a);
  thread_join(b);
  thread_join(c);
  thread_join(d);
  total = 0;      // after the joins
  total_twin = 0; // after the joins
}

// Through the counter handed by pointer, and a wrapper of the wrapper.
void *count(void *arg) {
  (*(long *)arg)++;
  // CHECK: :[[@LINE-1]]:4: warning: 'hits' is written by threads started at line [[#@LINE+9]] and line [[#@LINE+10]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+8]]:3: note: the thread started here runs 'count'
  // CHECK: :[[@LINE-50]]:10: note: the thread is created here, in thread-start wrapper 'thread_create'
  // CHECK: :[[@LINE+7]]:3: note: the other thread is started here
  return NULL;
}

void fire(void) {
  static long hits;
  spawn_detached(count, &hits);
  spawn_detached(count, &hits);
}

// Compliant: each thread is joined before the next starts.
long steps;
void *step(void *arg) {
  (void)arg;
  steps++;
  return NULL;
}

void run_in_turn(void) {
  pthread_t t;
  thread_create(&t, step, NULL);
  thread_join(t);
  thread_create(&t, step, NULL);
  thread_join(t);
}

int main(void) {
  sum();
  fire();
  run_in_turn();
  return 0;
}
