// RUN: %check_both --opt=--checks=-*,lockcheck-lock-order %s -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <mutex>
#include <shared_mutex>
#include <thread>

int balance, audited;

// Global mutexes taken by guards in opposite orders.
std::mutex accounts_mutex;
std::mutex audit_mutex;

void post_transfer() {
  std::lock_guard<std::mutex> a(accounts_mutex);
  std::lock_guard<std::mutex> b(audit_mutex);
  // CHECK: :[[@LINE-1]]:31: warning: 'accounts_mutex' and 'audit_mutex' are acquired in opposite orders on paths that can run in different threads; this can deadlock [lockcheck-lock-order]
  // CHECK: :[[@LINE-2]]:31: note: 'accounts_mutex' then 'audit_mutex' here
  // CHECK: :[[@LINE+6]]:31: note: 'audit_mutex' then 'accounts_mutex' here
  ++balance;
}

void audit_all() {
  std::lock_guard<std::mutex> b(audit_mutex);
  std::lock_guard<std::mutex> a(accounts_mutex);
  ++audited;
}

// Member mutexes, unique_lock on one side and lock()/unlock() on the other.
struct Bank {
  std::mutex ledger_;
  std::mutex journal_;
  void book() {
    std::unique_lock<std::mutex> l(ledger_);
    journal_.lock();
    // CHECK: :[[@LINE-1]]:14: warning: 'Bank::ledger_' and 'Bank::journal_' are acquired in opposite orders
    // CHECK: :[[@LINE-2]]:14: note: 'Bank::ledger_' then 'Bank::journal_' here
    // CHECK: :[[@LINE+8]]:13: note: 'Bank::journal_' then 'Bank::ledger_' here
    ++balance;
    journal_.unlock();
  }
  void close_day() {
    std::lock_guard<std::mutex> j(journal_);
    if (audited)
      return;
    ledger_.lock();
    ++balance;
    ledger_.unlock();
  }
};

// Through a callee of the translation unit: the lock is taken inside it.
std::mutex cache_mutex;
std::mutex store_mutex;
void flush_store() {
  std::lock_guard<std::mutex> g(store_mutex);
  ++balance;
}
void evict() {
  std::lock_guard<std::mutex> g(cache_mutex);
  flush_store();
  // CHECK: :[[@LINE-1]]:3: warning: 'cache_mutex' and 'store_mutex' are acquired in opposite orders
  // CHECK: :[[@LINE-2]]:3: note: 'cache_mutex' then 'store_mutex' here ('flush_store' takes 'store_mutex')
  // CHECK: :[[@LINE-8]]:31: note: 'flush_store' takes 'store_mutex' here
  // CHECK: :[[@LINE+5]]:33: note: 'store_mutex' then 'cache_mutex' here
}
void load() {
  std::lock_guard<std::mutex> g(store_mutex);
  {
    std::lock_guard<std::mutex> c(cache_mutex);
    ++balance;
  }
}

// Three locks in a cycle, one side in a thread's lambda.
std::mutex ma, mb, mc;
void ab() {
  std::lock_guard<std::mutex> a(ma);
  std::lock_guard<std::mutex> b(mb);
  // CHECK: :[[@LINE-1]]:31: warning: 'ma', 'mb' and 'mc' are acquired in a cyclic order on paths that can run in different threads; this can deadlock
  // CHECK: :[[@LINE-2]]:31: note: 'ma' then 'mb' here
  // CHECK: :[[@LINE+5]]:31: note: 'mb' then 'mc' here
  // CHECK: :[[@LINE+9]]:33: note: 'mc' then 'ma' here (in thread started at lock-order.cpp:[[@LINE+7]])
}
void bc() {
  std::lock_guard<std::mutex> b(mb);
  std::lock_guard<std::mutex> c(mc);
}
void start_ca() {
  std::thread t([] {
    std::lock_guard<std::mutex> c(mc);
    std::lock_guard<std::mutex> a(ma);
  });
  t.join();
}

// std::lock and std::scoped_lock of several take them without an order:
// no edge between them.
std::mutex sa, sb;
void lock_both() {
  std::lock(sa, sb);
  ++balance;
  sa.unlock();
  sb.unlock();
}
void scoped_both() {
  std::scoped_lock l(sb, sa);
  ++balance;
}
void scoped_then_guard() {
  std::lock_guard<std::mutex> g(sb);
  ++audited;
}

// A try-lock that backs off on failure adds no edge.
std::mutex ta, tb;
void take_ta_tb() {
  std::lock_guard<std::mutex> a(ta);
  std::lock_guard<std::mutex> b(tb);
}
void take_tb_try_ta() {
  std::lock_guard<std::mutex> b(tb);
  if (ta.try_lock()) {
    ++balance;
    ta.unlock();
  }
  std::unique_lock<std::mutex> l(ta, std::try_to_lock);
  if (l.owns_lock())
    ++audited;
}

// The same order everywhere.
std::mutex ca, cb;
void consistent1() {
  std::lock_guard<std::mutex> a(ca);
  std::lock_guard<std::mutex> b(cb);
}
void consistent2() {
  ca.lock();
  {
    std::unique_lock<std::mutex> l(cb);
    ++balance;
  }
  ca.unlock();
}
// Released before the other is taken: no edge.
void sequential() {
  {
    std::lock_guard<std::mutex> b(cb);
    ++balance;
  }
  std::lock_guard<std::mutex> a(ca);
}

// Two objects of one class with no order between them: transfer(x, y) and
// transfer(y, x) deadlock (lock-order-same-class.cpp has the forms that
// order them).
struct Account {
  std::mutex mu;
  int money = 0;
};
void transfer(Account &from, Account &to, int x) {
  std::lock_guard<std::mutex> a(from.mu);
  std::lock_guard<std::mutex> b(to.mu);
  // CHECK: :[[@LINE-1]]:31: warning: 'from.mu' and 'to.mu', two locks of class 'Account::mu', are acquired one after the other with no order between their objects; two threads doing this with the objects swapped can deadlock [lockcheck-lock-order]
  // CHECK: :[[@LINE-3]]:31: note: 'from.mu' was locked here
  from.money -= x;
  to.money += x;
}

// Readers do not block each other: shared then shared in both orders.
std::shared_mutex ra, rb;
void read_ab() {
  std::shared_lock<std::shared_mutex> a(ra);
  std::shared_lock<std::shared_mutex> b(rb);
}
void read_ba() {
  std::shared_lock<std::shared_mutex> b(rb);
  std::shared_lock<std::shared_mutex> a(ra);
}
// A reader and a writer do.
std::shared_mutex wa, wb;
void read_wa_write_wb() {
  std::shared_lock<std::shared_mutex> a(wa);
  std::unique_lock<std::shared_mutex> b(wb);
  // CHECK: :[[@LINE-1]]:39: warning: 'wa' and 'wb' are acquired in opposite orders
  // CHECK: :[[@LINE-2]]:39: note: 'wa' then 'wb' here
  // CHECK: :[[@LINE+4]]:39: note: 'wb' then 'wa' here
}
void write_wb_write_wa() {
  std::unique_lock<std::shared_mutex> b(wb);
  std::unique_lock<std::shared_mutex> a(wa);
}

// One thread, started once, takes both orders (in two functions it calls):
// it cannot deadlock with itself. The same code started in a loop can.
std::mutex oa, ob;
void one_ab() {
  std::lock_guard<std::mutex> a(oa);
  std::lock_guard<std::mutex> b(ob);
}
void one_ba() {
  std::lock_guard<std::mutex> b(ob);
  std::lock_guard<std::mutex> a(oa);
}
void one_thread_both_orders() {
  one_ab();
  one_ba();
}
std::mutex la, lb;
void loop_ab() {
  std::lock_guard<std::mutex> a(la);
  std::lock_guard<std::mutex> b(lb);
  // CHECK: :[[@LINE-1]]:31: warning: 'la' and 'lb' are acquired in opposite orders on paths that can run in different threads; this can deadlock [lockcheck-lock-order]
  // CHECK: :[[@LINE-2]]:31: note: 'la' then 'lb' here (in thread started at lock-order.cpp:[[LOOPLINE:[0-9]+]])
}
void loop_ba() {
  std::lock_guard<std::mutex> b(lb);
  std::lock_guard<std::mutex> a(la);
  // CHECK: :[[@LINE-1]]:31: note: 'lb' then 'la' here (in thread started at lock-order.cpp:[[LOOPLINE]])
}
void looped_both_orders() {
  loop_ab();
  loop_ba();
}

// Orders that only one thread ever takes: main takes xb then xa before it
// starts the thread that takes xa then xb, and again after joining it.
std::mutex xa, xb;
void worker_ab() {
  std::lock_guard<std::mutex> a(xa);
  std::lock_guard<std::mutex> b(xb);
}
// The same in opposite orders while the thread runs: reported, with the
// thread's start.
std::mutex ya, yb;
void worker_yab() {
  std::lock_guard<std::mutex> a(ya);
  std::lock_guard<std::mutex> b(yb);
  // CHECK: :[[@LINE-1]]:31: warning: 'ya' and 'yb' are acquired in opposite orders
  // CHECK: :[[@LINE-2]]:31: note: 'ya' then 'yb' here (in thread started at lock-order.cpp:[[@LINE+14]])
  // CHECK: :[[@LINE+16]]:33: note: 'yb' then 'ya' here
}
int main() {
  {
    std::lock_guard<std::mutex> b(xb);
    std::lock_guard<std::mutex> a(xa);
  }
  std::thread t(worker_ab);
  t.join();
  {
    std::lock_guard<std::mutex> b(xb);
    std::lock_guard<std::mutex> a(xa);
  }
  std::thread u(worker_yab);
  {
    std::lock_guard<std::mutex> b(yb);
    std::lock_guard<std::mutex> a(ya);
  }
  u.join();
  std::thread once(one_thread_both_orders);
  once.join();
  std::thread pool[2];
  for (int i = 0; i < 2; ++i)
    pool[i] = std::thread(looped_both_orders);
  for (int i = 0; i < 2; ++i)
    pool[i].join();
}

// A lock held on some paths only makes no edge: here 'za' is released
// before 'zb' on both branches of two tests of one flag with a call between
// them, which the lockset does not relate.
std::mutex za, zb;
struct Mod { bool needs_lock; };
Mod *mod;
void eval();
void crawl() {
  za.lock();
  if (!mod->needs_lock)
    za.unlock();
  eval();
  if (mod->needs_lock)
    za.unlock();
  zb.lock();
  zb.unlock();
}
void zb_then_za() {
  std::lock_guard<std::mutex> b(zb);
  std::lock_guard<std::mutex> a(za);
}
