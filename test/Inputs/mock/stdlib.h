/* Mock <stdlib.h>. */
#ifndef _STDLIB_H
#define _STDLIB_H 1

#include <sys/cdefs.h>

typedef __SIZE_TYPE__ size_t;

#ifndef NULL
# ifdef __cplusplus
#  define NULL __null
# else
#  define NULL ((void *)0)
# endif
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 2147483647

#ifdef __cplusplus
extern "C" {
#endif

extern void *malloc(size_t __size) __THROW __attribute__((__malloc__));
extern void *calloc(size_t __nmemb, size_t __size) __THROW
    __attribute__((__malloc__));
extern void *realloc(void *__ptr, size_t __size) __THROW;
extern void free(void *__ptr) __THROW;
extern void abort(void) __THROW __attribute__((__noreturn__));
extern void exit(int __status) __THROW __attribute__((__noreturn__));
extern int atexit(void (*__func)(void)) __THROW;
extern char *getenv(const char *__name) __THROW;
/* A cancellation point: not __THROW. */
extern int system(const char *__command);
extern int atoi(const char *__nptr) __THROW __attribute__((__pure__));
extern long int atol(const char *__nptr) __THROW __attribute__((__pure__));
extern long int strtol(const char *__restrict __nptr,
                       char **__restrict __endptr, int __base) __THROW;
extern int rand(void) __THROW;
extern void srand(unsigned int __seed) __THROW;
extern int abs(int __x) __THROW __attribute__((__const__));

#ifdef __cplusplus
}
#endif

#endif /* _STDLIB_H */
