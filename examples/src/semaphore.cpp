// Mirrors the Python threading docs' BoundedSemaphore example, which limits
// the number of concurrent database connections:
//     pool_sema = threading.BoundedSemaphore(value=maxconnections)
//     with pool_sema:
//         conn = connectdb()
// std::counting_semaphore needs C++20, so this uses a small hand-written
// Semaphore (std::mutex + std::condition_variable) that lets at most three
// workers in at a time.
// Planted hazards: acquire_once() waits on the condition variable inside an
// `if` instead of a loop/predicate (a spurious or stolen wakeup lets the count
// go negative), and release_checked() -- the BoundedSemaphore "released too
// many times" check -- returns early with the mutex still locked.
#include "example.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

namespace {

class Semaphore {
public:
  explicit Semaphore(int count) : count_(count), max_(count) {}

  // Correct: the predicate is re-checked after every wakeup.
  void acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [this] { return count_ > 0; });
    --count_;
  }

  // A literal translation of "if no slot is free: cond.wait()".
  void acquire_once() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (count_ == 0)
      cv_.wait(lock); // HAZARD: wait without predicate inside `if` (not a loop): a spurious wakeup proceeds with count_ == 0
    --count_;
  }

  void release() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++count_;
    }
    cv_.notify_one();
  }

  // BoundedSemaphore.release(): refuses to go above the initial value.
  bool release_checked() {
    mutex_.lock();
    if (count_ >= max_)
      return false; // HAZARD: early return leaves mutex_ locked (the unlock below is skipped)
    ++count_;
    mutex_.unlock();
    cv_.notify_one();
    return true;
  }

private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int count_;
  const int max_;
};

// Python's `with pool_sema:`.
class SemaphoreGuard {
public:
  explicit SemaphoreGuard(Semaphore &sem) : sem_(sem) { sem_.acquire(); }
  ~SemaphoreGuard() { sem_.release(); }
  SemaphoreGuard(const SemaphoreGuard &) = delete;
  SemaphoreGuard &operator=(const SemaphoreGuard &) = delete;

private:
  Semaphore &sem_;
};

constexpr int kMaxConnections = 3;
Semaphore g_pool_sema(kMaxConnections);
std::atomic<int> g_active{0};
std::atomic<int> g_max_active{0};

void connect_db() {
  SemaphoreGuard guard(g_pool_sema);
  int now = g_active.fetch_add(1) + 1;
  int seen = g_max_active.load();
  while (now > seen && !g_max_active.compare_exchange_weak(seen, now)) {
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  g_active.fetch_sub(1);
}

} // namespace

void semaphore_demo() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 6; ++i)
    workers.emplace_back(connect_db);
  for (std::thread &w : workers)
    w.join();
  std::printf("semaphore: at most %d workers were connected at once (limit %d)\n",
              g_max_active.load(), kMaxConnections);
}

void semaphore_hazard() {
  Semaphore sem(1);
  sem.acquire_once();
  if (!sem.release_checked())
    std::puts("semaphore: released too many times");
}
