// Callbacks: a function pointer stored into a struct field or a global
// (assigned, in an initialiser, or passed to a function that stores it) and
// called from a thread runs on that thread. A function that starts a thread
// and returns with it running, called twice, runs two of them at once.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c11 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stddef.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

// A thread object calling the function it was given through a trampoline.
struct thr {
  void (*fn)(void *);
  void *arg;
  pthread_t tid;
};

static void *thr_main(void *p) {
  struct thr *t = p;
  void (*fn)(void *) = t->fn;
  fn(t->arg);
  return NULL;
}

void thr_run(struct thr *t, void (*fn)(void *), void *arg) {
  t->fn = fn;
  t->arg = arg;
  pthread_create(&t->tid, NULL, thr_main, t);
}

void thr_wait(struct thr *t) { pthread_join(t->tid, NULL); }

long served;
static void serve(void *arg) {
  (void)arg;
  served++;
  // CHECK: :[[@LINE-1]]:3: warning: 'served' is written by threads started at line [[#@LINE-9]] (each call of 'thr_run' starts one) without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE-10]]:3: note: the thread started here runs 'thr_main'
  // CHECK: :[[@LINE-18]]:3: note: 'thr_main' calls 'serve' here
}

long served_twin;
static void serve_locked(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  served_twin++;
  pthread_mutex_unlock(&lock);
}

// A table of operations in a global initialiser.
struct ops {
  void (*tick)(void);
};
long ticks;
static void on_tick(void) { ticks++; }
// CHECK: :[[@LINE-1]]:29: warning: 'ticks' is written by threads started at line [[#@LINE+18]] and line [[#@LINE+19]] without a lock [lockcheck-unguarded-write]
// CHECK: :[[@LINE+17]]:3: note: the thread started here runs 'ticker'
// CHECK: :[[@LINE+5]]:3: note: 'ticker' calls 'on_tick' here
// CHECK: :[[@LINE+16]]:3: note: the other thread is started here
static const struct ops table = {.tick = on_tick};
static void *ticker(void *p) {
  (void)p;
  table.tick();
  return NULL;
}

int main(void) {
  struct thr a, b, c, d;
  thr_run(&a, serve, NULL);
  thr_run(&b, serve, NULL);
  thr_run(&c, serve_locked, NULL);
  thr_run(&d, serve_locked, NULL);
  pthread_t t1, t2;
  pthread_create(&t1, NULL, ticker, NULL);
  pthread_create(&t2, NULL, ticker, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  thr_wait(&a);
  thr_wait(&b);
  thr_wait(&c);
  thr_wait(&d);
  return 0;
}
