// Code a thread cannot reach in its context: a branch on a parameter that
// every call on the thread's way passes a constant ruling it out.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <mutex>
#include <thread>

std::mutex mu;
long pending;

// The thread flushes asynchronously; only the synchronous flush, which
// runs on the starting thread before the start, writes without the lock.
void flush(bool async) {
  if (!async) {
    pending = 0;
    return;
  }
  std::lock_guard<std::mutex> g(mu);
  pending = 0;
}
void flusher() { flush(/*async=*/true); }
void adder() {
  std::lock_guard<std::mutex> g(mu);
  ++pending;
}
void run() {
  flush(false);
  std::thread a(flusher), b(adder);
  a.join();
  b.join();
}

// Positive twin: a thread that passes the other value reaches the write.
long queued;
void drain(int mode) {
  if (mode == 0) {
    queued = 0;
    // CHECK: :[[@LINE-1]]:5: warning: 'queued' is written without holding 'mu'; it is guarded by 'mu' at 2 other accesses [lockcheck-unguarded-write]
    // CHECK: :[[@LINE+14]]:31: note: the thread started here runs 'drain_now'
    // CHECK: :[[@LINE+11]]:20: note: 'drain_now' calls 'drain' here
    return;
  }
  std::lock_guard<std::mutex> g(mu);
  queued = 0;
}
void enqueue() {
  std::lock_guard<std::mutex> g(mu);
  ++queued;
}
void drain_later() { drain(1); }
void drain_now() { drain(0); }
void run_drains() {
  std::thread a(drain_later), b(drain_now), c(enqueue);
  a.join();
  b.join();
  c.join();
}
// CHECK: :[[@LINE-10]]:5: note: 'queued' is written here holding 'mu'
