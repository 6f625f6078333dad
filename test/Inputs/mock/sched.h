/* Mock <sched.h>. */
#ifndef _SCHED_H
#define _SCHED_H 1

#include <sys/cdefs.h>

#ifdef __cplusplus
extern "C" {
#endif

extern int sched_yield(void) __THROW;

#ifdef __cplusplus
}
#endif

#endif /* _SCHED_H */
