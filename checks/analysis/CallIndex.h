//===--- CallIndex.h - who calls what, and what is stored where -*- C++ -*-===//
//
// One walk of a translation unit's user code (template instantiations
// included) records:
//
// - the direct calls of each function, with the function making them, and
//   the functions that may also be called where lockcheck cannot see: their
//   address is taken (a callback, a thread start, a table of operations),
//   they are virtual, or a template pattern names them;
// - the callables stored into each variable or field of function pointer or
//   callable-object type (`std::function`): a function or lambda assigned to
//   it, used to initialise it, or passed for a parameter that is (see
//   storedFor). A call through that variable or field may run any of them.
//
// Built on demand: only the checks that look for a function's callers or a
// callback's targets pay for the walk.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_CALLINDEX_H
#define LOCKCHECK_ANALYSIS_CALLINDEX_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <vector>

namespace lockcheck {

class CallIndex {
public:
  explicit CallIndex(clang::ASTContext &Ctx);

  struct CallSite {
    const clang::FunctionDecl *Caller = nullptr; ///< a lambda's operator()
    const clang::CallExpr *At = nullptr;
  };
  /// The direct calls of \p FD seen in user code.
  llvm::ArrayRef<CallSite> callers(const clang::FunctionDecl *FD) const;
  /// Whether \p FD may be called other than by the calls callers() lists.
  bool hasHiddenCallers(const clang::FunctionDecl *FD) const;
  /// The functions (canonical declarations) named other than by a direct
  /// call of a function body: their address taken, or called from a
  /// global initialiser or a template.
  const llvm::DenseSet<const clang::FunctionDecl *> &hiddenCallees() const {
    return Hidden;
  }

  /// A callable stored into a variable or field.
  struct Stored {
    const clang::FunctionDecl *Fn = nullptr; ///< a lambda's operator()
    const clang::NamedDecl *Slot = nullptr;  ///< where it was stored first
    clang::SourceLocation Loc;               ///< the store
    /// storedFor: the variable or field called (Slot or one assigned from
    /// it).
    const clang::NamedDecl *Called = nullptr;
    /// A lambda capturing `this`, stored into a field of that same object
    /// (`cb_ = [this] { ... };` in a member function): called through the
    /// field of an object, its `this` is that object.
    bool ThisIsSlotObject = false;
  };
  /// The callables a call through a function pointer or a callable object
  /// may run: those stored into the variable or field it calls. \p Base is
  /// set to the object of the field (`w->cb` gives `w`), or null.
  std::vector<Stored> storedFor(const clang::CallExpr *Call,
                                const clang::Expr *&Base) const;

private:
  friend struct CallIndexBuilder;
  llvm::DenseMap<const clang::FunctionDecl *, llvm::SmallVector<CallSite, 2>>
      Callers;
  llvm::DenseSet<const clang::FunctionDecl *> Hidden;
  llvm::DenseMap<const clang::Decl *, llvm::SmallVector<Stored, 1>> Stores;
  /// A variable or field assigned from another (`g_cb = cb;`): what is
  /// stored into the second is stored into the first.
  llvm::DenseMap<const clang::Decl *, llvm::SmallVector<const clang::Decl *, 1>>
      Aliases;
};

} // namespace lockcheck

#endif
