//===--- LockModel.h - what the analysed code calls a lock ------*- C++ -*-===//
//
// One table that says what is a lockable, an acquire, a try-acquire, a
// release, a scoped guard, a semaphore and a condition wait: the standard
// library, POSIX, C11, Clang's thread-safety attributes, and the project's
// own wrappers named in check options. Checks and engines ask this model;
// none matches API names by itself.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_MODEL_LOCKMODEL_H
#define LOCKCHECK_MODEL_LOCKMODEL_H

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lockcheck {

/// Project wrappers, from check options (semicolon-separated qualified
/// names, clang-tidy style). Most project wrappers need none: they are
/// inferred from their bodies (see ProjectLockApi); these are the fallback.
struct LockModelOptions {
  std::vector<std::string> LockFunctions;
  /// Each name may end in `=0` (success is 0, as for POSIX) or `=true` (the
  /// default: success is true or non-zero).
  std::vector<std::string> TryLockFunctions;
  std::vector<std::string> UnlockFunctions;
  std::vector<std::string> GuardTypes;
  /// Functions that initialise their first argument as a recursive mutex.
  std::vector<std::string> RecursiveInitFunctions;
  /// Condition waits: `wait(cond, mutex)` (a member function: `cv.Wait(mu)`,
  /// the mutex its first argument).
  std::vector<std::string> WaitFunctions;
  /// Acquire a lock for reading (its first argument, or the object).
  std::vector<std::string> SharedLockFunctions;
  /// Mutex types that are recursive (a lock wrapper class, a typedef).
  std::vector<std::string> RecursiveMutexTypes;
  /// Acquire functions of recursive locks.
  std::vector<std::string> RecursiveLockFunctions;
  /// Functions that start a thread: `name` or `name=F:A:H` (see
  /// configuredThreadStart in ThreadModel.h).
  std::vector<std::string> ThreadStartFunctions;
  /// Functions that join the thread whose handle is their first argument.
  std::vector<std::string> ThreadJoinFunctions;
  bool empty() const {
    return LockFunctions.empty() && TryLockFunctions.empty() &&
           UnlockFunctions.empty() && GuardTypes.empty() &&
           RecursiveInitFunctions.empty() && WaitFunctions.empty() &&
           SharedLockFunctions.empty() && RecursiveMutexTypes.empty() &&
           RecursiveLockFunctions.empty() && ThreadStartFunctions.empty() &&
           ThreadJoinFunctions.empty();
  }
  /// The option names and the lists they hold, for validation.
  std::vector<std::pair<const char *, const std::vector<std::string> *>>
  nameLists() const {
    std::vector<std::pair<const char *, const std::vector<std::string> *>> R;
    for (auto &[Name, List] :
         const_cast<LockModelOptions *>(this)->mutableNameLists())
      R.push_back({Name, List});
    return R;
  }
  std::vector<std::pair<const char *, std::vector<std::string> *>>
  mutableNameLists() {
    return {{"LockFunctions", &LockFunctions},
            {"TryLockFunctions", &TryLockFunctions},
            {"UnlockFunctions", &UnlockFunctions},
            {"GuardTypes", &GuardTypes},
            {"RecursiveInitFunctions", &RecursiveInitFunctions},
            {"WaitFunctions", &WaitFunctions},
            {"SharedLockFunctions", &SharedLockFunctions},
            {"RecursiveMutexTypes", &RecursiveMutexTypes},
            {"RecursiveLockFunctions", &RecursiveLockFunctions},
            {"ThreadStartFunctions", &ThreadStartFunctions},
            {"ThreadJoinFunctions", &ThreadJoinFunctions}};
  }
};

/// A configured name without its `=value` suffix (`my_trylock=0`).
llvm::StringRef configuredName(llvm::StringRef Entry);

/// Properties of a lockable type.
struct LockableInfo {
  bool IsLockable = false;
  bool Recursive = false;
  bool Semaphore = false;
  bool Shared = false; ///< a reader-writer lock
  /// Whether Recursive is known: false for a C mutex whose initialisation
  /// lockcheck has not seen (it may have been made recursive).
  bool RecursionKnown = true;
  /// An atomic flag taken as a spin lock (see LockOp::Spin): clearing it
  /// where it was never set is no misuse (a flag reset for another use).
  bool Spin = false;
  std::string TypeName; ///< as written in a guard's template argument
};
enum class LockOpKind {
  None,
  Acquire,
  TryAcquire,
  Release,
  /// A condition-variable wait: releases the lock and takes it back.
  Wait,
  /// pthread_mutex_init, mtx_init, sem_init...: a fresh lock, not held.
  Init,
};

enum class TrySuccess {
  True, ///< C++ try_lock(): true on success
  Zero, ///< POSIX/C11 trylock: 0 (thrd_success) on success
};

/// One lock operation performed by a call.
struct LockOp {
  LockOpKind Kind = LockOpKind::None;
  /// The expressions naming the locks (`m`, `&m`, `this->mu_`). Several for
  /// std::lock(a, b) (which takes them without ordering).
  llvm::SmallVector<const clang::Expr *, 2> Locks;
  bool Shared = false;
  bool Unordered = false; ///< std::lock / std::scoped_lock of several locks
  TrySuccess Success = TrySuccess::True;
  /// For a condition wait: the condition variable expression.
  const clang::Expr *CondVar = nullptr;
  /// For a condition wait: the predicate of the overloads that take one
  /// (`cv.wait(lk, pred)`, `wait_for(lk, d, pred)`, `wait_until(lk, t,
  /// pred)`), which loop until it holds. Null for the others.
  const clang::Expr *Predicate = nullptr;
  /// For a condition wait: std::condition_variable(_any), not POSIX or C11.
  bool StdCondVar = false;
  /// For a condition wait: bounded by a time (wait_for, wait_until,
  /// pthread_cond_timedwait, cnd_timedwait).
  bool Timed = false;
  /// The lock is this field path inside the object Locks.front() designates
  /// (`xmutex_trylock(&mu)` locking `m->m`: the fields {m}).
  llvm::SmallVector<const clang::FieldDecl *, 2> Fields;
  /// What the lock is, when the type of its expression does not tell (a
  /// `void *` handed to a lock callback: recursion unknown).
  std::optional<LockableInfo> Type;
  /// An atomic test-and-set (TryAcquire: success is 0 / false, the flag
  /// was clear; or a compare-and-swap from 0 to 1: success is true) or a
  /// clear (Release) of a flag. The test-and-set acquires only where a loop
  /// spins on it until it succeeds (`while (atomic_flag_test_and_set(&f))
  /// ;`): elsewhere it is a flag's test (a once-flag), not a lock.
  bool Spin = false;
};

/// The atomic operations that make a spin lock of a flag (LockOp::Spin):
/// C11 `atomic_flag_test_and_set[_explicit]` / `atomic_flag_clear[_explicit]`
/// (Clang's <stdatomic.h> makes them `__c11_atomic_exchange(&f->_Value, 1)`
/// and `__c11_atomic_store(&f->_Value, 0)`: the lock is `f`),
/// `atomic_exchange(&x, 1)` / `atomic_store(&x, 0)`, the GCC builtins
/// `__atomic_test_and_set` / `__atomic_clear`, `__atomic_exchange_n(&x, 1)`
/// / `__atomic_store_n(&x, 0)`, `__sync_lock_test_and_set(&x, 1)` /
/// `__sync_lock_release`, `__sync_bool_compare_and_swap(&x, 0, 1)`, and
/// std::atomic_flag's `test_and_set` / `clear` (members and free
/// functions), std::atomic's `exchange(1)` / `store(0)`. \p E is a CallExpr
/// or an AtomicExpr; Kind None for anything else.
LockOp classifySpinOp(const clang::Expr *E);

/// What a call does to a lock. \p Call is a CallExpr or CXXMemberCallExpr.
LockOp classifyLockCall(const clang::CallExpr *Call,
                        const LockModelOptions &Opts);

LockableInfo lockableInfo(clang::QualType T);
/// The same, with the types configured recursive (RecursiveMutexTypes).
LockableInfo lockableInfo(clang::QualType T, const LockModelOptions &Opts);

/// What an initialisation says of a mutex's recursion.
enum class Recursion { Unknown, Recursive, NonRecursive };

/// A call that initialises a mutex: `pthread_mutex_init(&m, attr)`,
/// `mtx_init(&m, type)`, or a RecursiveInitFunctions wrapper.
struct MutexInit {
  const clang::Expr *Mutex = nullptr;
  /// pthread_mutex_init's attribute argument (null for the others).
  const clang::Expr *Attr = nullptr;
  /// Recursive or not when the call alone tells (a null attribute, a
  /// constant mtx_init type, a wrapper), else Unknown (read the attribute).
  Recursion Kind = Recursion::Unknown;
};
std::optional<MutexInit> classifyMutexInit(const clang::CallExpr *Call,
                                           const LockModelOptions &Opts);

/// `pthread_mutexattr_settype(&a, kind)`: the attribute expression, and
/// whether the kind is recursive (Unknown when it is not a constant).
std::optional<std::pair<const clang::Expr *, Recursion>>
classifyMutexAttrSetType(const clang::CallExpr *Call);

/// Whether \p E names a recursive mutex kind (PTHREAD_MUTEX_RECURSIVE,
/// PTHREAD_MUTEX_RECURSIVE_NP, mtx_recursive) anywhere inside: an attribute
/// kind, an mtx_init type, or PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP.
bool mentionsRecursiveKind(const clang::Expr *E);

enum class GuardKind {
  None,
  LockGuard,  ///< std::lock_guard, annotated scoped_lockable types
  ScopedLock, ///< std::scoped_lock (variadic)
  UniqueLock, ///< std::unique_lock: lock/unlock/release/move
  SharedLock, ///< std::shared_lock
};
GuardKind guardKind(clang::QualType T, const LockModelOptions &Opts);
bool isGuardType(clang::QualType T, const LockModelOptions &Opts);

/// How a guard constructor takes its locks.
enum class GuardInit {
  None,    ///< default constructed, or moved from another guard
  Acquire, ///< locks now
  Defer,   ///< std::defer_lock: associated, not locked
  Try,     ///< std::try_to_lock, or a timeout
  Adopt,   ///< std::adopt_lock: already locked by the caller
  Move,    ///< constructed from another guard
  Release, ///< a scoped unlocker (constructor annotated RELEASE)
};
struct GuardCtor {
  GuardInit Init = GuardInit::None;
  llvm::SmallVector<const clang::Expr *, 2> Locks;
  const clang::Expr *MovedFrom = nullptr;
  /// Takes its locks for reading: std::shared_lock, an ACQUIRE_SHARED
  /// constructor.
  bool Shared = false;
};
GuardCtor classifyGuardConstruction(const clang::CXXConstructExpr *CE,
                                    const LockModelOptions &Opts);

enum class GuardMemberKind {
  None,
  Lock,
  TryLock,
  Unlock,
  Release,  ///< unique_lock::release(): gives up ownership, lock stays held
  OwnsLock, ///< owns_lock() / operator bool
  Other,
};
GuardMemberKind classifyGuardMember(const clang::CXXMethodDecl *MD,
                                    const LockModelOptions &Opts);

/// A guard type or scoped unlocker the project defines without annotations:
/// its constructor takes the lock from its parameter \c Param.
struct ProjectGuard {
  GuardInit Init = GuardInit::Acquire; ///< Acquire, or Release (an unlocker)
  unsigned Param = 0;
  bool Shared = false;
};

/// The lock API a translation unit defines for itself, inferred from the
/// bodies of its functions and classes (checks/analysis/LockApi.h): try-lock
/// and condition-wait wrappers, mutex types, guard types. The classifiers of
/// this model consult the one of the translation unit being analysed after
/// the standard, POSIX, annotated and configured APIs. Acquire and release
/// wrappers need no entry: the lockset engine sees through them with their
/// summaries.
class ProjectLockApi {
public:
  virtual ~ProjectLockApi();
  /// What a call of a project function or of a member of a project mutex
  /// type does (Kind None when nothing is inferred).
  virtual LockOp classifyCall(const clang::CallExpr *Call) = 0;
  /// A class whose members lock and unlock its member mutex.
  virtual std::optional<LockableInfo>
  mutexType(const clang::CXXRecordDecl *RD) = 0;
  /// A class whose constructor acquires and destructor releases.
  virtual bool isGuardType(const clang::CXXRecordDecl *RD) = 0;
  /// What a constructor of such a guard type does (nothing when it does
  /// not take a lock: a default constructor).
  virtual std::optional<ProjectGuard>
  guardConstructor(const clang::CXXConstructorDecl *Ctor) = 0;
};

/// Makes \p Api the project API of the translation unit of \p Ctx (null:
/// none). Translation units are analysed one at a time in a process.
void setProjectLockApi(const clang::ASTContext *Ctx, ProjectLockApi *Api);
/// The project API of the translation unit \p D belongs to, if any.
ProjectLockApi *projectLockApi(const clang::Decl *D);

/// True for std::condition_variable(_any), pthread_cond_t, cnd_t.
bool isConditionVariableType(clang::QualType T);

/// Parses a semicolon-separated list of qualified names.
std::vector<std::string> parseNameList(llvm::StringRef List);
std::string joinNameList(const std::vector<std::string> &Names);

/// True when \p FD's qualified name is in \p Names (leading "::" ignored).
bool matchesQualifiedName(const clang::NamedDecl *D,
                          const std::vector<std::string> &Names);

} // namespace lockcheck

#endif
