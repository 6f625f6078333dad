// RUN: %check_both %s --fix-out=%t.cpp -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s

#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

void work();
bool config_ok();
void parse() noexcept(false); // declared to throw
int twice(int x) { return 2 * x; } // visible body, cannot throw

// --- early return ---------------------------------------------------------
bool load_config() {
  std::thread worker(work);
  // CHECK: unjoined-thread.cpp:[[@LINE-1]]:15: warning: thread 'worker' is still joinable when 'load_config' returns early; std::thread's destructor will call std::terminate [lockcheck-unjoined-thread]
  if (!config_ok())
    return false;
  // CHECK: unjoined-thread.cpp:[[@LINE-1]]:5: note: 'load_config' returns here with 'worker' still joinable
  worker.join();
  return true;
}

// --- never joined: the fix joins at the end of the scope -------------------
void never_joined() {
  std::thread t(work);
  // CHECK: :[[@LINE-1]]:15: warning: thread 't' is neither joined nor detached before it goes out of scope; std::thread's destructor will call std::terminate [lockcheck-unjoined-thread]
  twice(1);
}
// CHECK: :[[@LINE-1]]:1: note: 't' is destroyed here while joinable
// FIXED: void never_joined() {
// FIXED-NEXT:   std::thread t(work);
// FIXED:   twice(1);
// FIXED-NEXT:   t.join();
// FIXED-NEXT: }

// --- break out of the scope --------------------------------------------------
void loop_break(int n) {
  for (int i = 0; i < n; ++i) {
    std::thread t(work);
    // CHECK: :[[@LINE-1]]:17: warning: thread 't' is still joinable when a 'break' leaves its scope; std::thread's destructor will call std::terminate [lockcheck-unjoined-thread]
    if (i == 3)
      break;
    // CHECK: :[[@LINE-1]]:7: note: 't' goes out of scope here while joinable
    t.join();
  }
}

// --- a call that may throw between start and join ------------------------
void may_throw() {
  std::thread t(work);
  // CHECK: :[[@LINE-1]]:15: warning: thread 't' is still joinable if 'parse' throws; std::thread's destructor will call std::terminate during unwinding [lockcheck-unjoined-thread]
  parse();
  // CHECK: :[[@LINE-1]]:3: note: if 'parse' throws here, 't' is destroyed while joinable
  t.join();
}

void throws_directly(bool bad) {
  std::thread t(work);
  // CHECK: :[[@LINE-1]]:15: warning: thread 't' is still joinable if an exception is thrown; std::thread's destructor will call std::terminate during unwinding [lockcheck-unjoined-thread]
  if (bad)
    throw std::runtime_error("bad");
  // CHECK: :[[@LINE-1]]:5: note: the exception thrown here destroys 't' while joinable
  t.join();
}

// --- joined on one branch only ----------------------------------------------
void one_branch(bool b) {
  std::thread t(work);
  // CHECK: :[[@LINE-1]]:15: warning: thread 't' is still joinable on some path when it goes out of scope; std::thread's destructor will call std::terminate [lockcheck-unjoined-thread]
  if (b)
    t.join();
}
// CHECK: :[[@LINE-1]]:1: note: 't' is destroyed here while joinable

// --- started by assignment --------------------------------------------------
void started_later(bool b) {
  std::thread t;
  if (b)
    t = std::thread(work);
  // CHECK: :[[@LINE-1]]:5: warning: thread 't' is still joinable on some path when it goes out of scope
}
// CHECK: :[[@LINE-1]]:1: note: 't' is destroyed here while joinable

// --- containers of threads ------------------------------------------------
void pool_never_joined() {
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back(work);
  // CHECK: :[[@LINE-1]]:5: warning: threads in 'pool' are neither joined nor detached before they go out of scope; destroying a joinable std::thread calls std::terminate [lockcheck-unjoined-thread]
}
// CHECK: :[[@LINE-1]]:1: note: 'pool' is destroyed here while joinable
// FIXED: pool.emplace_back(work);
// FIXED: {{^}}  for (std::thread &t : pool) t.join();
// FIXED-NEXT: }

void pool_early_return(int n) {
  std::vector<std::thread> pool;
  for (int i = 0; i < n; ++i)
    pool.push_back(std::thread(work));
  // CHECK: :[[@LINE-1]]:5: warning: threads in 'pool' are still joinable when 'pool_early_return' returns early
  if (!config_ok())
    return;
  // CHECK: :[[@LINE-1]]:5: note: 'pool_early_return' returns here with 'pool' still joinable
  for (auto &t : pool)
    t.join();
}

// --- a temporary thread -----------------------------------------------------
void temporary() {
  std::thread{work};
  // CHECK: :[[@LINE-1]]:3: warning: temporary std::thread is destroyed at the end of this statement while still joinable; std::thread's destructor will call std::terminate [lockcheck-unjoined-thread]
}

//===--------------------------------------------------------------------===//
// Compliant twins: none of these may be reported.
//===--------------------------------------------------------------------===//
void joined() {
  std::thread t(work);
  twice(2);
  t.join();
}

void detached() {
  std::thread t(work);
  t.detach();
}

std::thread returned() {
  std::thread t(work);
  return t;
}

struct Holder {
  std::thread member;
  std::vector<std::thread> threads;
};

void moved_into_member(Holder &h) {
  std::thread t(work);
  h.member = std::move(t);
}

void moved_into_container(std::vector<std::thread> &out) {
  std::thread t(work);
  out.push_back(std::move(t));
}

void moved_between_locals() {
  std::thread a(work);
  std::thread b(std::move(a));
  b.join();
}

void handed_to_function(void (*consume)(std::thread &)) {
  std::thread t(work);
  consume(t);
}

void default_constructed_never_started() { std::thread t; }

void guarded_by_joinable(bool b) {
  std::thread t;
  if (b)
    t = std::thread(work);
  if (t.joinable())
    t.join();
}

void join_in_catch_that_rethrows() {
  std::thread t(work);
  try {
    parse();
  } catch (...) {
    t.join();
    throw;
  }
  t.join();
}

void pool_joined() {
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back(work);
  for (auto &t : pool)
    t.join();
}

void pool_joined_by_index(int n) {
  std::vector<std::thread> pool;
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work);
  for (unsigned i = 0; i < pool.size(); ++i)
    pool[i].join();
}

void pool_default_threads() { std::vector<std::thread> pool(4); }

void lambda_thread() {
  int x = 0;
  std::thread t([&x] { ++x; });
  t.join();
}

void lambda_joins_it() {
  std::thread t(work);
  auto finish = [&t] { t.join(); };
  finish();
}

template <typename F> void run_twice(F f) {
  std::thread a(f), b(f);
  a.join();
  b.join();
}
void instantiate() { run_twice(work); }

// Regressions for reported false alarms and misses.
void finish(std::thread &t); // defined elsewhere: joins it
void handed_to_extern_function() {
  std::thread t(work);
  finish(t);
}

void functional_cast_start() {
  auto t = std::thread(work);
  // CHECK: :[[@LINE-1]]:8: warning: thread 't' is neither joined nor detached before it goes out of scope
}
// CHECK: :[[@LINE-1]]:1: note: 't' is destroyed here while joinable
// FIXED: auto t = std::thread(work);
// FIXED: {{^}}  t.join();

// Started and joined under the same condition: the dataflow keeps the two
// values of `background` apart, so no path starts without joining.
void correlated(bool background) {
  std::thread t;
  if (background)
    t = std::thread(work);
  twice(3);
  if (background)
    t.join();
}
