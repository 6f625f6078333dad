/* Mock <time.h>. */
#ifndef _TIME_H
#define _TIME_H 1

#include <sys/cdefs.h>
#include <bits/types.h>
#include <bits/types/struct_timespec.h>

typedef __SIZE_TYPE__ size_t;
typedef __time_t time_t;
typedef __clock_t clock_t;
typedef __clockid_t clockid_t;

#ifndef NULL
# ifdef __cplusplus
#  define NULL __null
# else
#  define NULL ((void *)0)
# endif
#endif

#define CLOCKS_PER_SEC ((__clock_t)1000000)
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define TIME_UTC 1

struct tm
{
  int tm_sec;
  int tm_min;
  int tm_hour;
  int tm_mday;
  int tm_mon;
  int tm_year;
  int tm_wday;
  int tm_yday;
  int tm_isdst;
  long int tm_gmtoff;
  const char *tm_zone;
};

#ifdef __cplusplus
extern "C" {
#endif

extern clock_t clock(void) __THROW;
extern time_t time(time_t *__timer) __THROW;
extern double difftime(time_t __time1, time_t __time0) __THROW;
extern struct tm *localtime_r(const time_t *__restrict __timer,
                              struct tm *__restrict __tp) __THROW;
/* Cancellation point: not __THROW. */
extern int nanosleep(const struct timespec *__requested_time,
                     struct timespec *__remaining);
extern int clock_gettime(clockid_t __clock_id, struct timespec *__tp) __THROW;
extern int timespec_get(struct timespec *__ts, int __base) __THROW;

#ifdef __cplusplus
}
#endif

#endif /* _TIME_H */
