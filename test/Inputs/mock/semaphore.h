/* Mock <semaphore.h> (POSIX semaphores). */
#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H 1

#include <sys/cdefs.h>
#include <bits/types/struct_timespec.h>

typedef union
{
  char __size[32];
  long int __align;
} sem_t;

#define SEM_FAILED ((sem_t *)0)

#ifdef __cplusplus
extern "C" {
#endif

extern int sem_init(sem_t *__sem, int __pshared, unsigned int __value) __THROW;
extern int sem_destroy(sem_t *__sem) __THROW;
/* Cancellation points: not __THROW. */
extern int sem_wait(sem_t *__sem);
extern int sem_timedwait(sem_t *__restrict __sem,
                         const struct timespec *__restrict __abstime);
extern int sem_trywait(sem_t *__sem) __THROWNL;
extern int sem_post(sem_t *__sem) __THROWNL;
extern int sem_getvalue(sem_t *__restrict __sem, int *__restrict __sval)
    __THROW;

#ifdef __cplusplus
}
#endif

#endif /* _SEMAPHORE_H */
