// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

// Both engines see through a functional cast, `T(x)`, whatever its operand:
// a construction (`std::thread(f)`), but also a scalar conversion of a
// call's result or of a variable, which a branch then tests.

#include <mutex>
#include <pthread.h>
#include <thread>

std::mutex m;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
int counter;
void *worker(void *);
void work();

// The try-lock's result, converted, decides the branch: no leak.
void trylock_cast() {
  if (int(pthread_mutex_trylock(&pm)) != 0)
    return;
  ++counter;
  pthread_mutex_unlock(&pm);
}

void trylock_cast_result() {
  int rc = pthread_mutex_trylock(&pm);
  if (long(rc) != 0)
    return;
  ++counter;
  pthread_mutex_unlock(&pm);
}

void member_trylock_cast() {
  if (!bool(m.try_lock()))
    return;
  ++counter;
  m.unlock();
}

// The creation failed on the non-zero branch: nothing to join there.
void create_cast() {
  pthread_t t;
  if (int(pthread_create(&t, nullptr, worker, nullptr)) != 0)
    return;
  pthread_join(t, nullptr);
}

void create_cast_result() {
  pthread_t t;
  int rc = pthread_create(&t, nullptr, worker, nullptr);
  if (long(rc) != 0)
    return;
  pthread_join(t, nullptr);
}

// A thread constructed by a functional cast and never joined.
void thread_cast_leak() {
  std::thread t = std::thread(work);
  // CHECK: :[[@LINE-1]]:15: warning: thread 't' is neither joined nor detached before it goes out of scope{{.*}}[lockcheck-unjoined-thread]
}
// CHECK: :[[@LINE-1]]:1: note: 't' is destroyed here while joinable

// Positive twins: the success branch leaks.
void trylock_cast_leak() {
  if (int(pthread_mutex_trylock(&pm)) != 0)
    return;
  // CHECK: :[[@LINE-2]]:11: warning: 'pm' is acquired here but not released on every path out of 'trylock_cast_leak' [lockcheck-unreleased-lock]
  ++counter;
}
// CHECK: :[[@LINE-1]]:1: note: 'trylock_cast_leak' ends here with 'pm' held

void create_cast_leak() {
  pthread_t t;
  if (int(pthread_create(&t, nullptr, worker, nullptr)) != 0)
    // CHECK: :[[@LINE-1]]:11: warning: thread 't' created by pthread_create is neither joined nor detached before 'create_cast_leak' returns{{.*}}[lockcheck-unjoined-thread]
    return;
}
// CHECK: :[[@LINE-1]]:1: note: 'create_cast_leak' returns here without joining or detaching 't'
