// The lock checks on POSIX and C11 locks in C.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>
#include <threads.h>

pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
mtx_t cm;
sem_t slots;
int shared;
int setup(void);

int early_return(int x) {
  pthread_mutex_lock(&pm);
  // CHECK: :[[@LINE-1]]:3: warning: 'pm' is acquired here but not released on every path out of 'early_return' [lockcheck-unreleased-lock]
  if (x < 0)
    return -1;
  // CHECK: :[[@LINE-1]]:5: note: 'early_return' returns here with 'pm' held
  shared = x;
  pthread_mutex_unlock(&pm);
  return 0;
}

void c11_double(void) {
  mtx_lock(&cm);
  mtx_lock(&cm);
  // CHECK: :[[@LINE-1]]:3: warning: 'cm' is locked again while this thread already holds it; this deadlocks unless 'cm' was initialised recursive (lockcheck sees no initialisation of it) [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'cm' was locked here
  mtx_unlock(&cm);
}

void double_unlock(void) {
  pthread_mutex_lock(&pm);
  pthread_mutex_unlock(&pm);
  pthread_mutex_unlock(&pm);
  // CHECK: :[[@LINE-1]]:3: warning: 'pm' is unlocked here but is not held; it was already unlocked [lockcheck-unlock-unheld]
  // CHECK: :[[@LINE-3]]:3: note: 'pm' was unlocked here
}

int slot_leak(int x) {
  sem_wait(&slots);
  // CHECK: :[[@LINE-1]]:3: warning: 'slots' is acquired here but not released on every path out of 'slot_leak' [lockcheck-unreleased-lock]
  if (setup() < 0)
    return -1;
  // CHECK: :[[@LINE-1]]:5: note: 'slot_leak' returns here with 'slots' held
  shared = x;
  sem_post(&slots);
  return 0;
}

// Compliant twins.
int lock_can_fail(void) {
  if (pthread_mutex_lock(&pm) != 0)
    return -1; // not locked on this path
  shared++;
  pthread_mutex_unlock(&pm);
  return 0;
}

int lock_rc(void) {
  int rc = pthread_mutex_lock(&pm);
  if (rc)
    return rc;
  shared++;
  pthread_mutex_unlock(&pm);
  return 0;
}

int trylock(void) {
  if (pthread_mutex_trylock(&pm) != 0)
    return -1;
  shared++;
  pthread_mutex_unlock(&pm);
  return 0;
}

int c11_trylock(void) {
  if (mtx_trylock(&cm) != thrd_success)
    return -1;
  shared++;
  mtx_unlock(&cm);
  return 0;
}

void readers(void) {
  pthread_rwlock_rdlock(&rw);
  pthread_rwlock_rdlock(&rw); // read locks may be taken twice
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_unlock(&rw);
}

void lock_it(void) { pthread_mutex_lock(&pm); }
void unlock_it(void) { pthread_mutex_unlock(&pm); }
void wrapped(void) {
  lock_it();
  shared++;
  unlock_it();
}

void wait_signal(void) { sem_wait(&slots); } // released by the signaller

// Acquire-on-success APIs (memcached's item_trylock, extstore): the lock is
// held exactly when the function reports success, for the caller to release.
void *my_trylock(void) {
  if (pthread_mutex_trylock(&pm) == 0)
    return &pm;
  return NULL;
}

int reserve(int len) {
  pthread_mutex_lock(&pm);
  if (shared >= len) {
    shared -= len;
    return 0; // success: the caller commits and unlocks
  }
  pthread_mutex_unlock(&pm);
  return -1;
}

// The same shape with the values the other way round is the classic bug:
// an error path that forgets to unlock.
int error_path(int len) {
  pthread_mutex_lock(&pm);
  // CHECK: :[[@LINE-1]]:3: warning: 'pm' is acquired here but not released on every path out of 'error_path' [lockcheck-unreleased-lock]
  if (shared < len)
    return -1;
  // CHECK: :[[@LINE-1]]:5: note: 'error_path' returns here with 'pm' held
  shared -= len;
  pthread_mutex_unlock(&pm);
  return 0;
}

// memcached crawler.c: an element of an array of mutexes, locked in a loop
// and released by a helper that takes the index as its parameter.
pthread_mutex_t class_locks[8];
int class_flags[8];
static void class_done(int i) {
  class_flags[i] = 0;
  pthread_mutex_unlock(&class_locks[i]);
}
void crawl_classes(int needs_client) {
  for (int i = 0; i < 8; i++) {
    if (needs_client) {
      pthread_mutex_lock(&class_locks[i]);
      class_done(i);
      continue;
    }
    pthread_mutex_lock(&class_locks[i]);
    class_flags[i]++;
    pthread_mutex_unlock(&class_locks[i]);
  }
}
// The helper releases the element the caller names, not another one.
void crawl_wrong_class(int j, int skip) {
  pthread_mutex_lock(&class_locks[j]);
  // CHECK: :[[@LINE-1]]:3: warning: 'class_locks[j]' is acquired here but not released on every path out of 'crawl_wrong_class' [lockcheck-unreleased-lock]
  if (skip) {
    pthread_mutex_unlock(&class_locks[j]);
    return;
  }
  class_done(0);
}
// CHECK: :[[@LINE-1]]:1: note: 'crawl_wrong_class' ends here with 'class_locks[j]' held

// memcached extstore.c: acquire-on-success where the failure value is a
// local that is never changed (`int ret = -1; ... return ret;`).
struct page {
  pthread_mutex_t mutex;
  int active;
};
int write_request(struct page *p, int full) {
  int ret = -1;
  if (!p)
    return ret;
  pthread_mutex_lock(&p->mutex);
  if (!p->active) {
    pthread_mutex_unlock(&p->mutex);
    return ret;
  }
  if (!full)
    return 0; // leaves p locked for the caller
  pthread_mutex_unlock(&p->mutex);
  return ret;
}
// The same shape, but the variable changes: its value is not known.
int write_request_changed(struct page *p, int full) {
  int ret = -1;
  pthread_mutex_lock(&p->mutex);
  // CHECK: :[[@LINE-1]]:3: warning: 'p->mutex' is acquired here but not released on every path out of 'write_request_changed' [lockcheck-unreleased-lock]
  if (!full) {
    ret = 0;
    return ret;
  }
  // CHECK: :[[@LINE-2]]:5: note: 'write_request_changed' returns here with 'p->mutex' held
  if (p->active)
    return ret;
  // CHECK: :[[@LINE-1]]:5: note: 'write_request_changed' returns here with 'p->mutex' held
  pthread_mutex_unlock(&p->mutex);
  return ret;
}

// memcached crawler.c: a global module's flag tested before and after a
// call that gets the module's address; the module is reset after the loop.
struct crawler_module {
  int needs_lock;
  void (*eval)(struct crawler_module *m, int i);
};
struct crawler_module *active_module;
void crawl_with_module(void) {
  for (int i = 0; i < 8; i++) {
    pthread_mutex_lock(&class_locks[i]);
    if (!active_module->needs_lock)
      pthread_mutex_unlock(&class_locks[i]);
    active_module->eval(active_module, i);
    if (active_module->needs_lock)
      pthread_mutex_unlock(&class_locks[i]);
  }
  active_module = 0;
}

// A condition assigned between its two tests is not the same condition.
int next_flag(void);
void flag_changes(int c) {
  pthread_mutex_lock(&pm);
  // CHECK: :[[@LINE-1]]:3: warning: 'pm' is acquired here but not released on every path out of 'flag_changes' [lockcheck-unreleased-lock]
  if (c)
    pthread_mutex_unlock(&pm);
  c = next_flag();
  if (!c)
    pthread_mutex_unlock(&pm);
}
// CHECK: :[[@LINE-1]]:1: note: 'flag_changes' ends here with 'pm' held
// Assigned before both tests: still one condition.
void flag_set_first(int c) {
  c = next_flag();
  pthread_mutex_lock(&pm);
  if (c)
    pthread_mutex_unlock(&pm);
  if (!c)
    pthread_mutex_unlock(&pm);
}
