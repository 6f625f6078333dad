// Mirrors the guides' bank-account examples: two threads move money between
// accounts, and an auditor totals them.
// Planted hazards (bank_hazard()):
//   - add_interest() writes 'g_balance' without 'g_accounts_mutex', which
//     every other access holds (lockcheck-unguarded-write);
//   - transfer() takes 'g_accounts_mutex' then 'g_audit_mutex' while audit()
//     takes them the other way round, in two threads at once
//     (lockcheck-lock-order: a deadlock).
// The correct twins take the locks in one order, every time.
#include "example.h"

#include <cstdio>
#include <mutex>
#include <thread>

namespace {

std::mutex g_accounts_mutex;
std::mutex g_audit_mutex;
long g_balance = 100;
long g_audited = 0;

void deposit(long amount) {
  std::lock_guard<std::mutex> lock(g_accounts_mutex);
  g_balance += amount;
}

void transfer(long amount) {
  std::lock_guard<std::mutex> accounts(g_accounts_mutex);
  std::lock_guard<std::mutex> audit(g_audit_mutex);
  g_balance -= amount;
  g_audited += amount;
}

void audit_in_order() {
  std::lock_guard<std::mutex> accounts(g_accounts_mutex);
  std::lock_guard<std::mutex> audit(g_audit_mutex);
  g_audited = g_balance;
}

void audit_reversed() {
  std::lock_guard<std::mutex> audit(g_audit_mutex); // HAZARD: opposite order to transfer(): deadlock
  std::lock_guard<std::mutex> accounts(g_accounts_mutex);
  g_audited = g_balance;
}

void add_interest() {
  g_balance += g_balance / 100; // HAZARD: written without g_accounts_mutex
}

} // namespace

void bank_demo() {
  std::thread a([] { deposit(10); transfer(5); });
  std::thread b(audit_in_order);
  a.join();
  b.join();
  std::printf("bank: balance %ld, audited %ld\n", g_balance, g_audited);
}

void bank_hazard() {
  std::thread a([] { transfer(5); add_interest(); });
  std::thread b([] { audit_reversed(); deposit(1); });
  a.join();
  b.join();
}
