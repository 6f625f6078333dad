// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <thread>
#include <unistd.h>

std::mutex m, other;
std::condition_variable cv;
bool ready;
int counter;

void join_under_guard(std::thread &t) {
  std::lock_guard<std::mutex> g(m);
  t.join();
  // CHECK: :[[@LINE-1]]:5: warning: 'std::thread::join' may block while 'm' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-3]]:31: note: 'm' was locked here
}

void sleep_under_lock() {
  m.lock();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // CHECK: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' may block while 'm' is held
  // CHECK: :[[@LINE-3]]:5: note: 'm' was locked here
  m.unlock();
}

int future_under_two(std::future<int> &f, std::shared_future<int> &sf) {
  std::scoped_lock both(m, other);
  f.wait();
  // CHECK: :[[@LINE-1]]:5: warning: 'std::future::wait' may block while 'm' and 'other' are held; threads that need them block too
  // CHECK: :[[@LINE-3]]:20: note: 'm' was locked here
  // CHECK: :[[@LINE-4]]:20: note: 'other' was locked here
  return f.get() + sf.get();
  // CHECK: :[[@LINE-1]]:12: warning: 'std::future::get' may block while 'm' and 'other' are held
  // CHECK: :[[@LINE-7]]:20: note: 'm' was locked here
  // CHECK: :[[@LINE-8]]:20: note: 'other' was locked here
  // CHECK: :[[@LINE-4]]:23: warning: 'std::shared_future::get' may block while 'm' and 'other' are held
  // CHECK: :[[@LINE-10]]:20: note: 'm' was locked here
  // CHECK: :[[@LINE-11]]:20: note: 'other' was locked here
}

// Blocking I/O, on a member mutex.
class Reader {
public:
  long fill(int fd) {
    std::lock_guard<std::mutex> g(mu_);
    long n = ::read(fd, buf_, sizeof buf_);
    // CHECK: :[[@LINE-1]]:14: warning: 'read' may block while 'mu_' is held
    // CHECK: :[[@LINE-3]]:33: note: 'mu_' was locked here
    if (std::fgets(buf_, sizeof buf_, stdin) == nullptr)
      // CHECK: :[[@LINE-1]]:9: warning: 'fgets' may block while 'mu_' is held
      // CHECK: :[[@LINE-6]]:33: note: 'mu_' was locked here
      return -1;
    return n;
  }

private:
  std::mutex mu_;
  char buf_[64];
};

// A condition wait on another mutex than the one held.
void wait_holding_other() {
  std::lock_guard<std::mutex> outer(other);
  std::unique_lock<std::mutex> lk(m);
  while (!ready)
    cv.wait(lk);
  // CHECK: :[[@LINE-1]]:8: warning: this condition wait releases 'm' but not 'other', which is held while it sleeps; threads that need it block until it is notified
  // CHECK: :[[@LINE-5]]:31: note: 'other' was locked here
}

// Through a helper of the same translation unit.
void nap() { usleep(1000); }
void slow_step() { nap(); }
void helper_under_lock() {
  std::lock_guard<std::mutex> g(m);
  nap();
  // CHECK: :[[@LINE-1]]:3: warning: calling 'nap', which may block in 'usleep', while 'm' is held; threads that need it block too
  // CHECK: :[[@LINE-6]]:14: note: 'nap' calls 'usleep' here
  // CHECK: :[[@LINE-4]]:31: note: 'm' was locked here
  slow_step();
  // CHECK: :[[@LINE-1]]:3: warning: calling 'slow_step', which may block in 'usleep', while 'm' is held
  // CHECK: :[[@LINE-9]]:20: note: 'slow_step' blocks here, in a call that reaches 'usleep'
  // CHECK: :[[@LINE-8]]:31: note: 'm' was locked here
}

// Compliant twins.
void sleep_after_unlock() {
  m.lock();
  ++counter;
  m.unlock();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
}
void join_after_scope(std::thread &t) {
  {
    std::lock_guard<std::mutex> g(m);
    ++counter;
  }
  t.join();
}
void wait_on_held() {
  std::unique_lock<std::mutex> lk(m);
  while (!ready)
    cv.wait(lk); // releases m while it sleeps
}
void sleep_after_guard_unlock() {
  std::unique_lock<std::mutex> lk(m);
  ++counter;
  lk.unlock();
  sleep(1);
}
// The lock is held on some paths only: not reported (see the docs).
void maybe_held(bool b) {
  if (b)
    m.lock();
  sleep(1);
  if (b)
    m.unlock();
}
// A helper that releases its caller's lock around the sleep.
void pause_locked() {
  m.unlock();
  sleep(1);
  m.lock();
}
void calls_pause() {
  m.lock();
  pause_locked();
  m.unlock();
}
// A lambda defined under the lock runs later, elsewhere.
void lambda_under_lock() {
  std::lock_guard<std::mutex> g(m);
  auto later = [] { sleep(1); };
  (void)later;
}
// Not in the list: try_lock, notify, yield, future::wait_for (a poll).
void not_blocking(std::future<int> &f) {
  std::lock_guard<std::mutex> g(m);
  cv.notify_all();
  std::this_thread::yield();
  (void)f.wait_for(std::chrono::seconds(0));
}
