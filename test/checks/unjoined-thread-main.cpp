// The same in C++: a pthread handle main neither joins nor detaches is
// stopped by process exit; MainThreads=false turns this form off.
// RUN: %check_both %s --opt=--checks=-*,lockcheck-unjoined-thread -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=MAIN --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s --opt=--config="{Checks: '-*,lockcheck-unjoined-thread', CheckOptions: {lockcheck-unjoined-thread.MainThreads: 'false'}}" -- -std=c++17 %mock \
// RUN:   | FileCheck %s --check-prefix=OFF --allow-empty --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>

static void *run(void *arg) { return arg; }

int main() {
  pthread_t t, joined;
  pthread_create(&t, nullptr, run, nullptr);
  // MAIN: :[[@LINE-1]]:3: warning: thread 't' created by pthread_create is neither joined nor detached before 'main' returns; returning from 'main' ends the process and stops the thread wherever it is [lockcheck-unjoined-thread]
  // MAIN: :[[@LINE-2]]:3: note: join 't' before 'main' returns; if the process is meant to end its threads this way, set the option 'lockcheck-unjoined-thread.MainThreads' to false
  pthread_create(&joined, nullptr, run, nullptr);
  pthread_join(joined, nullptr);
  return 0;
  // MAIN: :[[@LINE-1]]:3: note: 'main' returns here without joining or detaching 't'
}
// OFF-NOT: warning
