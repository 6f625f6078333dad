// Standard input, semaphores, processes and waits for file descriptors
// under a pthread mutex. A poll or epoll_wait with a zero timeout, and a
// waitpid with WNOHANG, return at once and are not blocking.
// RUN: %check_both %s --opt=--checks=-*,lockcheck-blocking-under-lock -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/wait.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static sem_t sem;

void under_lock(int fd, int ep, pid_t child) {
  char buf[16];
  int x, status;
  struct pollfd p = {fd, POLLIN, 0};
  struct epoll_event ev[4];
  fd_set set;
  struct timeval tv = {1, 0};
  pthread_mutex_lock(&lock);
  (void)fgets(buf, sizeof buf, stdin);
  // CHECK: :[[@LINE-1]]:9: warning: 'fgets' may block while 'lock' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'lock' was locked here
  (void)scanf("%d", &x);
  // CHECK: :[[@LINE-1]]:9: warning: 'scanf' may block while 'lock' is held
  // CHECK: :[[@LINE-6]]:3: note: 'lock' was locked here
  x = getchar();
  // CHECK: :[[@LINE-1]]:7: warning: 'getchar' may block while 'lock' is held
  // CHECK: :[[@LINE-9]]:3: note: 'lock' was locked here
  (void)waitpid(child, &status, 0);
  // CHECK: :[[@LINE-1]]:9: warning: 'waitpid' may block while 'lock' is held
  // CHECK: :[[@LINE-12]]:3: note: 'lock' was locked here
  (void)system("sync");
  // CHECK: :[[@LINE-1]]:9: warning: 'system' may block while 'lock' is held
  // CHECK: :[[@LINE-15]]:3: note: 'lock' was locked here
  (void)select(fd + 1, &set, NULL, NULL, &tv);
  // CHECK: :[[@LINE-1]]:9: warning: 'select' may block while 'lock' is held
  // CHECK: :[[@LINE-18]]:3: note: 'lock' was locked here
  (void)poll(&p, 1, 1000);
  // CHECK: :[[@LINE-1]]:9: warning: 'poll' may block while 'lock' is held
  // CHECK: :[[@LINE-21]]:3: note: 'lock' was locked here
  (void)epoll_wait(ep, ev, 4, -1);
  // CHECK: :[[@LINE-1]]:9: warning: 'epoll_wait' may block while 'lock' is held
  // CHECK: :[[@LINE-24]]:3: note: 'lock' was locked here
  // Last: a semaphore taken counts as held from here on.
  (void)sem_wait(&sem);
  // CHECK: :[[@LINE-1]]:9: warning: 'sem_wait' may block while 'lock' is held
  // CHECK: :[[@LINE-28]]:3: note: 'lock' was locked here
  (void)sem_post(&sem);
  pthread_mutex_unlock(&lock);
}

// Twin: the non-blocking forms under the lock, the blocking ones after it.
void after_unlock(int fd, int ep, pid_t child) {
  char buf[16];
  int x, status;
  struct pollfd p = {fd, POLLIN, 0};
  struct epoll_event ev[4];
  pthread_mutex_lock(&lock);
  if (sem_trywait(&sem) == 0)
    (void)sem_post(&sem);
  (void)waitpid(child, &status, WNOHANG);
  (void)poll(&p, 1, 0);
  (void)epoll_wait(ep, ev, 4, 0);
  pthread_mutex_unlock(&lock);
  (void)fgets(buf, sizeof buf, stdin);
  (void)scanf("%d", &x);
  x = getchar();
  (void)waitpid(child, &status, 0);
  (void)system("sync");
  (void)sem_wait(&sem);
  (void)sem_post(&sem);
}
