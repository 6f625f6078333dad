// The same checks on the real libstdc++ and glibc headers.
// RUN: %check_both %s --fix-out=%t.cpp -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s

#include <atomic>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

class Ledger {
public:
  void add(int v) {
    std::lock_guard<std::mutex> g(mu_);
    entries_.push_back(v);
  }
  void clear() {
    entries_.clear();
    // CHECK: :[[@LINE-1]]:5: warning: 'entries_' is written without holding 'mu_'; it is guarded by 'mu_' at 1 other access [lockcheck-unguarded-write]
    // CHECK: :[[@LINE+6]]:17: note: the thread started here runs 'clear'
    // CHECK: :[[@LINE-6]]:5: note: 'entries_' is written here holding 'mu_'
    // FIXED: { std::lock_guard<std::mutex> lock(mu_); entries_.clear(); }
  }
  void run() {
    std::thread a(&Ledger::add, this, 1);
    std::thread b(&Ledger::clear, this);
    a.join();
    b.join();
  }

private:
  std::mutex mu_;
  std::vector<int> entries_;
};

std::atomic<long> served;
void serve() { ++served; }
void run_server() {
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back(serve);
  for (auto &t : pool)
    t.join();
}

void dangling() {
  int local = 0;
  std::thread([&local] { ++local; }).detach();
  // CHECK: :[[@LINE-1]]:3: warning: detached thread refers to 'local', a local of 'dangling'; 'dangling' can return and destroy it while the thread still runs [lockcheck-detached-dangling]
  // CHECK: :[[@LINE-2]]:17: note: 'local' is captured by reference here
  // CHECK: :[[@LINE-3]]:38: note: the thread is detached here
}

int main() {
  Ledger l;
  l.run();
  run_server();
  auto f = std::async(std::launch::async, [] { return 1; });
  return f.get();
}
