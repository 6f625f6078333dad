// The NOLINT comments (NOLINT, NOLINTNEXTLINE, and BEGIN/END blocks) silence
// findings in both front ends alike (check_both compares them); a NOLINT for
// another check does not.

// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|error):}}"

#include <thread>
void w();

void silenced() {
  std::thread t(w); // NOLINT
}
void silenced_by_name() {
  std::thread t(w); // NOLINT(lockcheck-unjoined-thread)
}
void silenced_by_glob() {
  std::thread t(w); // NOLINT(lockcheck-*)
}
void next_line() {
  // NOLINTNEXTLINE(lockcheck-unjoined-thread)
  std::thread t(w);
}
// NOLINTBEGIN(lockcheck-unjoined-thread)
void in_block() {
  std::thread t(w);
}
// NOLINTEND(lockcheck-unjoined-thread)
void other_check() {
  std::thread t(w); // NOLINT(bugprone-use-after-move)
  // CHECK: nolint.cpp:[[@LINE-1]]:15: warning: thread 't' is neither joined
}
void not_the_next_line() {
  // NOLINTNEXTLINE(lockcheck-unjoined-thread)

  std::thread t(w);
  // CHECK: nolint.cpp:[[@LINE-1]]:15: warning: thread 't' is neither joined
}
