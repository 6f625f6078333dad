// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <mutex>

std::mutex m;
int counter;
bool flag();

void double_unlock() {
  m.lock();
  ++counter;
  m.unlock();
  m.unlock();
  // CHECK: :[[@LINE-1]]:5: warning: 'm' is unlocked here but is not held; it was already unlocked [lockcheck-unlock-unheld]
  // CHECK: :[[@LINE-3]]:5: note: 'm' was unlocked here
}

void unlock_on_some_path(bool b) {
  m.lock();
  if (b)
    m.unlock();
  ++counter;
  m.unlock();
  // CHECK: :[[@LINE-1]]:5: warning: 'm' is unlocked here but is not held on some path; it was already unlocked [lockcheck-unlock-unheld]
  // CHECK: :[[@LINE-4]]:7: note: 'm' was unlocked here
}

void guard_then_manual_unlock() {
  std::lock_guard<std::mutex> g(m);
  m.unlock();
}
// CHECK: :[[@LINE-1]]:1: warning: 'm' is unlocked again when its guard is destroyed here; it was already unlocked [lockcheck-unlock-unheld]
// CHECK: :[[@LINE-3]]:5: note: 'm' was unlocked here

void unique_lock_unlocked_twice() {
  std::unique_lock<std::mutex> lk(m);
  lk.unlock();
  lk.unlock();
  // CHECK: :[[@LINE-1]]:6: warning: 'lk' does not own 'm' here; unique_lock::unlock() throws std::system_error [lockcheck-unlock-unheld]
}

void deferred_never_locked() {
  std::unique_lock<std::mutex> lk(m, std::defer_lock);
  lk.unlock();
  // CHECK: :[[@LINE-1]]:6: warning: 'lk' does not own 'm' here
}

void manual_unlock_after_unique_lock_unlocked() {
  std::unique_lock<std::mutex> lk(m);
  lk.unlock();
  m.unlock();
  // CHECK: :[[@LINE-1]]:5: warning: 'm' is unlocked here but is not held; it was already unlocked
  // CHECK: :[[@LINE-3]]:6: note: 'm' was unlocked here
}

// Compliant twins.
void release_wrapper() { m.unlock(); } // the caller locked it
void lock_wrapper() { m.lock(); }
void wrappers() {
  lock_wrapper();
  release_wrapper();
}

void unique_lock_relock() {
  std::unique_lock<std::mutex> lk(m);
  lk.unlock();
  lk.lock();
  lk.unlock();
}

// Locked and unlocked under the same condition (the engine does not
// correlate the two branches, but a function that may unlock a lock it did
// not take is not judged on that lock).
void conditional_pair(bool b) {
  if (b)
    m.lock();
  ++counter;
  if (b)
    m.unlock();
}

void adopt() {
  m.lock();
  std::lock_guard<std::mutex> g(m, std::adopt_lock);
}

void loop_pairs(int n) {
  for (int i = 0; i < n; ++i) {
    m.lock();
    ++counter;
    m.unlock();
  }
}

// memcached's crawler: the two unlocks are under opposite conditions, which
// the engine does not correlate; a conditional unlock is only reported when
// the lock is released on every path.
struct Mod { bool needs_lock; };
void crawl(Mod *mod) {
  m.lock();
  if (!mod->needs_lock)
    m.unlock();
  ++counter;
  if (mod->needs_lock)
    m.unlock();
}
