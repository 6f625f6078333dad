// A C thread pool: pool_add(pool, fn, arg) stores the function and its
// argument into a task node (struct task, linked into the pool's queue
// under the pool's lock); worker threads take the nodes and call
// t->fn(t->arg). pool_add is the pool's submit function: each call starts a
// task that runs fn(arg) on a worker, at the same time as other tasks (the
// pool has several workers) and alongside the code after pool_add.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c11 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

struct task {
  void (*fn)(void *);
  void *arg;
  struct task *next;
};

struct pool {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  struct task *head, *tail;
  pthread_t threads[4];
  int stop;
};

void pool_add(struct pool *p, void (*fn)(void *), void *arg) {
  struct task *t = malloc(sizeof *t);
  if (!t)
    return;
  t->fn = fn;
  t->arg = arg;
  t->next = NULL;
  pthread_mutex_lock(&p->mu);
  if (p->tail)
    p->tail->next = t;
  else
    p->head = t;
  p->tail = t;
  pthread_cond_signal(&p->cv);
  pthread_mutex_unlock(&p->mu);
}

static void *worker(void *arg) {
  struct pool *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->mu);
    while (!p->head && !p->stop)
      pthread_cond_wait(&p->cv, &p->mu);
    struct task *t = p->head;
    if (!t) {
      pthread_mutex_unlock(&p->mu);
      return NULL;
    }
    p->head = t->next;
    if (!p->head)
      p->tail = NULL;
    pthread_mutex_unlock(&p->mu);
    t->fn(t->arg);
    free(t);
  }
}

void pool_start(struct pool *p) {
  for (int i = 0; i < 4; ++i)
    pthread_create(&p->threads[i], NULL, worker, p);
}

// A task writing a global without a lock.
static long hits;
static void count(void *arg) {
  (void)arg;
  ++hits;
  // CHECK: :[[@LINE-1]]:5: warning: 'hits' is written by tasks submitted at line [[#@LINE+31]] (in a loop) without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+30]]:5: note: the task submitted here to 'pool_add' runs 'count'
  // CHECK: :[[@LINE-10]]:5: note: the pool's worker threads are started here; 'worker' runs the tasks through 'task::fn'
}

// Twin: under a lock of its own.
static pthread_mutex_t hits_mu = PTHREAD_MUTEX_INITIALIZER;
static long safe_hits;
static void count_locked(void *arg) {
  (void)arg;
  pthread_mutex_lock(&hits_mu);
  ++safe_hits;
  pthread_mutex_unlock(&hits_mu);
}

// A task writing the global it is handed.
static long total;
static void add(void *arg) { *(long *)arg += 1; }
// CHECK: :[[@LINE-1]]:30: warning: 'total' is written by tasks submitted at line [[#@LINE+15]] (in a loop) without a lock [lockcheck-unguarded-write]
// CHECK: :[[@LINE+14]]:5: note: the task submitted here to 'pool_add' runs 'add'
// CHECK: :[[@LINE-28]]:5: note: the pool's worker threads are started here; 'worker' runs the tasks through 'task::fn'

static long safe_total;
static void add_locked(void *arg) {
  pthread_mutex_lock(&hits_mu);
  *(long *)arg += 1;
  pthread_mutex_unlock(&hits_mu);
}

void submit_all(struct pool *p) {
  for (int i = 0; i < 8; ++i) {
    pool_add(p, count, NULL);
    pool_add(p, count_locked, NULL);
    pool_add(p, add, &total);
    pool_add(p, add_locked, &safe_total);
  }
}

// The submitter keeps running alongside the task...
static long status;
static void set_status(void *arg) {
  (void)arg;
  status = 1;
  // CHECK: :[[@LINE-1]]:3: warning: 'status' is written by the task submitted at line [[#@LINE+6]] and by 'submit_then_write' while it runs, without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+5]]:3: note: the task submitted here to 'pool_add' runs 'set_status'
  // CHECK: :[[@LINE-53]]:5: note: the pool's worker threads are started here; 'worker' runs the tasks through 'task::fn'
  // CHECK: :[[@LINE+4]]:3: note: 'status' is also written here
}
void submit_then_write(struct pool *p) {
  pool_add(p, set_status, NULL);
  status = 2;
}

// Twin: ...until it hands the pool to a function (that waits for it).
void pool_drain(struct pool *p) {
  pthread_mutex_lock(&p->mu);
  while (p->head)
    pthread_cond_wait(&p->cv, &p->mu);
  pthread_mutex_unlock(&p->mu);
}
static long drained;
static void set_drained(void *arg) {
  (void)arg;
  drained = 1;
}
void submit_drain_write(struct pool *p) {
  pool_add(p, set_drained, NULL);
  pool_drain(p);
  drained = 2;
}
