// Two locks of one class taken one after the other through two objects the
// function is handed, with no order between the objects: the two-account
// transfer. transfer(x, y) in one thread and transfer(y, x) in another each
// hold one lock and wait for the other. Not reported when the code orders
// the objects, takes both at once, or walks from one object to the next.
// RUN: %check_both --opt=--checks=-*,lockcheck-lock-order %s --fix-out=%t.cpp -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s
// The same on the real libstdc++ headers.
// RUN: %check_both --opt=--checks=-*,lockcheck-lock-order %s -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// Before C++17 there is no std::scoped_lock: no fix-it.
// RUN: %check_both --opt=--checks=-*,lockcheck-lock-order %s --fix-out=%t14.cpp -- -std=c++14 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=CXX14-FIXED --input-file=%t14.cpp %s

#include <algorithm>
#include <functional>
#include <mutex>

struct Account {
  std::mutex mu;
  int id = 0;
  int money = 0;
  void take_from(Account &other, int x);
  void take_from_ordered(Account &other, int x);
};

void transfer(Account &from, Account &to, int x) {
  std::lock_guard<std::mutex> a(from.mu);
  std::lock_guard<std::mutex> b(to.mu);
  // CHECK: :[[@LINE-1]]:31: warning: 'from.mu' and 'to.mu', two locks of class 'Account::mu', are acquired one after the other with no order between their objects; two threads doing this with the objects swapped can deadlock [lockcheck-lock-order]
  // CHECK: :[[@LINE-3]]:31: note: 'from.mu' was locked here
  from.money -= x;
  to.money += x;
}
// FIXED: void transfer(Account &from, Account &to, int x) {
// FIXED-NEXT: std::scoped_lock a(from.mu, to.mu);
// FIXED: from.money -= x;
// CXX14-FIXED: void transfer(Account &from, Account &to, int x) {
// CXX14-FIXED-NEXT: std::lock_guard<std::mutex> a(from.mu);
// CXX14-FIXED-NEXT: std::lock_guard<std::mutex> b(to.mu);

// Through pointers, with lock() calls; `this` and another object.
void transfer_ptr(Account *from, Account *to, int x) {
  from->mu.lock();
  to->mu.lock();
  // CHECK: :[[@LINE-1]]:10: warning: 'from->mu' and 'to->mu', two locks of class 'Account::mu', are acquired one after the other with no order between their objects
  // CHECK: :[[@LINE-3]]:12: note: 'from->mu' was locked here
  from->money -= x;
  to->money += x;
  to->mu.unlock();
  from->mu.unlock();
}
void Account::take_from(Account &other, int x) {
  std::lock_guard<std::mutex> a(mu);
  std::lock_guard<std::mutex> b(other.mu);
  // CHECK: :[[@LINE-1]]:31: warning: 'mu' and 'other.mu', two locks of class 'Account::mu', are acquired one after the other with no order between their objects
  // CHECK: :[[@LINE-3]]:31: note: 'mu' was locked here
  other.money -= x;
  money += x;
}

// Twins: both at once, without an order.
#if __cplusplus >= 201703L
void transfer_scoped(Account &from, Account &to, int x) {
  std::scoped_lock both(from.mu, to.mu);
  from.money -= x;
  to.money += x;
}
#endif
void transfer_std_lock(Account &from, Account &to, int x) {
  std::lock(from.mu, to.mu);
  std::lock_guard<std::mutex> a(from.mu, std::adopt_lock);
  std::lock_guard<std::mutex> b(to.mu, std::adopt_lock);
  from.money -= x;
  to.money += x;
}
// Twins: ordered by address, by id, with std::less, with std::swap.
void transfer_by_address(Account &from, Account &to, int x) {
  Account &first = &from < &to ? from : to;
  Account &second = &from < &to ? to : from;
  std::lock_guard<std::mutex> a(first.mu);
  std::lock_guard<std::mutex> b(second.mu);
  from.money -= x;
  to.money += x;
}
void transfer_by_id(Account &from, Account &to, int x) {
  if (from.id < to.id) {
    from.mu.lock();
    to.mu.lock();
  } else {
    to.mu.lock();
    from.mu.lock();
  }
  from.money -= x;
  to.money += x;
  from.mu.unlock();
  to.mu.unlock();
}
void transfer_less(Account *from, Account *to, int x) {
  Account *lo = from, *hi = to;
  if (std::less<Account *>()(hi, lo))
    std::swap(lo, hi);
  std::lock_guard<std::mutex> a(lo->mu);
  std::lock_guard<std::mutex> b(hi->mu);
  from->money -= x;
  to->money += x;
}
void Account::take_from_ordered(Account &other, int x) {
  Account *lo = this < &other ? this : &other;
  Account *hi = this < &other ? &other : this;
  std::lock_guard<std::mutex> a(lo->mu);
  std::lock_guard<std::mutex> b(hi->mu);
  other.money -= x;
  money += x;
}

// Twins: hand over hand along a list, a parent then its child.
struct Node {
  std::mutex m;
  Node *next = nullptr;
  Node *child = nullptr;
  int value = 0;
};
void bump_next(Node *n) {
  std::lock_guard<std::mutex> a(n->m);
  std::lock_guard<std::mutex> b(n->next->m);
  n->next->value = n->value;
}
void walk(Node *head) {
  Node *cur = head;
  cur->m.lock();
  while (cur->next) {
    Node *next = cur->next;
    next->m.lock();
    cur->m.unlock();
    cur = next;
  }
  cur->m.unlock();
}
void bump_child(Node *parent) {
  std::lock_guard<std::mutex> a(parent->m);
  Node *kid = parent->child;
  std::lock_guard<std::mutex> b(kid->m);
  kid->value = parent->value;
}
