/* Mock <sys/cdefs.h>: the glibc exception-specification macros used by the
   other mock C headers.  In C++ both __THROW and __THROWNL mean noexcept
   (exactly like glibc); in C they are GNU nothrow attributes. */
#ifndef _SYS_CDEFS_H
#define _SYS_CDEFS_H 1

#ifdef __cplusplus
# if __cplusplus >= 201103L
#  define __THROW noexcept(true)
# else
#  define __THROW throw()
# endif
# define __THROWNL __THROW
# define __BEGIN_DECLS extern "C" {
# define __END_DECLS }
#else
# define __THROW __attribute__((__nothrow__, __leaf__))
# define __THROWNL __attribute__((__nothrow__))
# define __BEGIN_DECLS
# define __END_DECLS
#endif

#endif /* _SYS_CDEFS_H */
