/* Mock <unistd.h>. */
#ifndef _UNISTD_H
#define _UNISTD_H 1

#include <sys/cdefs.h>
#include <bits/types.h>

typedef __SIZE_TYPE__ size_t;
typedef __ssize_t ssize_t;
typedef __pid_t pid_t;
typedef __useconds_t useconds_t;

#ifndef NULL
# ifdef __cplusplus
#  define NULL __null
# else
#  define NULL ((void *)0)
# endif
#endif

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#ifdef __cplusplus
extern "C" {
#endif

/* Cancellation points: not __THROW. */
extern int close(int __fd);
extern ssize_t read(int __fd, void *__buf, size_t __nbytes);
extern ssize_t pread(int __fd, void *__buf, size_t __nbytes, __off_t __offset);
extern ssize_t write(int __fd, const void *__buf, size_t __n);
extern unsigned int sleep(unsigned int __seconds);
extern int usleep(__useconds_t __useconds);
extern int pause(void);

extern int pipe(int __pipedes[2]) __THROW;
extern __pid_t getpid(void) __THROW;
extern __pid_t fork(void) __THROWNL;

#ifdef __cplusplus
}
#endif

#endif /* _UNISTD_H */
