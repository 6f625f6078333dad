/* Mock <sys/ioctl.h>. */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H 1

#include <sys/cdefs.h>

#define FIONBIO 0x5421

#ifdef __cplusplus
extern "C" {
#endif

extern int ioctl(int __fd, unsigned long int __request, ...) __THROW;

#ifdef __cplusplus
}
#endif

#endif /* _SYS_IOCTL_H */
