// Joining a thread while holding a mutex: not reported when the joined
// thread never takes that mutex in the code lockcheck sees; reported as a
// deadlock when it does; reported as before when lockcheck cannot tell which
// thread is joined or what it runs.
// RUN: %check_both %s --opt=--checks=-*,lockcheck-blocking-under-lock -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <mutex>
#include <thread>

std::mutex m, stats_mutex;
int counter, stats;

void count() {
  std::lock_guard<std::mutex> g(m);
  ++counter;
}
void count_through_helper() { count(); }
void other_work() {
  std::lock_guard<std::mutex> g(stats_mutex);
  ++stats;
}
void external_work(); // not visible

// The thread takes m: a deadlock if it has not got past it yet.
void join_thread_that_locks() {
  std::thread t(count_through_helper);
  std::lock_guard<std::mutex> g(m);
  t.join();
  // CHECK: :[[@LINE-1]]:5: warning: 'std::thread::join' waits for a thread that locks 'm' while this thread holds it; a deadlock if the joined thread has not got past that lock yet [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-16]]:31: note: the joined thread locks 'm' here, in 'count'
  // CHECK: :[[@LINE-4]]:31: note: 'm' was locked here
}

// The thread never takes m: not reported.
void join_thread_that_does_not_lock() {
  std::thread t(other_work);
  std::lock_guard<std::mutex> g(m);
  t.join();
}

void join_lambda_thread() {
  std::thread t([] { ++stats; });
  std::lock_guard<std::mutex> g(m);
  t.join();
}

// What the thread runs cannot be seen: reported as before.
void join_unknown_callee() {
  std::thread t(external_work);
  std::lock_guard<std::mutex> g(m);
  t.join();
  // CHECK: :[[@LINE-1]]:5: warning: 'std::thread::join' may block while 'm' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-3]]:31: note: 'm' was locked here
}

// Which thread is joined cannot be told: reported as before.
void join_parameter(std::thread &t) {
  std::lock_guard<std::mutex> g(m);
  t.join();
  // CHECK: :[[@LINE-1]]:5: warning: 'std::thread::join' may block while 'm' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-3]]:31: note: 'm' was locked here
}

// A member thread joined under the member mutex it takes.
class Worker {
public:
  void start() { thread_ = std::thread(&Worker::run, this); }
  void stop() {
    std::lock_guard<std::mutex> g(mu_);
    thread_.join();
    // CHECK: :[[@LINE-1]]:13: warning: 'std::thread::join' waits for a thread that locks 'mu_' while this thread holds it; a deadlock if the joined thread has not got past that lock yet [lockcheck-blocking-under-lock]
    // CHECK: :[[@LINE+6]]:33: note: the joined thread locks 'mu_' here, in 'run'
    // CHECK: :[[@LINE-4]]:33: note: 'mu_' was locked here
  }

private:
  void run() {
    std::lock_guard<std::mutex> g(mu_);
    ++n_;
  }
  std::thread thread_;
  std::mutex mu_;
  int n_ = 0;
};

// A member thread that never takes the mutex held at the join.
class Quiet {
public:
  void start() { thread_ = std::thread(&Quiet::run, this); }
  void stop() {
    std::lock_guard<std::mutex> g(mu_);
    thread_.join();
  }

private:
  void run() { ++n_; }
  std::thread thread_;
  std::mutex mu_;
  int n_ = 0;
};

// The thread is handed a mutex and locks it: it may be m.
void lock_param(std::mutex *mu) {
  mu->lock();
  mu->unlock();
}
void join_thread_given_a_mutex() {
  std::thread t(lock_param, &stats_mutex);
  std::lock_guard<std::mutex> g(m);
  t.join();
  // CHECK: :[[@LINE-1]]:5: warning: 'std::thread::join' may block while 'm' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-3]]:31: note: 'm' was locked here
}
