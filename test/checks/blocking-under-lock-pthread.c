// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t other = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready;

struct conn {
  pthread_mutex_t mu;
  int fd;
};

void join_locked(pthread_t t) {
  pthread_mutex_lock(&lock);
  pthread_join(t, NULL);
  // CHECK: :[[@LINE-1]]:3: warning: 'pthread_join' may block while 'lock' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'lock' was locked here
  pthread_mutex_unlock(&lock);
}

long recv_locked(struct conn *c, char *buf, unsigned long n) {
  pthread_mutex_lock(&c->mu);
  long r = recv(c->fd, buf, n, 0);
  // CHECK: :[[@LINE-1]]:12: warning: 'recv' may block while 'c->mu' is held
  // CHECK: :[[@LINE-3]]:3: note: 'c->mu' was locked here
  struct pollfd p = {c->fd, POLLIN, 0};
  poll(&p, 1, -1);
  // CHECK: :[[@LINE-1]]:3: warning: 'poll' may block while 'c->mu' is held
  // CHECK: :[[@LINE-7]]:3: note: 'c->mu' was locked here
  pthread_mutex_unlock(&c->mu);
  return r;
}

void sleep_locked(void) {
  struct timespec ts = {0, 1000};
  pthread_mutex_lock(&lock);
  nanosleep(&ts, NULL);
  // CHECK: :[[@LINE-1]]:3: warning: 'nanosleep' may block while 'lock' is held
  // CHECK: :[[@LINE-3]]:3: note: 'lock' was locked here
  pthread_mutex_unlock(&lock);
}

void wait_other(void) {
  pthread_mutex_lock(&other);
  pthread_mutex_lock(&lock);
  while (!ready)
    pthread_cond_wait(&cond, &lock);
  // CHECK: :[[@LINE-1]]:5: warning: this condition wait releases 'lock' but not 'other', which is held while it sleeps
  // CHECK: :[[@LINE-5]]:3: note: 'other' was locked here
  pthread_mutex_unlock(&lock);
  pthread_mutex_unlock(&other);
}

/* C11 threads. */
static mtx_t cm;

void c11_join(thrd_t t) {
  mtx_lock(&cm);
  thrd_join(t, NULL);
  // CHECK: :[[@LINE-1]]:3: warning: 'thrd_join' may block while 'cm' is held
  // CHECK: :[[@LINE-3]]:3: note: 'cm' was locked here
  mtx_unlock(&cm);
}

static void read_line(char *buf, int n) { fgets(buf, n, stdin); }

void helper_locked(char *buf) {
  pthread_mutex_lock(&lock);
  read_line(buf, 16);
  // CHECK: :[[@LINE-1]]:3: warning: calling 'read_line', which may block in 'fgets', while 'lock' is held
  // CHECK: :[[@LINE-6]]:43: note: 'read_line' calls 'fgets' here
  // CHECK: :[[@LINE-4]]:3: note: 'lock' was locked here
  pthread_mutex_unlock(&lock);
}

/* Compliant twins. */
void join_unlocked(pthread_t t) {
  pthread_mutex_lock(&lock);
  ready = 1;
  pthread_mutex_unlock(&lock);
  pthread_join(t, NULL);
}

void wait_held(void) {
  pthread_mutex_lock(&lock);
  while (!ready)
    pthread_cond_wait(&cond, &lock);
  pthread_mutex_unlock(&lock);
}

void c11_unlocked(thrd_t t) {
  mtx_lock(&cm);
  ready = 0;
  mtx_unlock(&cm);
  thrd_join(t, NULL);
  sleep(1);
}

/* Calls that return at once: a zero poll timeout, MSG_DONTWAIT. */
long nonblocking(struct conn *c, char *buf, unsigned long n) {
  struct pollfd p = {c->fd, POLLIN, 0};
  pthread_mutex_lock(&c->mu);
  poll(&p, 1, 0);
  long r = recv(c->fd, buf, n, MSG_DONTWAIT);
  pthread_mutex_unlock(&c->mu);
  return r;
}

/* trylock failed: the lock is not held on the sleeping branch. */
void try_then_sleep(void) {
  if (pthread_mutex_trylock(&lock) != 0) {
    usleep(100);
    return;
  }
  ready = 1;
  pthread_mutex_unlock(&lock);
}
