// POSIX and C11 threads in C: a created handle that is neither joined nor
// detached before the function returns leaks the thread's resources.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stddef.h>
#include <threads.h>

void *worker(void *arg);
int c11_worker(void *arg);
int setup(void);

int leak(void) {
  pthread_t tid;
  pthread_create(&tid, NULL, worker, NULL);
  // CHECK: :[[@LINE-1]]:3: warning: thread 'tid' created by pthread_create is neither joined nor detached before 'leak' returns; its resources are never reclaimed [lockcheck-unjoined-thread]
  return 0;
  // CHECK: :[[@LINE-1]]:3: note: 'leak' returns here without joining or detaching 'tid'
}

int leak_on_error(void) {
  pthread_t tid;
  if (pthread_create(&tid, NULL, worker, NULL) != 0)
    return -1;
  // CHECK: :[[@LINE-2]]:7: warning: thread 'tid' created by pthread_create is neither joined nor detached when 'leak_on_error' returns early; its resources are never reclaimed [lockcheck-unjoined-thread]
  if (setup() < 0)
    return -2;
  // CHECK: :[[@LINE-1]]:5: note: 'leak_on_error' returns here without joining or detaching 'tid'
  pthread_join(tid, NULL);
  return 0;
}

void falls_off(void) {
  thrd_t t;
  thrd_create(&t, c11_worker, NULL);
  // CHECK: :[[@LINE-1]]:3: warning: thread 't' created by thrd_create is neither joined nor detached before 'falls_off' returns; its resources are never reclaimed [lockcheck-unjoined-thread]
}
// CHECK: :[[@LINE-1]]:1: note: 'falls_off' returns here without joining or detaching 't'

// Compliant twins.
int joined(void) {
  pthread_t tid;
  int rc = pthread_create(&tid, NULL, worker, NULL);
  if (rc != 0)
    return rc; // nothing was created on this path
  pthread_join(tid, NULL);
  return 0;
}

int detached(void) {
  pthread_t tid;
  if (pthread_create(&tid, NULL, worker, NULL))
    return 1;
  pthread_detach(tid);
  return 0;
}

int created_detached(void) {
  pthread_attr_t attr;
  pthread_t tid;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_create(&tid, &attr, worker, NULL);
  pthread_attr_destroy(&attr);
  return 0;
}

int array_joined_in_loop(void) {
  pthread_t tids[4];
  for (int i = 0; i < 4; ++i)
    pthread_create(&tids[i], NULL, worker, NULL);
  for (int i = 0; i < 4; ++i)
    pthread_join(tids[i], NULL);
  return 0;
}

struct pool { pthread_t tid; };
void stored(struct pool *p) {
  pthread_t tid;
  pthread_create(&tid, NULL, worker, NULL);
  p->tid = tid; // escapes: joined by whoever owns the pool
}

pthread_t returned(void) {
  pthread_t tid;
  pthread_create(&tid, NULL, worker, NULL);
  return tid;
}

void handed_on(void (*keep)(pthread_t *)) {
  pthread_t tid;
  pthread_create(&tid, NULL, worker, NULL);
  keep(&tid);
}

int c11_joined(void) {
  thrd_t t;
  if (thrd_create(&t, c11_worker, NULL) != thrd_success)
    return 1;
  int res;
  thrd_join(t, &res);
  return res;
}

void exits_thread(void) {
  pthread_t tid;
  pthread_create(&tid, NULL, worker, NULL);
  pthread_exit(NULL); // never returns
}
