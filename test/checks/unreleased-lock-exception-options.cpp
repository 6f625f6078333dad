// Exception paths: by default every call that visibly throws while the lock
// is held is an exit, with at most three notes (MaxExceptionNotes) and one
// that counts the rest; ExceptionPaths=off (or the old value false) drops
// those exits.
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=DEFAULT --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s --opt=--config="{Checks: '-*,lockcheck-unreleased-lock', CheckOptions: {lockcheck-unreleased-lock.MaxExceptionNotes: '1'}}" -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=ONE --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s --opt=--config="{Checks: '-*,lockcheck-unreleased-lock', CheckOptions: {lockcheck-unreleased-lock.ExceptionPaths: 'false'}}" -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=NOEXC --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s --opt=--config="{Checks: '-*,lockcheck-unreleased-lock', CheckOptions: {lockcheck-unreleased-lock.ExceptionPaths: 'off'}}" -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=NOEXC --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <mutex>

std::mutex m;
void step() noexcept(false); // declared to throw

void many_throwing_calls() {
  m.lock();
  // DEFAULT: :[[@LINE-1]]:5: warning: 'm' is acquired here but not released on every path out of 'many_throwing_calls' [lockcheck-unreleased-lock]
  // ONE: :[[@LINE-2]]:5: warning: 'm' is acquired here but not released on every path out of 'many_throwing_calls' [lockcheck-unreleased-lock]
  step();
  // DEFAULT: :[[@LINE-1]]:3: note: if 'step' throws here, 'm' is never released
  // ONE: :[[@LINE-2]]:3: note: if 'step' throws here, 'm' is never released
  step();
  // DEFAULT: :[[@LINE-1]]:3: note: if 'step' throws here, 'm' is never released
  // ONE: :[[@LINE-2]]:3: note: 3 more calls may throw while 'm' is held, from here on
  step();
  // DEFAULT: :[[@LINE-1]]:3: note: if 'step' throws here, 'm' is never released
  step();
  // DEFAULT: :[[@LINE-1]]:3: note: 1 more call may throw while 'm' is held, from here on
  m.unlock();
}

// A real early return is still reported without exception paths.
void early_return(bool fail) {
  m.lock();
  // DEFAULT: :[[@LINE-1]]:5: warning: 'm' is acquired here but not released on every path out of 'early_return'
  // ONE: :[[@LINE-2]]:5: warning: 'm' is acquired here but not released on every path out of 'early_return'
  // NOEXC: :[[@LINE-3]]:5: warning: 'm' is acquired here but not released on every path out of 'early_return'
  if (fail)
    return;
  // DEFAULT: :[[@LINE-1]]:5: note: 'early_return' returns here with 'm' held
  // ONE: :[[@LINE-2]]:5: note: 'early_return' returns here with 'm' held
  // NOEXC: :[[@LINE-3]]:5: note: 'early_return' returns here with 'm' held
  m.unlock();
}
