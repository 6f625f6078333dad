// The two-account transfer in C: two locks of one struct's member taken one
// after the other through two pointers, with no order between them, in code
// that two threads run. The same code run by one thread only, started once,
// cannot deadlock with itself.
// RUN: %check_both --opt=--checks=-*,lockcheck-lock-order %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stddef.h>

struct account {
  pthread_mutex_t mu;
  int money;
};

static struct account a1, a2, a3, a4;

static void transfer(struct account *from, struct account *to, int x) {
  pthread_mutex_lock(&from->mu);
  pthread_mutex_lock(&to->mu);
  // CHECK: :[[@LINE-1]]:3: warning: 'from->mu' and 'to->mu', two locks of class 'account::mu', are acquired one after the other with no order between their objects; two threads doing this with the objects swapped can deadlock [lockcheck-lock-order]
  // CHECK: :[[@LINE-3]]:3: note: 'from->mu' was locked here
  from->money -= x;
  to->money += x;
  pthread_mutex_unlock(&to->mu);
  pthread_mutex_unlock(&from->mu);
}

static void *pay(void *arg) {
  (void)arg;
  transfer(&a1, &a2, 1);
  return NULL;
}
static void *refund(void *arg) {
  (void)arg;
  transfer(&a2, &a1, 1);
  return NULL;
}

/* Twin: the same shape, ordered by address. */
static void transfer_ordered(struct account *from, struct account *to,
                             int x) {
  struct account *lo = from < to ? from : to;
  struct account *hi = from < to ? to : from;
  pthread_mutex_lock(&lo->mu);
  pthread_mutex_lock(&hi->mu);
  from->money -= x;
  to->money += x;
  pthread_mutex_unlock(&hi->mu);
  pthread_mutex_unlock(&lo->mu);
}

/* Twin: only one thread, started once, runs it. */
static void transfer_alone(struct account *from, struct account *to, int x) {
  pthread_mutex_lock(&from->mu);
  pthread_mutex_lock(&to->mu);
  from->money -= x;
  to->money += x;
  pthread_mutex_unlock(&to->mu);
  pthread_mutex_unlock(&from->mu);
}
static void *settle(void *arg) {
  (void)arg;
  transfer_alone(&a3, &a4, 1);
  transfer_alone(&a4, &a3, 1);
  transfer_ordered(&a3, &a4, 1);
  return NULL;
}

int main(void) {
  pthread_t t1, t2, t3;
  pthread_create(&t1, NULL, pay, NULL);
  pthread_create(&t2, NULL, refund, NULL);
  pthread_create(&t3, NULL, settle, NULL);
  transfer_ordered(&a1, &a2, 1);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  pthread_join(t3, NULL);
  return 0;
}
