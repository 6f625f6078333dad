// Runs the correct variant of every example.  The planted hazards live in the
// *_hazard() functions; they are only reached when the program is started
// with more than five arguments, which a normal run never does (executing
// them would call std::terminate, leak a thread or leave a mutex locked).
#include "example.h"

#include <cstdio>

int main(int argc, char *[]) {
  worker_demo();
  counter_demo();
  semaphore_demo();
  timer_demo();
  daemon_demo();
  bank_demo();
  if (pthread_pool_demo() != 0)
    return 1;

  if (argc > 5) { // never true in normal runs
    worker_hazard();
    counter_hazard();
    semaphore_hazard();
    timer_hazard();
    daemon_hazard();
    bank_hazard();
    pthread_pool_hazard();
  }

  std::puts("all examples finished");
  return 0;
}
