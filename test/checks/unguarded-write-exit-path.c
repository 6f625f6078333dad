// A function that ends the process on every path (a signal or error
// handler: pigz's cut_short, which resets its output descriptor and calls
// _exit) writes on its way out: nothing it races with matters any more. The
// same write in a function that returns is reported.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c11 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stdlib.h>

int outd = 3;
pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static void cut_short(int sig) {
  if (outd != 1) {
    do {
      outd = -1;
    } while (0);
  }
  exit(sig);
}

static void reset_output(void) {
  outd = -1;
  // CHECK: :[[@LINE-1]]:3: warning: 'outd' is written without holding 'out_lock'; it is guarded by 'out_lock' at 1 other access [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+26]]:3: note: the thread started here runs 'resetter'
  // CHECK: :[[@LINE+15]]:3: note: 'resetter' calls 'reset_output' here
  // CHECK: :[[@LINE+6]]:12: note: 'outd' is read here holding 'out_lock'

}

static void *writer(void *arg) {
  pthread_mutex_lock(&out_lock);
  int fd = outd;
  pthread_mutex_unlock(&out_lock);
  if (fd < 0)
    cut_short(2);
  return arg;
}

static void *resetter(void *arg) {
  reset_output();
  return arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, writer, 0);
  pthread_create(&b, 0, writer, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_create(&a, 0, resetter, 0);
  pthread_create(&b, 0, resetter, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
