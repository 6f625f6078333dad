//===--- LockApiFacts.h - a lock function, as other files see it -*- C++ -*-=//
//
// The lock API a translation unit infers for itself (LockApi) reaches the
// other translation units of a program through these plain facts: a lock
// function by USR, what it does and to which lock, the lock named from the
// function's parameters, its object or a global by names, not by the AST.
// The summary of a unit carries the facts of the functions it defines; the
// tool hands the facts of the whole program to a unit that calls functions
// it only declares (setExternalLockApi), which resolves them against its
// own declarations.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_LOCKAPIFACTS_H
#define LOCKCHECK_ANALYSIS_LOCKAPIFACTS_H

#include "checks/analysis/LockOrder.h"
#include <string>
#include <vector>

namespace lockcheck {

/// A lock as a function reaches it: `m` (a parameter that is the mutex),
/// `&s->lock` (a field of what a parameter points to), `this->mu_`, a global
/// `g_lock` or one of its fields.
struct LockPathFact {
  enum BaseKind { OfParam, OfThis, OfGlobal } Base = OfParam;
  unsigned Param = 0;     ///< OfParam: from 0
  std::string Global;     ///< OfGlobal: its qualified name
  std::string GlobalFile; ///< OfGlobal with internal linkage: its file
  /// The fields from the base to the lock, by name.
  std::vector<std::string> Fields;
};

/// A function inferred to be a lock operation.
struct LockApiFact {
  std::string Usr;
  std::string Name; ///< qualified name
  /// "acquire", "release", "try-acquire", "wait", "init-recursive"; a
  /// flag's "test-and-set" (a try-acquire where a loop spins on it) and
  /// "clear" (its release).
  std::string Kind;
  OrderPlace At;        ///< the definition's name
  LockPathFact Lock;    ///< the lock (of a wait: its mutex)
  std::string LockName; ///< as the function names it
  bool Shared = false;
  /// The lock is known recursive, or known not to be, where the function
  /// is defined (initialised so, or of such a type).
  bool Recursive = false;
  bool NonRecursive = false;
  /// Try-acquire: success is 0 (else true or non-zero); a pointer result:
  /// success is non-null.
  bool SuccessZero = false;
  bool NonNull = false;
  /// Wait: its condition variable; timed.
  bool HasCondVar = false;
  LockPathFact CondVar;
  std::string CondName;
  bool Timed = false;
};

} // namespace lockcheck

#endif
