//===--- LockDiscipline.h - what the code says guards what ------*- C++ -*-===//
//
// Guards that hold whatever the threads: libraries rarely start the threads
// that call them. Two sources:
//
// - declared: a variable or member annotated GUARDED_BY(mu) (its accesses),
//   or PT_GUARDED_BY(mu) (the accesses through it), as Clang's
//   -Wthread-safety reads them;
// - shown (Infer RacerD's lock consistency): a member of a class that owns
//   a mutex, accessed through `this` in the class's member functions.
//
// Every access in the translation unit's own functions is collected with
// the locks its function holds there. The checks decide what is a finding.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_LOCKDISCIPLINE_H
#define LOCKCHECK_ANALYSIS_LOCKDISCIPLINE_H

#include "checks/analysis/SharedData.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"
#include <map>
#include <set>
#include <string>
#include <vector>

namespace lockcheck {

class TUAnalysis;

struct DisciplineAccess {
  const clang::Expr *E = nullptr;
  const clang::Stmt *Statement = nullptr; ///< see AccessUse
  const clang::FunctionDecl *FD = nullptr;
  clang::SourceLocation Loc;
  bool Write = false;
  /// Lock classes held on every path, on some, and for reading only.
  std::set<std::string> Locks, MayLocks, ReadLocks;
  /// The function takes a lock guard by reference: its caller holds a lock.
  bool CallerHoldsLock = false;
};

struct DisciplineVariable {
  const clang::ValueDecl *Decl = nullptr;
  std::string Name;
  /// GUARDED_BY / PT_GUARDED_BY: the lock class; empty if not annotated.
  std::string DeclaredGuard;
  /// PT_GUARDED_BY: the accesses are to what the pointer points to.
  bool PointeeGuarded = false;
  /// A member of a class owning a mutex, accessed through `this` in the
  /// class's member functions (the accesses listed); null otherwise.
  const clang::CXXRecordDecl *Class = nullptr;
  /// The lock classes of the class's own mutex members.
  std::vector<std::string> ClassLocks;
  std::vector<DisciplineAccess> Accesses;
};

class LockDiscipline {
public:
  LockDiscipline(TUAnalysis &TU, const LockModelOptions &Opts);
  const std::vector<DisciplineVariable> &variables() const { return Vars; }
  /// A representative of a lock class seen in this TU.
  const LockRef *lockOf(const std::string &ClassKey) const {
    auto It = Locks.find(ClassKey);
    return It == Locks.end() ? nullptr : &It->second;
  }
  /// Whether \p FD has callers in this translation unit and every one of
  /// them holds lock class \p Key at the call (or is itself called only
  /// with it held, two levels up).
  bool callersHold(const clang::FunctionDecl *FD, const std::string &Key) const;

private:
  void collectCandidates();
  void scanFunction(const clang::FunctionDecl *FD);
  void addAccess(const clang::ValueDecl *D, const clang::Expr *E,
                 const clang::FunctionDecl *FD,
                 const clang::CXXRecordDecl *Class);
  bool callersHold(const clang::FunctionDecl *FD, const std::string &Key,
                   unsigned Depth) const;

  TUAnalysis &TU;
  const LockModelOptions &Opts;
  std::vector<const clang::FunctionDecl *> Functions;
  std::vector<DisciplineVariable> Vars;
  llvm::DenseMap<const clang::ValueDecl *, unsigned> Index;
  /// Classes owning a mutex, with the lock classes of their mutexes.
  llvm::DenseMap<const clang::CXXRecordDecl *, std::vector<std::string>>
      LockClasses;
  std::map<std::string, LockRef> Locks;
};

} // namespace lockcheck

#endif
