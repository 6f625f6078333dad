// A call through the `lock` / `unlock` function pointers of a table that has
// both (libevent's evthread_lock_fns_) acquires / releases its pointer
// argument. Such locks may be recursive: never a double lock.
// RUN: %check_both %s -- -std=c11 %mock \
// RUN:   | FileCheck %s --implicit-check-not="{{^[^ ].*: (warning|note|error):}}"

#include <stddef.h>

struct lock_callbacks {
  void *(*alloc)(unsigned type);
  int (*lock)(unsigned mode, void *lock);
  int (*unlock)(unsigned mode, void *lock);
};
extern struct lock_callbacks lock_fns;

#define LOCK(l) do { if (l) lock_fns.lock(0, l); } while (0)
#define UNLOCK(l) do { if (l) lock_fns.unlock(0, l); } while (0)

struct priv {
  int refcnt;
  void *lock;
  int pub;
};
#define UPCAST(p) ((struct priv *)((char *)(p) - offsetof(struct priv, pub)))

void leak(struct priv *p, int x) {
  LOCK(p->lock);
  // CHECK: :[[@LINE-1]]:3: warning: 'lock' is acquired here but not released on every path out of 'leak' [lockcheck-unreleased-lock]
  // CHECK: :[[@LINE-13]]:29: note: expanded from macro 'LOCK'
  // CHECK: :[[@LINE+2]]:5: note: 'leak' returns here with 'lock' held
  if (x)
    return;
  UNLOCK(p->lock);
}

void ok(struct priv *p) {
  LOCK(p->lock);
  p->refcnt++;
  UNLOCK(p->lock);
}

void relock(struct priv *p) {
  LOCK(p->lock);
  LOCK(p->lock);
  UNLOCK(p->lock);
  UNLOCK(p->lock);
}

// Two pointers computed the same way from an unchanged parameter name one
// lock, through a container_of.
void upcast_ok(int *pub) {
  {
    struct priv *a = UPCAST(pub);
    LOCK(a->lock);
  }
  {
    struct priv *b = UPCAST(pub);
    UNLOCK(b->lock);
  }
}

void lock_priv(int *pub) {
  struct priv *a = UPCAST(pub);
  LOCK(a->lock);
  a->refcnt++;
}
void unlock_priv(int *pub) {
  struct priv *a = UPCAST(pub);
  UNLOCK(a->lock);
}
void through_helpers(int *pub) {
  lock_priv(pub);
  unlock_priv(pub);
}
