// A thread entry (or main) that returns holding a lock on every exit leaks
// it: nothing calls it back to release it, so it is never an acquire
// wrapper. A function that does the same and can be called is one.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>

pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
sem_t items;
int done, pending;
extern void work(void);

// Positive: the worker breaks out of its loop holding the lock.
void *worker(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&qlock);
    // CHECK: :[[@LINE-1]]:5: warning: 'qlock' is acquired here but not released on every path out of 'worker' [lockcheck-unreleased-lock]
    if (done)
      break;
    --pending;
    pthread_mutex_unlock(&qlock);
    work();
  }
  return NULL;
  // CHECK: :[[@LINE-1]]:3: note: 'worker' returns here with 'qlock' held
}

// Compliant twin: it releases before it leaves.
void *worker_ok(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&qlock);
    if (done) {
      pthread_mutex_unlock(&qlock);
      break;
    }
    --pending;
    pthread_mutex_unlock(&qlock);
    work();
  }
  return NULL;
}

// Positive: a thread entry that only ever takes the lock.
void *grabber(void *arg) {
  (void)arg;
  pthread_mutex_lock(&qlock);
  // CHECK: :[[@LINE-1]]:3: warning: 'qlock' is acquired here but not released on every path out of 'grabber' [lockcheck-unreleased-lock]
  ++pending;
  return NULL;
  // CHECK: :[[@LINE-1]]:3: note: 'grabber' returns here with 'qlock' held
}

// Compliant: the same shapes in functions that are not thread entries are
// acquire wrappers (their callers release).
void lock_queue(void) { pthread_mutex_lock(&qlock); }
void lock_when_done(void) {
  for (;;) {
    pthread_mutex_lock(&qlock);
    if (done)
      break;
    pthread_mutex_unlock(&qlock);
    work();
  }
}

// Compliant: a consumer thread takes a count from a semaphore on purpose.
void *consumer(void *arg) {
  (void)arg;
  sem_wait(&items);
  work();
  return NULL;
}

void start(void) {
  pthread_t t[4];
  pthread_create(&t[0], NULL, worker, NULL);
  pthread_create(&t[1], NULL, worker_ok, NULL);
  pthread_create(&t[2], NULL, grabber, NULL);
  pthread_create(&t[3], NULL, consumer, NULL);
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], NULL);
  lock_queue();
  pthread_mutex_unlock(&qlock);
  lock_when_done();
  pthread_mutex_unlock(&qlock);
}
