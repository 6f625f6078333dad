// ThreadStartFunctions and ThreadJoinFunctions in C++: a member function
// starting a thread (its object is the thread, joined by a member function
// of the option), a function returning the thread's handle, a function
// template taking the callable; all declared only. Without the options the
// file has no thread.
// RUN: %check_both --opt=--config="{Checks: '-*,lockcheck-*', CheckOptions: {ThreadStartFunctions: 'rt::Thread::Start;rt::spawn;rt::go', ThreadJoinFunctions: 'rt::Thread::Join;rt::join'}}" %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both --opt=--config="{Checks: '-*,lockcheck-*', CheckOptions: {ThreadStartFunctions: 'rt::Thread::Start;rt::spawn;rt::go', ThreadJoinFunctions: 'rt::Thread::Join;rt::join'}}" %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=OFF --allow-empty --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// OFF-NOT: warning:

#include <functional>
#include <mutex>

namespace rt {
class Thread {
public:
  void Start(std::function<void()> fn);
  void Join();
};
struct Handle;
Handle *spawn(void (*fn)(int *), int *arg);
void join(Handle *h);
template <class F> void go(F f);
} // namespace rt

std::mutex mu;

// The starting function writes the captured local while the thread runs.
int racy_local() {
  int n = 0;
  rt::Thread t;
  t.Start([&n] { ++n; });
  // CHECK: :[[@LINE-1]]:20: warning: 'n' is written by the thread started at line [[#@LINE-1]] and by 'racy_local' while it runs, without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE-2]]:3: note: the thread started here runs the lambda
  // CHECK: :[[@LINE+1]]:3: note: 'n' is also written here
  n = 5;
  t.Join();
  return n;
}

// Twin: after the join.
int joined_local() {
  int n = 0;
  rt::Thread t;
  t.Start([&n] { ++n; });
  t.Join();
  n = 5;
  return n;
}

// A handle returned by the start function, joined by rt::join.
int shared_count;
void bump(int *p) { *p += 1; }
// CHECK: :[[@LINE-1]]:21: warning: 'shared_count' is written by threads started at line [[#@LINE+4]] and line [[#@LINE+5]] without a lock [lockcheck-unguarded-write]
// CHECK: :[[@LINE+3]]:19: note: the thread started here runs 'bump'
// CHECK: :[[@LINE+3]]:19: note: the other thread is started here
void count_twice() {
  rt::Handle *a = rt::spawn(bump, &shared_count);
  rt::Handle *b = rt::spawn(bump, &shared_count);
  rt::join(a);
  rt::join(b);
}

// Twin: the second thread starts after the first is joined.
int serial_count;
void count_in_turn() {
  rt::Handle *a = rt::spawn(bump, &serial_count);
  rt::join(a);
  rt::Handle *b = rt::spawn(bump, &serial_count);
  rt::join(b);
}

// A function template taking the callable (a functor), started in a loop.
long events;
struct Tick {
  void operator()() const { ++events; }
  // CHECK: :[[@LINE-1]]:31: warning: 'events' is written by threads started at line [[#@LINE+5]] (in a loop) without a lock [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+4]]:5: note: the thread started here runs 'operator()'
};
void fire() {
  for (int i = 0; i < 2; ++i)
    rt::go(Tick{});
}

// Twin: under a lock.
long safe_events;
struct LockedTick {
  void operator()() const {
    std::lock_guard<std::mutex> g(mu);
    ++safe_events;
  }
};
void fire_locked() {
  for (int i = 0; i < 2; ++i)
    rt::go(LockedTick{});
}
