// Unlocks of a lock held on some paths only: a lock taken under a
// condition and released unconditionally, and an unlock in a catch handler
// that a throw before the lock reaches.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <mutex>
#include <stdexcept>

std::mutex m;
int counter;
void validate(int v) {
  if (v < 0)
    throw std::invalid_argument("negative");
}
void log_it() noexcept;

// A lock taken under a condition, released on every path.
void bump(bool shared) {
  if (shared)
    m.lock();
  ++counter;
  m.unlock();
  // CHECK: :[[@LINE-1]]:5: warning: 'm' is unlocked here but is not held on some path; it is locked only on some of the paths that reach this unlock [lockcheck-unlock-unheld]
  // CHECK: :[[@LINE-4]]:7: note: 'm' is locked here, on some paths only
}

// Compliant twins: the unlock under the same condition, or a lock on every
// path.
void bump_paired(bool shared) {
  if (shared)
    m.lock();
  ++counter;
  if (shared)
    m.unlock();
}
void bump_always(bool shared) {
  if (shared)
    ++counter;
  m.lock();
  ++counter;
  m.unlock();
}

// An unlock in a handler that a throw before the lock reaches.
void store(int v) {
  try {
    validate(v);
    m.lock();
    counter = v;
    m.unlock();
  } catch (...) {
    m.unlock();
    // CHECK: :[[@LINE-1]]:7: warning: 'm' is unlocked here but is not held on some path; an exception thrown while it is not locked reaches this handler [lockcheck-unlock-unheld]
    // CHECK: :[[@LINE-7]]:5: note: 'validate' may throw here, while 'm' is not locked
    throw;
  }
}
void store_negative(int v) {
  try {
    if (v < 0)
      throw std::invalid_argument("negative");
    m.lock();
    counter = v;
    m.unlock();
  } catch (const std::exception &) {
    m.unlock();
    // CHECK: :[[@LINE-1]]:7: warning: 'm' is unlocked here but is not held on some path; an exception thrown while it is not locked reaches this handler
    // CHECK: :[[@LINE-7]]:7: note: an exception is thrown here, while 'm' is not locked
  }
}

// Compliant twins: every throw of the try block comes with the lock held,
// or the handler tests what it unlocks.
void store_locked(int v) {
  try {
    m.lock();
    validate(v);
    counter = v;
    m.unlock();
  } catch (...) {
    m.unlock();
    throw;
  }
}
void store_flagged(int v) {
  bool locked = false;
  try {
    validate(v);
    m.lock();
    locked = true;
    counter = v;
    m.unlock();
  } catch (...) {
    if (locked)
      m.unlock();
    throw;
  }
}
void store_quiet(int v) {
  try {
    log_it();
    m.lock();
    counter = v;
    m.unlock();
  } catch (...) {
    m.unlock();
  }
}
