/* Mock <sys/socket.h>.  (glibc uses a transparent union for the sockaddr
   arguments in C; the mock uses plain struct sockaddr pointers.) */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H 1

#include <sys/cdefs.h>
#include <bits/types.h>

typedef __SIZE_TYPE__ size_t;
typedef __ssize_t ssize_t;
typedef __socklen_t socklen_t;
typedef unsigned short int sa_family_t;

struct sockaddr
{
  sa_family_t sa_family;
  char sa_data[14];
};

#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define PF_INET AF_INET
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_NONBLOCK 04000
#define SOCK_CLOEXEC 02000000
#define SOL_SOCKET 1
#define SO_REUSEADDR 2
#define MSG_DONTWAIT 0x40
#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2

#ifdef __cplusplus
extern "C" {
#endif

extern int socket(int __domain, int __type, int __protocol) __THROW;
extern int bind(int __fd, const struct sockaddr *__addr, socklen_t __len)
    __THROW;
extern int listen(int __fd, int __n) __THROW;
extern int shutdown(int __fd, int __how) __THROW;
extern int setsockopt(int __fd, int __level, int __optname,
                      const void *__optval, socklen_t __optlen) __THROW;
/* Cancellation points: not __THROW. */
extern int connect(int __fd, const struct sockaddr *__addr, socklen_t __len);
extern int accept(int __fd, struct sockaddr *__restrict __addr,
                  socklen_t *__restrict __addr_len);
extern int accept4(int __fd, struct sockaddr *__restrict __addr,
                   socklen_t *__restrict __addr_len, int __flags);
extern ssize_t send(int __fd, const void *__buf, size_t __n, int __flags);
extern ssize_t recv(int __fd, void *__buf, size_t __n, int __flags);
extern ssize_t recvfrom(int __fd, void *__restrict __buf, size_t __n,
                        int __flags, struct sockaddr *__restrict __addr,
                        socklen_t *__restrict __addr_len);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_SOCKET_H */
