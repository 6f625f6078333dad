/* Mock <stdio.h>. */
#ifndef _STDIO_H
#define _STDIO_H 1

#include <sys/cdefs.h>

typedef __SIZE_TYPE__ size_t;

#ifndef NULL
# ifdef __cplusplus
#  define NULL __null
# else
#  define NULL ((void *)0)
# endif
#endif

#define EOF (-1)
#define BUFSIZ 8192

struct _IO_FILE;
typedef struct _IO_FILE FILE;

#ifdef __cplusplus
extern "C" {
#endif

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;
#define stdin stdin
#define stdout stdout
#define stderr stderr

extern FILE *fopen(const char *__restrict __filename,
                   const char *__restrict __modes);
extern int fclose(FILE *__stream);
extern int fflush(FILE *__stream);
extern int printf(const char *__restrict __format, ...);
extern int fprintf(FILE *__restrict __stream, const char *__restrict __format,
                   ...);
extern int sprintf(char *__restrict __s, const char *__restrict __format, ...)
    __THROWNL;
extern int snprintf(char *__restrict __s, size_t __maxlen,
                    const char *__restrict __format, ...) __THROWNL;
extern int puts(const char *__s);
extern int fputs(const char *__restrict __s, FILE *__restrict __stream);
extern int putchar(int __c);
extern int fputc(int __c, FILE *__stream);
extern int getc(FILE *__stream);
extern int getchar(void);
extern int scanf(const char *__restrict __format, ...);
extern int fscanf(FILE *__restrict __stream, const char *__restrict __format,
                  ...);
extern int fgetc(FILE *__stream);
extern char *fgets(char *__restrict __s, int __n, FILE *__restrict __stream);
extern size_t fread(void *__restrict __ptr, size_t __size, size_t __n,
                    FILE *__restrict __stream);
extern size_t fwrite(const void *__restrict __ptr, size_t __size, size_t __n,
                     FILE *__restrict __s);
extern void perror(const char *__s);

#ifdef __cplusplus
}
#endif

#endif /* _STDIO_H */
