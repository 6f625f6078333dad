/* Mock <bits/types.h>: glibc internal scalar typedefs (x86_64 LP64). */
#ifndef _BITS_TYPES_H
#define _BITS_TYPES_H 1

typedef long int __time_t;
typedef long int __suseconds_t;
typedef long int __syscall_slong_t;
typedef long int __clock_t;
typedef int __clockid_t;
typedef long int __ssize_t;
typedef unsigned int __useconds_t;
typedef int __pid_t;
typedef unsigned int __socklen_t;
typedef long int __off_t;

#endif /* _BITS_TYPES_H */
