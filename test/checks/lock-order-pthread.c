// lockcheck-lock-order on POSIX and C11 mutexes in C.
// RUN: %check_both --opt=--checks=-*,lockcheck-lock-order %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>
#include <threads.h>

pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
int queued, served;

void enqueue(void) {
  pthread_mutex_lock(&queue_lock);
  pthread_mutex_lock(&stats_lock);
  // CHECK: :[[@LINE-1]]:3: warning: 'queue_lock' and 'stats_lock' are acquired in opposite orders on paths that can run in different threads; this can deadlock [lockcheck-lock-order]
  // CHECK: :[[@LINE-2]]:3: note: 'queue_lock' then 'stats_lock' here
  // CHECK: :[[@LINE+15]]:3: note: 'stats_lock' then 'queue_lock' here ('drain_queue' takes 'queue_lock')
  // CHECK: :[[@LINE+7]]:3: note: 'drain_queue' takes 'queue_lock' here
  ++queued;
  pthread_mutex_unlock(&stats_lock);
  pthread_mutex_unlock(&queue_lock);
}

static void drain_queue(void) {
  pthread_mutex_lock(&queue_lock);
  queued = 0;
  pthread_mutex_unlock(&queue_lock);
}

void *reporter(void *arg) {
  pthread_mutex_lock(&stats_lock);
  drain_queue();
  ++served;
  pthread_mutex_unlock(&stats_lock);
  return arg;
}

// A trylock that backs off adds no edge.
pthread_mutex_t conn_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
void conn_then_pool(void) {
  pthread_mutex_lock(&conn_lock);
  pthread_mutex_lock(&pool_lock);
  ++served;
  pthread_mutex_unlock(&pool_lock);
  pthread_mutex_unlock(&conn_lock);
}
void pool_then_try_conn(void) {
  pthread_mutex_lock(&pool_lock);
  if (pthread_mutex_trylock(&conn_lock) == 0) {
    ++served;
    pthread_mutex_unlock(&conn_lock);
  }
  pthread_mutex_unlock(&pool_lock);
}

// C11 mutexes, in opposite orders.
mtx_t first, second;
void c11_a(void) {
  mtx_lock(&first);
  mtx_lock(&second);
  // CHECK: :[[@LINE-1]]:3: warning: 'first' and 'second' are acquired in opposite orders
  // CHECK: :[[@LINE-2]]:3: note: 'first' then 'second' here
  // CHECK: :[[@LINE+9]]:3: note: 'second' then 'first' here
  ++served;
  mtx_unlock(&second);
  mtx_unlock(&first);
}
void c11_b(void) {
  mtx_lock(&first); // released before 'second' is taken: no edge
  mtx_unlock(&first);
  mtx_lock(&second);
  mtx_lock(&first);
  ++served;
  mtx_unlock(&first);
  mtx_unlock(&second);
}
