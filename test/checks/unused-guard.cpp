// RUN: %check_both %s --fix-out=%t.cpp -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s

#include <mutex>
#include <shared_mutex>

std::mutex m, m2, m3;
std::shared_mutex sm;
int counter;

void braced_temporary() {
  std::lock_guard<std::mutex>{m};
  // CHECK: :[[@LINE-1]]:3: warning: this 'std::lock_guard<std::mutex>' is a temporary destroyed at the end of the statement: it unlocks 'm' at once and protects nothing [lockcheck-unused-guard]
  ++counter;
}
// FIXED: void braced_temporary() {
// FIXED-NEXT: std::lock_guard<std::mutex> lock{m};

void parenthesized_declaration() {
  std::unique_lock<std::mutex>(m);
  // CHECK: :[[@LINE-1]]:32: warning: this declares a new, default-constructed 'std::unique_lock<std::mutex>' named 'm' that locks nothing; it does not lock the mutex 'm' [lockcheck-unused-guard]
  ++counter;
}
// FIXED: void parenthesized_declaration() {
// FIXED-NEXT: std::unique_lock<std::mutex> lock(m);

void deduced_scoped_lock() {
  std::scoped_lock{m};
  // CHECK: :[[@LINE-1]]:3: warning: this 'std::scoped_lock' is a temporary destroyed at the end of the statement
  ++counter;
}
// FIXED: void deduced_scoped_lock() {
// FIXED-NEXT: std::scoped_lock lock{m};

void shared_temporary(int lock) {
  std::shared_lock<std::shared_mutex>{sm};
  // CHECK: :[[@LINE-1]]:3: warning: this 'std::shared_lock<std::shared_mutex>' is a temporary destroyed at the end of the statement: it unlocks 'sm' at once
  std::lock_guard<std::mutex>{m};
  // CHECK: :[[@LINE-1]]:3: warning: this 'std::lock_guard<std::mutex>' is a temporary
  counter += lock;
}
// The name 'lock' is taken by the parameter, and each fix gets its own name.
// FIXED: void shared_temporary(int lock) {
// FIXED-NEXT: std::shared_lock<std::shared_mutex> lock2{sm};
// FIXED: std::lock_guard<std::mutex> lock3{m};

void in_branch(bool b) {
  if (b)
    std::lock_guard<std::mutex>{m};
  // CHECK: :[[@LINE-1]]:5: warning: this 'std::lock_guard<std::mutex>' is a temporary
}

#define LOCK_IT std::lock_guard<std::mutex>{m}
void from_macro() {
  LOCK_IT;
  // CHECK: :[[@LINE-1]]:3: warning: this 'std::lock_guard<std::mutex>' is a temporary destroyed at the end of the statement: it unlocks 'm' at once
  // CHECK: :[[@LINE-4]]:17: note: expanded from macro 'LOCK_IT'
}
// FIXED: void from_macro() {
// FIXED-NEXT: LOCK_IT;

// Compliant twins.
void named() {
  std::lock_guard<std::mutex> lock(m);
  std::lock_guard<std::mutex> braced{m2};
  std::scoped_lock both(m3);
  ++counter;
}

std::unique_lock<std::mutex> make() { return std::unique_lock<std::mutex>(m); }

void default_unique_lock() {
  std::unique_lock<std::mutex> lk; // assigned later, a plain declaration
  lk = std::unique_lock<std::mutex>(m);
}

void unrelated_name() {
  std::unique_lock<std::mutex>(other); // no mutex named 'other': not a guard of anything
  (void)other;
}

// The accidental guard is used later: renaming it would change what `m`
// names there, so there is no fix-it.
void used_later() {
  std::unique_lock<std::mutex>(m);
  // CHECK: :[[@LINE-1]]:32: warning: this declares a new, default-constructed 'std::unique_lock<std::mutex>' named 'm'
  if (m.owns_lock())
    ++counter;
}
// FIXED: void used_later() {
// FIXED-NEXT: std::unique_lock<std::mutex>(m);
