/* Mock <sys/epoll.h> (glibc 2.36). */
#ifndef _SYS_EPOLL_H
#define _SYS_EPOLL_H 1

#include <sys/cdefs.h>
#include <stdint.h>

#define EPOLLIN 0x001

typedef union epoll_data
{
  void *ptr;
  int fd;
  uint32_t u32;
  uint64_t u64;
} epoll_data_t;

struct epoll_event
{
  uint32_t events;
  epoll_data_t data;
} __attribute__ ((__packed__));

#ifdef __cplusplus
extern "C" {
#endif

extern int epoll_create1(int __flags) __THROW;
/* A cancellation point: not __THROW. */
extern int epoll_wait(int __epfd, struct epoll_event *__events,
                      int __maxevents, int __timeout);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_EPOLL_H */
