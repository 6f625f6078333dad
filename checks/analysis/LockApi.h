//===--- LockApi.h - the lock API a project defines for itself --*- C++ -*-===//
//
// Real code rarely calls pthread_mutex_lock directly: it calls its own
// xmutex_lock(m), Mutex::Lock(), MutexLock l(&mu). This engine infers those
// wrappers from their bodies, with no configuration:
//
//  - a function that holds a lock reached from its parameters, `this` or a
//    global on every normal exit (error checks that abort or return on
//    failure included) and releases nothing is an acquire function of it;
//    one that releases a lock its caller holds is a release function (both
//    read from the lockset summary, which the lockset engine already applies
//    at the calls);
//  - one that holds the lock exactly on the exits that return success (0,
//    true, non-null), or returns the result of a try-lock, is a try-acquire
//    with that success value;
//  - one that waits, outside any loop of its own, on a condition variable
//    and a mutex reached from its parameters is a condition wait: the wait
//    rules apply at its calls;
//  - a class whose member functions acquire and release its member mutex is
//    a mutex type: its objects are locks, its members lock operations;
//  - a class whose constructor acquires the lock given to it (through any of
//    the above) and whose destructor releases it is a guard type; one whose
//    constructor releases and destructor re-acquires is a scoped unlocker.
//
// The model consults it (ProjectLockApi) for the calls and types it does
// not know; `lockcheck --dump-model` prints listing().
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_LOCKAPI_H
#define LOCKCHECK_ANALYSIS_LOCKAPI_H

#include "checks/analysis/LockApiFacts.h"
#include "checks/analysis/Lockset.h"
#include "checks/model/LockModel.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lockcheck {

class TUAnalysis;

/// A project function inferred to be a lock operation.
struct InferredLockFunction {
  /// Acquire, TryAcquire, Release, Wait, Init.
  LockOpKind Kind = LockOpKind::None;
  bool Shared = false;
  TrySuccess Success = TrySuccess::True;
  /// Success is a non-null pointer (Success is then True).
  bool NonNull = false;
  bool Timed = false;
  /// The lock (the mutex of a wait), as the function names it.
  LockOrigin Lock;
  std::string LockName;
  /// A wait: its condition variable.
  std::optional<LockOrigin> CondVar;
  std::string CondName;
  /// The lock is known recursive (initialised so, or a recursive type).
  bool Recursive = false;
  /// A test-and-set (TryAcquire) or clear (Release) of a flag: LockOp::Spin.
  bool Spin = false;
  const char *Rule = "";
  /// Defined in another translation unit (from its LockApiFact): the lock's
  /// type as this unit sees it.
  bool External = false;
  LockableInfo LockType;
};

/// The lock functions the other translation units of the program define,
/// for the file about to be analysed (the tool sets them when it analyses a
/// file again with the whole program's lock API; null: none). A unit applies
/// the facts of the functions it calls and does not define.
void setExternalLockApi(std::shared_ptr<const std::vector<LockApiFact>> Facts);
/// The facts setExternalLockApi set (null: none), for the engines below
/// LockApi (MutexInits reads the recursive-init functions of other files).
std::shared_ptr<const std::vector<LockApiFact>> externalLockApi();
/// The USR of \p FD, as a LockApiFact names its function (empty if none).
std::string lockApiUsr(const clang::FunctionDecl *FD);

/// A lock a function initialises (`pthread_mutex_init(&q->m, NULL)`, or a
/// call of an initialisation function of its own or of another file).
struct LockInitSite {
  LockOrigin Lock;
  std::string Name; ///< as the function names it
  clang::SourceLocation Loc;
};

/// One element of a translation unit's inferred lock API, for listings:
/// `<file>:<line>:<col>: <name>: <kind> (<rule>)`.
struct LockApiEntry {
  clang::SourceLocation Loc;
  std::string Name;
  std::string Kind;
  std::string Rule;
};

class LockApi : public ProjectLockApi {
public:
  explicit LockApi(TUAnalysis &TU);

  LockOp classifyCall(const clang::CallExpr *Call) override;
  std::optional<LockableInfo>
  mutexType(const clang::CXXRecordDecl *RD) override;
  bool isGuardType(const clang::CXXRecordDecl *RD) override;
  std::optional<ProjectGuard>
  guardConstructor(const clang::CXXConstructorDecl *Ctor) override;

  /// What a function of this translation unit was inferred to be (null:
  /// nothing, or not yet known because it is being analysed).
  const InferredLockFunction *function(const clang::FunctionDecl *FD);

  /// The locks \p FD initialises, in source order: directly, or through
  /// an initialisation function (one that initialises a lock its
  /// parameters or `this` reach; inferred here or in another file).
  const std::vector<LockInitSite> &initsIn(const clang::FunctionDecl *FD);

  /// The inferred API of the translation unit's user code, in source order.
  std::vector<LockApiEntry> listing();

  /// What other translation units need to know of \p FD, a function
  /// defined here: its fact when it is a lock function they can call
  /// (external linkage, not inline, not a template), else nothing. The
  /// fact's USR, name and place are left to the caller.
  std::optional<LockApiFact> factOf(const clang::FunctionDecl *FD);

private:
  struct MutexTypeInfo {
    LockableInfo Info;
    const clang::FieldDecl *Field = nullptr;
    llvm::DenseMap<const clang::CXXMethodDecl *, InferredLockFunction> Members;
  };
  struct GuardTypeInfo {
    GuardInit Init = GuardInit::Acquire;
    llvm::DenseMap<const clang::CXXConstructorDecl *, ProjectGuard> Ctors;
  };
  std::optional<InferredLockFunction>
  inferFunction(const clang::FunctionDecl *FD, const LocksetResult &R);
  std::optional<MutexTypeInfo> inferMutexType(const clang::CXXRecordDecl *RD,
                                              bool &Incomplete);
  std::optional<GuardTypeInfo> inferGuardType(const clang::CXXRecordDecl *RD,
                                              bool &Incomplete);
  const MutexTypeInfo *mutexTypeInfo(const clang::CXXRecordDecl *RD);
  const GuardTypeInfo *guardTypeInfo(const clang::CXXRecordDecl *RD);
  const LocksetResult *lockset(const clang::FunctionDecl *FD);
  bool userCode(const clang::Decl *D) const;
  std::optional<InferredLockFunction>
  resolveExternal(const clang::FunctionDecl *FD, const LockApiFact &Fact);
  std::optional<LockOrigin> resolvePath(const clang::FunctionDecl *FD,
                                        const LockPathFact &P,
                                        clang::QualType &Type);
  const clang::VarDecl *globalNamed(llvm::StringRef Qualified);

  TUAnalysis &TU;
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::optional<InferredLockFunction>>
      Functions;
  /// Functions declared here and defined elsewhere, by canonical decl.
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::optional<InferredLockFunction>>
      Externals;
  llvm::StringMap<const LockApiFact *> ExternalByUsr;
  std::shared_ptr<const std::vector<LockApiFact>> ExternalFacts;
  llvm::DenseMap<const clang::CXXRecordDecl *, std::optional<MutexTypeInfo>>
      MutexTypes;
  llvm::DenseMap<const clang::CXXRecordDecl *, std::optional<GuardTypeInfo>>
      GuardTypes;
  llvm::DenseSet<const clang::Decl *> InProgress;
  llvm::DenseMap<const clang::FunctionDecl *, std::vector<LockInitSite>> Inits;
};

} // namespace lockcheck

#endif
