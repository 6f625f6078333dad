// The C++ forms: a pthread lock whose result is kept or tested, and
// brace-less bodies with std::mutex member calls, behave as in C; a second
// acquisition of a std::mutex is one finding however often it repeats.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <cstdlib>
#include <mutex>
#include <pthread.h>

pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
std::mutex m;
int shared;
int work();

int kept_leak() {
  int rc = pthread_mutex_lock(&pm);
  // CHECK: :[[@LINE-1]]:12: warning: 'pm' is acquired here but not released on every path out of 'kept_leak' [lockcheck-unreleased-lock]
  if (work() < 0)
    return -1;
  // CHECK: :[[@LINE-1]]:5: note: 'kept_leak' returns here with 'pm' held
  pthread_mutex_unlock(&pm);
  return rc;
}

void braceless_leak(bool c) {
  if (c)
    m.lock();
  // CHECK: :[[@LINE-1]]:7: warning: 'm' is acquired here but not released on every path out of 'braceless_leak' [lockcheck-unreleased-lock]
  if (work() < 0)
    return;
  // CHECK: :[[@LINE-1]]:5: note: 'braceless_leak' returns here with 'm' held
  if (c)
    m.unlock();
}
// CHECK: :[[@LINE-8]]:7: note: a std::unique_lock<std::mutex> would release it on every path

void locked_thrice() {
  m.lock();
  m.lock();
  // CHECK: :[[@LINE-1]]:5: warning: 'm' is locked again while this thread already holds it; 'std::mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:5: note: 'm' was locked here
  m.lock();
  m.unlock();
}

// Compliant twins.
int checked() {
  if (int rc = pthread_mutex_lock(&pm); rc != 0)
    return rc;
  ++shared;
  pthread_mutex_unlock(&pm);
  return 0;
}
void checked_abort() {
  if (pthread_mutex_lock(&pm) != 0)
    std::abort();
  ++shared;
  pthread_mutex_unlock(&pm);
}
void braceless_pair(bool c) {
  if (c)
    m.lock();
  ++shared;
  if (c)
    m.unlock();
}
