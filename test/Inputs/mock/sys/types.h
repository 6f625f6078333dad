/* Mock <sys/types.h>. */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H 1

#include <bits/types.h>

typedef __SIZE_TYPE__ size_t;
typedef __ssize_t ssize_t;
typedef __pid_t pid_t;
typedef __off_t off_t;
typedef __time_t time_t;
typedef __useconds_t useconds_t;

#endif /* _SYS_TYPES_H */
