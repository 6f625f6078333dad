#include "ledger.h"

std::mutex accounts_mutex;
std::mutex audit_mutex;
int balance, records;

// accounts_mutex, then audit_mutex (in the header's helper).
void post_transfer(int amount) {
  std::lock_guard<std::mutex> lock(accounts_mutex);
  balance += amount;
  write_audit_record();
}

// A cycle inside this file: the check reports it, the tool not again.
std::mutex cache_mutex, index_mutex;
void fill_cache() {
  std::lock_guard<std::mutex> c(cache_mutex);
  std::lock_guard<std::mutex> i(index_mutex);
}
void rebuild_index() {
  std::lock_guard<std::mutex> i(index_mutex);
  std::lock_guard<std::mutex> c(cache_mutex);
}
