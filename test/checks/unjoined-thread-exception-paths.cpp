// Exception exits of lockcheck-unjoined-thread follow the ExceptionPaths
// option: by default only a throw lockcheck can see; `strict` takes any call
// without a visible noexcept to throw (the old `true`); `off` has none.
// RUN: %check_both %s --opt=--checks=-*,lockcheck-unjoined-thread -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=VISIBLE --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s --opt=--config="{Checks: '-*,lockcheck-unjoined-thread', CheckOptions: {lockcheck-unjoined-thread.ExceptionPaths: 'strict'}}" -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=STRICT --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s --opt=--config="{Checks: '-*,lockcheck-unjoined-thread', CheckOptions: {lockcheck-unjoined-thread.ExceptionPaths: 'true'}}" -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=STRICT --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s --opt=--config="{Checks: '-*,lockcheck-unjoined-thread', CheckOptions: {lockcheck-unjoined-thread.ExceptionPaths: 'off'}}" -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=OFF --allow-empty --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <string>
#include <thread>
#include <vector>

void work();
void step(); // defined elsewhere: nothing seen to throw
extern "C" void c_api(void);
void log(const char *);
bool react(bool ok) {
  if (!ok)
    throw 1;
  return ok;
}
// A test macro: two calls on one line.
#define REQUIRE(x) (log(#x), react(x))

int parse_port(const std::string &s) {
  std::thread t(work);
  // VISIBLE: :[[@LINE-1]]:15: warning: thread 't' is still joinable if 'stoi' throws; std::thread's destructor will call std::terminate during unwinding [lockcheck-unjoined-thread]
  // STRICT: :[[@LINE-2]]:15: warning: thread 't' is still joinable if 'stoi' throws; std::thread's destructor will call std::terminate during unwinding [lockcheck-unjoined-thread]
  int port = std::stoi(s);
  // VISIBLE: :[[@LINE-1]]:14: note: if 'stoi' throws here, 't' is destroyed while joinable
  // STRICT: :[[@LINE-2]]:14: note: if 'stoi' throws here, 't' is destroyed while joinable
  t.join();
  return port;
}

void test_case(bool ok) {
  std::thread t(work);
  // VISIBLE: :[[@LINE-1]]:15: warning: thread 't' is still joinable if 'react' throws; std::thread's destructor will call std::terminate during unwinding [lockcheck-unjoined-thread]
  // STRICT: :[[@LINE-2]]:15: warning: thread 't' is still joinable if 'log' throws; std::thread's destructor will call std::terminate during unwinding [lockcheck-unjoined-thread]
  REQUIRE(ok);
  // VISIBLE: :[[@LINE-1]]:3: note: if 'react' throws here, 't' is destroyed while joinable
  // VISIBLE: :[[@LINE-19]]:30: note: expanded from macro 'REQUIRE'
  // STRICT: :[[@LINE-3]]:3: note: if 'log' throws here, 't' is destroyed while joinable
  // STRICT: :[[@LINE-21]]:21: note: expanded from macro 'REQUIRE'
  t.join();
}

void unknown_calls() {
  std::thread t(work);
  // STRICT: :[[@LINE-1]]:15: warning: thread 't' is still joinable if 'step' throws; std::thread's destructor will call std::terminate during unwinding [lockcheck-unjoined-thread]
  step();
  // STRICT: :[[@LINE-1]]:3: note: if 'step' throws here, 't' is destroyed while joinable
  c_api();
  t.join();
}

// Compliant: nothing may throw between start and join, in any mode.
void compliant(std::vector<int> &v, const std::string &s) {
  std::thread t(work);
  v[0] = (int)s.size();
  std::string u = std::to_string(v[0]);
  c_api();
  t.join();
}
// OFF-NOT: warning
