/* Mirrors the Python guides' "start a few worker threads, then join them
   all" example (threads = [Thread(target=worker, args=(i,)) ...]; for t in
   threads: t.join()) with raw pthreads: pthread_pool_demo() creates the
   workers in a loop into an array and joins every one of them (correct).
   Planted hazards: pthread_pool_hazard() creates a reporter thread that is
   never joined or detached (its resources are never reclaimed), and
   locked_enqueue() returns early with the queue mutex still locked. */
#include "example.h"

#include <pthread.h>
#include <stdio.h>

#define NUM_WORKERS 4
#define QUEUE_CAPACITY 16

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static int queue_items[QUEUE_CAPACITY];
static int queue_len;

static int locked_enqueue(int value) {
  pthread_mutex_lock(&queue_lock);
  if (queue_len >= QUEUE_CAPACITY)
    return -1; // HAZARD: early return leaves queue_lock locked
  queue_items[queue_len++] = value;
  pthread_mutex_unlock(&queue_lock);
  return 0;
}

static void *pool_worker(void *arg) {
  int id = *(const int *)arg;
  pthread_mutex_lock(&queue_lock);
  if (queue_len < QUEUE_CAPACITY)
    queue_items[queue_len++] = id;
  pthread_mutex_unlock(&queue_lock);
  return NULL;
}

static void *reporter(void *arg) {
  (void)arg;
  return NULL;
}

int pthread_pool_demo(void) {
  pthread_t threads[NUM_WORKERS];
  int ids[NUM_WORKERS];
  int started = 0;
  for (int i = 0; i < NUM_WORKERS; ++i) {
    ids[i] = i;
    if (pthread_create(&threads[started], NULL, pool_worker, &ids[i]) != 0)
      break;
    ++started;
  }
  for (int i = 0; i < started; ++i)
    pthread_join(threads[i], NULL);

  pthread_mutex_lock(&queue_lock);
  int len = queue_len;
  pthread_mutex_unlock(&queue_lock);
  printf("pthread_pool: %d workers queued %d items\n", started, len);
  return started == NUM_WORKERS ? 0 : 1;
}

int pthread_pool_hazard(void) {
  pthread_t t;
  if (pthread_create(&t, NULL, reporter, NULL) != 0) // HAZARD: thread 't' is never joined or detached
    return 1;
  return locked_enqueue(42);
}
