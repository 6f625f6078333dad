// A class that owns a std::thread must join or detach it in some member
// function: destroying it while the thread runs calls std::terminate.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <thread>
#include <vector>

// The guides' thread subclass with run(), never joined.
class Worker {
public:
  void start() { thread_ = std::thread(&Worker::run, this); }
  ~Worker() {}

private:
  void run() {}
  std::thread thread_;
  // CHECK: :[[@LINE-1]]:15: warning: thread member 'thread_' of 'Worker' is started but no member function joins or detaches it; destroying a 'Worker' whose thread was started calls std::terminate [lockcheck-unjoined-thread]
  // CHECK: :[[@LINE-7]]:18: note: 'thread_' is started here, in 'start'
  // CHECK: :[[@LINE-7]]:3: note: the destructor does not join 'thread_'
};

class Pool {
public:
  explicit Pool(int n) {
    for (int i = 0; i < n; ++i)
      threads_.emplace_back(&Pool::loop, this);
  }

private:
  void loop() {}
  std::vector<std::thread> threads_;
  // CHECK: :[[@LINE-1]]:28: warning: threads in member 'threads_' of 'Pool' are started but no member function joins or detaches them; destroying a 'Pool' with running threads calls std::terminate [lockcheck-unjoined-thread]
  // CHECK: :[[@LINE-7]]:7: note: 'threads_' is started here, in 'Pool'
};

class StartedInInit {
  std::thread t_;
  // CHECK: :[[@LINE-1]]:15: warning: thread member 't_' of 'StartedInInit' is started but no member function joins or detaches it
  void run() {}

public:
  StartedInInit() : t_(&StartedInInit::run, this) {}
  // CHECK: :[[@LINE-1]]:21: note: 't_' is started here, in 'StartedInInit'
};

// Compliant twins.
class JoiningWorker {
public:
  void start() { thread_ = std::thread(&JoiningWorker::run, this); }
  ~JoiningWorker() {
    if (thread_.joinable())
      thread_.join();
  }

private:
  void run() {}
  std::thread thread_;
};

class StopJoins {
public:
  StopJoins() : t_([] {}) {}
  void stop() { t_.join(); } // not the destructor, but a member function
private:
  std::thread t_;
};

class PoolJoins {
public:
  explicit PoolJoins(int n) {
    for (int i = 0; i < n; ++i)
      threads_.emplace_back([] {});
  }
  ~PoolJoins() {
    for (auto &t : threads_)
      t.join();
  }

private:
  std::vector<std::thread> threads_;
};

class NeverStarted {
  std::thread t_;
};

class Detaches {
public:
  void start() {
    t_ = std::thread([] {});
    t_.detach();
  }

private:
  std::thread t_;
};

// A member function defined in another file might join: not reported.
class DefinedElsewhere {
public:
  void start() { t_ = std::thread([] {}); }
  void stop();

private:
  std::thread t_;
};

// Public members can be joined by anyone: not reported.
struct Open {
  void start() { t = std::thread([] {}); }
  std::thread t;
};

// A nested class's member function joins it.
class Outer {
public:
  void start() { t_ = std::thread([] {}); }
  struct Stopper {
    void stop(Outer &o) { o.t_.join(); }
  };

private:
  std::thread t_;
};
