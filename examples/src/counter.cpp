// Mirrors Real Python's "An Intro to Threading in Python" race-condition
// example: FakeDatabase.update() reads self.value into a local copy, yields,
// and writes it back; the fixed locked_update() does the same `with
// self._lock:`.  Here the workers run locked_update() under a std::mutex with
// std::lock_guard (correct).
// Planted hazards: bump_fast() is the unlocked update() -- it writes the
// counter without taking the lock; and run_counter_job() starts a thread and
// returns early on an error path before joining it (std::terminate).
#include "example.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace {

class FakeDatabase {
public:
  void locked_update(int rounds) {
    for (int i = 0; i < rounds; ++i) {
      std::lock_guard<std::mutex> guard(lock_);
      long local_copy = value_;
      local_copy += 1;
      std::this_thread::yield();
      value_ = local_copy;
    }
  }

  void bump_fast() {
    ++value_; // HAZARD: unguarded write: value_ is modified without holding lock_ (every other access holds it)
  }

  long value() {
    std::lock_guard<std::mutex> guard(lock_);
    return value_;
  }

private:
  std::mutex lock_;
  long value_ = 0;
};

FakeDatabase g_database;

bool config_ok() noexcept {
  return std::getenv("LOCKCHECK_EXAMPLE_BAD_CONFIG") == nullptr;
}

bool run_counter_job() {
  std::thread job(&FakeDatabase::locked_update, &g_database, 10);
  if (!config_ok())
    return false; // HAZARD: early return while 'job' is still joinable (std::terminate)
  job.join();
  return true;
}

} // namespace

void counter_demo() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back(&FakeDatabase::locked_update, &g_database, 100);
  for (std::thread &w : workers)
    w.join();
  std::printf("counter: value = %ld (expected 400)\n", g_database.value());
}

void counter_hazard() {
  g_database.bump_fast();
  if (!run_counter_job())
    std::puts("counter: bad configuration");
}
