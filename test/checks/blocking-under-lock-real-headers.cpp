// blocking-under-lock and wait-without-predicate on the real libstdc++ and
// glibc headers (libstdc++'s future::wait is __basic_future::wait; glibc's
// read may be a fortified inline wrapper).
// RUN: %check_both %s --fix-out=%t.cpp \
// RUN:   --opt=--checks=-*,lockcheck-blocking-under-lock,lockcheck-wait-without-predicate \
// RUN:   -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <pthread.h>
#include <thread>
#include <unistd.h>

std::mutex m, other;
std::condition_variable cv;
std::condition_variable_any cva;
bool ready;

void blocking(std::thread &t, std::future<int> &f, int fd, char *buf) {
  std::lock_guard<std::mutex> g(m);
  t.join();
  // CHECK: :[[@LINE-1]]:5: warning: 'std::thread::join' may block while 'm' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-3]]:31: note: 'm' was locked here
  f.wait();
  // CHECK: :[[@LINE-1]]:5: warning: 'std::future::wait' may block while 'm' is held
  // CHECK: :[[@LINE-6]]:31: note: 'm' was locked here
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' may block while 'm' is held
  // CHECK: :[[@LINE-9]]:31: note: 'm' was locked here
  (void)read(fd, buf, 1);
  // CHECK: :[[@LINE-1]]:9: warning: 'read' may block while 'm' is held
  // CHECK: :[[@LINE-12]]:31: note: 'm' was locked here
}

void wait_once() {
  std::unique_lock<std::mutex> lk(m);
  if (!ready)
    cv.wait(lk);
  // CHECK: :[[@LINE-1]]:8: warning: 'wait' on 'cv' is not in a loop that re-checks its condition and has no predicate; it can return on a spurious wake-up with the condition still false [lockcheck-wait-without-predicate]
  // CHECK: :[[@LINE-3]]:3: note: the condition is tested only once, here
  std::lock_guard<std::mutex> g(other);
  cva.wait(lk);
  // CHECK: :[[@LINE-1]]:7: warning: this condition wait releases 'm' but not 'other', which is held while it sleeps
  // CHECK: :[[@LINE-3]]:31: note: 'other' was locked here
  // CHECK: :[[@LINE-3]]:7: warning: 'wait' on 'cva' is not in a loop
}
// FIXED: void wait_once() {
// FIXED-NEXT: std::unique_lock<std::mutex> lk(m);
// FIXED-NEXT: cv.wait(lk, [&] { return ready; });

// Compliant twins.
void fine(std::thread &t) {
  {
    std::unique_lock<std::mutex> lk(m);
    cv.wait(lk, [] { return ready; });
    while (!ready)
      cv.wait_for(lk, std::chrono::milliseconds(1));
  }
  t.join();
}

void posix_fine(pthread_mutex_t *mu, pthread_cond_t *c) {
  pthread_mutex_lock(mu);
  while (!ready)
    pthread_cond_wait(c, mu);
  pthread_mutex_unlock(mu);
}
