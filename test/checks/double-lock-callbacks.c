// Re-entrant callbacks: a function pointer called while a mutex is held,
// when a function stored into it (assigned, initialised, registered through
// a parameter, or put in a table of operations) takes the same mutex.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t bus_lock = PTHREAD_MUTEX_INITIALIZER;
static int events;

typedef void (*handler_fn)(int);
static handler_fn on_event;

static void count_event(int e) {
  pthread_mutex_lock(&bus_lock);
  events += e;
  pthread_mutex_unlock(&bus_lock);
}
static void log_event(int e) { (void)e; }

void subscribe(handler_fn h) { on_event = h; }

void publish(int e) {
  pthread_mutex_lock(&bus_lock);
  ++events;
  if (on_event)
    on_event(e);
  // CHECK: :[[@LINE-1]]:5: warning: calling 'on_event' may run 'count_event', which locks 'bus_lock', which this thread already holds; 'pthread_mutex_t' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE+16]]:13: note: 'count_event' is stored into 'h' here
  // CHECK: :[[@LINE-15]]:3: note: 'count_event' locks it here
  // CHECK: :[[@LINE-7]]:3: note: 'bus_lock' was locked here
  pthread_mutex_unlock(&bus_lock);
}

// Compliant twin: the callback runs after the unlock.
void publish_after(int e) {
  pthread_mutex_lock(&bus_lock);
  ++events;
  pthread_mutex_unlock(&bus_lock);
  if (on_event)
    on_event(e);
}

void setup(void) {
  subscribe(count_event);
  subscribe(log_event);
}

// A table of operations.
struct ops {
  void (*flush)(void);
  void (*log)(void);
};
static pthread_mutex_t ops_lock;
static void flush_all(void) {
  pthread_mutex_lock(&ops_lock);
  ++events;
  pthread_mutex_unlock(&ops_lock);
}
static void log_nothing(void) {}
static const struct ops default_ops = {.flush = flush_all, .log = log_nothing};

void run_ops(const struct ops *o) {
  pthread_mutex_lock(&ops_lock);
  o->flush();
  // CHECK: :[[@LINE-1]]:3: warning: calling 'flush' may run 'flush_all', which locks 'ops_lock', which this thread already holds; this deadlocks unless 'ops_lock' was initialised recursive (lockcheck sees no initialisation of it) [lockcheck-double-lock]
  // CHECK: :[[@LINE-6]]:49: note: 'flush_all' is stored into 'flush' here
  // CHECK: :[[@LINE-12]]:3: note: 'flush_all' locks it here
  // CHECK: :[[@LINE-5]]:3: note: 'ops_lock' was locked here
  o->log(); // Compliant twin: what is stored into 'log' takes no lock.
  pthread_mutex_unlock(&ops_lock);
}

const struct ops *get_default_ops(void) { return &default_ops; }
