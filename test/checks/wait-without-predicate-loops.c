// A loop around a wait that tests nothing the notifying thread changes
// (a counting loop, an endless loop on a local counter) does not re-check a
// predicate.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>

struct queue {
  pthread_mutex_t mu;
  pthread_cond_t not_empty;
  int count;
};

void counting(struct queue *q) {
  int i;
  pthread_mutex_lock(&q->mu);
  for (i = 0; i < 3; i++)
    pthread_cond_wait(&q->not_empty, &q->mu);
  // CHECK: :[[@LINE-1]]:5: warning: 'pthread_cond_wait' on 'q->not_empty' is not in a loop that re-checks its condition; it can return on a spurious wake-up with the condition still false [lockcheck-wait-without-predicate]
  // CHECK: :[[@LINE-3]]:3: note: this loop tests nothing another thread can change
  q->count--;
  pthread_mutex_unlock(&q->mu);
}
/* Twin: the loop tests the count the producer raises. */
void counting_fine(struct queue *q) {
  int i;
  pthread_mutex_lock(&q->mu);
  for (i = 0; i < 3 && q->count == 0; i++)
    pthread_cond_wait(&q->not_empty, &q->mu);
  pthread_mutex_unlock(&q->mu);
}

void endless(struct queue *q) {
  int rounds = 0;
  pthread_mutex_lock(&q->mu);
  for (;;) {
    pthread_cond_wait(&q->not_empty, &q->mu);
    // CHECK: :[[@LINE-1]]:5: warning: 'pthread_cond_wait' on 'q->not_empty' is not in a loop
    // CHECK: :[[@LINE-3]]:3: note: this loop tests nothing another thread can change
    if (++rounds == 2)
      break;
  }
  pthread_mutex_unlock(&q->mu);
}
/* Twin: a local that is reloaded from the queue after each wake-up. */
void endless_fine(struct queue *q) {
  int n;
  pthread_mutex_lock(&q->mu);
  n = q->count;
  while (n == 0) {
    pthread_cond_wait(&q->not_empty, &q->mu);
    n = q->count;
  }
  pthread_mutex_unlock(&q->mu);
}

/* A worker's endless loop whose `if` tests the queue once: after the wait
   the body goes on to take an item before the loop tests again. */
int take(struct queue *q);
void worker(struct queue *q) {
  int item;
  pthread_mutex_lock(&q->mu);
  for (;;) {
    if (q->count == 0) {
      pthread_cond_wait(&q->not_empty, &q->mu);
      // CHECK: :[[@LINE-1]]:7: warning: 'pthread_cond_wait' on 'q->not_empty' is not in a loop that re-checks its condition; it can return on a spurious wake-up with the condition still false [lockcheck-wait-without-predicate]
      // CHECK: :[[@LINE-3]]:5: note: the condition is tested only once, here
      // CHECK: :[[@LINE+2]]:5: note: after the wait the loop goes on here without testing it again
    }
    item = take(q);
    if (item < 0)
      break;
  }
  pthread_mutex_unlock(&q->mu);
}
/* Twins: the branch goes back to the test, the test is the loop's last
   statement, what follows tests the queue again, or a while re-tests. */
void worker_continue(struct queue *q) {
  pthread_mutex_lock(&q->mu);
  for (;;) {
    if (q->count == 0) {
      pthread_cond_wait(&q->not_empty, &q->mu);
      continue;
    }
    if (take(q) < 0)
      break;
  }
  pthread_mutex_unlock(&q->mu);
}
void worker_else(struct queue *q) {
  pthread_mutex_lock(&q->mu);
  for (;;) {
    if (q->count == 0)
      pthread_cond_wait(&q->not_empty, &q->mu);
    else if (take(q) < 0)
      break;
  }
  pthread_mutex_unlock(&q->mu);
}
void worker_retest(struct queue *q) {
  pthread_mutex_lock(&q->mu);
  for (;;) {
    if (q->count == 0)
      pthread_cond_wait(&q->not_empty, &q->mu);
    if (q->count > 0 && take(q) < 0)
      break;
  }
  pthread_mutex_unlock(&q->mu);
}
void worker_while(struct queue *q) {
  pthread_mutex_lock(&q->mu);
  for (;;) {
    while (q->count == 0)
      pthread_cond_wait(&q->not_empty, &q->mu);
    if (take(q) < 0)
      break;
  }
  pthread_mutex_unlock(&q->mu);
}
