#include <mutex>

extern std::mutex accounts_mutex;
extern std::mutex audit_mutex;
extern int balance, records;

inline void write_audit_record() {
  std::lock_guard<std::mutex> lock(audit_mutex);
  ++records;
}
