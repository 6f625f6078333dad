// C++ forms of a conditional acquire: an optional guard's constructor
// takes the lock only when asked, and its destructor releases it then.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <mutex>

class MaybeLock {
public:
  MaybeLock(std::mutex &m, bool take) : m_(m), owns_(take) {
    if (take)
      m_.lock();
  }
  ~MaybeLock() {
    if (owns_)
      m_.unlock();
  }

private:
  std::mutex &m_;
  bool owns_;
};

std::mutex mu;
int value;

void update(bool concurrent) {
  MaybeLock l(mu, concurrent);
  ++value;
}

// Positive: main has no caller to release it.
int main(int argc, char **) {
  if (argc > 1)
    mu.lock();
  // CHECK: :[[@LINE-1]]:8: warning: 'mu' is acquired here but not released on every path out of 'main' [lockcheck-unreleased-lock]
  ++value;
  return 0;
  // CHECK: :[[@LINE-1]]:3: note: 'main' returns here with 'mu' held
  // CHECK: :[[@LINE-5]]:8: note: a std::unique_lock<std::mutex> would release it on every path
}
