// The fallback options for thread APIs inference cannot see (the functions
// are declared here, defined in another file): ThreadStartFunctions names
// functions that start a thread ('name': the first function-pointer
// parameter is the thread's function, the next one its argument, a pointer
// parameter before them the handle; 'name=F:A:H': 1-based positions, 0 for
// none) and ThreadJoinFunctions functions that join the thread whose
// handle is their first argument. Without them the file has no thread.
// RUN: %check_both --opt=--config="{Checks: '-*,lockcheck-*', CheckOptions: {ThreadStartFunctions: 'os_thread_start;os_spawn=3:4:1', ThreadJoinFunctions: 'os_thread_wait'}}" %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --check-prefix=OFF --allow-empty --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// OFF-NOT: warning:

#include <pthread.h>
#include <stddef.h>

typedef struct os_thread os_thread;
int os_thread_start(os_thread **t, void (*fn)(void *), void *arg);
int os_spawn(os_thread **t, int prio, void (*fn)(void *), void *arg);
int os_thread_wait(os_thread *t);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

// Two threads running the same function.
static long hits;
static void count(void *arg) {
  (void)arg;
  ++hits;
  // CHECK: :[[@LINE-1]]:5: warning: 'hits' is written by threads started at line [[#@LINE+6]] and line [[#@LINE+7]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+5]]:3: note: the thread started here runs 'count'
  // CHECK: :[[@LINE+5]]:3: note: the other thread is started here
}
void two_counters(void) {
  os_thread *a, *b;
  os_thread_start(&a, count, NULL);
  os_thread_start(&b, count, NULL);
  os_thread_wait(a);
  os_thread_wait(b);
}

// Twin: under a lock.
static long safe_hits;
static void count_locked(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  ++safe_hits;
  pthread_mutex_unlock(&lock);
}
void two_locked_counters(void) {
  os_thread *a, *b;
  os_thread_start(&a, count_locked, NULL);
  os_thread_start(&b, count_locked, NULL);
  os_thread_wait(a);
  os_thread_wait(b);
}

// The starting function writes while the thread runs...
static long early;
static void produce(void *arg) {
  (void)arg;
  early = 1;
  // CHECK: :[[@LINE-1]]:3: warning: 'early' is written by the thread started at line [[#@LINE+6]] and by 'write_before_wait' while it runs, without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+5]]:3: note: the thread started here runs 'produce'
  // CHECK: :[[@LINE+5]]:3: note: 'early' is also written here
}
void write_before_wait(void) {
  os_thread *t;
  os_thread_start(&t, produce, NULL);
  early = 2;
  os_thread_wait(t);
}

// Twin: ...or after the join.
static long late;
static void produce_late(void *arg) {
  (void)arg;
  late = 1;
}
void write_after_wait(void) {
  os_thread *t;
  os_thread_start(&t, produce_late, NULL);
  os_thread_wait(t);
  late = 2;
}

// Explicit positions: the argument is the data the threads write.
static long total;
static void add(void *arg) { *(long *)arg += 1; }
// CHECK: :[[@LINE-1]]:30: warning: 'total' is written by threads started at line [[#@LINE+5]] (in a loop) without a lock [lockcheck-unguarded-write]
// CHECK: :[[@LINE+4]]:5: note: the thread started here runs 'add'
void spawn_adders(void) {
  os_thread *t[4];
  for (int i = 0; i < 4; ++i)
    os_spawn(&t[i], 0, add, &total);
  for (int i = 0; i < 4; ++i)
    os_thread_wait(t[i]);
}
