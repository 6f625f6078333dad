// Code that runs with its callers' lock: a function taking a held guard by
// reference, and a function every caller calls with the lock held. A lock
// taken and released under one condition guards the writes under the same
// condition (correlated branches).
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <mutex>
#include <thread>

std::mutex mu;
long total;
long hits;

// Compliant: the guard parameter says the caller holds the lock, also where
// lockcheck cannot tell which lock the caller took (a mutex returned by a
// call).
std::mutex &stats_lock();
void add_locked(const std::unique_lock<std::mutex> &, long x) { total += x; }
void clear_locked(std::lock_guard<std::mutex> &) { total = 0; }
void adder() {
  std::unique_lock<std::mutex> l(mu);
  add_locked(l, 1);
}
void clearer() {
  std::lock_guard<std::mutex> g(mu);
  clear_locked(g);
}
void striped_adder() {
  std::unique_lock<std::mutex> l(stats_lock());
  add_locked(l, 2);
}
// Compliant: every caller holds the lock around the call.
void bump() { ++hits; }
void bumper() {
  std::lock_guard<std::mutex> g(mu);
  bump();
  ++total;
}
void counting() {
  std::thread a(adder), b(clearer), c(bumper), d(bumper), e(striped_adder);
  {
    std::lock_guard<std::mutex> g(mu);
    bump();
  }
  a.join();
  b.join();
  c.join();
  d.join();
  e.join();
}

// Positive twin: one caller does not hold it.
long misses;
void miss() { ++misses; }
// CHECK: :[[@LINE-1]]:17: warning: 'misses' is written by two threads started at line [[@LINE+8]] without a lock [lockcheck-unguarded-write]
// CHECK: :[[@LINE+7]]:15: note: the thread started here runs 'misser'
// CHECK: :[[@LINE+3]]:3: note: 'misser' calls 'miss' here
void misser() {
  std::lock_guard<std::mutex> g(mu);
  miss();
}
void missing() {
  std::thread a(misser), b(miss);
  // CHECK: :[[@LINE-1]]:26: note: the other thread is started here
  a.join();
  b.join();
}

// Correlated conditions: lock, write and unlock under the same condition.
std::mutex stats_mu;
long stats;
void record(bool concurrent, long x) {
  if (concurrent)
    stats_mu.lock();
  if (concurrent)
    stats += x;
  if (concurrent)
    stats_mu.unlock();
}
void recorders() {
  std::thread a(record, true, 1), b(record, true, 2);
  a.join();
  b.join();
}
