// The same findings on the real libstdc++ and glibc headers, which is what
// users have.
// RUN: %check_both %s --fix-out=%t.cpp -- -std=c++17 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.cpp %s

#include <pthread.h>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

void work();
bool config_ok();

bool load_config() {
  std::thread worker(work);
  // CHECK: :[[@LINE-1]]:15: warning: thread 'worker' is still joinable when 'load_config' returns early; std::thread's destructor will call std::terminate [lockcheck-unjoined-thread]
  if (!config_ok())
    return false;
  // CHECK: :[[@LINE-1]]:5: note: 'load_config' returns here with 'worker' still joinable
  worker.join();
  return true;
}

void never() {
  std::vector<std::thread> pool;
  for (int i = 0; i < 3; ++i)
    pool.emplace_back([i] { (void)i; });
  // CHECK: :[[@LINE-1]]:5: warning: threads in 'pool' are neither joined nor detached before they go out of scope
}
// CHECK: :[[@LINE-1]]:1: note: 'pool' is destroyed here while joinable
// FIXED: for (std::thread &t : pool) t.join();

void *run(void *) { return nullptr; }
int leak() {
  pthread_t tid;
  if (pthread_create(&tid, nullptr, run, nullptr) != 0)
    return 1;
  return 0;
  // CHECK: :[[@LINE-3]]:7: warning: thread 'tid' created by pthread_create is neither joined nor detached before 'leak' returns
  // CHECK: :[[@LINE-2]]:3: note: 'leak' returns here without joining or detaching 'tid'
}

// Compliant twins.
void ok() {
  std::thread t(work);
  std::thread u = std::move(t);
  if (u.joinable())
    u.join();
  std::vector<std::thread> pool;
  for (int i = 0; i < 3; ++i)
    pool.emplace_back(work);
  for (auto &p : pool)
    p.join();
  pthread_t tid;
  if (pthread_create(&tid, nullptr, run, nullptr) == 0)
    pthread_join(tid, nullptr);
}
