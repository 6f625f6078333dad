// A write holding a reader-writer lock only for reading is unguarded: other
// readers hold the lock at the same time. std::shared_lock, lock_shared(),
// pthread_rwlock_rdlock and ACQUIRE_SHARED functions take it for reading.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <thread>

#define ACQUIRE_SHARED(...) __attribute__((acquire_shared_capability(__VA_ARGS__)))
#define RELEASE_SHARED(...) __attribute__((release_shared_capability(__VA_ARGS__)))

// std::shared_lock: a cache filled by readers.
class Cache {
public:
  int get(int k) {
    std::shared_lock<std::shared_mutex> l(rw_);
    hits_++;
    // CHECK: :[[@LINE-1]]:5: warning: 'hits_' is written while holding 'rw_' only for reading; other readers hold it at the same time [lockcheck-unguarded-write]
    // CHECK: :[[@LINE+10]]:17: note: the thread started here runs 'get'
    // CHECK: :[[@LINE-3]]:5: note: another thread can run this write at the same time
    // CHECK: :[[@LINE+5]]:5: note: 'hits_' is written here holding 'rw_' for writing
    return k + hits_;
  }
  void put(int v) {
    std::unique_lock<std::shared_mutex> l(rw_);
    hits_ = v;
  }
  void run() {
    std::thread a(&Cache::get, this, 1), b(&Cache::get, this, 2);
    std::thread c(&Cache::put, this, 0);
    a.join(); b.join(); c.join();
  }

private:
  std::shared_mutex rw_;
  int hits_ = 0;
};

// Compliant: the readers only read; the writer takes it for writing.
class Table {
public:
  int get(int k) {
    std::shared_lock<std::shared_mutex> l(rw_);
    return k + size_;
  }
  void put(int v) {
    std::unique_lock<std::shared_mutex> l(rw_);
    size_ = v;
  }
  void run() {
    std::thread a(&Table::get, this, 1), b(&Table::get, this, 2);
    std::thread c(&Table::put, this, 0);
    a.join(); b.join(); c.join();
  }

private:
  std::shared_mutex rw_;
  int size_ = 0;
};

// lock_shared() by hand.
std::shared_mutex srw;
int lookups;
void lookup() {
  srw.lock_shared();
  lookups += 1;
  // CHECK: :[[@LINE-1]]:3: warning: 'lookups' is written while holding 'srw' only for reading; other readers hold it at the same time [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+68]]:15: note: the thread started here runs 'lookup'
  // CHECK: :[[@LINE-3]]:3: note: another thread can run this write at the same time
  // CHECK: :[[@LINE+5]]:3: note: 'lookups' is written here holding 'srw' for writing
  srw.unlock_shared();
}
void reset_lookups() {
  srw.lock();
  lookups = 0;
  srw.unlock();
}

// Compliant twin: lock() for the write.
int resets;
void reset_twin() {
  srw.lock();
  resets = 0;
  srw.unlock();
}

// POSIX: pthread_rwlock_rdlock.
pthread_rwlock_t prw = PTHREAD_RWLOCK_INITIALIZER;
long reads;
void *reader(void *) {
  pthread_rwlock_rdlock(&prw);
  reads++;
  // CHECK: :[[@LINE-1]]:3: warning: 'reads' is written while holding 'prw' only for reading; other readers hold it at the same time [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+45]]:3: note: the thread started here runs 'reader'
  // CHECK: :[[@LINE-3]]:3: note: another thread can run this write at the same time
  pthread_rwlock_unlock(&prw);
  return nullptr;
}
long writes;
void *writer(void *) {
  pthread_rwlock_wrlock(&prw);
  writes++;
  pthread_rwlock_unlock(&prw);
  return nullptr;
}

// An annotated reader lock.
struct __attribute__((capability("mutex"))) RwLock {
  void ReaderLock() ACQUIRE_SHARED();
  void ReaderUnlock() RELEASE_SHARED();
  void Lock() __attribute__((acquire_capability()));
  void Unlock() __attribute__((release_capability()));
};
RwLock arw;
int visits;
void visit() {
  arw.ReaderLock();
  ++visits;
  // CHECK: :[[@LINE-1]]:5: warning: 'visits' is written while holding 'arw' only for reading; other readers hold it at the same time [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+23]]:15: note: the thread started here runs 'visit'
  // CHECK: :[[@LINE-3]]:5: note: another thread can run this write at the same time
  // CHECK: :[[@LINE+5]]:3: note: 'visits' is written here holding 'arw' for writing
  arw.ReaderUnlock();
}
void clear_visits() {
  arw.Lock();
  visits = 0;
  arw.Unlock();
}

int main() {
  Cache c;
  c.run();
  Table t;
  t.run();
  std::thread l1(lookup), l2(lookup), l3(reset_lookups), l4(reset_twin),
      l5(reset_twin);
  pthread_t r1, r2, w1, w2;
  pthread_create(&r1, nullptr, reader, nullptr);
  pthread_create(&r2, nullptr, reader, nullptr);
  pthread_create(&w1, nullptr, writer, nullptr);
  pthread_create(&w2, nullptr, writer, nullptr);
  std::thread v1(visit), v2(visit), v3(clear_visits);
  l1.join(); l2.join(); l3.join(); l4.join(); l5.join();
  pthread_join(r1, nullptr);
  pthread_join(r2, nullptr);
  pthread_join(w1, nullptr);
  pthread_join(w2, nullptr);
  v1.join(); v2.join(); v3.join();
}
