// A descriptor whose creation this file does not show (a parameter, a
// field assigned only from a parameter) is taken to be as the project's
// descriptors are: this project declares a function that makes descriptors
// non-blocking, so a read on such a descriptor under a lock is not
// reported. A descriptor the file creates blocking still is. (Without any
// sign of non-blocking descriptors in the file, a read on a parameter is
// reported: recv_locked in blocking-under-lock-pthread.c.)
// RUN: %check_both %s --opt=--checks=-*,lockcheck-blocking-under-lock -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stddef.h>
#include <sys/socket.h>
#include <unistd.h>

int util_make_socket_nonblocking(int fd);

struct buffer {
  pthread_mutex_t mu;
};

struct port {
  pthread_mutex_t mu;
  int socket;
};

struct pipe_end {
  pthread_mutex_t mu;
  int fd;
};

int buffer_read(struct buffer *b, int fd, char *p, size_t n) {
  pthread_mutex_lock(&b->mu);
  int r = (int)read(fd, p, n);
  pthread_mutex_unlock(&b->mu);
  return r;
}

void port_add(struct port *port, int socket) { port->socket = socket; }

void port_read(struct port *port, char *p, size_t n) {
  pthread_mutex_lock(&port->mu);
  (void)recvfrom(port->socket, p, n, 0, NULL, NULL);
  pthread_mutex_unlock(&port->mu);
}

void pipe_open(struct pipe_end *e) { e->fd = socket(AF_UNIX, SOCK_STREAM, 0); }

void pipe_read(struct pipe_end *e, char *p, size_t n) {
  pthread_mutex_lock(&e->mu);
  (void)read(e->fd, p, n);
  // CHECK: :[[@LINE-1]]:9: warning: 'read' may block while 'e->mu' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-3]]:3: note: 'e->mu' was locked here
  pthread_mutex_unlock(&e->mu);
}
