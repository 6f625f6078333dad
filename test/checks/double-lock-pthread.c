// C mutexes are recursive or not by their initialisation; one finding per
// double lock; initialising a mutex resets it.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --check-prefixes=CHECK,DEFAULT --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both --opt=--config="{Checks: '-*,lockcheck-*', CheckOptions: {RecursiveInitFunctions: 'project_recursive_init'}}" %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --check-prefixes=CHECK --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stddef.h>
#include <threads.h>

pthread_mutex_t plain = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t rec = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
pthread_mutex_t attr_rec, attr_plain, wrapped;
mtx_t c11_rec, c11_plain;
extern pthread_mutex_t unseen; // initialised in another file
struct conn {
  pthread_mutex_t lock;
  int n;
};
void project_recursive_init(pthread_mutex_t *m);

void init(struct conn *c) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&attr_rec, &a);
  pthread_mutex_init(&c->lock, &a);
  pthread_mutexattr_destroy(&a);
  pthread_mutex_init(&attr_plain, NULL);
  mtx_init(&c11_rec, mtx_plain | mtx_recursive);
  mtx_init(&c11_plain, mtx_plain);
  project_recursive_init(&wrapped);
}

// Known not recursive: reported once, however often it is locked again.
void plain_thrice(void) {
  pthread_mutex_lock(&plain);
  pthread_mutex_lock(&plain);
  // CHECK: :[[@LINE-1]]:3: warning: 'plain' is locked again while this thread already holds it; 'pthread_mutex_t' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'plain' was locked here
  pthread_mutex_lock(&plain);
  pthread_mutex_unlock(&plain);
}

void attr_plain_twice(void) {
  pthread_mutex_lock(&attr_plain);
  pthread_mutex_lock(&attr_plain);
  // CHECK: :[[@LINE-1]]:3: warning: 'attr_plain' is locked again while this thread already holds it; 'pthread_mutex_t' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'attr_plain' was locked here
  pthread_mutex_unlock(&attr_plain);
}

void c11_plain_twice(void) {
  mtx_lock(&c11_plain);
  mtx_lock(&c11_plain);
  // CHECK: :[[@LINE-1]]:3: warning: 'c11_plain' is locked again while this thread already holds it; 'mtx_t' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'c11_plain' was locked here
  mtx_unlock(&c11_plain);
}

// Never seen initialised: still a deadlock in all likelihood, but the
// message does not claim to know.
void unseen_twice(void) {
  pthread_mutex_lock(&unseen);
  pthread_mutex_lock(&unseen);
  // CHECK: :[[@LINE-1]]:3: warning: 'unseen' is locked again while this thread already holds it; this deadlocks unless 'unseen' was initialised recursive (lockcheck sees no initialisation of it) [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'unseen' was locked here
  pthread_mutex_unlock(&unseen);
  pthread_mutex_unlock(&unseen);
}

// A project's own recursive initialisation: known only through the option.
void wrapped_twice(void) {
  pthread_mutex_lock(&wrapped);
  pthread_mutex_lock(&wrapped);
  // DEFAULT: :[[@LINE-1]]:3: warning: 'wrapped' is locked again while this thread already holds it; this deadlocks unless 'wrapped' was initialised recursive (lockcheck sees no initialisation of it) [lockcheck-double-lock]
  // DEFAULT: :[[@LINE-3]]:3: note: 'wrapped' was locked here
  pthread_mutex_unlock(&wrapped);
  pthread_mutex_unlock(&wrapped);
}

// Compliant twins: recursive by initialisation.
void recursive_ok(struct conn *c) {
  pthread_mutex_lock(&rec);
  pthread_mutex_lock(&rec);
  pthread_mutex_unlock(&rec);
  pthread_mutex_unlock(&rec);
  pthread_mutex_lock(&attr_rec);
  pthread_mutex_lock(&attr_rec);
  pthread_mutex_unlock(&attr_rec);
  pthread_mutex_unlock(&attr_rec);
  pthread_mutex_lock(&c->lock);
  pthread_mutex_lock(&c->lock);
  c->n++;
  pthread_mutex_unlock(&c->lock);
  pthread_mutex_unlock(&c->lock);
  mtx_lock(&c11_rec);
  mtx_lock(&c11_rec);
  mtx_unlock(&c11_rec);
  mtx_unlock(&c11_rec);
}

// Initialising a mutex gives a fresh one, not held (the child of a fork).
void reinit_in_child(void) {
  pthread_mutex_lock(&plain);
  pthread_mutex_init(&plain, NULL);
  pthread_mutex_lock(&plain);
  pthread_mutex_unlock(&plain);
}
