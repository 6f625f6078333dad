// A read, receive, accept or connect on a descriptor the program made
// non-blocking returns at once: not blocking under a lock. The descriptor
// (variable or field) is non-blocking when it is created with a NONBLOCK
// flag, set with fcntl(F_SETFL, .. O_NONBLOCK) or ioctl(FIONBIO), or handed
// to a function whose name says "nonblock". The same calls on descriptors
// this file creates blocking are reported. pread reads a file (it cannot
// read a socket or a pipe): it waits for no other party and is not listed.
// RUN: %check_both %s --opt=--checks=-*,lockcheck-blocking-under-lock -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define MY_SOCK_NONBLOCK SOCK_NONBLOCK

struct nameserver {
  pthread_mutex_t mu;
  int socket;
};

struct peer {
  pthread_mutex_t mu;
  int socket;
};

struct listener {
  pthread_mutex_t mu;
  int fd;
};

struct blocking_listener {
  pthread_mutex_t mu;
  int fd;
};

struct client {
  pthread_mutex_t mu;
  int fd;
};

struct file_cache {
  pthread_mutex_t mu;
  int fd;
};

static int set_nonblocking(int fd) {
  int fl = fcntl(fd, F_GETFL, 0);
  return fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

void ns_open(struct nameserver *ns) {
  // Created non-blocking, through a project macro.
  ns->socket = socket(AF_INET, SOCK_DGRAM | MY_SOCK_NONBLOCK, 0);
}

void peer_open(struct peer *p) {
  // Created blocking.
  p->socket = socket(AF_INET, SOCK_DGRAM, 0);
}

void listener_open(struct listener *l) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  // Set non-blocking on the local it was copied from.
  (void)set_nonblocking(fd);
  l->fd = fd;
}

void blocking_listener_open(struct blocking_listener *l) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  l->fd = fd;
}

void client_open(struct client *c, const struct sockaddr *a) {
  int on = 1;
  c->fd = socket(AF_INET, SOCK_STREAM, 0);
  (void)ioctl(c->fd, FIONBIO, &on);
  (void)connect(c->fd, a, sizeof *a);
}

void file_open(struct file_cache *f, const char *path) {
  f->fd = open(path, O_RDONLY);
}

void ns_read(struct nameserver *ns, char *buf, size_t n) {
  pthread_mutex_lock(&ns->mu);
  (void)recvfrom(ns->socket, buf, n, 0, NULL, NULL);
  (void)read(ns->socket, buf, n);
  pthread_mutex_unlock(&ns->mu);
}

void peer_read(struct peer *p, char *buf, size_t n) {
  pthread_mutex_lock(&p->mu);
  (void)recvfrom(p->socket, buf, n, 0, NULL, NULL);
  // CHECK: :[[@LINE-1]]:9: warning: 'recvfrom' may block while 'p->mu' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'p->mu' was locked here
  // Twin: MSG_DONTWAIT on the blocking socket.
  (void)recvfrom(p->socket, buf, n, MSG_DONTWAIT, NULL, NULL);
  pthread_mutex_unlock(&p->mu);
}

int accept_locked(struct listener *l) {
  pthread_mutex_lock(&l->mu);
  int c = accept(l->fd, NULL, NULL);
  pthread_mutex_unlock(&l->mu);
  return c;
}

int accept_blocking_locked(struct blocking_listener *l) {
  pthread_mutex_lock(&l->mu);
  int c = accept(l->fd, NULL, NULL);
  // CHECK: :[[@LINE-1]]:11: warning: 'accept' may block while 'l->mu' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'l->mu' was locked here
  pthread_mutex_unlock(&l->mu);
  return c;
}

void client_read(struct client *c, char *buf, size_t n) {
  pthread_mutex_lock(&c->mu);
  (void)recv(c->fd, buf, n, 0);
  pthread_mutex_unlock(&c->mu);
}

void local_sockets(char *buf, size_t n) {
  static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  int quick = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  int slow = socket(AF_INET, SOCK_DGRAM, 0);
  int copy = slow;
  pthread_mutex_lock(&mu);
  (void)read(quick, buf, n);
  (void)read(copy, buf, n);
  // CHECK: :[[@LINE-1]]:9: warning: 'read' may block while 'mu' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-4]]:3: note: 'mu' was locked here
  pthread_mutex_unlock(&mu);
}

void file_read(struct file_cache *f, char *buf, size_t n) {
  pthread_mutex_lock(&f->mu);
  (void)pread(f->fd, buf, n, 0);
  (void)read(f->fd, buf, n);
  // CHECK: :[[@LINE-1]]:9: warning: 'read' may block while 'f->mu' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-4]]:3: note: 'f->mu' was locked here
  pthread_mutex_unlock(&f->mu);
}

// connect() on a datagram socket only records the peer (libevent's
// evutil_check_interfaces); on a stream socket it waits for the handshake.
int probe_interfaces(const struct sockaddr *a) {
  static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  int fd, tcp = socket(AF_INET, SOCK_STREAM, 0);
  pthread_mutex_lock(&mu);
  if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) >= 0)
    (void)connect(fd, a, sizeof *a);
  (void)connect(tcp, a, sizeof *a);
  // CHECK: :[[@LINE-1]]:9: warning: 'connect' may block while 'mu' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-5]]:3: note: 'mu' was locked here
  pthread_mutex_unlock(&mu);
  return fd;
}
