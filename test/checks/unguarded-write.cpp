// RUN: %check_both %s --fix-out=%t.cpp -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s

#include <future>
#include <mutex>
#include <thread>
#include <vector>

// A global guarded by one mutex everywhere but in one place.
std::mutex account_mutex;
int balance;

void deposit(int x) {
  std::lock_guard<std::mutex> g(account_mutex);
  balance += x;
}
void audit() {
  std::unique_lock<std::mutex> l(account_mutex);
  if (balance < 0)
    balance = 0;
}
void withdraw(int x) {
  balance -= x;
  // CHECK: :[[@LINE-1]]:3: warning: 'balance' is written without holding 'account_mutex'; it is guarded by 'account_mutex' at 3 other accesses [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+6]]:30: note: the thread started here runs 'withdraw'
  // CHECK: :16:3: note: 'balance' is written here holding 'account_mutex'
  // FIXED: { std::lock_guard<std::mutex> lock(account_mutex); balance -= x; }
}

void bank() {
  std::thread a(deposit, 1), b(withdraw, 2), c(audit);
  a.join();
  b.join();
  c.join();
}

// Never locked anywhere: two threads write it.
int hits;
void count_hits() { ++hits; }
// CHECK: :[[@LINE-1]]:23: warning: 'hits' is written by threads started at line [[@LINE+4]] and line [[@LINE+5]] without a lock [lockcheck-unguarded-write]
// CHECK: :[[@LINE+3]]:15: note: the thread started here runs 'count_hits'
// CHECK: :[[@LINE+3]]:15: note: the other thread is started here
void two_counters() {
  std::thread t1(count_hits);
  std::thread t2(count_hits);
  t1.join();
  t2.join();
}

// Compliant twin: always under the same lock, through unique_lock,
// scoped_lock and a helper whose callers hold it.
std::mutex stats_mutex;
long total;
void add_locked(long x) { total += x; } // every caller holds stats_mutex
void add_a(long x) {
  std::scoped_lock l(stats_mutex);
  add_locked(x);
}
void add_b(long x) {
  std::unique_lock<std::mutex> l(stats_mutex);
  total -= x;
}
void stats() {
  std::thread t1(add_a, 1), t2(add_b, 2);
  t1.join();
  t2.join();
}

// Compliant: writes before the start and after the join are not concurrent.
int config;
void read_config() { (void)config; }
void configure() {
  config = 1;
  std::thread t(read_config);
  t.join();
  config = 2;
}

// The starting thread writes while its thread reads.
int progress;
void report_progress() { (void)progress; }
void run_job() {
  std::thread t(report_progress);
  progress = 50;
  // CHECK: :[[@LINE-1]]:3: warning: 'progress' is written by the thread started at line [[@LINE-2]] and by 'run_job' while it runs, without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE-3]]:15: note: 'run_job' keeps running alongside the thread started here
  // CHECK: :[[@LINE-6]]:32: note: 'progress' is also read here
  t.join();
}

// A pool of workers started in a loop runs concurrently with itself.
std::vector<int> results;
void produce() { results.push_back(1); }
// CHECK: :[[@LINE-1]]:18: warning: 'results' is written by threads started at line [[@LINE+5]] (in a loop) without a lock [lockcheck-unguarded-write]
// CHECK: :[[@LINE+4]]:5: note: the thread started here runs 'produce'
void pool() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back(produce);
  for (auto &w : workers)
    w.join();
}

// Compliant: a queue guarded by its own mutex, used from two threads.
class Queue {
public:
  void push(int v) {
    std::lock_guard<std::mutex> g(mu_);
    items_.push_back(v);
  }
  bool pop(int &v) {
    std::lock_guard<std::mutex> g(mu_);
    if (items_.empty())
      return false;
    v = items_.back();
    items_.pop_back();
    return true;
  }

private:
  std::mutex mu_;
  std::vector<int> items_;
};
Queue q;
void producer() { q.push(1); }
void consumer() {
  int v;
  q.pop(v);
}
void message_passing() {
  std::thread p(producer), c(consumer);
  p.join();
  c.join();
}

// Members of an object whose member function runs on a thread.
class Account {
public:
  void start() {
    worker_ = std::thread(&Account::run, this);
    std::lock_guard<std::mutex> g(mu_);
    ++deposits_;
  }
  void run() {
    std::lock_guard<std::mutex> g(mu_);
    ++deposits_;
    ++withdrawals_;
  }
  void stop() {
    worker_.join(); flusher_.join();
  }
  void flush() {
    withdrawals_ = 0;
  }
  void start_flusher() {
    flusher_ = std::thread(&Account::flush, this);
  }

private:
  std::mutex mu_;
  int deposits_ = 0;
  int withdrawals_ = 0;
  std::thread worker_, flusher_;
};
// CHECK: :[[@LINE-12]]:5: warning: 'withdrawals_' is written without holding 'mu_'; it is guarded by 'mu_' at 1 other access [lockcheck-unguarded-write]
// CHECK: :[[@LINE-10]]:16: note: the thread started here runs 'flush'
// CHECK: :[[@LINE-20]]:7: note: 'withdrawals_' is written here holding 'mu_'
// FIXED: { std::lock_guard<std::mutex> lock(mu_); withdrawals_ = 0; }

// Atomics, thread_local and constants are not data races.
#include <atomic>
std::atomic<int> ticks;
thread_local int scratch;
void tick() {
  ++ticks;
  ++scratch;
}
void ticking() {
  std::thread a(tick), b(tick);
  a.join();
  b.join();
}

// A local captured by reference into a thread that the starter joins,
// written by both sides without a lock.
void local_race() {
  int n = 0;
  std::thread t([&n] { n++; });
  // CHECK: :[[@LINE-1]]:24: warning: 'n' is written by the thread started at line [[@LINE-1]] and by 'local_race' while it runs, without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE-2]]:15: note: the thread started here runs the lambda
  // CHECK: :[[@LINE+1]]:3: note: 'n' is also written here
  n++;
  t.join();
}
// Compliant: captured by copy, or only written after the join.
void local_ok() {
  int n = 0;
  std::thread t([n]() mutable { n++; });
  int m = 0;
  std::thread u([&m] { m++; });
  t.join();
  u.join();
  m++;
}

// std::async: the discarded future waits at once; a kept one runs along.
int async_data;
void async_work() { async_data = 1; }
void async_ok() {
  (void)std::async(std::launch::async, async_work);
  async_data = 2;
}
void async_deferred_ok() {
  auto f = std::async(std::launch::deferred, async_work);
  async_data = 3;
  f.get();
}

// Templates: one report per written location.
template <typename T> struct Box {
  static T value;
  static void set() { value = T(); }
};
template <typename T> T Box<T>::value;
void boxes() {
  std::thread a(Box<int>::set), b(Box<int>::set);
  a.join();
  b.join();
}
// CHECK: :[[@LINE-8]]:23: warning: 'value' is written by two threads started at line [[@LINE-4]] without a lock [lockcheck-unguarded-write]
// CHECK: :[[@LINE-5]]:15: note: the thread started here runs 'set'
// CHECK: :[[@LINE-6]]:33: note: the other thread is started here

// call_once bodies run once.
std::once_flag once;
int initialised;
void init_once() {
  std::call_once(once, [] { initialised = 1; });
}
void once_ok() {
  std::thread a(init_once), b(init_once);
  a.join();
  b.join();
}
