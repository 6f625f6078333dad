// A condition wait on the mutex that is held releases it while it sleeps: it
// is never "blocking under" that mutex, whatever the form of the wait, and
// whether it is made in the function that locked or in a helper of the same
// translation unit called with the mutex held (the helper waits on the
// caller's mutex, passed as a parameter or reached through `this`). A wait
// that keeps another mutex held is still reported.
// RUN: %check_both %s --opt=--checks=-*,lockcheck-blocking-under-lock -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// A project wait wrapper listed as blocking is judged like a standard wait.
// RUN: %check_both %s --opt=--config="{Checks: '-*,lockcheck-blocking-under-lock', CheckOptions: {lockcheck-blocking-under-lock.BlockingFunctions: 'std::thread::join;CondVar::Wait'}}" -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=WRAP --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <pthread.h>

std::mutex m, other;
std::condition_variable cv;
std::condition_variable_any cva;
bool ready;

void std_waits() {
  std::unique_lock<std::mutex> lk(m);
  cv.wait(lk);
  cv.wait(lk, [] { return ready; });
  cv.wait_for(lk, std::chrono::milliseconds(10));
  cv.wait_for(lk, std::chrono::milliseconds(10), [] { return ready; });
  cv.wait_until(lk, std::chrono::steady_clock::now());
  cv.wait_until(lk, std::chrono::steady_clock::now(), [] { return ready; });
}

void any_waits() {
  m.lock();
  cva.wait(m, [] { return ready; });
  cva.wait_for(m, std::chrono::milliseconds(10), [] { return ready; });
  m.unlock();
  std::unique_lock<std::mutex> lk(m);
  cva.wait(lk, [] { return ready; });
  cva.wait_until(lk, std::chrono::steady_clock::now(), [] { return ready; });
}

pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t pc = PTHREAD_COND_INITIALIZER;

void posix_waits(const struct timespec *deadline) {
  pthread_mutex_lock(&pm);
  while (!ready)
    pthread_cond_wait(&pc, &pm);
  while (!ready)
    pthread_cond_timedwait(&pc, &pm, deadline);
  pthread_mutex_unlock(&pm);
}

// Helpers that wait on the caller's mutex.
void wait_on(std::unique_lock<std::mutex> &lk) {
  cv.wait(lk, [] { return ready; });
}
void wait_on_mutex(pthread_mutex_t *mu) {
  while (!ready)
    pthread_cond_wait(&pc, mu);
}

void calls_helpers() {
  std::unique_lock<std::mutex> lk(m);
  wait_on(lk);
  pthread_mutex_lock(&pm);
  wait_on_mutex(&pm);
  pthread_mutex_unlock(&pm);
}

class Queue {
public:
  void pop() {
    std::unique_lock<std::mutex> lk(mu_);
    waitReady(lk);
    waitReadyMember();
  }

private:
  void waitReady(std::unique_lock<std::mutex> &lk) {
    cv_.wait(lk, [this] { return ready_; });
  }
  // Called with mu_ held.
  void waitReadyMember() {
    std::unique_lock<std::mutex> lk(mu_, std::adopt_lock);
    cv_.wait(lk, [this] { return ready_; });
    lk.release();
  }
  std::mutex mu_;
  std::condition_variable cv_;
  bool ready_ = false;
};

// Another mutex stays held: reported, directly and through a helper.
void wait_holding_other() {
  std::lock_guard<std::mutex> outer(other);
  std::unique_lock<std::mutex> lk(m);
  cv.wait(lk, [] { return ready; });
  // CHECK: :[[@LINE-1]]:6: warning: this condition wait releases 'm' but not 'other', which is held while it sleeps; threads that need it block until it is notified [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-4]]:31: note: 'other' was locked here
  // WRAP: :[[@LINE-3]]:6: warning: this condition wait releases 'm' but not 'other', which is held while it sleeps; threads that need it block until it is notified [lockcheck-blocking-under-lock]
  // WRAP: :[[@LINE-6]]:31: note: 'other' was locked here
}

// A project wait wrapper that takes the mutex it releases.
struct CondVar {
  void Wait(std::mutex &mu);
};
CondVar wrapped;

void wrapper_wait() {
  std::lock_guard<std::mutex> g(m);
  wrapped.Wait(m);
}

void wrapper_wait_holding_other() {
  std::lock_guard<std::mutex> outer(other);
  std::lock_guard<std::mutex> g(m);
  wrapped.Wait(m);
  // WRAP: :[[@LINE-1]]:11: warning: 'CondVar::Wait' may block while 'other' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // WRAP: :[[@LINE-4]]:31: note: 'other' was locked here
}
