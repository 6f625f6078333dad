// The fix-it of lockcheck-lock-order: two back-to-back lock_guards of one
// side become one std::scoped_lock (C++17), applied and compiled by both
// front ends; none before C++17 or where it would not be mechanical.
// RUN: %check_both --opt=--checks=-*,lockcheck-lock-order %s --fix-out=%t.cpp -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s
// RUN: %check_both --opt=--checks=-*,lockcheck-lock-order %s --fix-out=%t14.cpp -- -std=c++14 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=CXX14-FIXED --input-file=%t14.cpp %s

#include <mutex>

std::mutex accounts_mutex, audit_mutex;
int balance;

void post_transfer() {
  std::lock_guard<std::mutex> a(accounts_mutex);
  std::lock_guard<std::mutex> b(audit_mutex);
  // CHECK: :[[@LINE-1]]:31: warning: 'accounts_mutex' and 'audit_mutex' are acquired in opposite orders
  // CHECK: :[[@LINE-2]]:31: note: 'accounts_mutex' then 'audit_mutex' here
  // CHECK: :[[@LINE+11]]:31: note: 'audit_mutex' then 'accounts_mutex' here
  ++balance;
}
// FIXED: void post_transfer() {
// FIXED-NEXT: std::scoped_lock a(accounts_mutex, audit_mutex);
// FIXED: ++balance;
// CXX14-FIXED: void post_transfer() {
// CXX14-FIXED-NEXT: std::lock_guard<std::mutex> a(accounts_mutex);
// CXX14-FIXED-NEXT: std::lock_guard<std::mutex> b(audit_mutex);
void audit_all() {
  std::lock_guard<std::mutex> b(audit_mutex);
  std::lock_guard<std::mutex> a(accounts_mutex);
  ++balance;
}
// One side fixed is enough: the other stays.
// FIXED: void audit_all() {
// FIXED-NEXT: std::lock_guard<std::mutex> b(audit_mutex);
// FIXED-NEXT: std::lock_guard<std::mutex> a(accounts_mutex);

// The first side is not back to back; the second is, and is fixed.
std::mutex cache_mutex, store_mutex;
void evict() {
  std::lock_guard<std::mutex> c(cache_mutex);
  ++balance;
  std::lock_guard<std::mutex> s(store_mutex);
  // CHECK: :[[@LINE-1]]:31: warning: 'cache_mutex' and 'store_mutex' are acquired in opposite orders
  // CHECK: :[[@LINE-2]]:31: note: 'cache_mutex' then 'store_mutex' here
  // CHECK: :[[@LINE+4]]:31: note: 'store_mutex' then 'cache_mutex' here
}
void load() {
  std::lock_guard<std::mutex> s(store_mutex);
  std::lock_guard<std::mutex> c(cache_mutex);
}
// FIXED: void evict() {
// FIXED-NEXT: std::lock_guard<std::mutex> c(cache_mutex);
// FIXED: ++balance;
// FIXED-NEXT: std::lock_guard<std::mutex> s(store_mutex);
// FIXED: void load() {
// FIXED-NEXT: std::scoped_lock s(store_mutex, cache_mutex);
// FIXED-NEXT: }

// No fix-it: a guard's name is used, a unique_lock, a macro.
#define LOCK_BOTH(x, y)                                                        \
  std::lock_guard<std::mutex> gx(x);                                           \
  std::lock_guard<std::mutex> gy(y)
std::mutex ma, mb, mc, md, me, mf;
void named() {
  std::lock_guard<std::mutex> a(ma);
  std::lock_guard<std::mutex> b(mb);
  // CHECK: :[[@LINE-1]]:31: warning: 'ma' and 'mb' are acquired in opposite orders
  // CHECK: :[[@LINE-2]]:31: note: 'ma' then 'mb' here
  // CHECK: :[[@LINE+5]]:32: note: 'mb' then 'ma' here
  (void)b;
}
void unique() {
  std::unique_lock<std::mutex> b(mb);
  std::unique_lock<std::mutex> a(ma);
}
void macro1() {
  LOCK_BOTH(mc, md);
  // CHECK: :[[@LINE-1]]:3: warning: 'mc' and 'md' are acquired in opposite orders
  // CHECK: :65:31: note: expanded from macro 'LOCK_BOTH'
  // CHECK: :[[@LINE-3]]:3: note: 'mc' then 'md' here
  // CHECK: :65:31: note: expanded from macro 'LOCK_BOTH'
  // CHECK: :[[@LINE+4]]:3: note: 'md' then 'mc' here
  // CHECK: :65:31: note: expanded from macro 'LOCK_BOTH'
}
void macro2() {
  LOCK_BOTH(md, mc);
}
// FIXED: void named() {
// FIXED-NEXT: std::lock_guard<std::mutex> a(ma);
// FIXED-NEXT: std::lock_guard<std::mutex> b(mb);
// FIXED: void unique() {
// FIXED-NEXT: std::unique_lock<std::mutex> b(mb);
// FIXED-NEXT: std::unique_lock<std::mutex> a(ma);
// FIXED: void macro1() {
// FIXED-NEXT: LOCK_BOTH(mc, md);
// FIXED: void macro2() {
// FIXED-NEXT: LOCK_BOTH(md, mc);

// Several functions take the locks in one order: one --fix rewrites them
// all, so that no cycle is left (check_both runs --fix a second time, which
// must change nothing).
std::mutex ledger_mutex, journal_mutex;
void post_credit() {
  std::lock_guard<std::mutex> l(ledger_mutex);
  std::lock_guard<std::mutex> j(journal_mutex);
  // CHECK: :[[@LINE-1]]:31: warning: 'ledger_mutex' and 'journal_mutex' are acquired in opposite orders
  // CHECK: :[[@LINE-2]]:31: note: 'ledger_mutex' then 'journal_mutex' here
  // CHECK: :[[@LINE+11]]:31: note: 'journal_mutex' then 'ledger_mutex' here
  ++balance;
}
void post_debit() {
  std::lock_guard<std::mutex> l(ledger_mutex);
  std::lock_guard<std::mutex> j(journal_mutex);
  --balance;
}
void replay_journal() {
  std::lock_guard<std::mutex> j(journal_mutex);
  ++balance;
  std::lock_guard<std::mutex> l(ledger_mutex);
}
// FIXED: void post_credit() {
// FIXED-NEXT: std::scoped_lock l(ledger_mutex, journal_mutex);
// FIXED: ++balance;
// FIXED: void post_debit() {
// FIXED-NEXT: std::scoped_lock l(ledger_mutex, journal_mutex);
// FIXED-NEXT: --balance;
// FIXED: void replay_journal() {
// FIXED-NEXT: std::lock_guard<std::mutex> j(journal_mutex);
// FIXED-NEXT: ++balance;
// FIXED-NEXT: std::lock_guard<std::mutex> l(ledger_mutex);

// One order cannot be rewritten everywhere (a unique_lock): the other is.
std::mutex queue_mutex, stats_mutex;
void enqueue() {
  std::unique_lock<std::mutex> q(queue_mutex);
  std::unique_lock<std::mutex> s(stats_mutex);
  // CHECK: :[[@LINE-1]]:32: warning: 'queue_mutex' and 'stats_mutex' are acquired in opposite orders
  // CHECK: :[[@LINE-2]]:32: note: 'queue_mutex' then 'stats_mutex' here
  // CHECK: :[[@LINE+8]]:31: note: 'stats_mutex' then 'queue_mutex' here
}
void dequeue() {
  std::lock_guard<std::mutex> q(queue_mutex);
  std::lock_guard<std::mutex> s(stats_mutex);
}
void report_stats() {
  std::lock_guard<std::mutex> s(stats_mutex);
  std::lock_guard<std::mutex> q(queue_mutex);
}
// FIXED: void enqueue() {
// FIXED-NEXT: std::unique_lock<std::mutex> q(queue_mutex);
// FIXED-NEXT: std::unique_lock<std::mutex> s(stats_mutex);
// FIXED: void dequeue() {
// FIXED-NEXT: std::lock_guard<std::mutex> q(queue_mutex);
// FIXED-NEXT: std::lock_guard<std::mutex> s(stats_mutex);
// FIXED: void report_stats() {
// FIXED-NEXT: std::scoped_lock s(stats_mutex, queue_mutex);
// FIXED-NEXT: }

// Neither order can be rewritten everywhere: no fix-it, since rewriting
// some of the sides would leave the deadlock.
std::mutex index_mutex, blob_mutex;
void put_blob() {
  std::lock_guard<std::mutex> i(index_mutex);
  std::lock_guard<std::mutex> b(blob_mutex);
  // CHECK: :[[@LINE-1]]:31: warning: 'index_mutex' and 'blob_mutex' are acquired in opposite orders
  // CHECK: :[[@LINE-2]]:31: note: 'index_mutex' then 'blob_mutex' here
  // CHECK: :[[@LINE+9]]:32: note: 'blob_mutex' then 'index_mutex' here
}
void put_index() {
  std::unique_lock<std::mutex> i(index_mutex);
  std::unique_lock<std::mutex> b(blob_mutex);
}
void compact() {
  std::lock_guard<std::mutex> b(blob_mutex);
  ++balance;
  std::unique_lock<std::mutex> i(index_mutex);
}
// FIXED: void put_blob() {
// FIXED-NEXT: std::lock_guard<std::mutex> i(index_mutex);
// FIXED-NEXT: std::lock_guard<std::mutex> b(blob_mutex);

// Two cycles through one order (ra then rb): one fix-it breaks both, and
// is given once.
std::mutex ra, rb, rc;
void take_ab() {
  std::lock_guard<std::mutex> a(ra);
  std::lock_guard<std::mutex> b(rb);
  // CHECK: :[[@LINE-1]]:31: warning: 'ra' and 'rb' are acquired in opposite orders
  // CHECK: :[[@LINE-2]]:31: note: 'ra' then 'rb' here
  // CHECK: :[[@LINE+19]]:31: note: 'rb' then 'ra' here
  // CHECK: :[[@LINE-4]]:31: warning: 'ra', 'rb' and 'rc' are acquired in a cyclic order
  // CHECK: :[[@LINE-5]]:31: note: 'ra' then 'rb' here
  // CHECK: :[[@LINE+6]]:31: note: 'rb' then 'rc' here
  // CHECK: :[[@LINE+10]]:31: note: 'rc' then 'ra' here
}
void take_bc() {
  std::lock_guard<std::mutex> b(rb);
  ++balance;
  std::lock_guard<std::mutex> c(rc);
}
void take_ca() {
  std::lock_guard<std::mutex> c(rc);
  ++balance;
  std::lock_guard<std::mutex> a(ra);
}
void take_ba() {
  std::lock_guard<std::mutex> b(rb);
  ++balance;
  std::lock_guard<std::mutex> a(ra);
}
// FIXED: void take_ab() {
// FIXED-NEXT: std::scoped_lock a(ra, rb);
// FIXED: void take_bc() {
// FIXED-NEXT: std::lock_guard<std::mutex> b(rb);
// FIXED: void take_ba() {
// FIXED-NEXT: std::lock_guard<std::mutex> b(rb);
