// A std::recursive_mutex taken twice, then once more by try_lock() whose
// result is kept in a variable and tested later (directly, or through an
// assertion macro that copies it): the branch on the variable knows how many
// times the mutex is held, one more than before the try on success, as
// before on failure. Where the count really is wrong (more unlocks than
// holds on the failure path), it is reported.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <cstdlib>
#include <mutex>

#define ASSERT_TRUE(a)                                                         \
  do {                                                                         \
    const bool eval_a = (a);                                                   \
    if (!eval_a)                                                               \
      std::abort();                                                            \
  } while (0)

std::recursive_mutex rm;
int level;

// Compliant: the result through the macro.
void try_macro() {
  rm.lock();
  rm.lock();
  ASSERT_TRUE(rm.try_lock());
  level = 3;
  rm.unlock();
  rm.unlock();
  rm.unlock();
}

// Compliant: the result in a variable; on failure it is held twice.
bool try_variable() {
  rm.lock();
  rm.lock();
  bool ok = rm.try_lock();
  if (!ok) {
    rm.unlock();
    rm.unlock();
    return false;
  }
  level = 3;
  rm.unlock();
  rm.unlock();
  rm.unlock();
  return true;
}

// Non-compliant: the failure path releases three times what it holds twice.
bool try_failure_unlocks_thrice() {
  rm.lock();
  rm.lock();
  bool ok = rm.try_lock();
  if (!ok) {
    rm.unlock();
    rm.unlock();
    rm.unlock();
    // CHECK: :[[@LINE-1]]:8: warning: 'rm' is unlocked here but is not held; it was already unlocked [lockcheck-unlock-unheld]
    // CHECK: :[[@LINE-3]]:8: note: 'rm' was unlocked here
    return false;
  }
  rm.unlock();
  rm.unlock();
  rm.unlock();
  return true;
}
