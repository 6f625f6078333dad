// Under C++20 a local std::thread becomes a std::jthread, whose destructor
// joins on every path; not when the thread is handed to code that expects a
// std::thread.
// RUN: %check_both %s --fix-out=%t.cpp -- -std=c++20 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s

#include <thread>
#include <utility>

void work();
bool ready();

bool early(bool fast) {
  std::thread worker(work);
  // CHECK: :[[@LINE-1]]:15: warning: thread 'worker' is still joinable when 'early' returns early; std::thread's destructor will call std::terminate [lockcheck-unjoined-thread]
  if (fast)
    return false;
  // CHECK: :[[@LINE-1]]:5: note: 'early' returns here with 'worker' still joinable
  worker.join();
  return true;
}
// FIXED: bool early(bool fast) {
// FIXED-NEXT:   std::jthread worker(work);

void never() {
  std::thread t(work);
  // CHECK: :[[@LINE-1]]:15: warning: thread 't' is still joinable on some path when it goes out of scope
  if (t.joinable() && ready())
    return;
}
// CHECK: :[[@LINE-1]]:1: note: 't' is destroyed here while joinable
// CHECK: :[[@LINE-3]]:5: note: 'never' returns here with 't' still joinable
// FIXED: void never() {
// FIXED-NEXT:   std::jthread t(work);

using namespace std;
void unqualified() {
  thread t(work);
  // CHECK: :[[@LINE-1]]:10: warning: thread 't' is neither joined nor detached before it goes out of scope
}
// CHECK: :[[@LINE-1]]:1: note: 't' is destroyed here while joinable
// FIXED: void unqualified() {
// FIXED-NEXT:   jthread t(work);

// The thread is moved into a std::thread: a jthread would not compile, so
// the fix is to join where the scope ends, and only there.
void keep(std::thread &&);
void moved_on_one_path(bool b) {
  std::thread t(work);
  // CHECK: :[[@LINE-1]]:15: warning: thread 't' is still joinable on some path when it goes out of scope
  if (b)
    keep(std::move(t));
}
// CHECK: :[[@LINE-1]]:1: note: 't' is destroyed here while joinable
// FIXED: void moved_on_one_path(bool b) {
// FIXED-NEXT:   std::thread t(work);

// A macro-made declaration gets no fix-it.
#define START(name) std::thread name(work)
void in_macro() {
  START(m);
  // CHECK: :[[@LINE-1]]:9: warning: thread 'm' is neither joined nor detached before it goes out of scope
}
// CHECK: :[[@LINE-1]]:1: note: 'm' is destroyed here while joinable
// FIXED: void in_macro() {
// FIXED-NEXT:   START(m);
// FIXED-NOT: join
// FIXED: void jthread_ok()

// std::jthread is never reported.
void jthread_ok() { std::jthread t(work); }
