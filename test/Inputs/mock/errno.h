/* Mock <errno.h>. */
#ifndef _ERRNO_H
#define _ERRNO_H 1

#include <sys/cdefs.h>

#define EPERM 1
#define ENOENT 2
#define EINTR 4
#define EIO 5
#define EAGAIN 11
#define ENOMEM 12
#define EBUSY 16
#define EINVAL 22
#define EDEADLK 35
#define ETIMEDOUT 110
#define EINPROGRESS 115
#define EWOULDBLOCK EAGAIN

#ifdef __cplusplus
extern "C" {
#endif

extern int *__errno_location(void) __THROW __attribute__((__const__));
#define errno (*__errno_location())

#ifdef __cplusplus
}
#endif

#endif /* _ERRNO_H */
