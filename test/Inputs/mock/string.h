/* Mock <string.h>. */
#ifndef _STRING_H
#define _STRING_H 1

#include <sys/cdefs.h>

typedef __SIZE_TYPE__ size_t;

#ifndef NULL
# ifdef __cplusplus
#  define NULL __null
# else
#  define NULL ((void *)0)
# endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

extern void *memcpy(void *__restrict __dest, const void *__restrict __src,
                    size_t __n) __THROW;
extern void *memmove(void *__dest, const void *__src, size_t __n) __THROW;
extern void *memset(void *__s, int __c, size_t __n) __THROW;
extern int memcmp(const void *__s1, const void *__s2, size_t __n) __THROW
    __attribute__((__pure__));
extern size_t strlen(const char *__s) __THROW __attribute__((__pure__));
extern int strcmp(const char *__s1, const char *__s2) __THROW
    __attribute__((__pure__));
extern int strncmp(const char *__s1, const char *__s2, size_t __n) __THROW
    __attribute__((__pure__));
extern char *strcpy(char *__restrict __dest, const char *__restrict __src)
    __THROW;
extern char *strncpy(char *__restrict __dest, const char *__restrict __src,
                     size_t __n) __THROW;
extern char *strerror(int __errnum) __THROW;

#ifdef __cplusplus
}
#endif

#endif /* _STRING_H */
