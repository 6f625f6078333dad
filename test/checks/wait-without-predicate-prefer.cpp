// With PreferPredicateOverload, `while (!x) cv.wait(lk);` (correct as it is)
// is rewritten to the predicate overload; other loops are left alone.
// RUN: %check_both %s --fix-out=%t.cpp \
// RUN:   --opt=--config="{Checks: '-*,lockcheck-wait-without-predicate', CheckOptions: {lockcheck-wait-without-predicate.PreferPredicateOverload: true}}" \
// RUN:   -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s

#include <condition_variable>
#include <mutex>

std::mutex m;
std::condition_variable cv;
bool ready;
int *slot;

void wait_while() {
  std::unique_lock<std::mutex> lk(m);
  while (!ready)
    cv.wait(lk);
  // CHECK: :[[@LINE-1]]:8: warning: this loop around 'wait' on 'cv' is the predicate overload written out; use the overload [lockcheck-wait-without-predicate]
}
// FIXED: void wait_while() {
// FIXED-NEXT: std::unique_lock<std::mutex> lk(m);
// FIXED-NEXT: cv.wait(lk, [&] { return ready; });

void wait_while_braced() {
  std::unique_lock<std::mutex> lk(m);
  while (slot == nullptr) {
    cv.wait(lk);
  }
  // CHECK: :[[@LINE-2]]:8: warning: this loop around 'wait' on 'cv' is the predicate overload written out
}
// FIXED: void wait_while_braced() {
// FIXED-NEXT: std::unique_lock<std::mutex> lk(m);
// FIXED-NEXT: cv.wait(lk, [&] { return !(slot == nullptr); });

#define WAIT_UNTIL_READY(lk) while (!ready) cv.wait(lk)

// Not the exact shape, or in a macro: left alone.
void not_the_shape() {
  std::unique_lock<std::mutex> lk(m);
  while (!ready) {
    cv.wait(lk);
    ++*slot;
  }
  WAIT_UNTIL_READY(lk);
  do
    cv.wait(lk);
  while (!ready);
}
