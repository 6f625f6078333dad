// A class that orders its threads with atomics and has no lock of its own
// (a single-producer/single-consumer ring) may hand its plain members over
// through those atomics: an unlocked write to them is not reported, unless
// LockFreeClasses is turned off. A class with a mutex is not lock-free.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=CHECK --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both --opt=--config="{Checks: '-*,lockcheck-*', CheckOptions: {lockcheck-unguarded-write.LockFreeClasses: 'false'}}" %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefixes=CHECK,STRICT --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <atomic>
#include <mutex>
#include <thread>

class Ring {
public:
  void push(int v) {
    unsigned t = tail_.load(std::memory_order_relaxed);
    last_ = v;
    // STRICT: :[[@LINE-1]]:5: warning: 'last_' is written by two threads started at line [[@LINE+21]] without a lock [lockcheck-unguarded-write]
    // STRICT: :[[@LINE+20]]:15: note: the thread started here runs 'producer'
    // STRICT: :[[@LINE+16]]:24: note: 'producer' calls 'push' here
    // STRICT: :[[@LINE+5]]:13: note: 'last_' is also read here
    tail_.store(t + 1, std::memory_order_release);
  }
  int pop() {
    unsigned h = head_.load(std::memory_order_relaxed);
    int v = last_ + static_cast<int>(h);
    head_.store(h + 1, std::memory_order_release);
    return v;
  }

private:
  int last_ = 0;
  std::atomic<unsigned> head_{0}, tail_{0};
};
Ring ring;
void producer() { ring.push(1); }
void consumer() { ring.pop(); }
void run_ring() {
  std::thread p(producer), c(consumer);
  p.join();
  c.join();
}

// Positive twin: a class with a mutex (and an atomic) is not lock-free.
class Stats {
public:
  void add() { ++count_; }
  // CHECK: :[[@LINE-1]]:18: warning: 'count_' is written by two threads started at line [[@LINE+13]] without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+12]]:15: note: the thread started here runs 'adder'
  // CHECK: :[[@LINE+9]]:22: note: 'adder' calls 'add' here
  // CHECK: :[[@LINE+10]]:25: note: the other thread is started here

private:
  std::mutex mu_;
  std::atomic<bool> ready_{false};
  int count_ = 0;
};
Stats stats;
void adder() { stats.add(); }
void run_stats() {
  std::thread a(adder), b(adder);
  a.join();
  b.join();
}
