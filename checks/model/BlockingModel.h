//===--- BlockingModel.h - what the analysed code calls blocking -*- C++
//-*-===//
//
// The one table of calls that block the calling thread for an unbounded or
// long time: joins, sleeps, future waits and blocking I/O. A check option
// (BlockingFunctions) replaces the table; checks and engines ask this model
// and match no API names by themselves. Condition waits are classified by
// the lock model (LockOpKind::Wait), not here.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_MODEL_BLOCKINGMODEL_H
#define LOCKCHECK_MODEL_BLOCKINGMODEL_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <string>
#include <vector>

namespace lockcheck {

/// The default value of the BlockingFunctions option: semicolon-separated
/// qualified names, without template arguments.
llvm::StringRef defaultBlockingFunctions();

class BlockingModel {
public:
  /// \p Functions: qualified names (`std::thread::join`, `read`); a member
  /// function name matches calls on objects of that class and of classes
  /// derived from it, and members the class inherits from a base.
  explicit BlockingModel(const std::vector<std::string> &Functions);

  /// The qualified name (as listed) of the blocking function \p Call calls,
  /// or an empty string when it does not block. A listed call whose
  /// constant arguments say it returns at once (`poll(fds, n, 0)`,
  /// `epoll_wait(.., 0)`, `recv(.., MSG_DONTWAIT)`) does not block.
  llvm::StringRef blockingName(const clang::CallExpr *Call) const;
  bool empty() const { return Names.empty(); }

private:
  llvm::StringRef listedName(const clang::CallExpr *Call) const;
  llvm::StringSet<> Names;
};

/// \p D's qualified name without template arguments, inline namespaces or
/// anonymous namespaces: `std::future::get` for `std::future<int>::get`,
/// `std::thread::join` for libc++'s `std::__1::thread::join`.
std::string plainQualifiedName(const clang::NamedDecl *D);

} // namespace lockcheck

#endif
