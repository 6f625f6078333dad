// Thread pools: a function that stores its callable parameter into a queue
// (here a std::queue member) from which a worker thread takes callables and
// calls them is a pool's submit function. Each call of it starts a task:
// the task runs on a worker thread, alongside the code that follows the
// submit (until a wait: a future's get(), a call on the pool), and, when
// the pool has several workers, at the same time as other tasks. A task
// nothing waits for that refers to a local of its submitter may outlive it.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <queue>
#include <thread>
#include <utility>
#include <vector>

class ThreadPool {
public:
  explicit ThreadPool(unsigned n) {
    for (unsigned i = 0; i < n; ++i)
      workers_.emplace_back([this] { loop(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> g(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread &t : workers_)
      t.join();
  }
  void submit(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> g(mu_);
      tasks_.push(std::move(task));
    }
    cv_.notify_one();
  }
  // A packaged_task made from the callable, called by a lambda in the queue.
  template <class F> auto async(F f) -> std::future<decltype(f())> {
    using R = decltype(f());
    std::shared_ptr<std::packaged_task<R()>> task(
        new std::packaged_task<R()>(std::move(f)));
    std::future<R> fut = task->get_future();
    {
      std::lock_guard<std::mutex> g(mu_);
      tasks_.emplace([task] { (*task)(); });
    }
    cv_.notify_one();
    return fut;
  }
  void wait_idle() {
    std::unique_lock<std::mutex> lk(mu_);
    while (!tasks_.empty() || busy_ != 0)
      idle_.wait(lk);
  }

private:
  void loop() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lk(mu_);
        while (!stop_ && tasks_.empty())
          cv_.wait(lk);
        if (stop_ && tasks_.empty())
          return;
        task = std::move(tasks_.front());
        tasks_.pop();
        ++busy_;
      }
      task();
      std::lock_guard<std::mutex> g(mu_);
      --busy_;
      idle_.notify_all();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_, idle_;
  std::queue<std::function<void()>> tasks_;
  std::vector<std::thread> workers_;
  int busy_ = 0;
  bool stop_ = false;
};

// Tasks submitted in a loop run at the same time on the pool's workers.
int hits;
void count_hits(ThreadPool &pool) {
  for (int i = 0; i < 4; ++i)
    pool.submit([] { ++hits; });
    // CHECK: :[[@LINE-1]]:24: warning: 'hits' is written by tasks submitted at line [[#@LINE-1]] (in a loop) without a lock [lockcheck-unguarded-write]
    // CHECK: :[[@LINE-2]]:5: note: the task submitted here to 'ThreadPool::submit' runs the lambda
    // CHECK: :[[@LINE-72]]:7: note: the pool's worker threads are started here; 'loop' takes the tasks from 'ThreadPool::tasks_' and runs them
}

// Twin: the tasks take a mutex of their own.
std::mutex hits_mu;
int safe_hits;
void count_hits_locked(ThreadPool &pool) {
  for (int i = 0; i < 4; ++i)
    pool.submit([] {
      std::lock_guard<std::mutex> g(hits_mu);
      ++safe_hits;
    });
}

// The submitter keeps running alongside the task until it waits for the
// task's future.
int total;
int sum(ThreadPool &pool) {
  std::future<int> f = pool.async([] {
    total += 1;
    // CHECK: :[[@LINE-1]]:5: warning: 'total' is written by the task submitted at line [[#@LINE-2]] and by 'sum' while it runs, without a lock [lockcheck-unguarded-write]
    // CHECK: :[[@LINE-3]]:24: note: the task submitted here to 'ThreadPool::async' runs the lambda
    // CHECK: :[[@LINE-94]]:7: note: the pool's worker threads are started here; 'loop' takes the tasks from 'ThreadPool::tasks_' and runs them
    // CHECK: :[[@LINE+3]]:3: note: 'total' is also written here
    return 1;
  });
  total = 0;
  return f.get();
}

// Twin: written after the future's get(), or after waiting on the pool.
int after_total, idle_total;
int sum_after(ThreadPool &pool) {
  std::future<int> f = pool.async([] {
    after_total += 1;
    return 1;
  });
  int r = f.get();
  after_total = 0;
  pool.submit([] { idle_total += 1; });
  pool.wait_idle();
  idle_total = 0;
  return r;
}

// A task refers to a local of a submitter that returns without waiting.
void dangling(ThreadPool &pool) {
  int local = 0;
  pool.submit([&local] { local = 1; });
  // CHECK: :[[@LINE-1]]:3: warning: task submitted to 'ThreadPool::submit' refers to 'local', a local of 'dangling'; 'dangling' can return and destroy it while the task still runs [lockcheck-detached-dangling]
  // CHECK: :[[@LINE-2]]:17: note: 'local' is captured by reference here
}

// Twin: the submitter waits for the task before the local goes away.
int waits(ThreadPool &pool) {
  int local = 0;
  std::future<int> f = pool.async([&local] {
    local = 1;
    return 1;
  });
  f.get();
  return local;
}

// One worker runs the tasks one after the other: tasks do not race each
// other, but still race the submitter.
class SerialQueue {
public:
  SerialQueue() : worker_([this] { run(); }) {}
  ~SerialQueue() {
    submit(nullptr);
    worker_.join();
  }
  void submit(std::function<void()> fn) {
    std::lock_guard<std::mutex> g(mu_);
    jobs_.push_back(std::move(fn));
    cv_.notify_one();
  }

private:
  void run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lk(mu_);
        while (jobs_.empty())
          cv_.wait(lk);
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      if (!job)
        return;
      job();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::thread worker_;
};

int serial_count;
void count_serially(SerialQueue &q) {
  for (int i = 0; i < 4; ++i)
    q.submit([] { ++serial_count; });
}

int serial_total;
void serial_then_write(SerialQueue &q) {
  q.submit([] { serial_total = 1; });
  // CHECK: :[[@LINE-1]]:17: warning: 'serial_total' is written by the task submitted at line [[#@LINE-1]] and by 'serial_then_write' while it runs, without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE-2]]:3: note: the task submitted here to 'SerialQueue::submit' runs the lambda
  // CHECK: :[[@LINE-44]]:19: note: the pool's worker thread is started here; 'run' takes the tasks from 'SerialQueue::jobs_' and runs them
  // CHECK: :[[@LINE+1]]:3: note: 'serial_total' is also written here
  serial_total = 2;
}
