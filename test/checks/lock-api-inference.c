// Project lock wrappers are recognised from their bodies, with no
// configuration: acquire, release, try-acquire (with the wrapper's own
// success value), condition-wait, recursive and parameterless wrappers.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  pthread_mutex_t m;
} xmutex;
typedef struct {
  pthread_cond_t c;
} xcond;

// An error check that aborts is part of the wrapper.
void xmutex_lock(xmutex *m) {
  if (pthread_mutex_lock(&m->m) != 0)
    abort();
}
void xmutex_unlock(xmutex *m) {
  if (pthread_mutex_unlock(&m->m) != 0)
    abort();
}
// 0 on success, as POSIX.
int xmutex_trylock(xmutex *m) { return pthread_mutex_trylock(&m->m); }
// true on success.
int xmutex_tryenter(xmutex *m) { return pthread_mutex_trylock(&m->m) == 0; }
// 0 on success, -1 on failure, in two branches.
int xmutex_trylock2(xmutex *m) {
  if (pthread_mutex_trylock(&m->m) != 0)
    return -1;
  return 0;
}
// The try-lock's result kept in a variable (libuv's uv_mutex_trylock).
int xmutex_trylock3(xmutex *m) {
  int err = pthread_mutex_trylock(&m->m);
  if (err) {
    if (err != EBUSY)
      abort();
    return -EBUSY;
  }
  return 0;
}
void xcond_wait(xcond *c, xmutex *m) { pthread_cond_wait(&c->c, &m->m); }
// A timed wait, not named so, and its result returned.
int xcond_until(xcond *c, xmutex *m, const struct timespec *ts) {
  return pthread_cond_timedwait(&c->c, &m->m, ts);
}

static pthread_mutex_t big = PTHREAD_MUTEX_INITIALIZER;
void big_lock(void) { pthread_mutex_lock(&big); }
void big_unlock(void) { pthread_mutex_unlock(&big); }

xmutex mu, other;
xcond cv;
int ready, counter;

void leak(int x) {
  xmutex_lock(&mu);
  // CHECK: :[[@LINE-1]]:3: warning: 'mu.m' is acquired here but not released on every path out of 'leak' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+2]]:5: note: 'leak' returns here with 'mu.m' held
  if (x)
    return;
  xmutex_unlock(&mu);
}

void no_leak(int x) {
  xmutex_lock(&mu);
  if (x) {
    xmutex_unlock(&mu);
    return;
  }
  xmutex_unlock(&mu);
}

void double_lock(void) {
  xmutex_lock(&mu);
  xmutex_lock(&mu);
  // CHECK: :[[@LINE-1]]:3: warning: calling 'xmutex_lock' locks 'mu.m', which this thread already holds; this deadlocks unless 'mu.m' was initialised recursive (lockcheck sees no initialisation of it) [lockcheck-double-lock]
  // CHECK: :[[@LINE-63]]:7: note: 'xmutex_lock' locks it here
  // CHECK: :[[@LINE-4]]:3: note: 'mu.m' was locked here
  xmutex_unlock(&mu);
  xmutex_unlock(&mu);
}

void try_leak_zero(int x) {
  if (xmutex_trylock(&mu) == 0) {
  // CHECK: :[[@LINE-1]]:7: warning: 'mu.m' is acquired here but not released on every path out of 'try_leak_zero' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+2]]:7: note: 'try_leak_zero' returns here with 'mu.m' held
    if (x)
      return;
    xmutex_unlock(&mu);
  }
}

void try_ok_zero(int x) {
  if (xmutex_trylock(&mu) == 0) {
    counter += x;
    xmutex_unlock(&mu);
  }
}

void try_leak_true(int x) {
  if (xmutex_tryenter(&mu)) {
  // CHECK: :[[@LINE-1]]:7: warning: 'mu.m' is acquired here but not released on every path out of 'try_leak_true' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+2]]:7: note: 'try_leak_true' returns here with 'mu.m' held
    if (x)
      return;
    xmutex_unlock(&mu);
  }
}

void try_ok_true(void) {
  if (!xmutex_tryenter(&mu))
    return;
  counter++;
  xmutex_unlock(&mu);
}

void try_leak_branches(int x) {
  if (xmutex_trylock2(&mu) != 0)
  // CHECK: :[[@LINE-1]]:7: warning: 'mu.m' is acquired here but not released on every path out of 'try_leak_branches' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+3]]:5: note: 'try_leak_branches' returns here with 'mu.m' held
    return;
  if (x)
    return;
  xmutex_unlock(&mu);
}

void try_ok_branches(void) {
  if (xmutex_trylock2(&mu) < 0)
    return;
  counter++;
  xmutex_unlock(&mu);
}

void try_leak_stored(int x) {
  if (xmutex_trylock3(&mu))
  // CHECK: :[[@LINE-1]]:7: warning: 'mu.m' is acquired here but not released on every path out of 'try_leak_stored' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+3]]:5: note: 'try_leak_stored' returns here with 'mu.m' held
    return;
  if (x)
    return;
  xmutex_unlock(&mu);
}

void try_ok_stored(void) {
  if (xmutex_trylock3(&mu) != 0)
    return;
  counter++;
  xmutex_unlock(&mu);
}

void wait_if(void) {
  xmutex_lock(&mu);
  if (!ready)
    xcond_wait(&cv, &mu);
    // CHECK: :[[@LINE-1]]:5: warning: 'xcond_wait' on 'cv' is not in a loop that re-checks its condition; it can return on a spurious wake-up with the condition still false [lockcheck-wait-without-predicate]
    // CHECK: :[[@LINE-3]]:3: note: the condition is tested only once, here
  xmutex_unlock(&mu);
}

void wait_while(void) {
  xmutex_lock(&mu);
  while (!ready)
    xcond_wait(&cv, &mu);
  xmutex_unlock(&mu);
}

void timed_wait_if(const struct timespec *ts) {
  xmutex_lock(&mu);
  if (!ready)
    xcond_until(&cv, &mu, ts);
    // CHECK: :[[@LINE-1]]:5: warning: 'xcond_until' on 'cv' is not in a loop that re-checks its condition; it can return on a spurious wake-up with the condition still false [lockcheck-wait-without-predicate]
    // CHECK: :[[@LINE-3]]:3: note: the condition is tested only once, here
  xmutex_unlock(&mu);
}

void wait_holding_other(void) {
  xmutex_lock(&other);
  xmutex_lock(&mu);
  while (!ready)
    xcond_wait(&cv, &mu);
    // CHECK: :[[@LINE-1]]:5: warning: this condition wait releases 'mu.m' but not 'other.m', which is held while it sleeps; threads that need it block until it is notified [lockcheck-blocking-under-lock]
    // CHECK: :[[@LINE-5]]:3: note: 'other.m' was locked here
  xmutex_unlock(&mu);
  xmutex_unlock(&other);
}

void big_leak(int x) {
  big_lock();
  // CHECK: :[[@LINE-1]]:3: warning: 'big' is acquired here but not released on every path out of 'big_leak' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+2]]:5: note: 'big_leak' returns here with 'big' held
  if (x)
    return;
  big_unlock();
}

void big_ok(int x) {
  big_lock();
  counter += x;
  big_unlock();
}

// A wrapper around a mutex initialised recursive is recursive.
typedef struct {
  pthread_mutex_t m;
} rmutex;
void rmutex_init(rmutex *r) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&r->m, &a);
}
void rmutex_lock(rmutex *r) { pthread_mutex_lock(&r->m); }
void rmutex_unlock(rmutex *r) { pthread_mutex_unlock(&r->m); }
rmutex rmu;
void relock(void) {
  rmutex_lock(&rmu);
  rmutex_lock(&rmu);
  rmutex_unlock(&rmu);
  rmutex_unlock(&rmu);
}

// Aliases: a pointer to the lock, and array elements.
struct node {
  pthread_mutex_t lock;
};
pthread_mutex_t locks[4];
void alias_double(struct node *s) {
  pthread_mutex_t *mp = &s->lock;
  pthread_mutex_lock(mp);
  pthread_mutex_lock(&s->lock);
  // CHECK: :[[@LINE-1]]:3: warning: 'mp' is locked again while this thread already holds it; this deadlocks unless 'mp' was initialised recursive (lockcheck sees no initialisation of it) [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'mp' was locked here
}
void alias_ok(struct node *s) {
  pthread_mutex_t *mp = &s->lock;
  pthread_mutex_lock(mp);
  pthread_mutex_unlock(&s->lock);
}
void index_double(int i) {
  pthread_mutex_lock(&locks[i]);
  pthread_mutex_lock(&locks[i]);
  // CHECK: :[[@LINE-1]]:3: warning: 'locks[i]' is locked again while this thread already holds it; this deadlocks unless 'locks[i]' was initialised recursive (lockcheck sees no initialisation of it) [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'locks[i]' was locked here
}
void index_ok(void) {
  pthread_mutex_lock(&locks[0]);
  pthread_mutex_lock(&locks[1]);
  pthread_mutex_unlock(&locks[1]);
  pthread_mutex_unlock(&locks[0]);
}
void two_pointers(struct node *s) {
  pthread_mutex_t *a = &s->lock;
  pthread_mutex_t *b = &s->lock;
  pthread_mutex_lock(a);
  pthread_mutex_unlock(b);
}
