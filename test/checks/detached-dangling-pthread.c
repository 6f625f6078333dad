// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stdlib.h>
#include <threads.h>

void *worker(void *arg) { return arg; }
int cworker(void *arg) { return arg != 0; }

void detach_later(void) {
  int state = 0;
  pthread_t t;
  pthread_create(&t, 0, worker, &state);
  // CHECK: :[[@LINE-1]]:3: warning: detached thread refers to 'state', a local of 'detach_later'; 'detach_later' can return and destroy it while the thread still runs [lockcheck-detached-dangling]
  // CHECK: :[[@LINE-2]]:33: note: 'state' is passed by pointer here
  // CHECK: :[[@LINE+1]]:3: note: the thread is detached here
  pthread_detach(t);
}

void detached_attribute(void) {
  char buf[64];
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t t;
  pthread_create(&t, &attr, worker, buf);
  // CHECK: :[[@LINE-1]]:3: warning: detached thread refers to 'buf', a local of 'detached_attribute'
  // CHECK: :[[@LINE-2]]:37: note: 'buf' is passed by pointer here
  // CHECK: :[[@LINE-3]]:22: note: the thread is detached here
}

void c11_detach(void) {
  int x = 0;
  thrd_t t;
  thrd_create(&t, cworker, &x);
  // CHECK: :[[@LINE-1]]:3: warning: detached thread refers to 'x', a local of 'c11_detach'
  // CHECK: :[[@LINE-2]]:28: note: 'x' is passed by pointer here
  // CHECK: :[[@LINE+1]]:3: note: the thread is detached here
  thrd_detach(t);
}

// Compliant: joined, heap memory, a static.
void joined(void) {
  int state = 0;
  pthread_t t;
  pthread_create(&t, 0, worker, &state);
  pthread_join(t, 0);
}
void heap(void) {
  int *state = malloc(sizeof *state);
  pthread_t t;
  pthread_create(&t, 0, worker, state);
  pthread_detach(t);
}
void with_static(void) {
  static int state;
  pthread_t t;
  pthread_create(&t, 0, worker, &state);
  pthread_detach(t);
}
