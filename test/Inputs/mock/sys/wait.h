/* Mock <sys/wait.h> (glibc 2.36). */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H 1

#include <sys/cdefs.h>
#include <sys/types.h>

#define WNOHANG 1

#ifdef __cplusplus
extern "C" {
#endif

/* A cancellation point: not __THROW. */
extern __pid_t waitpid(__pid_t __pid, int *__stat_loc, int __options);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_WAIT_H */
