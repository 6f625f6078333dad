// Data written by the function that initialises its lock, after the lock's
// initialisation and before any thread is started, is being initialised
// with it (nng's nni_posix_resolv_sysinit: `nni_mtx_init(&resolv_mtx);
// resolv_num_thr = n;`, read later under resolv_mtx). No access under the
// lock can come first: nothing can use the lock before its initialisation is
// published. The lock is initialised directly or through an initialisation
// function of the project (inferred: it initialises the lock its parameter
// points to). A write before the initialisation, after a thread start, or in
// another function is reported.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: %check_both %s -- -std=c11 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// The initialisation function is listed with the inferred API:
// RUN: %lockcheck --dump-model %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --check-prefix=MODEL
// MODEL: unguarded-write-lock-init.c:[[@LINE+9]]:13: xmutex_init: initialisation of 'm->mtx' (initialises a lock its parameters reach, or hands it to a function that does)

#include <pthread.h>
#include <stdlib.h>

typedef struct {
  pthread_mutex_t mtx;
} xmutex;

static void xmutex_init(xmutex *m) { pthread_mutex_init(&m->mtx, NULL); }
static void xmutex_lock(xmutex *m) { pthread_mutex_lock(&m->mtx); }
static void xmutex_unlock(xmutex *m) { pthread_mutex_unlock(&m->mtx); }
// MODEL: unguarded-write-lock-init.c:[[@LINE+5]]:13: table_init_lock: initialisation of 't->lock.mtx' (initialises a lock its parameters reach, or hands it to a function that does)
struct table {
  xmutex lock;
  int rows;
};
static void table_init_lock(struct table *t) { xmutex_init(&t->lock); }

// Compliant: the writes follow the lock's initialisation.
static pthread_mutex_t resolv_mtx;
static int resolv_num_thr;
static int *resolv_active;

static int resolv_count(void) {
  pthread_mutex_lock(&resolv_mtx);
  int n = resolv_num_thr + (resolv_active != NULL);
  pthread_mutex_unlock(&resolv_mtx);
  return n;
}

static void resolv_sysinit(int n) {
  pthread_mutex_init(&resolv_mtx, NULL);
  resolv_num_thr = n;
  if (resolv_num_thr < 1)
    resolv_num_thr = 1;
  resolv_active = calloc(resolv_num_thr, sizeof(int));
}

// Compliant, through the project's initialisation function.
static xmutex pool_mtx;
static int pool_size;

static int pool_count(void) {
  xmutex_lock(&pool_mtx);
  int n = pool_size;
  xmutex_unlock(&pool_mtx);
  return n;
}

static void pool_sysinit(int n) {
  xmutex_init(&pool_mtx);
  pool_size = n;
}

static void *init_and_use(void *arg) {
  resolv_sysinit(4);
  pool_sysinit(2);
  return (void *)(long)(resolv_count() + pool_count());
}

// Reported: a write before the initialisation.
static pthread_mutex_t early_mtx;
static int early_count;

static int early_read(void) {
  pthread_mutex_lock(&early_mtx);
  int n = early_count;
  pthread_mutex_unlock(&early_mtx);
  return n;
}

static void early_init(void) {
  early_count = 0;
  // CHECK: :[[@LINE-1]]:3: warning: 'early_count' is written without holding 'early_mtx'; it is guarded by 'early_mtx' at 1 other access [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+67]]:5: note: the thread started here runs 'early_worker'
  // CHECK: :[[@LINE+6]]:3: note: 'early_worker' calls 'early_init' here
  // CHECK: :[[@LINE-10]]:11: note: 'early_count' is read here holding 'early_mtx'
  pthread_mutex_init(&early_mtx, NULL);
}

static void *early_worker(void *arg) {
  early_init();
  return (void *)(long)early_read();
}

// Reported: a write after a thread started that reads under the lock.
static pthread_mutex_t late_mtx;
static int late_count;

static void *late_reader(void *arg) {
  pthread_mutex_lock(&late_mtx);
  int n = late_count;
  pthread_mutex_unlock(&late_mtx);
  return (void *)(long)n;
}

static void late_init(pthread_t *t) {
  pthread_mutex_init(&late_mtx, NULL);
  pthread_create(t, NULL, late_reader, NULL);
  late_count = 1;
  // CHECK: :[[@LINE-1]]:3: warning: 'late_count' is written without holding 'late_mtx'; it is guarded by 'late_mtx' at 1 other access [lockcheck-unguarded-write]
  // CHECK: :[[@LINE-3]]:3: note: 'late_init' keeps running alongside the thread started here
  // CHECK: :[[@LINE-11]]:11: note: 'late_count' is read here holding 'late_mtx'
}

// Reported: a write after a call of a function that starts a thread.
static pthread_mutex_t called_mtx;
static int called_count;

static void *called_reader(void *arg) {
  pthread_mutex_lock(&called_mtx);
  int n = called_count;
  pthread_mutex_unlock(&called_mtx);
  return (void *)(long)n;
}

static void start_reader(pthread_t *t) {
  pthread_create(t, NULL, called_reader, NULL);
}

static void called_init(pthread_t *t) {
  pthread_mutex_init(&called_mtx, NULL);
  start_reader(t);
  called_count = 1;
  // CHECK: :[[@LINE-1]]:3: warning: 'called_count' is written without holding 'called_mtx'; it is guarded by 'called_mtx' at 1 other access [lockcheck-unguarded-write]
  // CHECK: :[[@LINE+17]]:5: note: the thread started here runs 'called_worker'
  // CHECK: :[[@LINE+6]]:3: note: 'called_worker' calls 'called_init' here
  // CHECK: :[[@LINE-16]]:11: note: 'called_count' is read here holding 'called_mtx'
}

static void *called_worker(void *arg) {
  pthread_t t;
  called_init(&t);
  pthread_join(t, NULL);
  return NULL;
}

int main(void) {
  pthread_t a[2], b[2], c, d[2];
  for (int i = 0; i < 2; i++) {
    pthread_create(&a[i], NULL, init_and_use, NULL);
    pthread_create(&b[i], NULL, early_worker, NULL);
    pthread_create(&d[i], NULL, called_worker, NULL);
  }
  late_init(&c);
  for (int i = 0; i < 2; i++) {
    pthread_join(a[i], NULL);
    pthread_join(b[i], NULL);
    pthread_join(d[i], NULL);
  }
  pthread_join(c, NULL);
  return 0;
}
