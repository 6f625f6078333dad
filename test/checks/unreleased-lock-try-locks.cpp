// Timed and other try-locks split on their result like try_lock: the
// failure branch holds nothing, the success branch holds the lock (an early
// return there leaks). std::timed_mutex::try_lock_for/until (whose duration
// argument is a temporary), pthread_mutex_trylock, pthread_rwlock_tryrdlock
// and trywrlock, sem_trywait, mtx_trylock, counting_semaphore::try_acquire_for.
// RUN: %check_both %s -- -std=c++20 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <chrono>
#include <mutex>
#include <pthread.h>
#include <semaphore.h>
#include <semaphore>
#include <threads.h>

std::timed_mutex tm;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
sem_t s;
mtx_t cm;
std::counting_semaphore<4> cs(4);
int work();
using ms = std::chrono::milliseconds;

// Each try-lock splits on its result: the failure branch holds nothing, the
// success branch holds the lock, and returning from it early leaks.
int timed_for() { if (!tm.try_lock_for(ms(5))) return -1; if (work()) return 1; tm.unlock(); return 0; }
// CHECK: :[[@LINE-1]]:27: warning: 'tm' is acquired here but not released on every path out of 'timed_for' [lockcheck-unreleased-lock]
// CHECK: :[[@LINE-2]]:71: note: 'timed_for' returns here with 'tm' held
// CHECK: :[[@LINE-3]]:27: note: a std::unique_lock<std::timed_mutex> would release it on every path
int timed_until() { if (!tm.try_lock_until(std::chrono::steady_clock::now() + ms(5))) return -1; if (work()) return 1; tm.unlock(); return 0; }
// CHECK: :[[@LINE-1]]:29: warning: 'tm' is acquired here but not released on every path out of 'timed_until' [lockcheck-unreleased-lock]
// CHECK: :[[@LINE-2]]:110: note: 'timed_until' returns here with 'tm' held
// CHECK: :[[@LINE-3]]:29: note: a std::unique_lock<std::timed_mutex> would release it on every path
int posix_try() { if (pthread_mutex_trylock(&pm) != 0) return -1; if (work()) return 1; pthread_mutex_unlock(&pm); return 0; }
// CHECK: :[[@LINE-1]]:23: warning: 'pm' is acquired here but not released on every path out of 'posix_try' [lockcheck-unreleased-lock]
// CHECK: :[[@LINE-2]]:79: note: 'posix_try' returns here with 'pm' held
int posix_rdtry() { if (pthread_rwlock_tryrdlock(&rw) != 0) return -1; if (work()) return 1; pthread_rwlock_unlock(&rw); return 0; }
// CHECK: :[[@LINE-1]]:25: warning: 'rw' is acquired here but not released on every path out of 'posix_rdtry' [lockcheck-unreleased-lock]
// CHECK: :[[@LINE-2]]:84: note: 'posix_rdtry' returns here with 'rw' held
int posix_wrtry() { if (pthread_rwlock_trywrlock(&rw) != 0) return -1; if (work()) return 1; pthread_rwlock_unlock(&rw); return 0; }
// CHECK: :[[@LINE-1]]:25: warning: 'rw' is acquired here but not released on every path out of 'posix_wrtry' [lockcheck-unreleased-lock]
// CHECK: :[[@LINE-2]]:84: note: 'posix_wrtry' returns here with 'rw' held
int sem_try() { if (sem_trywait(&s) != 0) return -1; if (work()) return 1; sem_post(&s); return 0; }
// CHECK: :[[@LINE-1]]:21: warning: 's' is acquired here but not released on every path out of 'sem_try' [lockcheck-unreleased-lock]
// CHECK: :[[@LINE-2]]:66: note: 'sem_try' returns here with 's' held
int c11_try() { if (mtx_trylock(&cm) != thrd_success) return -1; if (work()) return 1; mtx_unlock(&cm); return 0; }
// CHECK: :[[@LINE-1]]:21: warning: 'cm' is acquired here but not released on every path out of 'c11_try' [lockcheck-unreleased-lock]
// CHECK: :[[@LINE-2]]:78: note: 'c11_try' returns here with 'cm' held
int counting_try() { if (!cs.try_acquire_for(ms(5))) return -1; if (work()) return 1; cs.release(); return 0; }
// CHECK: :[[@LINE-1]]:30: warning: 'cs' is acquired here but not released on every path out of 'counting_try' [lockcheck-unreleased-lock]
// CHECK: :[[@LINE-2]]:77: note: 'counting_try' returns here with 'cs' held

// Compliant twins: every success path releases.
int timed_for_ok() { if (!tm.try_lock_for(ms(5))) return -1; int r = work(); tm.unlock(); return r; }
int timed_until_ok() { if (!tm.try_lock_until(std::chrono::steady_clock::now() + ms(5))) return -1; int r = work(); tm.unlock(); return r; }
int posix_try_ok() { if (pthread_mutex_trylock(&pm) != 0) return -1; int r = work(); pthread_mutex_unlock(&pm); return r; }
int posix_rdtry_ok() { if (pthread_rwlock_tryrdlock(&rw) != 0) return -1; int r = work(); pthread_rwlock_unlock(&rw); return r; }
int sem_try_ok() { if (sem_trywait(&s) != 0) return -1; int r = work(); sem_post(&s); return r; }
int c11_try_ok() { if (mtx_trylock(&cm) != thrd_success) return -1; int r = work(); mtx_unlock(&cm); return r; }
int counting_try_ok() { if (!cs.try_acquire_for(ms(5))) return -1; int r = work(); cs.release(); return r; }
