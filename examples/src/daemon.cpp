// Mirrors Real Python's "daemon threads" example:
//     x = threading.Thread(target=thread_function, args=(1,), daemon=True)
//     x.start()
// A detached std::thread plays the daemon thread: nobody joins it.
// Planted hazard: start_daemon_by_reference() detaches a thread whose lambda
// captures a local variable by reference ([&]); the thread keeps using it
// after the function has returned and the local is gone.  The correct twin
// captures by value and publishes its progress through an atomic.
#include "example.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

namespace {

std::atomic<int> g_heartbeats{0};

void start_daemon_by_value(int beats) {
  std::thread daemon([beats] {
    for (int i = 0; i < beats; ++i) {
      g_heartbeats.fetch_add(1);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  daemon.detach();
}

void start_daemon_by_reference() {
  int beats = 3;
  std::thread daemon([&] { // HAZARD: detached thread captures local 'beats' by reference; it outlives this stack frame
    for (int i = 0; i < beats; ++i) {
      g_heartbeats.fetch_add(1);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  daemon.detach();
}

} // namespace

void daemon_demo() {
  start_daemon_by_value(3);
  // Give the daemon a moment (at most ~20 ms), like the guide's main thread
  // that keeps working while the daemon runs.
  for (int i = 0; i < 20 && g_heartbeats.load() < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::printf("daemon: %d heartbeats\n", g_heartbeats.load());
}

void daemon_hazard() { start_daemon_by_reference(); }
