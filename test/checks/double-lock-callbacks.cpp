// Re-entrant callbacks in C++ on the real libstdc++ headers: a
// std::function member called while the object's mutex is held, when the
// lambda stored into it takes that mutex.
// RUN: %check_both %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <functional>
#include <mutex>
#include <vector>

class Model {
public:
  Model() {
    on_change_ = [this] { refresh(); };
    on_reset_ = [this] { ++version_; };
  }
  void set(int v) {
    std::lock_guard<std::mutex> lock(mu_);
    value_ = v;
    on_change_();
    // CHECK: :[[@LINE-1]]:5: warning: calling 'on_change_' may run the lambda, which locks 'mu_', which this thread already holds; 'std::mutex' is not recursive, so this deadlocks [lockcheck-double-lock]
    // CHECK: :[[@LINE-8]]:16: note: the lambda is stored into 'on_change_' here
    // CHECK: :[[@LINE+19]]:33: note: the lambda locks it here
    // CHECK: :[[@LINE-6]]:33: note: 'mu_' was locked here
  }
  // Compliant twins: the callback runs after the guard, or takes no lock.
  void set_then_notify(int v) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      value_ = v;
    }
    on_change_();
  }
  void reset() {
    std::lock_guard<std::mutex> lock(mu_);
    value_ = 0;
    on_reset_();
  }

private:
  void refresh() {
    std::lock_guard<std::mutex> lock(mu_);
    ++version_;
  }
  std::mutex mu_;
  int value_ = 0, version_ = 0;
  std::function<void()> on_change_, on_reset_;
};
