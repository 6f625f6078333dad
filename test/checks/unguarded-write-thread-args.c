// Data handed to a thread by pointer: the pointee is shared between the
// starting function and every thread started with the same pointer, read
// through a cast of the `void *` argument or a local that renames it.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c11 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stdlib.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The pointee of `void *arg`, cast where it is used. */
void *count_up(void *arg) {
  (*(int *)arg)++;
  // CHECK: :[[@LINE-1]]:4: warning: 'counter' is written by threads started at line [[#@LINE+9]] and line [[#@LINE+10]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+8]]:3: note: the thread started here runs 'count_up'
  // CHECK: :[[@LINE+8]]:3: note: the other thread is started here
  return NULL;
}

int run_counters(void) {
  int counter = 0;
  pthread_t a, b;
  pthread_create(&a, NULL, count_up, &counter);
  pthread_create(&b, NULL, count_up, &counter);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return counter;
}

void *count_up_locked(void *arg) {
  pthread_mutex_lock(&lock);
  (*(int *)arg)++;
  pthread_mutex_unlock(&lock);
  return NULL;
}

int run_counters_twin(void) {
  int counter = 0;
  pthread_t a, b;
  pthread_create(&a, NULL, count_up_locked, &counter);
  pthread_create(&b, NULL, count_up_locked, &counter);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return counter;
}

/* A struct through a local that renames the argument. */
struct ctx {
  long total;
  int n;
};

void *accumulate(void *arg) {
  struct ctx *c = arg;
  c->total += c->n;
  // CHECK: :[[@LINE-1]]:6: warning: 'c->total' is written by threads started at line [[#@LINE+11]] (in a loop) without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+10]]:5: note: the thread started here runs 'accumulate'
  return NULL;
}

long run_accumulators(void) {
  struct ctx *c = malloc(sizeof *c);
  c->total = 0;
  c->n = 3;
  pthread_t t[4];
  for (int i = 0; i < 4; ++i)
    pthread_create(&t[i], NULL, accumulate, c);
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], NULL);
  long r = c->total;
  free(c);
  return r;
}

/* Compliant: each thread gets a context of its own. */
long run_own_contexts(void) {
  pthread_t t[4];
  struct ctx *cs[4];
  for (int i = 0; i < 4; ++i) {
    struct ctx *c = malloc(sizeof *c);
    c->total = 0;
    c->n = i;
    cs[i] = c;
    pthread_create(&t[i], NULL, accumulate, c);
  }
  long r = 0;
  for (int i = 0; i < 4; ++i) {
    pthread_join(t[i], NULL);
    r += cs[i]->total;
    free(cs[i]);
  }
  return r;
}

/* A global handed over by pointer: the same variable as its name. */
long hits;
void *hit(void *arg) {
  long *h = arg;
  *h += 1;
  // CHECK: :[[@LINE-1]]:3: warning: 'hits' is written by the thread started at line [[#@LINE+8]] and by 'run_hits' while it runs, without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+7]]:3: note: the thread started here runs 'hit'
  // CHECK: :[[@LINE+7]]:3: note: 'hits' is also written here
  return NULL;
}

void run_hits(void) {
  pthread_t a;
  pthread_create(&a, NULL, hit, &hits);
  hits = 0;
  pthread_join(a, NULL);
}

/* Compliant: the starter writes before the start and after the join. */
long hits_twin;
void run_hits_twin(void) {
  pthread_t a;
  hits_twin = 0;
  pthread_create(&a, NULL, hit, &hits_twin);
  pthread_join(a, NULL);
  hits_twin = 0;
}

int main(void) {
  run_counters();
  run_counters_twin();
  run_accumulators();
  run_own_contexts();
  run_hits();
  run_hits_twin();
  return 0;
}
