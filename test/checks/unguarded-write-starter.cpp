// The starting thread's side beyond the starting function: what it calls
// between the start and the join, and the callers of a function that
// returns with its thread running, until they call the function that joins
// it.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <mutex>
#include <thread>

std::mutex m;

// Between start and join, in a function the starter calls.
int progress;
void worker() {
  std::lock_guard<std::mutex> g(m);
  progress++;
}
void report() { progress = 0; }
// CHECK: :[[@LINE-1]]:17: warning: 'progress' is written without holding 'm'; it is guarded by 'm' at 1 other access [lockcheck-unguarded-write]
// CHECK: :[[@LINE+4]]:15: note: 'run_once' keeps running alongside the thread started here
// CHECK: :[[@LINE+4]]:3: note: 'run_once' calls 'report' here
// CHECK: :[[@LINE-6]]:3: note: 'progress' is written here holding 'm'
void run_once() {
  std::thread t(worker);
  report();
  t.join();
}

// Compliant: called after the join.
int progress_twin;
void worker_twin() {
  std::lock_guard<std::mutex> g(m);
  progress_twin++;
}
void report_twin() { progress_twin = 0; }
void run_once_twin() {
  std::thread t(worker_twin);
  t.join();
  report_twin();
}

// A service whose thread outlives the function that starts it.
class Service {
public:
  void start() { thread_ = std::thread(&Service::loop, this); }
  void stop() { thread_.join(); }
  void loop() {
    std::lock_guard<std::mutex> g(mu_);
    ++requests_;
  }
  void reset() { requests_ = 0; }
  // CHECK: :[[@LINE-1]]:18: warning: 'requests_' is written without holding 'mu_'; it is guarded by 'mu_' at 2 other accesses [lockcheck-unguarded-write]
  // CHECK: :[[@LINE-8]]:28: note: 'serve' keeps running alongside the thread started here
  // CHECK: :[[@LINE+16]]:5: note: 'serve' returns from this call to 'start' with the thread running
  // CHECK: :[[@LINE+16]]:5: note: 'serve' calls 'reset' here
  // CHECK: :[[@LINE-7]]:7: note: 'requests_' is written here holding 'mu_'
  void reset_locked() {
    std::lock_guard<std::mutex> g(mu_);
    requests_ = 0;
  }

private:
  std::mutex mu_;
  std::thread thread_;
  int requests_ = 0;
};

void serve() {
  Service s;
  s.start();
  s.reset();
  s.stop();
}

// Compliant: reset after stop(), or holding the lock.
void serve_twin() {
  Service s;
  s.start();
  s.reset_locked();
  s.stop();
  s.reset();
}

// A global thread started by a helper: main runs alongside it.
std::thread background;
long ticks;
void tick() {
  std::lock_guard<std::mutex> g(m);
  ticks++;
}
void start_background() { background = std::thread(tick); }
void stop_background() { background.join(); }
void clear_ticks() { ticks = 0; }
// CHECK: :[[@LINE-1]]:22: warning: 'ticks' is written without holding 'm'; it is guarded by 'm' at 1 other access [lockcheck-unguarded-write]
// CHECK: :[[@LINE-4]]:40: note: 'main' keeps running alongside the thread started here
// CHECK: :[[@LINE+9]]:3: note: 'main' returns from this call to 'start_background' with the thread running
// CHECK: :[[@LINE+9]]:3: note: 'main' calls 'clear_ticks' here
// CHECK: :[[@LINE-9]]:3: note: 'ticks' is written here holding 'm'

int main() {
  run_once();
  run_once_twin();
  serve();
  serve_twin();
  start_background();
  clear_ticks();
  stop_background();
  clear_ticks();
}
