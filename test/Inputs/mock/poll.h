/* Mock <poll.h> (glibc 2.36). */
#ifndef _SYS_POLL_H
#define _SYS_POLL_H 1

#include <sys/cdefs.h>

typedef unsigned long int nfds_t;

struct pollfd
{
  int fd;
  short int events;
  short int revents;
};

#define POLLIN 0x001
#define POLLOUT 0x004

#ifdef __cplusplus
extern "C" {
#endif

/* A cancellation point: not __THROW. */
extern int poll(struct pollfd *__fds, nfds_t __nfds, int __timeout);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_POLL_H */
