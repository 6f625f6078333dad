/* Mock <fcntl.h>. */
#ifndef _FCNTL_H
#define _FCNTL_H 1

#include <sys/cdefs.h>

#define O_RDONLY 00
#define O_WRONLY 01
#define O_RDWR 02
#define O_NONBLOCK 04000
#define F_GETFL 3
#define F_SETFL 4

#ifdef __cplusplus
extern "C" {
#endif

/* Cancellation points: not __THROW. */
extern int fcntl(int __fd, int __cmd, ...);
extern int open(const char *__file, int __oflag, ...);

#ifdef __cplusplus
}
#endif

#endif /* _FCNTL_H */
