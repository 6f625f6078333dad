// Which calls are exception exits. By default (ExceptionPaths: visible) only
// a throw lockcheck can see: a `throw`, a function of the translation unit
// whose body throws (transitively), a standard call documented to throw for
// a reason other than resource exhaustion, a function declared
// noexcept(false). A function declared elsewhere, extern "C", [[noreturn]]
// or in the standard library without such a documented throw is not one.
// ExceptionPaths: strict is the older reading: every call without a visible
// noexcept may throw (the old value true means strict).
// RUN: %check_both %s --opt=--checks=-*,lockcheck-unreleased-lock -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=VISIBLE --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s --opt=--config="{Checks: '-*,lockcheck-unreleased-lock', CheckOptions: {lockcheck-unreleased-lock.ExceptionPaths: 'strict'}}" -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=STRICT --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s --opt=--config="{Checks: '-*,lockcheck-unreleased-lock', CheckOptions: {lockcheck-unreleased-lock.ExceptionPaths: 'true'}}" -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=STRICT --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// Without exceptions nothing throws, in any mode.
// RUN: %check_both %s --opt=--config="{Checks: '-*,lockcheck-unreleased-lock', CheckOptions: {lockcheck-unreleased-lock.ExceptionPaths: 'strict'}}" -- -std=c++17 -fno-exceptions %mock \
// RUN:   | FileCheck %s --check-prefix=NOEXC --allow-empty --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

std::mutex m;
int total;

void step();                     // defined elsewhere: nothing seen to throw
void checked() noexcept(false);  // declared to throw
[[noreturn]] void fatal(const char *why);
extern "C" void c_api(int);
extern "C" {
void c_header_function(void);    // as if from a header included in extern "C"
}

#ifdef __EXCEPTIONS
void fail() { throw 1; }
#else
void fail() {}
#endif
void validate(int x) {           // throws through fail()
  if (x < 0)
    fail();
}
void quiet(int x) { total += x; } // visible body, no throw

// --- visible throws: reported by default -----------------------------------
void throws_in_callee(int x) {
  m.lock();
  // VISIBLE: :[[@LINE-1]]:5: warning: 'm' is acquired here but not released on every path out of 'throws_in_callee'
  // STRICT: :[[@LINE-2]]:5: warning: 'm' is acquired here but not released on every path out of 'throws_in_callee'
  validate(x);
  // VISIBLE: :[[@LINE-1]]:3: note: if 'validate' throws here, 'm' is never released
  // STRICT: :[[@LINE-2]]:3: note: if 'validate' throws here, 'm' is never released
  m.unlock();
}

void declared_noexcept_false() {
  m.lock();
  // VISIBLE: :[[@LINE-1]]:5: warning: 'm' is acquired here but not released on every path out of 'declared_noexcept_false'
  // STRICT: :[[@LINE-2]]:5: warning: 'm' is acquired here but not released on every path out of 'declared_noexcept_false'
  checked();
  // VISIBLE: :[[@LINE-1]]:3: note: if 'checked' throws here, 'm' is never released
  // STRICT: :[[@LINE-2]]:3: note: if 'checked' throws here, 'm' is never released
  m.unlock();
}

std::vector<int> table;
std::map<int, int> index_of;
int element(unsigned i) {
  m.lock();
  // VISIBLE: :[[@LINE-1]]:5: warning: 'm' is acquired here but not released on every path out of 'element'
  // STRICT: :[[@LINE-2]]:5: warning: 'm' is acquired here but not released on every path out of 'element'
  int v = table.at(i);
  // VISIBLE: :[[@LINE-1]]:17: note: if 'at' throws here, 'm' is never released
  // STRICT: :[[@LINE-2]]:17: note: if 'at' throws here, 'm' is never released
  v += index_of.at(v);
  // VISIBLE: :[[@LINE-1]]:17: note: if 'at' throws here, 'm' is never released
  // STRICT: :[[@LINE-2]]:17: note: if 'at' throws here, 'm' is never released
  m.unlock();
  // VISIBLE: :[[@LINE-10]]:5: note: a std::unique_lock<std::mutex> would release it on every path
  // STRICT: :[[@LINE-11]]:5: note: a std::unique_lock<std::mutex> would release it on every path
  return v;
}

int parse(const std::string &s) {
  m.lock();
  // VISIBLE: :[[@LINE-1]]:5: warning: 'm' is acquired here but not released on every path out of 'parse'
  // STRICT: :[[@LINE-2]]:5: warning: 'm' is acquired here but not released on every path out of 'parse'
  int v = std::stoi(s.substr(2));
  // VISIBLE: :[[@LINE-1]]:11: note: if 'stoi' throws here, 'm' is never released
  // STRICT: :[[@LINE-2]]:11: note: if 'stoi' throws here, 'm' is never released
  m.unlock();
  // VISIBLE: :[[@LINE-7]]:5: note: a std::unique_lock<std::mutex> would release it on every path
  // STRICT: :[[@LINE-8]]:5: note: a std::unique_lock<std::mutex> would release it on every path
  return v;
}

int sum_types(std::optional<int> o, std::variant<int, long> v) {
  m.lock();
  // VISIBLE: :[[@LINE-1]]:5: warning: 'm' is acquired here but not released on every path out of 'sum_types'
  // STRICT: :[[@LINE-2]]:5: warning: 'm' is acquired here but not released on every path out of 'sum_types'
  int r = o.value();
  // VISIBLE: :[[@LINE-1]]:13: note: if 'value' throws here, 'm' is never released
  // STRICT: :[[@LINE-2]]:13: note: if 'value' throws here, 'm' is never released
  r += std::get<int>(v);
  // VISIBLE: :[[@LINE-1]]:8: note: if 'get' throws here, 'm' is never released
  // STRICT: :[[@LINE-2]]:8: note: if 'get' throws here, 'm' is never released
  m.unlock();
  // VISIBLE: :[[@LINE-10]]:5: note: a std::unique_lock<std::mutex> would release it on every path
  // STRICT: :[[@LINE-11]]:5: note: a std::unique_lock<std::mutex> would release it on every path
  return r;
}

void callbacks(std::function<void()> &cb, std::future<int> &f) {
  m.lock();
  // VISIBLE: :[[@LINE-1]]:5: warning: 'm' is acquired here but not released on every path out of 'callbacks'
  // STRICT: :[[@LINE-2]]:5: warning: 'm' is acquired here but not released on every path out of 'callbacks'
  cb();
  // VISIBLE: :[[@LINE-1]]:3: note: if 'operator()' throws here, 'm' is never released
  // STRICT: :[[@LINE-2]]:3: note: if 'operator()' throws here, 'm' is never released
  total += f.get();
  // VISIBLE: :[[@LINE-1]]:14: note: if 'get' throws here, 'm' is never released
  // STRICT: :[[@LINE-2]]:14: note: if 'get' throws here, 'm' is never released
  m.unlock();
}

// Two throwing calls on one line (a test macro): one note, the first call.
#define REQUIRE(x) (validate(x), checked())
void one_note_per_line(int x) {
  m.lock();
  // VISIBLE: :[[@LINE-1]]:5: warning: 'm' is acquired here but not released on every path out of 'one_note_per_line'
  // STRICT: :[[@LINE-2]]:5: warning: 'm' is acquired here but not released on every path out of 'one_note_per_line'
  REQUIRE(x);
  // VISIBLE: :[[@LINE-1]]:3: note: if 'validate' throws here, 'm' is never released
  // VISIBLE: :[[@LINE-7]]:21: note: expanded from macro 'REQUIRE'
  // STRICT: :[[@LINE-3]]:3: note: if 'validate' throws here, 'm' is never released
  // STRICT: :[[@LINE-9]]:21: note: expanded from macro 'REQUIRE'
  validate(x); checked();
  // VISIBLE: :[[@LINE-1]]:3: note: if 'validate' throws here, 'm' is never released
  // STRICT: :[[@LINE-2]]:3: note: if 'validate' throws here, 'm' is never released
  m.unlock();
}

// --- nothing visible: reported only in strict mode --------------------------
void unknown_callee() {
  m.lock();
  // STRICT: :[[@LINE-1]]:5: warning: 'm' is acquired here but not released on every path out of 'unknown_callee'
  step();
  // STRICT: :[[@LINE-1]]:3: note: if 'step' throws here, 'm' is never released
  m.unlock();
}

void noreturn_callee(bool bad) {
  m.lock();
  // STRICT: :[[@LINE-1]]:5: warning: 'm' is acquired here but not released on every path out of 'noreturn_callee'
  if (bad)
    fatal("bad");
  // STRICT: :[[@LINE-1]]:5: note: if 'fatal' throws here, 'm' is never released
  m.unlock();
}

// --- never an exception exit ------------------------------------------------
void c_functions() {
  m.lock();
  c_api(1);
  c_header_function();
  m.unlock();
}

int compliant_std(const std::string &s, std::optional<int> o,
                  std::map<int, int> &mp) {
  m.lock();
  std::string t = s.substr();    // no position: cannot be out of range
  t.erase();
  int v = table[0] + mp[1] + *o + (int)t.size();
  quiet(v);
  m.unlock();
  return v;
}

#ifdef __EXCEPTIONS
void caught(const std::string &s) {
  m.lock();
  try {
    total = std::stoi(s);
  } catch (...) {
  }
  m.unlock();
}
#endif
// NOEXC-NOT: warning
