// GUARDED_BY in C, without threads: a write without the declared lock.
// RUN: %check_both %s --fix-out=%t.c -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"
// RUN: FileCheck --check-prefix=FIXED --input-file=%t.c %s
// RUN: %check_both %s -- -std=c11 -pthread \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <pthread.h>

#define GUARDED_BY(x) __attribute__((guarded_by(x)))

pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
int table_size GUARDED_BY(table_lock);

void table_grow(void) {
  table_size *= 2;
  // CHECK: :[[@LINE-1]]:3: warning: 'table_size' is written without holding 'table_lock', which is declared to guard it [lockcheck-unguarded-write]
  // CHECK: :[[@LINE-5]]:5: note: 'table_size' is declared guarded by 'table_lock' here
  // FIXED: pthread_mutex_lock(&table_lock); table_size *= 2; pthread_mutex_unlock(&table_lock);
}

void table_grow_locked(void) {
  pthread_mutex_lock(&table_lock);
  table_size *= 2;
  pthread_mutex_unlock(&table_lock);
}

int table_read(void) { return table_size; }
