//===--- MutexInits.h - how the mutexes of a TU are initialised -*- C++ -*-===//
//
// A C mutex is recursive or not by its initialisation, not its type:
// `pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE)` then
// `pthread_mutex_init(&m, &a)`, `mtx_init(&m, mtx_plain | mtx_recursive)`,
// `PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP`, or a project's own function
// (RecursiveInitFunctions). One walk of the translation unit's user code
// records, per lock class (LockOrigin::classKey), what its initialisations
// say; a class initialised both ways counts as recursive (re-locking it may
// be fine), one never seen initialised is unknown.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_MUTEXINITS_H
#define LOCKCHECK_ANALYSIS_MUTEXINITS_H

#include "checks/model/LockModel.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/StringMap.h"
#include <string>

namespace lockcheck {

class MutexInits {
public:
  MutexInits(clang::ASTContext &Ctx, const LockModelOptions &Opts);
  /// What the initialisations of the lock class \p ClassKey say.
  Recursion lookup(llvm::StringRef ClassKey) const;
  /// Fills Recursive and RecursionKnown of a C mutex of class \p ClassKey.
  void apply(llvm::StringRef ClassKey, LockableInfo &Info) const;

private:
  llvm::StringMap<Recursion> Mutexes;
};

} // namespace lockcheck

#endif
