/* Mock <sys/select.h> (glibc 2.36). */
#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H 1

#include <sys/cdefs.h>
#include <sys/types.h>

typedef __suseconds_t suseconds_t;

struct timeval
{
  __time_t tv_sec;
  __suseconds_t tv_usec;
};

typedef long int __fd_mask;
typedef struct
{
  __fd_mask __fds_bits[1024 / (8 * (int) sizeof (__fd_mask))];
} fd_set;

#ifdef __cplusplus
extern "C" {
#endif

/* A cancellation point: not __THROW. */
extern int select(int __nfds, fd_set *__restrict __readfds,
                  fd_set *__restrict __writefds,
                  fd_set *__restrict __exceptfds,
                  struct timeval *__restrict __timeout);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_SELECT_H */
