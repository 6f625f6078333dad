// Mirrors the Python threading docs' Timer example:
//     t = threading.Timer(30.0, hello)
//     t.start()  # after 30 seconds, "hello, world" will be printed
// Timer runs its callback on a std::thread after a delay, can be cancelled,
// and is joined correctly (join() and the destructor).
// Planted hazard: schedule_reminders() starts one timer thread per reminder
// in a std::vector<std::thread> and never joins them; destroying the vector
// destroys joinable threads (std::terminate).
#include "example.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace {

class Timer {
public:
  Timer(std::chrono::milliseconds interval, std::function<void()> callback)
      : interval_(interval), callback_(std::move(callback)) {}
  ~Timer() {
    cancel();
    join();
  }
  Timer(const Timer &) = delete;
  Timer &operator=(const Timer &) = delete;

  void start() { thread_ = std::thread(&Timer::run, this); }

  void cancel() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      cancelled_ = true;
    }
    cv_.notify_all();
  }

  void join() {
    if (thread_.joinable())
      thread_.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (cv_.wait_for(lock, interval_, [this] { return cancelled_; }))
      return; // cancelled before the interval elapsed
    lock.unlock();
    callback_();
  }

  std::chrono::milliseconds interval_;
  std::function<void()> callback_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool cancelled_ = false;
  std::thread thread_;
};

void hello() { std::puts("timer: hello, world"); }

void schedule_reminders(int count) {
  std::vector<std::thread> timers;
  for (int i = 0; i < count; ++i)
    timers.emplace_back([i] { // HAZARD: timer threads stored in 'timers' are never joined; the vector's destructor calls std::terminate
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * i));
      std::printf("timer: reminder %d\n", i);
    });
}

} // namespace

void timer_demo() {
  Timer t(std::chrono::milliseconds(10), hello);
  t.start();
  t.join();

  Timer cancelled(std::chrono::seconds(30), hello);
  cancelled.start();
  cancelled.cancel(); // wakes the timer thread immediately
  cancelled.join();
}

void timer_hazard() { schedule_reminders(3); }
