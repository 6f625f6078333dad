//===--- BlockingAnalysis.h - which calls block ------------------*- C++
//-*-===//
//
// Whether a call blocks the calling thread: a call of a blocking API of the
// model (BlockingModel), or a call of a function of the same translation
// unit that may block (a summary: the first blocking call of its body, seen
// through further calls). Condition waits are not summarised: whether they
// block a caller depends on which mutex the caller holds.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_BLOCKINGANALYSIS_H
#define LOCKCHECK_ANALYSIS_BLOCKINGANALYSIS_H

#include "checks/model/BlockingModel.h"
#include "checks/model/LockModel.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <optional>

namespace lockcheck {

class TUAnalysis;

/// How a call blocks.
struct BlockingCall {
  /// The blocking API, as listed in the model (`std::thread::join`).
  llvm::StringRef Api;
  /// Set when the call is a call of a function of this translation unit
  /// that blocks: that function, and the blocking call inside it (which may
  /// itself go through further functions: follow Inner).
  const clang::FunctionDecl *Via = nullptr;
  const clang::CallExpr *Inner = nullptr;
};

class BlockingAnalysis {
public:
  BlockingAnalysis(TUAnalysis &TU, const BlockingModel &Model,
                   const LockModelOptions &LockOpts)
      : TU(TU), Model(Model), LockOpts(LockOpts) {}

  /// Whether \p Call blocks, directly or through a function of this TU.
  std::optional<BlockingCall> classify(const clang::CallExpr *Call);

  /// The first call of \p FD's body (in source order, lambdas excluded)
  /// that blocks and is not made after \p FD released a lock (a helper
  /// that unlocks around its sleep does not block its caller's lock), or
  /// null.
  const clang::CallExpr *mayBlock(const clang::FunctionDecl *FD);

private:
  const clang::CallExpr *find(const clang::Stmt *S,
                              const clang::FunctionDecl *FD);
  TUAnalysis &TU;
  const BlockingModel &Model;
  const LockModelOptions &LockOpts;
  llvm::DenseMap<const clang::FunctionDecl *, const clang::CallExpr *>
      Summaries;
  llvm::DenseSet<const clang::FunctionDecl *> InProgress;
};

} // namespace lockcheck

#endif
