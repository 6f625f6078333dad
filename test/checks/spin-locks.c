// Spin locks made of an atomic flag: a loop that spins on a test-and-set
// until it succeeds takes a lock named by the flag, and the flag's clear
// releases it, for every check. A test-and-set that no loop spins on tests
// a flag (a once-flag): it takes no lock.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// Clang's own <stdatomic.h>, whose operations are macros over builtins.
// RUN: %check_both %s -- -std=c11 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stdatomic.h>

// C11 atomic_flag: `busy` guards `counter`.
atomic_flag busy = ATOMIC_FLAG_INIT;
int counter;

void *add(void *arg) {
  while (atomic_flag_test_and_set(&busy))
    ;
  counter++;
  atomic_flag_clear(&busy);
  return arg;
}

void *sub(void *arg) {
  while (atomic_flag_test_and_set_explicit(&busy, memory_order_acquire)) {
  }
  counter--;
  atomic_flag_clear_explicit(&busy, memory_order_release);
  return arg;
}

void *reset(void *arg) {
  counter = 0;
  // CHECK: :[[@LINE-1]]:3: warning: 'counter' is written without holding 'busy'; it is guarded by 'busy' at 2 other accesses [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+9]]:3: note: the thread started here runs 'reset'
  // CHECK: :[[@LINE-17]]:3: note: 'counter' is written here holding 'busy'
  return arg;
}

void start_counter(void) {
  pthread_t a, b, c;
  pthread_create(&a, 0, add, 0);
  pthread_create(&b, 0, sub, 0);
  pthread_create(&c, 0, reset, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_join(c, 0);
}

// Compliant twin: every write holds the spin lock (a do-while spin too).
atomic_flag ok_busy = ATOMIC_FLAG_INIT;
int ok_counter;

void *ok_add(void *arg) {
  while (atomic_flag_test_and_set(&ok_busy))
    ;
  ok_counter++;
  atomic_flag_clear(&ok_busy);
  return arg;
}

void *ok_reset(void *arg) {
  do {
  } while (atomic_flag_test_and_set(&ok_busy));
  ok_counter = 0;
  atomic_flag_clear(&ok_busy);
  return arg;
}

void start_ok_counter(void) {
  pthread_t a, b;
  pthread_create(&a, 0, ok_add, 0);
  pthread_create(&b, 0, ok_reset, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
}

// The GCC builtins: `word` guards `total`.
int word;
int total;

void *by_test_and_set(void *arg) {
  while (__atomic_test_and_set(&word, __ATOMIC_ACQUIRE))
    ;
  total += 1;
  __atomic_clear(&word, __ATOMIC_RELEASE);
  return arg;
}

void *by_sync_lock(void *arg) {
  while (__sync_lock_test_and_set(&word, 1))
    ;
  total += 2;
  __sync_lock_release(&word);
  return arg;
}

void *by_compare_and_swap(void *arg) {
  while (!__sync_bool_compare_and_swap(&word, 0, 1))
    ;
  total += 3;
  __sync_lock_release(&word);
  return arg;
}

void *clear_total(void *arg) {
  total = 0;
  // CHECK: :[[@LINE-1]]:3: warning: 'total' is written without holding 'word'; it is guarded by 'word' at 3 other accesses [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+10]]:3: note: the thread started here runs 'clear_total'
  // CHECK: :[[@LINE-25]]:3: note: 'total' is written here holding 'word'
  return arg;
}

void start_total(void) {
  pthread_t t[4];
  pthread_create(&t[0], 0, by_test_and_set, 0);
  pthread_create(&t[1], 0, by_sync_lock, 0);
  pthread_create(&t[2], 0, by_compare_and_swap, 0);
  pthread_create(&t[3], 0, clear_total, 0);
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], 0);
}

// Compliant: an exchange of 1 on an atomic int, released by storing 0,
// guards every write of `xtotal` (else the threads would race on it).
atomic_int xlock;
int xtotal;

void *by_exchange(void *arg) {
  while (atomic_exchange(&xlock, 1) != 0)
    ;
  xtotal += 4;
  atomic_store(&xlock, 0);
  return arg;
}

void start_xtotal(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, by_exchange, 0);
  for (int i = 0; i < 2; ++i)
    pthread_join(t[i], 0);
}

// Not a loop: a test-and-set whose result nothing tests takes no lock,
// and the threads race on `hits`.
atomic_flag no_spin = ATOMIC_FLAG_INIT;
int hits;

void *hit(void *arg) {
  atomic_flag_test_and_set(&no_spin);
  hits++;
  // CHECK: :[[@LINE-1]]:3: warning: 'hits' is written by threads started at line [[#@LINE+9]] (in a loop) without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+8]]:5: note: the thread started here runs 'hit'
  atomic_flag_clear(&no_spin);
  return arg;
}

void start_hits(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, hit, 0);
  for (int i = 0; i < 2; ++i)
    pthread_join(t[i], 0);
}

// Compliant twin: the same with the loop.
atomic_flag ok_spin = ATOMIC_FLAG_INIT;
int ok_hits;

void *ok_hit(void *arg) {
  while (atomic_flag_test_and_set(&ok_spin))
    ;
  ok_hits++;
  atomic_flag_clear(&ok_spin);
  return arg;
}

void start_ok_hits(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, ok_hit, 0);
  for (int i = 0; i < 2; ++i)
    pthread_join(t[i], 0);
}

// A once-flag is no lock: the return after the test holds nothing, and
// the clear that re-arms it releases nothing anyone holds, silently.
atomic_flag warned = ATOMIC_FLAG_INIT;

int warn_once(void) {
  if (atomic_flag_test_and_set(&warned))
    return 0;
  return 1;
}

void rearm(void) { atomic_flag_clear(&warned); }

int main(void) {
  rearm();
  return warn_once();
}

// The lock checks see the spin lock: a path that keeps it, a second clear,
// a second spin on it (which spins for ever), an order with a mutex.
int leave_held(int c) {
  while (atomic_flag_test_and_set(&busy))
  // CHECK: :[[@LINE-1]]:10: warning: 'busy' is acquired here but not released on every path out of 'leave_held' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE+3]]:5: note: 'leave_held' returns here with 'busy' held
    ;
  if (c)
    return -1;
  atomic_flag_clear(&busy);
  return 0;
}

void clear_twice(void) {
  while (atomic_flag_test_and_set(&busy))
    ;
  atomic_flag_clear(&busy);
  atomic_flag_clear(&busy);
  // CHECK: :[[@LINE-1]]:3: warning: 'busy' is unlocked here but is not held; it was already unlocked [lockcheck-unlock-unheld]
  // CHECK: :[[@LINE-3]]:3: note: 'busy' was unlocked here
}

void spin_twice(void) {
  while (atomic_flag_test_and_set(&busy))
    ;
  while (atomic_flag_test_and_set(&busy))
    ;
  // CHECK: :[[@LINE-2]]:10: warning: 'busy' is locked again while this thread already holds it; 'atomic_flag' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-5]]:10: note: 'busy' was locked here
  atomic_flag_clear(&busy);
}

// Taken in opposite orders with a mutex by two threads: a deadlock.
pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

void *spin_then_mutex(void *arg) {
  while (atomic_flag_test_and_set(&busy))
    ;
  pthread_mutex_lock(&table_lock);
  // CHECK: :[[@LINE-1]]:3: warning: 'busy' and 'table_lock' are acquired in opposite orders on paths that can run in different threads; this can deadlock [lockcheck-lock-order]
  // CHECK: :[[@LINE-2]]:3: note: 'busy' then 'table_lock' here (in thread started at spin-locks.c:[[@LINE+18]])
  // CHECK: :[[@LINE+8]]:10: note: 'table_lock' then 'busy' here (in thread started at spin-locks.c:[[@LINE+18]])
  pthread_mutex_unlock(&table_lock);
  atomic_flag_clear(&busy);
  return arg;
}

void *mutex_then_spin(void *arg) {
  pthread_mutex_lock(&table_lock);
  while (atomic_flag_test_and_set(&busy))
    ;
  atomic_flag_clear(&busy);
  pthread_mutex_unlock(&table_lock);
  return arg;
}

void start_order(void) {
  pthread_t a, b;
  pthread_create(&a, 0, spin_then_mutex, 0);
  pthread_create(&b, 0, mutex_then_spin, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
}

// Compliant twin: both threads take the spin lock first.
pthread_mutex_t ok_table_lock = PTHREAD_MUTEX_INITIALIZER;

void *ok_spin_then_mutex(void *arg) {
  while (atomic_flag_test_and_set(&ok_busy))
    ;
  pthread_mutex_lock(&ok_table_lock);
  pthread_mutex_unlock(&ok_table_lock);
  atomic_flag_clear(&ok_busy);
  return arg;
}

void start_ok_order(void) {
  pthread_t a, b;
  pthread_create(&a, 0, ok_spin_then_mutex, 0);
  pthread_create(&b, 0, ok_spin_then_mutex, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
}

// Compliant twin: released on every path, once.
int release_on_every_path(int c) {
  while (atomic_flag_test_and_set(&busy))
    ;
  if (c) {
    atomic_flag_clear(&busy);
    return -1;
  }
  atomic_flag_clear(&busy);
  return 0;
}
