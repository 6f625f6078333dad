// Unlocks in C: a lock taken under a condition and released on every path,
// unless a caller holds it on the other paths; an unlock in a function that
// never takes the lock, when no caller lockcheck sees holds it (a function
// with no visible caller, or whose address is taken, stays a release
// wrapper).
// RUN: %check_both %s --opt=--checks=-*,lockcheck-unlock-unheld -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int items;
extern int threaded;
extern void report(int rc);

// Positive: locked when threaded, unlocked always.
void add_item(void) {
  if (threaded)
    pthread_mutex_lock(&lock);
  ++items;
  pthread_mutex_unlock(&lock);
  // CHECK: :[[@LINE-1]]:3: warning: 'lock' is unlocked here but is not held on some path; it is locked only on some of the paths that reach this unlock [lockcheck-unlock-unheld]
  // CHECK: :[[@LINE-4]]:5: note: 'lock' is locked here, on some paths only
}

// Compliant: a checked lock whose failure is reported (the lock is not
// skipped by a condition), and a function that takes the lock unless its
// caller holds it.
void add_checked(void) {
  int rc;
  if ((rc = pthread_mutex_lock(&lock)) != 0)
    report(rc);
  ++items;
  pthread_mutex_unlock(&lock);
}
void add_and_release(int locked) {
  if (!locked)
    pthread_mutex_lock(&lock);
  ++items;
  pthread_mutex_unlock(&lock);
}
void producer(void) {
  pthread_mutex_lock(&lock);
  ++items;
  add_and_release(1);
  add_and_release(0);
}

// Positive: the thread never took the lock 'finish_item' releases.
static void finish_item(void) {
  --items;
  pthread_mutex_unlock(&lock);
  // CHECK: :[[@LINE-1]]:3: warning: 'lock' is unlocked here, but 'finish_item' does not lock it and no call of 'finish_item' holds it [lockcheck-unlock-unheld]
  // CHECK: :[[@LINE+3]]:3: note: 'finish_item' is called here without 'lock' held
}
static void *consumer(void *arg) {
  finish_item();
  return arg;
}
// Positive: every caller released the lock before the call.
static void drop(void) { pthread_mutex_unlock(&lock); }
// CHECK: :[[@LINE-1]]:26: warning: 'lock' is unlocked here, but 'drop' does not lock it and no call of 'drop' holds it
// CHECK: :[[@LINE+5]]:3: note: 'drop' is called here without 'lock' held
void twice(void) {
  pthread_mutex_lock(&lock);
  ++items;
  pthread_mutex_unlock(&lock);
  drop();
  // CHECK: :[[@LINE-1]]:3: warning: 'lock' is unlocked here but is not held; it was already unlocked
  // CHECK: :[[@LINE-3]]:3: note: 'lock' was unlocked here
}

// Compliant twins: release wrappers whose callers hold the lock, that
// nobody in this file calls, or that are called where lockcheck cannot see.
void queue_unlock(void) { pthread_mutex_unlock(&lock); }
static void release_item(void) {
  --items;
  pthread_mutex_unlock(&lock);
}
static void *consumer_ok(void *arg) {
  pthread_mutex_lock(&lock);
  release_item();
  return arg;
}
static void unlock_cb(void *m) { pthread_mutex_unlock(m); }
void (*cleanup)(void *) = unlock_cb;

void start(void) {
  pthread_t t[2];
  pthread_create(&t[0], NULL, consumer, NULL);
  pthread_create(&t[1], NULL, consumer_ok, NULL);
  pthread_join(t[0], NULL);
  pthread_join(t[1], NULL);
}
