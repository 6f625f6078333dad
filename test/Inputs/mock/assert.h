/* Mock <assert.h>.  Like the real one, it has no include guard so that it
   can be re-included after changing NDEBUG. */
#include <sys/cdefs.h>

#undef assert

#ifndef _MOCK_ASSERT_DECLS
#define _MOCK_ASSERT_DECLS 1
# ifdef __cplusplus
extern "C" {
# endif
extern void __assert_fail(const char *__assertion, const char *__file,
                          unsigned int __line, const char *__function)
    __THROW __attribute__((__noreturn__));
# ifdef __cplusplus
}
# endif
#endif

#ifdef NDEBUG
# define assert(expr) ((void)0)
#else
# define assert(expr) \
  ((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

#if !defined __cplusplus && defined __STDC_VERSION__ && \
    __STDC_VERSION__ >= 201112L && __STDC_VERSION__ < 202311L
# undef static_assert
# define static_assert _Static_assert
#endif
