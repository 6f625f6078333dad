// Data written by the function that initialises its lock, after the
// initialisation and before any thread start, is initialised with it: C++
// members of an object whose mutex is a pthread_mutex_t, initialised
// directly or through the project's own initialisation function. A write
// before the initialisation is reported.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <thread>

struct Lock {
  pthread_mutex_t m;
};

void lock_init(Lock *l) { pthread_mutex_init(&l->m, nullptr); }

class Registry {
public:
  // Compliant: written after the mutex's initialisation.
  void init(int n) {
    pthread_mutex_init(&mu_, nullptr);
    size_ = n;
  }
  // Reported: written before it.
  void reinit(int n) {
    size_ = n;
    // CHECK: :[[@LINE-1]]:5: warning: 'size_' is written without holding 'mu_'; it is guarded by 'mu_' at 1 other access [lockcheck-unguarded-write]
    // CHECK: :[[@LINE+44]]:15: note: the thread started here runs 'worker'
    // CHECK: :[[@LINE+36]]:12: note: 'worker' calls 'reinit' here
    // CHECK: :[[@LINE+5]]:13: note: 'size_' is read here holding 'mu_'
    pthread_mutex_init(&mu_, nullptr);
  }
  int size() {
    pthread_mutex_lock(&mu_);
    int n = size_;
    pthread_mutex_unlock(&mu_);
    return n;
  }

private:
  pthread_mutex_t mu_;
  int size_ = 0;
};

Registry registry;

// Compliant, through lock_init.
Lock table_lock;
int table_size;

int table_count() {
  pthread_mutex_lock(&table_lock.m);
  int n = table_size;
  pthread_mutex_unlock(&table_lock.m);
  return n;
}

void table_init(int n) {
  lock_init(&table_lock);
  table_size = n;
}

void worker() {
  registry.init(2);
  registry.reinit(3);
  table_init(4);
  registry.size();
  table_count();
}

int main() {
  std::thread a(worker), b(worker);
  a.join();
  b.join();
}
