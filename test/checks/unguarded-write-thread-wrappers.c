// Thread-start wrappers, inferred without configuration: a function that
// passes its parameter as a thread's start routine starts a thread at each
// of its calls (its argument and handle parameters mapped), also through a
// wrapper of a wrapper, or through a local holding the parameter (a
// variable, or a union member read after another member was set to it, as
// libuv's uv_thread_create_ex does); a function that joins or detaches its
// parameter joins or detaches at its calls.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c11 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stddef.h>

typedef void *(*thread_fn)(void *);

int thread_create(pthread_t *t, thread_fn fn, void *arg) {
  return pthread_create(t, NULL, fn, arg);
}
int thread_join(pthread_t t) { return pthread_join(t, NULL); }

void spawn_detached(thread_fn fn, void *arg) {
  pthread_t t;
  if (thread_create(&t, fn, arg) == 0)
    pthread_detach(t);
}

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

long total;
void *add(void *arg) {
  total += *(int *)arg;
  // CHECK: :[[@LINE-1]]:3: warning: 'total' is written by threads started at line [[#@LINE+18]] and line [[#@LINE+19]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+17]]:3: note: the thread started here runs 'add'
  // CHECK: :[[@LINE-17]]:10: note: the thread is created here, in thread-start wrapper 'thread_create'
  // CHECK: :[[@LINE+16]]:3: note: the other thread is started here
  return NULL;
}

long total_twin;
void *add_locked(void *arg) {
  pthread_mutex_lock(&lock);
  total_twin += *(int *)arg;
  pthread_mutex_unlock(&lock);
  return NULL;
}

void sum(void) {
  int one = 1;
  pthread_t a, b, c, d;
  thread_create(&a, add, &one);
  thread_create(&b, add, &one);
  thread_create(&c, add_locked, &one);
  thread_create(&d, add_locked, &one);
  thread_join(a);
  thread_join(b);
  thread_join(c);
  thread_join(d);
  total = 0;      // after the joins
  total_twin = 0; // after the joins
}

// Through the counter handed by pointer, and a wrapper of the wrapper.
void *count(void *arg) {
  (*(long *)arg)++;
  // CHECK: :[[@LINE-1]]:4: warning: 'hits' is written by threads started at line [[#@LINE+9]] and line [[#@LINE+10]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+8]]:3: note: the thread started here runs 'count'
  // CHECK: :[[@LINE-50]]:10: note: the thread is created here, in thread-start wrapper 'thread_create'
  // CHECK: :[[@LINE+7]]:3: note: the other thread is started here
  return NULL;
}

void fire(void) {
  static long hits;
  spawn_detached(count, &hits);
  spawn_detached(count, &hits);
}

// Compliant: each thread is joined before the next starts.
long steps;
void *step(void *arg) {
  (void)arg;
  steps++;
  return NULL;
}

void run_in_turn(void) {
  pthread_t t;
  thread_create(&t, step, NULL);
  thread_join(t);
  thread_create(&t, step, NULL);
  thread_join(t);
}

// Through a local union, as libuv's uv_thread_create_ex squelches a
// function cast (`f.in = entry; pthread_create(tid, attr, f.out, arg)`), and
// the wrapper of it; through a local function pointer.
typedef void (*entry_fn)(void *);

int uvthread_create_ex(pthread_t *tid, int flags, entry_fn entry, void *arg) {
  union {
    entry_fn in;
    thread_fn out;
  } f;
  (void)flags;
  f.in = entry;
  return pthread_create(tid, NULL, f.out, arg);
}
int uvthread_create(pthread_t *tid, entry_fn entry, void *arg) {
  return uvthread_create_ex(tid, 0, entry, arg);
}

int start_renamed(pthread_t *tid, thread_fn fn, void *arg) {
  thread_fn run = fn;
  return pthread_create(tid, NULL, run, arg);
}

long polls;
void poll_once(void *arg) {
  (void)arg;
  polls++;
  // CHECK: :[[@LINE-1]]:3: warning: 'polls' is written by threads started at line [[#@LINE+8]] and line [[#@LINE+9]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+7]]:3: note: the thread started here runs 'poll_once'
  // CHECK: :[[@LINE-17]]:10: note: the thread is created here, in thread-start wrapper 'uvthread_create_ex'
  // CHECK: :[[@LINE+6]]:3: note: the other thread is started here
}

void poll_twice(void) {
  pthread_t a, b;
  uvthread_create(&a, poll_once, NULL);
  uvthread_create_ex(&b, 0, poll_once, NULL);
  thread_join(a);
  thread_join(b);
}

long renames;
void *rename_once(void *arg) {
  (void)arg;
  renames++;
  // CHECK: :[[@LINE-1]]:3: warning: 'renames' is written by threads started at line [[#@LINE+9]] and line [[#@LINE+10]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+8]]:3: note: the thread started here runs 'rename_once'
  // CHECK: :[[@LINE-27]]:10: note: the thread is created here, in thread-start wrapper 'start_renamed'
  // CHECK: :[[@LINE+7]]:3: note: the other thread is started here
  return NULL;
}

void rename_twice(void) {
  pthread_t a, b;
  start_renamed(&a, rename_once, NULL);
  start_renamed(&b, rename_once, NULL);
  thread_join(a);
  thread_join(b);
}

// Compliant: not wrappers. The union holds a function of the wrapper's own,
// or is set to one after the parameter; the local is set to another
// function after the parameter. Their threads run 'idle', not what the
// callers pass.
void idle(void *arg) { (void)arg; }
void *idle_ptr(void *arg) { return arg; }

int start_idle(pthread_t *tid, entry_fn entry, void *arg) {
  union {
    entry_fn in;
    thread_fn out;
  } f;
  (void)entry;
  f.in = idle;
  return pthread_create(tid, NULL, f.out, arg);
}

int start_idle_after(pthread_t *tid, entry_fn entry, void *arg) {
  union {
    entry_fn in;
    thread_fn out;
  } f;
  f.in = entry;
  f.in = idle;
  return pthread_create(tid, NULL, f.out, arg);
}

int start_idle_renamed(pthread_t *tid, thread_fn fn, void *arg) {
  thread_fn run = fn;
  run = idle_ptr;
  return pthread_create(tid, NULL, run, arg);
}

long logged;
void log_once(void *arg) {
  (void)arg;
  logged++;
}
void *log_once_ptr(void *arg) {
  logged++;
  return arg;
}

void log_twice(void) {
  pthread_t a, b, c, d;
  start_idle(&a, log_once, NULL);
  start_idle_after(&b, log_once, NULL);
  start_idle_renamed(&c, log_once_ptr, NULL);
  start_idle_renamed(&d, log_once_ptr, NULL);
  thread_join(a);
  thread_join(b);
  thread_join(c);
  thread_join(d);
}

int main(void) {
  sum();
  fire();
  run_in_turn();
  poll_twice();
  rename_twice();
  log_twice();
  return 0;
}
