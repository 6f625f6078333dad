// The wrap-in-guard fix-it names the mutex as name lookup at the write finds
// it: never "(anonymous namespace)::m", qualified only as far as needed. The
// fixed file must compile (check_both compiles it).
// RUN: %check_both %s --fix-out=%t.cpp -- -std=c++17 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s

#include <mutex>
#include <thread>

// A mutex in an anonymous namespace, written from inside it and from outside.
namespace {
std::mutex g_accounts_mutex;
int g_balance;
void deposit() {
  std::lock_guard<std::mutex> g(g_accounts_mutex);
  ++g_balance;
}
void withdraw() {
  --g_balance;
  // CHECK: :[[@LINE-1]]:5: warning: 'g_balance' is written without holding 'g_accounts_mutex'; it is guarded by 'g_accounts_mutex' at 1 other access [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+13]]:27: note: the thread started here runs 'withdraw'
  // CHECK: :[[@LINE-6]]:5: note: 'g_balance' is written here holding 'g_accounts_mutex'
  // FIXED: { std::lock_guard<std::mutex> lock(g_accounts_mutex); --g_balance; }
}
} // namespace
void reset_balance() {
  g_balance = 0;
  // CHECK: :[[@LINE-1]]:3: warning: 'g_balance' is written without holding 'g_accounts_mutex'
  // CHECK: :[[@LINE+5]]:40: note: the thread started here runs 'reset_balance'
  // CHECK: :[[@LINE-14]]:5: note: 'g_balance' is written here holding 'g_accounts_mutex'
  // FIXED: { std::lock_guard<std::mutex> lock(g_accounts_mutex); g_balance = 0; }
}
void bank() {
  std::thread a(deposit), b(withdraw), c(reset_balance);
  a.join();
  b.join();
  c.join();
}

// Nested namespaces: qualified from the innermost scope name lookup finds.
namespace app {
namespace stats {
std::mutex mu;
long hits;
void hit() {
  std::lock_guard<std::mutex> g(mu);
  ++hits;
}
} // namespace stats
namespace net {
void clear_hits() {
  stats::hits = 0;
  // CHECK: :[[@LINE-1]]:3: warning: 'hits' is written without holding 'mu'
  // CHECK: :[[@LINE+14]]:35: note: the thread started here runs 'clear_hits'
  // CHECK: :[[@LINE-8]]:5: note: 'hits' is written here holding 'mu'
  // FIXED: { std::lock_guard<std::mutex> lock(stats::mu); stats::hits = 0; }
}
} // namespace net
} // namespace app
void drop_hits() {
  app::stats::hits = -1;
  // CHECK: :[[@LINE-1]]:3: warning: 'hits' is written without holding 'mu'
  // CHECK: :[[@LINE+5]]:60: note: the thread started here runs 'drop_hits'
  // CHECK: :[[@LINE-17]]:5: note: 'hits' is written here holding 'mu'
  // FIXED: { std::lock_guard<std::mutex> lock(app::stats::mu); app::stats::hits = -1; }
}
void counting() {
  std::thread a(app::stats::hit), b(app::net::clear_hits), c(drop_hits);
  a.join();
  b.join();
  c.join();
}

// A static data member: unqualified inside the class, qualified outside.
struct Ledger {
  static std::mutex mu;
  static int entries;
  static void add() {
    std::lock_guard<std::mutex> g(mu);
    ++entries;
  }
  static void clear() {
    entries = 0;
    // CHECK: :[[@LINE-1]]:5: warning: 'entries' is written without holding 'mu'
    // CHECK: :[[@LINE+15]]:31: note: the thread started here runs 'clear'
    // CHECK: :[[@LINE-6]]:7: note: 'entries' is written here holding 'mu'
    // FIXED: { std::lock_guard<std::mutex> lock(mu); entries = 0; }
  }
};
std::mutex Ledger::mu;
int Ledger::entries;
void truncate_ledger() {
  Ledger::entries = 1;
  // CHECK: :[[@LINE-1]]:3: warning: 'entries' is written without holding 'mu'
  // CHECK: :[[@LINE+5]]:49: note: the thread started here runs 'truncate_ledger'
  // CHECK: :[[@LINE-16]]:7: note: 'entries' is written here holding 'mu'
  // FIXED: { std::lock_guard<std::mutex> lock(Ledger::mu); Ledger::entries = 1; }
}
void ledger() {
  std::thread a(Ledger::add), b(Ledger::clear), c(truncate_ledger);
  a.join();
  b.join();
  c.join();
}

// A global hidden by a local of the same name: qualified from '::'.
std::mutex cache_mu;
int cache_size;
void grow() {
  std::lock_guard<std::mutex> g(cache_mu);
  ++cache_size;
}
void shrink() {
  int cache_mu = 0;
  cache_size = cache_mu;
  // CHECK: :[[@LINE-1]]:3: warning: 'cache_size' is written without holding 'cache_mu'
  // CHECK: :[[@LINE+5]]:24: note: the thread started here runs 'shrink'
  // CHECK: :[[@LINE-7]]:5: note: 'cache_size' is written here holding 'cache_mu'
  // FIXED: { std::lock_guard<std::mutex> lock(::cache_mu); cache_size = cache_mu; }
}
void caching() {
  std::thread a(grow), b(shrink);
  a.join();
  b.join();
}

// A member mutex hidden by a parameter: through 'this'.
class Pool {
public:
  void start() {
    worker_ = std::thread(&Pool::run, this);
    resizer_ = std::thread(&Pool::resize, this, 3);
  }
  void run() {
    std::lock_guard<std::mutex> g(mu_);
    ++size_;
  }
  void resize(int mu_) {
    size_ = mu_;
    // CHECK: :[[@LINE-1]]:5: warning: 'size_' is written without holding 'mu_'
    // CHECK: :[[@LINE-9]]:16: note: the thread started here runs 'resize'
    // CHECK: :[[@LINE-6]]:7: note: 'size_' is written here holding 'mu_'
    // FIXED: { std::lock_guard<std::mutex> lock(this->mu_); size_ = mu_; }
  }
  void stop() {
    worker_.join();
    resizer_.join();
  }

private:
  std::mutex mu_;
  int size_ = 0;
  std::thread worker_, resizer_;
};

// Compliant twin: every write holds the mutex; nothing to fix.
namespace {
std::mutex g_ok_mutex;
int g_ok;
void ok_add() {
  std::lock_guard<std::mutex> g(g_ok_mutex);
  ++g_ok;
}
void ok_sub() {
  std::lock_guard<std::mutex> g(g_ok_mutex);
  --g_ok;
}
} // namespace
void ok_bank() {
  std::thread a(ok_add), b(ok_sub);
  a.join();
  b.join();
}
