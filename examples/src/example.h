// Entry points of the lockcheck example program.
//
// Every example has a *_demo() function that runs the correct variant and a
// *_hazard() function that exercises the planted bug.  main() calls the
// hazard functions only behind a guard that is false in normal runs, so the
// program never actually hits std::terminate, leaks a thread or deadlocks.
#ifndef LOCKCHECK_EXAMPLE_H
#define LOCKCHECK_EXAMPLE_H

#ifdef __cplusplus
extern "C" {
#endif

/* pthread_pool.c */
int pthread_pool_demo(void);
int pthread_pool_hazard(void);

#ifdef __cplusplus
} // extern "C"

// worker_thread.cpp
void worker_demo();
void worker_hazard();

// counter.cpp
void counter_demo();
void counter_hazard();

// semaphore.cpp
void semaphore_demo();
void semaphore_hazard();

// timer.cpp
void timer_demo();
void timer_hazard();

// daemon.cpp
void daemon_demo();
void daemon_hazard();

// bank.cpp
void bank_demo();
void bank_hazard();
#endif // __cplusplus

#endif // LOCKCHECK_EXAMPLE_H
