// A std::thread given a new thread while it may still be joinable: the move
// assignment calls std::terminate. Locals, and members through the member
// functions that start them. Joined, detached, tested with joinable() or
// never started before the assignment is fine.
// RUN: %check_both %s --opt=--checks=-*,lockcheck-unjoined-thread -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// The same on the real libstdc++ headers.
// RUN: %check_both %s --opt=--checks=-*,lockcheck-unjoined-thread -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <thread>

void work();

void restart_local() {
  std::thread t(work);
  t = std::thread(work);
  // CHECK: :[[@LINE-1]]:5: warning: thread 't' is assigned to while it is still joinable; std::thread's move assignment then calls std::terminate: join or detach it first, or use std::jthread [lockcheck-unjoined-thread]
  // CHECK: :[[@LINE-3]]:15: note: 't' was started here
  t.join();
}
// Twins: joined, detached, or tested before the assignment.
void restart_local_joined() {
  std::thread t(work);
  t.join();
  t = std::thread(work);
  t.join();
}
void restart_local_detached() {
  std::thread t(work);
  t.detach();
  t = std::thread(work);
  t.join();
}
void restart_local_tested(bool again) {
  std::thread t(work);
  if (again)
    t.join();
  if (t.joinable())
    t.join();
  t = std::thread(work);
  t.join();
}

// On some paths: started under a condition, or by the previous iteration.
void maybe_started(bool early) {
  std::thread t;
  if (early)
    t = std::thread(work);
  t = std::thread(work);
  // CHECK: :[[@LINE-1]]:5: warning: thread 't' is assigned to while it may still be joinable; std::thread's move assignment then calls std::terminate: join or detach it first, or use std::jthread
  // CHECK: :[[@LINE-3]]:5: note: 't' was started here
  t.join();
}
void in_loop(int n) {
  std::thread t;
  for (int i = 0; i < n; ++i)
    t = std::thread(work);
  // CHECK: :[[@LINE-1]]:7: warning: thread 't' is assigned to while it may still be joinable
  // CHECK: :[[@LINE-2]]:5: note: the thread this assignment started on an earlier iteration may still be running
  if (t.joinable())
    t.join();
}
// Twins: a default-constructed thread never started; joined each iteration.
void never_started() {
  std::thread t;
  t = std::thread(work);
  t.join();
}
void in_loop_joined(int n) {
  std::thread t;
  for (int i = 0; i < n; ++i) {
    t = std::thread(work);
    t.join();
  }
}

// Members.
class Worker {
public:
  Worker() = default;
  ~Worker() { stop(); }
  void start() { t_ = std::thread(&Worker::run, this); }
  void stop() {
    if (t_.joinable())
      t_.join();
  }
  // Through the member function that starts it.
  void restart() {
    start();
    t_ = std::thread(&Worker::run, this);
    // CHECK: :[[@LINE-1]]:8: warning: thread 't_' is assigned to while it may still be joinable
    // CHECK: :[[@LINE-3]]:5: note: 'start' is called here and may leave 't_' joinable
  }
  // Twin: stopped in between.
  void restart_fine() {
    start();
    stop();
    t_ = std::thread(&Worker::run, this);
  }
  // Twice in one member function.
  void twice() {
    t_ = std::thread(&Worker::run, this);
    t_ = std::thread(&Worker::run, this);
    // CHECK: :[[@LINE-1]]:8: warning: thread 't_' is assigned to while it is still joinable
    // CHECK: :[[@LINE-3]]:5: note: 't_' was started here
  }
  // Twin: joined in between.
  void twice_fine() {
    t_ = std::thread(&Worker::run, this);
    t_.join();
    t_ = std::thread(&Worker::run, this);
  }

private:
  void run();
  std::thread t_;
};

// A constructor: a member started by its initializer, or default-constructed.
class Started {
public:
  Started() : t_(work) {
    t_ = std::thread(work);
    // CHECK: :[[@LINE-1]]:8: warning: thread 't_' is assigned to while it is still joinable
    // CHECK: :[[@LINE-3]]:15: note: 't_' was started here
  }
  ~Started() { t_.join(); }

private:
  std::thread t_;
};
class StartedInBody {
public:
  StartedInBody() { t_ = std::thread(work); }
  ~StartedInBody() { t_.join(); }

private:
  std::thread t_;
};
