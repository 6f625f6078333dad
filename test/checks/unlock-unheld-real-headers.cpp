// Unlocks of locks not held on some path, on the real libstdc++ and glibc
// headers: a lock taken under a condition, a catch handler reached from a
// throw before the lock, and a function that never takes the lock called
// from a thread that does not hold it.
// RUN: %check_both %s --opt=--checks=-*,lockcheck-unlock-unheld -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <mutex>
#include <pthread.h>
#include <stdexcept>
#include <string>
#include <thread>

std::mutex m;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
int counter;

void bump(bool shared) {
  if (shared)
    m.lock();
  ++counter;
  m.unlock();
  // CHECK: :[[@LINE-1]]:5: warning: 'm' is unlocked here but is not held on some path; it is locked only on some of the paths that reach this unlock [lockcheck-unlock-unheld]
  // CHECK: :[[@LINE-4]]:7: note: 'm' is locked here, on some paths only
}

void parse(const std::string &s) {
  try {
    int v = std::stoi(s);
    m.lock();
    counter = v;
    m.unlock();
  } catch (const std::invalid_argument &) {
    m.unlock();
    // CHECK: :[[@LINE-1]]:7: warning: 'm' is unlocked here but is not held on some path; an exception thrown while it is not locked reaches this handler [lockcheck-unlock-unheld]
    // CHECK: :[[@LINE-7]]:13: note: 'stoi' may throw here, while 'm' is not locked
  }
}

void finish() { pthread_mutex_unlock(&pm); }
// CHECK: :[[@LINE-1]]:17: warning: 'pm' is unlocked here, but 'finish' does not lock it and no call of 'finish' holds it [lockcheck-unlock-unheld]
// CHECK: :[[@LINE+4]]:3: note: 'finish' is called here without 'pm' held

void run() {
  ++counter;
  finish();
}

// Compliant twins: the lock on every path, the lock before the throwing
// call, a release wrapper whose caller holds the lock, and one annotated
// as a release.
void bump_always() {
  m.lock();
  ++counter;
  m.unlock();
}
void parse_locked(const std::string &s) {
  try {
    m.lock();
    counter = std::stoi(s);
    m.unlock();
  } catch (const std::invalid_argument &) {
    m.unlock();
  }
}
void release() { pthread_mutex_unlock(&pm); }
void run_locked() {
  pthread_mutex_lock(&pm);
  ++counter;
  release();
}
void release_annotated() __attribute__((release_capability(pm)));
void release_annotated() { pthread_mutex_unlock(&pm); }
void run_annotated() {
  ++counter;
  release_annotated();
}

int main() {
  std::thread a(run), b(run_locked), c(run_annotated);
  a.join();
  b.join();
  c.join();
}
