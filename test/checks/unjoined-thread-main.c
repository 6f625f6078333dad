// A pthread_create/thrd_create handle that 'main' neither joins nor detaches:
// returning from main ends the process and stops the thread wherever it is.
// The option MainThreads=false turns this form off; other functions are
// still checked.
// RUN: %check_both %s --opt=--checks=-*,lockcheck-unjoined-thread -- -std=c11 %mock \
// RUN:   | FileCheck %s --check-prefixes=CHECK,MAIN --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s --opt=--config="{Checks: '-*,lockcheck-unjoined-thread', CheckOptions: {lockcheck-unjoined-thread.MainThreads: 'false'}}" -- -std=c11 %mock \
// RUN:   | FileCheck %s --check-prefix=CHECK --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <stddef.h>
#include <threads.h>

static void *run(void *arg) { return arg; }
static int crun(void *arg) { return arg != NULL; }

// Not main: the resources leak.
void helper(void) {
  pthread_t t;
  pthread_create(&t, NULL, run, NULL);
}
// CHECK: :[[@LINE-2]]:3: warning: thread 't' created by pthread_create is neither joined nor detached before 'helper' returns; its resources are never reclaimed [lockcheck-unjoined-thread]
// CHECK: :[[@LINE-2]]:1: note: 'helper' returns here without joining or detaching 't'

// Compliant: joined, detached.
void joined(void) {
  pthread_t t;
  pthread_create(&t, NULL, run, NULL);
  pthread_join(t, NULL);
  thrd_t c;
  thrd_create(&c, crun, NULL);
  thrd_detach(c);
}

int main(void) {
  pthread_t t;
  thrd_t c;
  helper();
  pthread_create(&t, NULL, run, NULL);
  if (thrd_create(&c, crun, NULL) != thrd_success)
    return 1;
  joined();
  return 0;
}
// MAIN: :[[@LINE-6]]:3: warning: thread 't' created by pthread_create is neither joined nor detached before 'main' returns; returning from 'main' ends the process and stops the thread wherever it is [lockcheck-unjoined-thread]
// MAIN: :[[@LINE-7]]:3: note: join 't' before 'main' returns; if the process is meant to end its threads this way, set the option 'lockcheck-unjoined-thread.MainThreads' to false
// MAIN: :[[@LINE-4]]:3: note: 'main' returns here without joining or detaching 't'
// MAIN: :[[@LINE-7]]:5: note: 'main' returns here without joining or detaching 't'
// MAIN: :[[@LINE-9]]:7: warning: thread 'c' created by thrd_create is neither joined nor detached before 'main' returns; returning from 'main' ends the process and stops the thread wherever it is [lockcheck-unjoined-thread]
// MAIN: :[[@LINE-10]]:7: note: join 'c' before 'main' returns; if the process is meant to end its threads this way, set the option 'lockcheck-unjoined-thread.MainThreads' to false
// MAIN: :[[@LINE-8]]:3: note: 'main' returns here without joining or detaching 'c'
