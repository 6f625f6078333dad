// A function that tests for EAGAIN, EWOULDBLOCK or EINPROGRESS after its
// reads knows its descriptor is non-blocking, even when the descriptor comes
// from another file (nng's readv on `nni_posix_pfd_fd(c->pfd)`, made
// non-blocking where the pfd is created): its reads are not blocking under a
// lock. The same read in a function that expects no EAGAIN is reported.
// A sleep in a loop that retries a mutex or condition-variable
// initialisation until it succeeds (nng's nni_plat_mtx_init) happens only if
// the initialisation fails: calling that function under a lock, or writing
// the loop out under it, is not reported; a sleep in a loop that waits for a
// flag is.
// RUN: %check_both %s --opt=--checks=-*,lockcheck-blocking-under-lock -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s --opt=--checks=-*,lockcheck-blocking-under-lock -- -std=c11 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#define _DEFAULT_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/socket.h>
#include <unistd.h>

struct conn {
  pthread_mutex_t mu;
  void *pfd;
  int ready;
  pthread_mutex_t inner;
};

int pfd_fd(void *pfd); /* defined in another file */

static int conn_doread(struct conn *c, char *buf, size_t len) {
  int fd = pfd_fd(c->pfd);
  ssize_t n = recv(fd, buf, len, 0);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK)
      return 0;
    return -1;
  }
  return (int)n;
}

void conn_recv(struct conn *c, char *buf, size_t len) {
  pthread_mutex_lock(&c->mu);
  conn_doread(c, buf, len);
  pthread_mutex_unlock(&c->mu);
}

static int conn_doread_blocking(struct conn *c, char *buf, size_t len) {
  int fd = pfd_fd(c->pfd);
  return (int)recv(fd, buf, len, 0);
}

void conn_recv_blocking(struct conn *c, char *buf, size_t len) {
  pthread_mutex_lock(&c->mu);
  conn_doread_blocking(c, buf, len);
  // CHECK: :[[@LINE-1]]:3: warning: calling 'conn_doread_blocking', which may block in 'recv', while 'c->mu' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-7]]:15: note: 'conn_doread_blocking' calls 'recv' here
  // CHECK: :[[@LINE-4]]:3: note: 'c->mu' was locked here
  pthread_mutex_unlock(&c->mu);
}

static void nap(unsigned ms) { usleep(ms * 1000); }

static void inner_init(struct conn *c) {
  while (pthread_mutex_init(&c->inner, NULL) != 0)
    nap(10);
}

void conn_setup(struct conn *c) {
  pthread_mutex_lock(&c->mu);
  inner_init(c);
  pthread_mutex_unlock(&c->mu);
}

static void wait_ready(struct conn *c) {
  while (!c->ready)
    nap(10);
}

void conn_wait(struct conn *c) {
  pthread_mutex_lock(&c->mu);
  wait_ready(c);
  // CHECK: :[[@LINE-1]]:3: warning: calling 'wait_ready', which may block in 'usleep', while 'c->mu' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-7]]:5: note: 'wait_ready' blocks here, in a call that reaches 'usleep'
  // CHECK: :[[@LINE-4]]:3: note: 'c->mu' was locked here
  pthread_mutex_unlock(&c->mu);
}

/* The same loops written out under the lock. */
void conn_setup_inline(struct conn *c) {
  pthread_mutex_lock(&c->mu);
  while (pthread_mutex_init(&c->inner, NULL) != 0)
    usleep(10000);
  pthread_mutex_unlock(&c->mu);
}

void conn_wait_inline(struct conn *c) {
  pthread_mutex_lock(&c->mu);
  while (!c->ready)
    usleep(10000);
  // CHECK: :[[@LINE-1]]:5: warning: 'usleep' may block while 'c->mu' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-4]]:3: note: 'c->mu' was locked here
  pthread_mutex_unlock(&c->mu);
}

/* EAGAIN tested for the first read only: the read after it is on another
   descriptor, whose errors the function does not expect to be EAGAIN. */
int ctl_fd(void *pfd); /* defined in another file */
static int conn_doread_then_ctl(struct conn *c, char *buf, size_t len) {
  ssize_t n = recv(pfd_fd(c->pfd), buf, len, 0);
  if (n < 0 && errno == EAGAIN)
    return 0;
  return (int)recv(ctl_fd(c->pfd), buf, len, 0);
}

void conn_recv_ctl(struct conn *c, char *buf, size_t len) {
  pthread_mutex_lock(&c->mu);
  conn_doread_then_ctl(c, buf, len);
  // CHECK: :[[@LINE-1]]:3: warning: calling 'conn_doread_then_ctl', which may block in 'recv', while 'c->mu' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-7]]:15: note: 'conn_doread_then_ctl' calls 'recv' here
  // CHECK: :[[@LINE-4]]:3: note: 'c->mu' was locked here
  pthread_mutex_unlock(&c->mu);
}

/* A function that does not return (a test framework's failure path) may
   sleep on its way out: the holder never comes back to the lock. The same
   helper that returns is reported. */
_Noreturn void fail_test(void);
void fail_test(void) {
  for (;;)
    usleep(1000);
}
static void note_failure(void) { usleep(1000); }

void conn_check(struct conn *c) {
  pthread_mutex_lock(&c->mu);
  if (!c->ready)
    fail_test();
  pthread_mutex_unlock(&c->mu);
}

void conn_note(struct conn *c) {
  pthread_mutex_lock(&c->mu);
  if (!c->ready)
    note_failure();
  // CHECK: :[[@LINE-1]]:5: warning: calling 'note_failure', which may block in 'usleep', while 'c->mu' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-14]]:34: note: 'note_failure' calls 'usleep' here
  // CHECK: :[[@LINE-5]]:3: note: 'c->mu' was locked here
  pthread_mutex_unlock(&c->mu);
}
