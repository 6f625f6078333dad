// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <functional>
#include <memory>
#include <thread>

void use(int *p);
void use_ref(int &r);

void by_reference_capture() {
  int counter = 0;
  std::thread t([&counter] { ++counter; });
  // CHECK: :[[@LINE-1]]:15: warning: detached thread refers to 'counter', a local of 'by_reference_capture'; 'by_reference_capture' can return and destroy it while the thread still runs [lockcheck-detached-dangling]
  // CHECK: :[[@LINE-2]]:19: note: 'counter' is captured by reference here
  // CHECK: :[[@LINE+1]]:5: note: the thread is detached here
  t.detach();
}

void default_capture() {
  int buf[16] = {};
  std::thread([&] { buf[0] = 1; }).detach();
  // CHECK: :[[@LINE-1]]:3: warning: detached thread refers to 'buf', a local of 'default_capture'
  // CHECK: :[[@LINE-2]]:21: note: 'buf' is captured by reference here
  // CHECK: :[[@LINE-3]]:36: note: the thread is detached here
}

void by_pointer_and_ref() {
  int a = 0, b = 0;
  std::thread t(use, &a);
  // CHECK: :[[@LINE-1]]:15: warning: detached thread refers to 'a', a local of 'by_pointer_and_ref'
  // CHECK: :[[@LINE-2]]:22: note: 'a' is passed by pointer here
  // CHECK: :[[@LINE+7]]:5: note: the thread is detached here
  std::thread u(use_ref, std::ref(b));
  // CHECK: :[[@LINE-1]]:15: warning: detached thread refers to 'b', a local of 'by_pointer_and_ref'
  // CHECK: :[[@LINE-2]]:26: note: 'b' is passed by std::ref here
  // CHECK: :[[@LINE+1]]:5: note: the thread is detached here
  u.detach();
  // (t's detach is below)
  t.detach();
}

// Compliant twins: joined before return, copies, statics, heap objects.
void joined_before_return() {
  int counter = 0;
  std::thread t([&counter] { ++counter; });
  t.join();
}
void by_copy() {
  int counter = 0;
  std::thread([counter] { (void)counter; }).detach();
}
void static_local() {
  static int counter;
  std::thread([&] { ++counter; }).detach();
}
void heap_object() {
  auto p = std::make_shared<int>(0);
  std::thread([p] { ++*p; }).detach();
}
