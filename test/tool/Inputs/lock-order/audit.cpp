#include "ledger.h"

// audit_mutex, then accounts_mutex: the opposite order of bank.cpp's.
void audit_all() {
  std::lock_guard<std::mutex> a(audit_mutex);
  std::lock_guard<std::mutex> b(accounts_mutex);
  ++records;
}
