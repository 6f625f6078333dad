/* Mock <pthread.h> (glibc, x86_64).  __THROW/__THROWNL markings follow
   glibc 2.36: cancellation points (pthread_join, pthread_cond_wait, ...) and
   pthread_once/pthread_exit/pthread_cancel are not marked. */
#ifndef _PTHREAD_H
#define _PTHREAD_H 1

#include <sys/cdefs.h>
#include <sched.h>
#include <time.h>

typedef __SIZE_TYPE__ size_t;

/* Types. */
typedef unsigned long int pthread_t;

union pthread_attr_t
{
  char __size[56];
  long int __align;
};
#ifndef __have_pthread_attr_t
typedef union pthread_attr_t pthread_attr_t;
# define __have_pthread_attr_t 1
#endif

typedef union
{
  char __size[40];
  long int __align;
} pthread_mutex_t;

typedef union
{
  char __size[4];
  int __align;
} pthread_mutexattr_t;

typedef union
{
  char __size[48];
  long long int __align;
} pthread_cond_t;

typedef union
{
  char __size[4];
  int __align;
} pthread_condattr_t;

typedef union
{
  char __size[56];
  long int __align;
} pthread_rwlock_t;

typedef union
{
  char __size[8];
  long int __align;
} pthread_rwlockattr_t;

typedef volatile int pthread_spinlock_t;

typedef union
{
  char __size[32];
  long int __align;
} pthread_barrier_t;

typedef union
{
  char __size[4];
  int __align;
} pthread_barrierattr_t;

typedef unsigned int pthread_key_t;
typedef int pthread_once_t;

/* Constants. */
enum
{
  PTHREAD_CREATE_JOINABLE,
#define PTHREAD_CREATE_JOINABLE PTHREAD_CREATE_JOINABLE
  PTHREAD_CREATE_DETACHED
#define PTHREAD_CREATE_DETACHED PTHREAD_CREATE_DETACHED
};

enum
{
  PTHREAD_MUTEX_TIMED_NP,
  PTHREAD_MUTEX_RECURSIVE_NP,
  PTHREAD_MUTEX_ERRORCHECK_NP,
  PTHREAD_MUTEX_ADAPTIVE_NP,
  PTHREAD_MUTEX_NORMAL = PTHREAD_MUTEX_TIMED_NP,
  PTHREAD_MUTEX_RECURSIVE = PTHREAD_MUTEX_RECURSIVE_NP,
  PTHREAD_MUTEX_ERRORCHECK = PTHREAD_MUTEX_ERRORCHECK_NP,
  PTHREAD_MUTEX_DEFAULT = PTHREAD_MUTEX_NORMAL
};

enum
{
  PTHREAD_PROCESS_PRIVATE,
#define PTHREAD_PROCESS_PRIVATE PTHREAD_PROCESS_PRIVATE
  PTHREAD_PROCESS_SHARED
#define PTHREAD_PROCESS_SHARED PTHREAD_PROCESS_SHARED
};

enum
{
  PTHREAD_CANCEL_ENABLE,
#define PTHREAD_CANCEL_ENABLE PTHREAD_CANCEL_ENABLE
  PTHREAD_CANCEL_DISABLE
#define PTHREAD_CANCEL_DISABLE PTHREAD_CANCEL_DISABLE
};

#define PTHREAD_CANCELED ((void *)-1)
#define PTHREAD_BARRIER_SERIAL_THREAD -1

#define PTHREAD_MUTEX_INITIALIZER { { 0 } }
#define PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP { { PTHREAD_MUTEX_RECURSIVE_NP } }
#define PTHREAD_RWLOCK_INITIALIZER { { 0 } }
#define PTHREAD_COND_INITIALIZER { { 0 } }
#define PTHREAD_ONCE_INIT 0

#ifdef __cplusplus
extern "C" {
#endif

/* Threads. */
extern int pthread_create(pthread_t *__restrict __newthread,
                          const pthread_attr_t *__restrict __attr,
                          void *(*__start_routine)(void *),
                          void *__restrict __arg) __THROWNL;
extern void pthread_exit(void *__retval) __attribute__((__noreturn__));
extern int pthread_join(pthread_t __th, void **__thread_return);
extern int pthread_detach(pthread_t __th) __THROW;
extern pthread_t pthread_self(void) __THROW __attribute__((__const__));
extern int pthread_equal(pthread_t __thread1, pthread_t __thread2) __THROW
    __attribute__((__const__));
extern int pthread_cancel(pthread_t __th);
extern void pthread_testcancel(void);
extern int pthread_setcancelstate(int __state, int *__oldstate);
extern int pthread_once(pthread_once_t *__once_control,
                        void (*__init_routine)(void));

/* Thread attributes. */
extern int pthread_attr_init(pthread_attr_t *__attr) __THROW;
extern int pthread_attr_destroy(pthread_attr_t *__attr) __THROW;
extern int pthread_attr_getdetachstate(const pthread_attr_t *__attr,
                                       int *__detachstate) __THROW;
extern int pthread_attr_setdetachstate(pthread_attr_t *__attr,
                                       int __detachstate) __THROW;
extern int pthread_attr_setstacksize(pthread_attr_t *__attr,
                                     size_t __stacksize) __THROW;

/* Mutexes. */
extern int pthread_mutex_init(pthread_mutex_t *__mutex,
                              const pthread_mutexattr_t *__mutexattr) __THROW;
extern int pthread_mutex_destroy(pthread_mutex_t *__mutex) __THROW;
extern int pthread_mutex_trylock(pthread_mutex_t *__mutex) __THROWNL;
extern int pthread_mutex_lock(pthread_mutex_t *__mutex) __THROWNL;
extern int pthread_mutex_timedlock(pthread_mutex_t *__restrict __mutex,
                                   const struct timespec *__restrict __abstime)
    __THROWNL;
extern int pthread_mutex_unlock(pthread_mutex_t *__mutex) __THROWNL;

extern int pthread_mutexattr_init(pthread_mutexattr_t *__attr) __THROW;
extern int pthread_mutexattr_destroy(pthread_mutexattr_t *__attr) __THROW;
extern int pthread_mutexattr_gettype(const pthread_mutexattr_t *__restrict __attr,
                                     int *__restrict __kind) __THROW;
extern int pthread_mutexattr_settype(pthread_mutexattr_t *__attr, int __kind)
    __THROW;

/* Read-write locks. */
extern int pthread_rwlock_init(pthread_rwlock_t *__restrict __rwlock,
                               const pthread_rwlockattr_t *__restrict __attr)
    __THROW;
extern int pthread_rwlock_destroy(pthread_rwlock_t *__rwlock) __THROW;
extern int pthread_rwlock_rdlock(pthread_rwlock_t *__rwlock) __THROWNL;
extern int pthread_rwlock_tryrdlock(pthread_rwlock_t *__rwlock) __THROWNL;
extern int pthread_rwlock_timedrdlock(pthread_rwlock_t *__restrict __rwlock,
                                      const struct timespec *__restrict __abstime)
    __THROWNL;
extern int pthread_rwlock_wrlock(pthread_rwlock_t *__rwlock) __THROWNL;
extern int pthread_rwlock_trywrlock(pthread_rwlock_t *__rwlock) __THROWNL;
extern int pthread_rwlock_timedwrlock(pthread_rwlock_t *__restrict __rwlock,
                                      const struct timespec *__restrict __abstime)
    __THROWNL;
extern int pthread_rwlock_unlock(pthread_rwlock_t *__rwlock) __THROWNL;
extern int pthread_rwlockattr_init(pthread_rwlockattr_t *__attr) __THROW;
extern int pthread_rwlockattr_destroy(pthread_rwlockattr_t *__attr) __THROW;

/* Condition variables. */
extern int pthread_cond_init(pthread_cond_t *__restrict __cond,
                             const pthread_condattr_t *__restrict __cond_attr)
    __THROW;
extern int pthread_cond_destroy(pthread_cond_t *__cond) __THROW;
extern int pthread_cond_signal(pthread_cond_t *__cond) __THROWNL;
extern int pthread_cond_broadcast(pthread_cond_t *__cond) __THROWNL;
extern int pthread_cond_wait(pthread_cond_t *__restrict __cond,
                             pthread_mutex_t *__restrict __mutex);
extern int pthread_cond_timedwait(pthread_cond_t *__restrict __cond,
                                  pthread_mutex_t *__restrict __mutex,
                                  const struct timespec *__restrict __abstime);
extern int pthread_condattr_init(pthread_condattr_t *__attr) __THROW;
extern int pthread_condattr_destroy(pthread_condattr_t *__attr) __THROW;
extern int pthread_condattr_setclock(pthread_condattr_t *__attr,
                                     __clockid_t __clock_id) __THROW;

/* Spin locks. */
extern int pthread_spin_init(pthread_spinlock_t *__lock, int __pshared)
    __THROW;
extern int pthread_spin_destroy(pthread_spinlock_t *__lock) __THROW;
extern int pthread_spin_lock(pthread_spinlock_t *__lock) __THROWNL;
extern int pthread_spin_trylock(pthread_spinlock_t *__lock) __THROWNL;
extern int pthread_spin_unlock(pthread_spinlock_t *__lock) __THROWNL;

/* Barriers. */
extern int pthread_barrier_init(pthread_barrier_t *__restrict __barrier,
                                const pthread_barrierattr_t *__restrict __attr,
                                unsigned int __count) __THROW;
extern int pthread_barrier_destroy(pthread_barrier_t *__barrier) __THROW;
extern int pthread_barrier_wait(pthread_barrier_t *__barrier) __THROWNL;

/* Thread-specific data. */
extern int pthread_key_create(pthread_key_t *__key,
                              void (*__destr_function)(void *)) __THROW;
extern int pthread_key_delete(pthread_key_t __key) __THROW;
extern void *pthread_getspecific(pthread_key_t __key) __THROW;
extern int pthread_setspecific(pthread_key_t __key, const void *__pointer)
    __THROW;

#ifdef __cplusplus
}
#endif

#endif /* _PTHREAD_H */
