// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <threads.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready;

struct queue {
  pthread_mutex_t mu;
  pthread_cond_t not_empty;
  int count;
};

void wait_once(void) {
  pthread_mutex_lock(&lock);
  if (!ready)
    pthread_cond_wait(&cond, &lock);
  // CHECK: :[[@LINE-1]]:5: warning: 'pthread_cond_wait' on 'cond' is not in a loop that re-checks its condition; it can return on a spurious wake-up with the condition still false [lockcheck-wait-without-predicate]
  // CHECK: :[[@LINE-3]]:3: note: the condition is tested only once, here
  pthread_mutex_unlock(&lock);
}

int take(struct queue *q) {
  pthread_mutex_lock(&q->mu);
  if (q->count == 0)
    pthread_cond_wait(&q->not_empty, &q->mu);
  // CHECK: :[[@LINE-1]]:5: warning: 'pthread_cond_wait' on 'q->not_empty' is not in a loop
  // CHECK: :[[@LINE-3]]:3: note: the condition is tested only once, here
  int n = --q->count;
  pthread_mutex_unlock(&q->mu);
  return n;
}

void timed_once(const struct timespec *deadline) {
  pthread_mutex_lock(&lock);
  pthread_cond_timedwait(&cond, &lock, deadline);
  // CHECK: :[[@LINE-1]]:3: warning: 'pthread_cond_timedwait' on 'cond' is not in a loop
  pthread_mutex_unlock(&lock);
}

// The mutex is not held at the wait.
void wait_unlocked(void) {
  pthread_mutex_lock(&lock);
  ready = 0;
  pthread_mutex_unlock(&lock);
  while (!ready)
    pthread_cond_wait(&cond, &lock);
  // CHECK: :[[@LINE-1]]:5: warning: 'pthread_cond_wait' waits on 'cond' with 'lock', which this thread does not hold here; a wait must be called with the mutex locked [lockcheck-wait-without-predicate]
  // CHECK: :[[@LINE-4]]:3: note: it is released here
}

// C11 threads.
static mtx_t cmtx;
static cnd_t ccnd;

void c11_once(void) {
  mtx_lock(&cmtx);
  if (!ready)
    cnd_wait(&ccnd, &cmtx);
  // CHECK: :[[@LINE-1]]:5: warning: 'cnd_wait' on 'ccnd' is not in a loop
  // CHECK: :[[@LINE-3]]:3: note: the condition is tested only once, here
  mtx_unlock(&cmtx);
}

void c11_timed(const struct timespec *deadline) {
  mtx_lock(&cmtx);
  cnd_timedwait(&ccnd, &cmtx, deadline);
  // CHECK: :[[@LINE-1]]:3: warning: 'cnd_timedwait' on 'ccnd' is not in a loop
  mtx_unlock(&cmtx);
}

// Compliant twins.
void wait_loop(void) {
  pthread_mutex_lock(&lock);
  while (!ready)
    pthread_cond_wait(&cond, &lock);
  pthread_mutex_unlock(&lock);
}

int take_loop(struct queue *q) {
  pthread_mutex_lock(&q->mu);
  while (q->count == 0)
    pthread_cond_wait(&q->not_empty, &q->mu);
  int n = --q->count;
  pthread_mutex_unlock(&q->mu);
  return n;
}

int timed_loop(const struct timespec *deadline) {
  int rc = 0;
  pthread_mutex_lock(&lock);
  while (!ready && rc == 0)
    rc = pthread_cond_timedwait(&cond, &lock, deadline);
  pthread_mutex_unlock(&lock);
  return rc;
}

void endless_break(void) {
  mtx_lock(&cmtx);
  for (;;) {
    if (ready)
      break;
    cnd_wait(&ccnd, &cmtx);
  }
  mtx_unlock(&cmtx);
}

// Held by the caller (Unknown here): not reported as not held.
void wait_locked_by_caller(void) {
  while (!ready)
    pthread_cond_wait(&cond, &lock);
}

/* A wrapper that is a wait primitive (rocksdb's port::CondVar::Wait): its
   callers loop. */
struct condvar {
  pthread_cond_t cv;
  pthread_mutex_t *mu;
};
void condvar_wait(struct condvar *c) { pthread_cond_wait(&c->cv, c->mu); }
int condvar_timed_wait(struct condvar *c, const struct timespec *abs) {
  int err = pthread_cond_timedwait(&c->cv, c->mu, abs);
  return err != 0;
}
