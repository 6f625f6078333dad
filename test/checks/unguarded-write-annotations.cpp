// GUARDED_BY and PT_GUARDED_BY declare sharing: a write without the lock is
// reported whether or not a thread is visible, as -Wthread-safety does.
// Constructors and destructors (the object is not shared yet), functions
// that REQUIRE the lock, functions every visible caller calls with the lock
// held, and NO_THREAD_SAFETY_ANALYSIS functions are exempt.
// RUN: %check_both %s --fix-out=%t.cpp -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s
// RUN: %check_both %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <mutex>
#include <shared_mutex>

#define GUARDED_BY(x) __attribute__((guarded_by(x)))
#define PT_GUARDED_BY(x) __attribute__((pt_guarded_by(x)))
#define REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
#define NO_THREAD_SAFETY_ANALYSIS __attribute__((no_thread_safety_analysis))

std::mutex stats_mu;
long requests GUARDED_BY(stats_mu);
long *histogram PT_GUARDED_BY(stats_mu);

void count_request() {
  requests++;
  // CHECK: :[[@LINE-1]]:3: warning: 'requests' is written without holding 'stats_mu', which is declared to guard it [lockcheck-unguarded-write]
  // CHECK: :[[@LINE-6]]:6: note: 'requests' is declared guarded by 'stats_mu' here
  // FIXED: { std::lock_guard<std::mutex> lock(stats_mu); requests++; }
}

void count_request_locked() {
  std::lock_guard<std::mutex> g(stats_mu);
  requests++;
}

void count_request_required() REQUIRES(stats_mu) { requests++; }

void record(int bucket) {
  histogram[bucket]++;
  // CHECK: :[[@LINE-1]]:3: warning: the data 'histogram' points to is written without holding 'stats_mu', which is declared to guard it [lockcheck-unguarded-write]
  // CHECK: :[[@LINE-19]]:7: note: 'histogram' is declared to point to data guarded by 'stats_mu' here
  // FIXED: { std::lock_guard<std::mutex> lock(stats_mu); histogram[bucket]++; }
  histogram = nullptr; // the pointer itself is not guarded
}

void record_locked(int bucket) {
  std::lock_guard<std::mutex> g(stats_mu);
  histogram[bucket]++;
}

void reset_for_tests() NO_THREAD_SAFETY_ANALYSIS { requests = 0; }

// Every caller holds the lock.
static void bump() { requests += 2; }
void bump_twice() {
  std::lock_guard<std::mutex> g(stats_mu);
  bump();
  bump();
}

class Registry {
public:
  Registry() { size_ = 0; }
  ~Registry() { size_ = -1; }
  void add() {
    std::unique_lock<std::shared_mutex> l(mu_);
    ++size_;
  }
  void add_for_reading() {
    std::shared_lock<std::shared_mutex> l(mu_);
    ++size_;
    // CHECK: :[[@LINE-1]]:7: warning: 'size_' is written while holding 'mu_' only for reading; 'mu_' is declared to guard it [lockcheck-unguarded-write]
    // CHECK: :[[@LINE+15]]:7: note: 'size_' is declared guarded by 'mu_' here
  }
  void clear() {
    size_ = 0;
    // CHECK: :[[@LINE-1]]:5: warning: 'size_' is written without holding 'mu_', which is declared to guard it [lockcheck-unguarded-write]
    // CHECK: :[[@LINE+10]]:7: note: 'size_' is declared guarded by 'mu_' here
    // FIXED: { std::lock_guard<std::shared_mutex> lock(mu_); size_ = 0; }
  }
  int size() {
    std::shared_lock<std::shared_mutex> l(mu_);
    return size_;
  }

private:
  std::shared_mutex mu_;
  int size_ GUARDED_BY(mu_);
};

int main() {
  Registry r;
  r.add();
  r.add_for_reading();
  r.clear();
  count_request();
  count_request_locked();
  record(1);
  record_locked(2);
  bump_twice();
  reset_for_tests();
  return r.size();
}
