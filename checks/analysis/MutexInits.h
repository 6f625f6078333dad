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
// A function that initialises the mutex its parameter points to as
// recursive (libuv's uv_mutex_init_recursive) is a recursive-init function
// of that parameter, like a RecursiveInitFunctions entry: its calls, here
// or (by its LockApiFact of Kind "init-recursive") in other files, make the
// argument's mutex recursive. Wrappers of such functions are too.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_MUTEXINITS_H
#define LOCKCHECK_ANALYSIS_MUTEXINITS_H

#include "checks/model/LockModel.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
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
  /// The parameters (from 0) whose mutex \p FD, a function defined here,
  /// initialises recursive, in order.
  llvm::ArrayRef<unsigned>
  recursiveInitParams(const clang::FunctionDecl *FD) const;
  /// Every such function of the translation unit, by canonical declaration.
  const llvm::DenseMap<const clang::FunctionDecl *,
                       llvm::SmallVector<unsigned, 1>> &
  recursiveInitFunctions() const {
    return InitFunctions;
  }

private:
  llvm::StringMap<Recursion> Mutexes;
  llvm::DenseMap<const clang::FunctionDecl *, llvm::SmallVector<unsigned, 1>>
      InitFunctions;
};

} // namespace lockcheck

#endif
