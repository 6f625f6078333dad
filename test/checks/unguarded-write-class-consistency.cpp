// Class lock consistency without visible threads (Infer RacerD's rule): in a
// class that owns a mutex, a member written under that mutex in a public
// member function, accessed under it at least twice, and written without
// it in another public member function. Constructors, destructors,
// assignment operators, private helpers, functions whose every visible
// caller holds the lock, and functions taking a guard by reference are
// exempt. ClassConsistency=false turns the rule off.
// RUN: %check_both %s --fix-out=%t.cpp -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s
// RUN: %check_both %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s --opt=--config="{Checks: '-*,lockcheck-*', CheckOptions: {lockcheck-unguarded-write.ClassConsistency: false}}" -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=OFF --allow-empty --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// OFF-NOT: warning:

#include <deque>
#include <mutex>

class Account {
public:
  Account() { balance_ = 0; }
  ~Account() { balance_ = -1; }
  Account &operator=(const Account &o) {
    balance_ = o.balance_;
    return *this;
  }
  void deposit(long v) {
    std::lock_guard<std::mutex> l(mu_);
    balance_ += v;
  }
  long balance() {
    std::lock_guard<std::mutex> l(mu_);
    return balance_;
  }
  void reset() {
    balance_ = 0;
    // CHECK: :[[@LINE-1]]:5: warning: 'balance_' is written without holding 'mu_' in public member function 'reset'; 'deposit', 'balance' and 'reset_locked' access it holding 'mu_' [lockcheck-unguarded-write]
    // CHECK: :[[@LINE-9]]:5: note: 'balance_' is written here holding 'mu_'
    // CHECK: :[[@LINE-6]]:12: note: 'balance_' is read here holding 'mu_'
    // CHECK: :[[@LINE+5]]:5: note: 'balance_' is written here holding 'mu_'
    // FIXED: { std::lock_guard<std::mutex> lock(mu_); balance_ = 0; }
  }
  void reset_locked() {
    std::lock_guard<std::mutex> l(mu_);
    balance_ = 0;
  }
  void set(long v) {
    std::lock_guard<std::mutex> l(mu_);
    apply(v);
  }
  void set_with(const std::unique_lock<std::mutex> &, long v) { balance_ = v; }

private:
  void apply(long v) { balance_ = v; } // every caller holds mu_
  std::mutex mu_;
  long balance_;
};

// A queue whose pop() forgets the lock.
class Queue {
public:
  void push(int v) {
    std::lock_guard<std::mutex> l(mu_);
    items_.push_back(v);
  }
  void pop() {
    if (!items_.empty())
      items_.pop_front();
      // CHECK: :[[@LINE-1]]:7: warning: 'items_' is written without holding 'mu_' in public member function 'pop'; 'push' and 'drain' access it holding 'mu_' [lockcheck-unguarded-write]
      // CHECK: :[[@LINE-6]]:5: note: 'items_' is written here holding 'mu_'
      // CHECK: :[[@LINE+6]]:13: note: 'items_' is read here holding 'mu_'
  }
  // A public function only ever called with the lock held.
  void drop_front() { items_.pop_front(); }
  void drain() {
    std::lock_guard<std::mutex> l(mu_);
    while (!items_.empty())
      drop_front();
  }

private:
  std::mutex mu_;
  std::deque<int> items_;
};

// Compliant: one locked access is no discipline yet.
class Once {
public:
  void add() {
    std::lock_guard<std::mutex> l(mu_);
    n_++;
  }
  void clear() { n_ = 0; }

private:
  std::mutex mu_;
  int n_ = 0;
};

// Compliant: the member is never written under the lock.
class Config {
public:
  void load(int v) { value_ = v; }
  int get() {
    std::lock_guard<std::mutex> l(mu_);
    return value_;
  }
  int get_twice() {
    std::lock_guard<std::mutex> l(mu_);
    return 2 * value_;
  }

private:
  std::mutex mu_;
  int value_ = 0;
};

// Compliant: the move constructor and assignment lock the other object's
// mutex; the member's discipline is not shown by them.
class Named {
public:
  Named(Named &&o) {
    std::lock_guard<std::mutex> l(o.mu_);
    name_ = o.name_;
  }
  Named &operator=(Named &&o) {
    std::scoped_lock l(mu_, o.mu_);
    name_ = o.name_;
    return *this;
  }
  void rename(int n) { name_ = n; }
  void add_task() {
    std::lock_guard<std::mutex> l(mu_);
    ++tasks_;
  }

private:
  std::mutex mu_;
  int name_ = 0;
  int tasks_ = 0;
};
