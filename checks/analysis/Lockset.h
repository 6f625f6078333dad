//===--- Lockset.h - which locks are held where -----------------*- C++ -*-===//
//
// Forward dataflow over Clang's CFG of one function: per program point, the
// locks held on all paths (must) and on some path (may), with counts for
// recursive mutexes; RAII guards (owning or not, released where they are
// destroyed); try-locks split on their branch; exceptional exits at calls
// that may throw; and summaries of the functions of the same translation
// unit, so a call to a helper that locks or unlocks is seen through.
//
// The result lists the lock misuse the checks report: double locks, unlocks
// of locks not held, and locks held on some exit and released on another.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_LOCKSET_H
#define LOCKCHECK_ANALYSIS_LOCKSET_H

#include "checks/model/LockModel.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>
#include <vector>

namespace lockcheck {

class TUAnalysis;

/// Where a lock lives, relative to the function that names it: a global, a
/// field path from `this`, a field path from a parameter, or a local.
struct LockOrigin {
  enum Kind { Global, This, Param, Local } K = Local;
  const clang::VarDecl *Var = nullptr; ///< Global, Param or Local base
  unsigned ParamIndex = 0;
  llvm::SmallVector<const clang::FieldDecl *, 2> Fields;
  std::string Suffix; ///< array index text, e.g. "[i]"
  std::string key() const;
};

/// Resolves the expression naming a lock (`m`, `&m`, `this->mu_`, `obj.m`,
/// `p->m`, a reference bound to one of those) to its origin. Returns nothing
/// for locks whose identity cannot be told (returned by a call, ...).
std::optional<LockOrigin> resolveLockExpr(const clang::Expr *E);

struct LockInfo {
  LockOrigin Origin;
  std::string Key;
  std::string Name; ///< as spelled at its first use, without '&'
  LockableInfo Type;
};

enum class LockFindingKind {
  DoubleLock,
  UnlockUnheld,
  GuardNotOwned, ///< unique_lock::unlock() on a guard that owns nothing
  Unreleased,
};

enum class LockExitKind { Return, FallOff, Exception };

struct LockExit {
  LockExitKind Kind = LockExitKind::Return;
  clang::SourceLocation Loc;
  const clang::FunctionDecl *Thrower = nullptr;
  bool SomePaths = false; ///< held on some of the paths reaching this exit
  bool Final = false;     ///< the function's last statement or closing brace
};

struct LockFinding {
  LockFindingKind Kind = LockFindingKind::DoubleLock;
  unsigned Lock = 0; ///< index into LocksetResult::Locks
  const clang::Stmt *At = nullptr;
  clang::SourceLocation Loc;
  /// DoubleLock: the acquisition already holding it. UnlockUnheld: where it
  /// was released before. Unreleased: unused.
  clang::SourceLocation Prior;
  /// The acquisition happens inside this called function, at CalleeLoc.
  const clang::FunctionDecl *Via = nullptr;
  clang::SourceLocation ViaLoc;
  bool AllPaths = true;
  std::string GuardName;
  /// Unreleased: the exits reached with the lock held.
  std::vector<LockExit> Exits;
  /// Unreleased, for the fix-it: the `m.lock();` statement and the one
  /// `m.unlock();` that ends its scope, when the pair is scope-shaped.
  const clang::Stmt *LockStmt = nullptr;
  const clang::Stmt *UnlockStmt = nullptr;
  /// Whether the lock is released on some exit of the function (always true
  /// for reported Unreleased findings) and no guard owns it.
  bool Manual = true;
};

/// What a call to a function does to the locks it can name for its caller.
struct LockEffect {
  LockOrigin Origin;
  enum { NetAcquire, NetRelease, Inside } Kind = Inside;
  clang::SourceLocation Loc; ///< the acquisition or release inside
  bool Shared = false;
};

struct LocksetResult {
  std::vector<LockInfo> Locks;
  std::vector<LockFinding> Findings;
  std::vector<LockEffect> Summary;
  bool Analyzed = false;
};

/// Analyses one function. Called through TUAnalysis::getLockset, which
/// caches the result and breaks recursion between summaries.
LocksetResult analyzeLockset(const clang::FunctionDecl *FD, TUAnalysis &TU,
                             const LockModelOptions &Opts);

} // namespace lockcheck

#endif
