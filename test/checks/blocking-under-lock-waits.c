// C condition waits on the held mutex are not blocking under it, in the
// function that locked and in a helper called with the mutex held.
// RUN: %check_both %s --opt=--checks=-*,lockcheck-blocking-under-lock -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <threads.h>
#include <time.h>

static pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t other = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pc = PTHREAD_COND_INITIALIZER;
static mtx_t cm;
static cnd_t cc;
static int ready;

void posix_waits(const struct timespec *deadline) {
  pthread_mutex_lock(&pm);
  while (!ready)
    pthread_cond_wait(&pc, &pm);
  while (!ready)
    pthread_cond_timedwait(&pc, &pm, deadline);
  pthread_mutex_unlock(&pm);
}

void c11_waits(const struct timespec *deadline) {
  mtx_lock(&cm);
  while (!ready)
    cnd_wait(&cc, &cm);
  while (!ready)
    cnd_timedwait(&cc, &cm, deadline);
  mtx_unlock(&cm);
}

struct queue {
  pthread_mutex_t mu;
  pthread_cond_t nonempty;
  int n;
};

static void wait_nonempty(struct queue *q) {
  while (q->n == 0)
    pthread_cond_wait(&q->nonempty, &q->mu);
}

static void wait_c11(mtx_t *mu) {
  while (!ready)
    cnd_wait(&cc, mu);
}

int queue_pop(struct queue *q) {
  pthread_mutex_lock(&q->mu);
  wait_nonempty(q);
  int v = --q->n;
  pthread_mutex_unlock(&q->mu);
  mtx_lock(&cm);
  wait_c11(&cm);
  mtx_unlock(&cm);
  return v;
}

void wait_holding_other(void) {
  pthread_mutex_lock(&other);
  pthread_mutex_lock(&pm);
  while (!ready)
    pthread_cond_wait(&pc, &pm);
  // CHECK: :[[@LINE-1]]:5: warning: this condition wait releases 'pm' but not 'other', which is held while it sleeps; threads that need it block until it is notified [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-5]]:3: note: 'other' was locked here
  pthread_mutex_unlock(&pm);
  pthread_mutex_unlock(&other);
}
