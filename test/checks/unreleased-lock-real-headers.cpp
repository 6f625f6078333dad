// The lock checks on the real libstdc++ and glibc headers.
// RUN: %check_both %s --fix-out=%t.cpp -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s

#include <condition_variable>
#include <mutex>
#include <pthread.h>
#include <shared_mutex>

std::mutex m;
std::shared_mutex sm;
std::condition_variable cv;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
int items;

void push(int n) {
  m.lock();
  // CHECK: :[[@LINE-1]]:5: warning: 'm' is acquired here but not released on every path out of 'push' [lockcheck-unreleased-lock]
  if (n < 0)
    return;
  // CHECK: :[[@LINE-1]]:5: note: 'push' returns here with 'm' held
  items += n;
  m.unlock();
}
// FIXED: std::scoped_lock lock(m);

void twice() {
  std::lock_guard<std::mutex> g(m);
  m.lock();
  // CHECK: :[[@LINE-1]]:5: warning: 'm' is locked again while this thread already holds it; 'std::mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
  // CHECK: :[[@LINE-3]]:31: note: 'm' was locked here
}

void temp() {
  std::lock_guard<std::mutex>{m};
  // CHECK: :[[@LINE-1]]:3: warning: this 'std::lock_guard<std::mutex>' is a temporary destroyed at the end of the statement
}
// FIXED: std::lock_guard<std::mutex> lock{m};

int c_leak(int x) {
  pthread_mutex_lock(&pm);
  // CHECK: :[[@LINE-1]]:3: warning: 'pm' is acquired here but not released on every path out of 'c_leak'
  if (x)
    return 1;
  // CHECK: :[[@LINE-1]]:5: note: 'c_leak' returns here with 'pm' held
  pthread_mutex_unlock(&pm);
  return 0;
}

// Compliant twins.
int pop() {
  std::unique_lock<std::mutex> lock(m);
  cv.wait(lock, [] { return items > 0; });
  return --items;
}

int read() {
  std::shared_lock<std::shared_mutex> r(sm);
  return items;
}

void both(std::mutex &a, std::mutex &b) {
  std::scoped_lock lock(a, b);
  ++items;
}

int c_ok(int x) {
  if (pthread_mutex_lock(&pm) != 0)
    return -1;
  items = x;
  pthread_mutex_unlock(&pm);
  return 0;
}

// Standard calls documented to throw, on the real headers: one note per line.
#include <string>
#include <vector>
std::mutex table_mutex;
int lookup(const std::string &s, std::vector<int> &v) {
  table_mutex.lock();
  // CHECK: :[[@LINE-1]]:15: warning: 'table_mutex' is acquired here but not released on every path out of 'lookup' [lockcheck-unreleased-lock]
  int x = std::stoi(s) + v.at(1);
  // CHECK: :[[@LINE-1]]:11: note: if 'stoi' throws here, 'table_mutex' is never released
  // CHECK: :[[@LINE-4]]:15: note: a std::unique_lock<std::mutex> would release it on every path
  table_mutex.unlock();
  return x;
}
int lookup_unchecked(const std::string &s, std::vector<int> &v) {
  table_mutex.lock();
  int x = v[1] + (int)s.size() + (int)std::to_string(v[0]).size();
  table_mutex.unlock();
  return x;
}
