// Standard input, semaphores, latches, barriers, futures, sleeps until a
// time point and processes: each blocks while the lock is held. Reads from
// another stream than the standard input (a string stream, a stream the
// caller passes) and waits with a zero timeout are not blocking.
// RUN: %check_both %s --opt=--checks=-*,lockcheck-blocking-under-lock -- -std=c++20 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// The same on the real libstdc++ and glibc headers.
// RUN: %check_both %s --opt=--checks=-*,lockcheck-blocking-under-lock -- -std=c++20 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <barrier>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <latch>
#include <mutex>
#include <semaphore.h>
#include <semaphore>
#include <sstream>
#include <string>
#include <thread>

std::mutex m;
std::counting_semaphore<4> slots(4);
std::latch started(2);
std::barrier<> phase(2);
sem_t sem;

void standard_input() {
  std::lock_guard<std::mutex> g(m);
  std::string line;
  std::getline(std::cin, line);
  // CHECK: :[[@LINE-1]]:3: warning: 'std::getline' may block while 'm' is held; threads that need it block too [lockcheck-blocking-under-lock]
  // CHECK: :[[@LINE-4]]:31: note: 'm' was locked here
  int x;
  std::cin >> x;
  // CHECK: :[[@LINE-1]]:12: warning: 'std::basic_istream::operator>>' may block while 'm' is held
  // CHECK: :[[@LINE-8]]:31: note: 'm' was locked here
  std::cin >> line >> x;
  // CHECK: :[[@LINE-1]]:12: warning: 'std::operator>>' may block while 'm' is held
  // CHECK: :[[@LINE-11]]:31: note: 'm' was locked here
  // CHECK: :[[@LINE-3]]:20: warning: 'std::basic_istream::operator>>' may block while 'm' is held
  // CHECK: :[[@LINE-13]]:31: note: 'm' was locked here
  (void)std::cin.get();
  // CHECK: :[[@LINE-1]]:18: warning: 'std::basic_istream::get' may block while 'm' is held
  // CHECK: :[[@LINE-16]]:31: note: 'm' was locked here
  char buf[16];
  (void)std::fgets(buf, sizeof buf, stdin);
  // CHECK: :[[@LINE-1]]:9: warning: 'fgets' may block while 'm' is held
  // CHECK: :[[@LINE-20]]:31: note: 'm' was locked here
  (void)std::scanf("%d", &x);
  // CHECK: :[[@LINE-1]]:9: warning: 'scanf' may block while 'm' is held
  // CHECK: :[[@LINE-23]]:31: note: 'm' was locked here
  (void)std::getchar();
  // CHECK: :[[@LINE-1]]:9: warning: 'getchar' may block while 'm' is held
  // CHECK: :[[@LINE-26]]:31: note: 'm' was locked here
}

// Twin: the same reads after the lock's scope; reads from a string stream
// or a stream the caller passes (which may be a file or a string) under it.
void standard_input_fine(std::istream &in) {
  std::string line;
  int x;
  {
    std::lock_guard<std::mutex> g(m);
    std::istringstream ss("1 2");
    ss >> x;
    std::getline(ss, line);
    in >> x;
  }
  std::getline(std::cin, line);
  std::cin >> x;
  (void)std::scanf("%d", &x);
  (void)std::getchar();
}

void synchronizers(std::future<int> &f, std::shared_future<int> &sf) {
  std::lock_guard<std::mutex> g(m);
  started.wait();
  // CHECK: :[[@LINE-1]]:11: warning: 'std::latch::wait' may block while 'm' is held
  // CHECK: :[[@LINE-3]]:31: note: 'm' was locked here
  phase.arrive_and_wait();
  // CHECK: :[[@LINE-1]]:9: warning: 'std::barrier::arrive_and_wait' may block while 'm' is held
  // CHECK: :[[@LINE-6]]:31: note: 'm' was locked here
  (void)f.wait_for(std::chrono::seconds(5));
  // CHECK: :[[@LINE-1]]:11: warning: 'std::future::wait_for' may block while 'm' is held
  // CHECK: :[[@LINE-9]]:31: note: 'm' was locked here
  (void)sf.wait_for(std::chrono::milliseconds(1));
  // CHECK: :[[@LINE-1]]:12: warning: 'std::shared_future::wait_for' may block while 'm' is held
  // CHECK: :[[@LINE-12]]:31: note: 'm' was locked here
  f.wait();
  // CHECK: :[[@LINE-1]]:5: warning: 'std::future::wait' may block while 'm' is held
  // CHECK: :[[@LINE-15]]:31: note: 'm' was locked here
  (void)sf.get();
  // CHECK: :[[@LINE-1]]:12: warning: 'std::shared_future::get' may block while 'm' is held
  // CHECK: :[[@LINE-18]]:31: note: 'm' was locked here
  std::this_thread::sleep_until(std::chrono::steady_clock::now() +
                                std::chrono::seconds(1));
  // CHECK: :[[@LINE-2]]:3: warning: 'std::this_thread::sleep_until' may block while 'm' is held
  // CHECK: :[[@LINE-22]]:31: note: 'm' was locked here
  (void)std::system("sync");
  // CHECK: :[[@LINE-1]]:9: warning: 'system' may block while 'm' is held
  // CHECK: :[[@LINE-25]]:31: note: 'm' was locked here
}

// A semaphore taken counts as held until it is released.
void semaphores() {
  std::lock_guard<std::mutex> g(m);
  slots.acquire();
  // CHECK: :[[@LINE-1]]:9: warning: 'std::counting_semaphore::acquire' may block while 'm' is held
  // CHECK: :[[@LINE-3]]:31: note: 'm' was locked here
  slots.release();
  (void)sem_wait(&sem);
  // CHECK: :[[@LINE-1]]:9: warning: 'sem_wait' may block while 'm' is held
  // CHECK: :[[@LINE-7]]:31: note: 'm' was locked here
  (void)sem_post(&sem);
}

// Twin: the non-blocking forms under the lock (a try, a zero timeout), the
// blocking ones after it.
void synchronizers_fine(std::future<int> &f, std::shared_future<int> &sf) {
  {
    std::lock_guard<std::mutex> g(m);
    if (slots.try_acquire())
      slots.release();
    if (sem_trywait(&sem) == 0)
      (void)sem_post(&sem);
    (void)started.try_wait();
    (void)f.wait_for(std::chrono::seconds(0));
    (void)sf.wait_for(std::chrono::milliseconds::zero());
  }
  started.wait();
  phase.arrive_and_wait();
  f.wait();
  (void)sf.get();
  (void)std::system("sync");
  slots.acquire();
  slots.release();
  (void)sem_wait(&sem);
  (void)sem_post(&sem);
}
