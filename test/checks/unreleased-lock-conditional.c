// A function that takes a lock on some paths and returns holding it on
// exactly those paths, never releasing it, is an acquire function for those
// paths (its callers release): a lock wrapper under `if`, a checked lock
// whose failure branch reports and goes on. A thread entry or main is never
// one. Locks reached through a local pointer that only holds their address
// are the same locks.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stddef.h>

extern void report_error(const char *msg, int rc);
struct conn {
  pthread_mutex_t mutex;
  int n;
};
pthread_mutex_t big = PTHREAD_MUTEX_INITIALIZER;
int closing;

// Compliant: wrappers that return holding the lock on the paths that take it.
void conn_lock(struct conn *c) {
  if (c)
    (void)pthread_mutex_lock(&c->mutex);
}
void conn_unlock(struct conn *c) {
  if (c)
    (void)pthread_mutex_unlock(&c->mutex);
}
static void checked_lock(pthread_mutex_t *m) {
  int rv;
  if ((rv = pthread_mutex_lock(m)) != 0)
    report_error("pthread_mutex_lock", rv);
}
void use(pthread_mutex_t *m) {
  checked_lock(m);
  pthread_mutex_unlock(m);
}
int gate_enter(void) {
  if (closing)
    return -1;
  pthread_mutex_lock(&big);
  return 0;
}

// Positive: a thread entry has no caller to release it.
void *worker(void *arg) {
  struct conn *c = arg;
  if (c->n > 0)
    pthread_mutex_lock(&c->mutex);
  // CHECK: :[[@LINE-1]]:5: warning: 'c->mutex' is acquired here but not released on every path out of 'worker' [lockcheck-unreleased-lock]
  c->n++;
  return NULL;
  // CHECK: :[[@LINE-1]]:3: note: 'worker' returns here with 'c->mutex' held
}
void start(struct conn *c) {
  pthread_t t;
  pthread_create(&t, NULL, worker, c);
  pthread_join(t, NULL);
}

// The same lock through a local pointer that only holds its address.
typedef struct {
  pthread_mutex_t job_mutex;
  size_t produced, flushed;
} job_t;
size_t to_flush(job_t *jobs, unsigned id) {
  size_t n;
  job_t *const job = &jobs[id];
  pthread_mutex_lock(&job->job_mutex);
  n = job->produced - job->flushed;
  pthread_mutex_unlock(&jobs[id].job_mutex);
  return n;
}
size_t to_flush_early(job_t *jobs, unsigned id) {
  job_t *job = &jobs[id];
  pthread_mutex_lock(&job->job_mutex);
  // CHECK: :[[@LINE-1]]:3: warning: 'job->job_mutex' is acquired here but not released on every path out of 'to_flush_early' [lockcheck-unreleased-lock]
  if (job->produced == 0)
    return 0;
  // CHECK: :[[@LINE-1]]:5: note: 'to_flush_early' returns here with 'job->job_mutex' held
  pthread_mutex_unlock(&jobs[id].job_mutex);
  return job->produced;
}
