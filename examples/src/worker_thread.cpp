// Mirrors the Python threading docs' "subclass Thread and override run()"
// example:
//     class Worker(threading.Thread):
//         def run(self): ...
//     Worker().start()
// Planted hazard: Worker owns a std::thread that start() launches but that
// no member function joins or detaches; Python waits for non-daemon threads
// at exit, but destroying a joinable std::thread calls std::terminate.
// JoiningWorker is the correct twin: its destructor joins.
#include "example.h"

#include <atomic>
#include <cstdio>
#include <thread>

namespace {
std::atomic<int> g_work_done{0};
} // namespace

class Worker {
public:
  explicit Worker(int id) : id_(id) {}
  ~Worker() {} // does not join thread_

  void start() { thread_ = std::thread(&Worker::run, this); }

private:
  void run() { g_work_done.fetch_add(id_); }

  int id_;
  std::thread thread_; // HAZARD: member thread started in start() but never joined; ~Worker() destroys it while joinable (std::terminate)
};

class JoiningWorker {
public:
  explicit JoiningWorker(int id) : id_(id) {}
  ~JoiningWorker() {
    if (thread_.joinable())
      thread_.join();
  }

  void start() { thread_ = std::thread(&JoiningWorker::run, this); }

private:
  void run() { g_work_done.fetch_add(id_); }

  int id_;
  std::thread thread_;
};

void worker_demo() {
  {
    JoiningWorker a(1);
    JoiningWorker b(2);
    a.start();
    b.start();
  } // both destructors join
  std::printf("worker_thread: work done = %d\n", g_work_done.load());
}

void worker_hazard() {
  Worker w(1);
  w.start();
} // ~Worker(): std::terminate
