// A call of a function that blocks, made holding a lock that a callback the
// caller registered before the call releases without ever taking it
// (libuv's test-async.c: the test locks `mutex`, registers `prepare_cb`
// with `uv_prepare_start`, and runs `uv_run`, which calls `prepare_cb`,
// which unlocks `mutex`, before it waits): the lock may be free where the
// callee blocks, so the call is not reported under it. Still reported: a
// callback that does not release the lock, one registered after the call,
// and a blocking API of the system itself (it calls no callback).
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=gnu11 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <poll.h>
#include <pthread.h>
#include <stddef.h>

typedef void (*loop_cb)(void);
static loop_cb prepare_cbs[4];
static int nprepare;

// Registers a callback the loop calls (libuv's uv_prepare_start).
void loop_prepare(loop_cb cb) { prepare_cbs[nprepare++] = cb; }

// Calls the callbacks, then waits for events (libuv's uv_run).
void loop_run(void) {
  for (int i = 0; i < nprepare; ++i)
    prepare_cbs[i]();
  poll(NULL, 0, 1000);
}

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static int prepared;

// Releases the mutex its registrar holds, the first time it runs.
static void release_cb(void) {
  if (prepared++)
    return;
  pthread_mutex_unlock(&mutex);
}

// Compliant: release_cb gives the mutex up inside loop_run.
void run_released(void) {
  pthread_mutex_lock(&mutex);
  loop_prepare(release_cb);
  loop_run();
}

// Non-compliant twin: the callback does not release the mutex.
static void count_cb(void) { prepared++; }
void run_held(void) {
  pthread_mutex_lock(&mutex);
  loop_prepare(count_cb);
  loop_run();
  // CHECK: :[[@LINE-1]]:3: warning: calling 'loop_run', which may block in 'poll', while 'mutex' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-27]]:3: note: 'loop_run' calls 'poll' here
  // CHECK: :[[@LINE-5]]:3: note: 'mutex' was locked here
  pthread_mutex_unlock(&mutex);
}

// Non-compliant: registered after the loop ran.
void run_registered_late(void) {
  pthread_mutex_lock(&mutex);
  loop_run();
  // CHECK: :[[@LINE-1]]:3: warning: calling 'loop_run', which may block in 'poll', while 'mutex' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-37]]:3: note: 'loop_run' calls 'poll' here
  // CHECK: :[[@LINE-4]]:3: note: 'mutex' was locked here
  loop_prepare(release_cb);
}

// Non-compliant: poll calls no callback.
void poll_after_register(void) {
  pthread_mutex_lock(&mutex);
  loop_prepare(release_cb);
  poll(NULL, 0, 1000);
  // CHECK: :[[@LINE-1]]:3: warning: 'poll' may block while 'mutex' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-4]]:3: note: 'mutex' was locked here
}
