//===--- BlockingAnalysis.h - which calls block ------------------*- C++
//-*-===//
//
// Whether a call blocks the calling thread: a call of a blocking API of the
// model (BlockingModel), or a call of a function of the same translation
// unit that may block (a summary: the first blocking call of its body, seen
// through further calls). Condition waits are not summarised: whether they
// block a caller depends on which mutex the caller holds.
//
// A read, receive, accept or connect on a descriptor the program made
// non-blocking returns at once: it is not blocking. The descriptor (the
// variable or field the call is given) is non-blocking when the translation
// unit creates it with a NONBLOCK flag (`socket(.., SOCK_STREAM |
// SOCK_NONBLOCK, ..)`, `open(.., O_NONBLOCK)`), sets one on it
// (`fcntl(fd, F_SETFL, fl | O_NONBLOCK)`, `ioctl(fd, FIONBIO, &on)`), or
// hands it to a function whose name says so (`make_nonblocking(fd)`). A
// descriptor whose creation the translation unit does not show (a
// parameter, a field never assigned from socket/accept/open here) is
// non-blocking when the project uses non-blocking descriptors at all: its
// code spells a NONBLOCK flag or declares such a function.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_BLOCKINGANALYSIS_H
#define LOCKCHECK_ANALYSIS_BLOCKINGANALYSIS_H

#include "checks/model/BlockingModel.h"
#include "checks/model/LockModel.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

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

/// Whether \p S runs in a loop that retries the initialisation of a lock or
/// condition variable until it succeeds (`while (pthread_mutex_init(&m, &a)
/// != 0) nni_msleep(10);`): a wait there happens only when the
/// initialisation fails, which it does not in practice, so it is not taken
/// for blocking.
bool retriesInitialisation(const clang::Stmt *S, clang::ParentMap &PM,
                           const LockModelOptions &Opts);

class BlockingAnalysis {
public:
  BlockingAnalysis(TUAnalysis &TU, const BlockingModel &Model,
                   const LockModelOptions &LockOpts);
  ~BlockingAnalysis();

  /// Whether \p Call blocks, directly or through a function of this TU. Made
  /// in \p In (when given) in a loop that retries a lock's initialisation
  /// (see retriesInitialisation), it does not.
  std::optional<BlockingCall> classify(const clang::CallExpr *Call,
                                       const clang::FunctionDecl *In = nullptr);

  /// The first call of \p FD's body (in source order, lambdas excluded)
  /// that blocks and is not made after \p FD released a lock (a helper
  /// that unlocks around its sleep does not block its caller's lock), or
  /// null.
  const clang::CallExpr *mayBlock(const clang::FunctionDecl *FD);

  /// The blocking API of the model \p Call calls (BlockingModel::
  /// blockingName), unless it works on a non-blocking descriptor; empty
  /// when it does not block.
  llvm::StringRef blockingApi(const clang::CallExpr *Call);

  /// The lock classes (LockOrigin::classKey) that a callback may give up
  /// while \p Call runs: a function of this translation unit whose address
  /// \p Caller passes as an argument before \p Call (a callback it
  /// registers, libuv's `uv_prepare_start(&prepare, prepare_cb)` before
  /// `uv_run`) and that releases the lock without ever taking it (on behalf
  /// of whoever holds it). Held at a call of a function that blocks, such a
  /// lock may be released inside it first, by the callback.
  std::vector<std::string>
  releasedByCallbacks(const clang::CallExpr *Call,
                      const clang::FunctionDecl *Caller);

  struct Descriptors;

private:
  const clang::CallExpr *find(const clang::Stmt *S,
                              const clang::FunctionDecl *FD);
  TUAnalysis &TU;
  const BlockingModel &Model;
  const LockModelOptions &LockOpts;
  llvm::DenseMap<const clang::FunctionDecl *, const clang::CallExpr *>
      Summaries;
  llvm::DenseSet<const clang::FunctionDecl *> InProgress;
  /// Per caller, the calls that register a callback releasing a lock it
  /// never takes: where, and the lock's class.
  const std::vector<std::pair<clang::SourceLocation, std::string>> &
  registeredReleases(const clang::FunctionDecl *Caller);
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::vector<std::pair<clang::SourceLocation, std::string>>>
      Registered;
  /// What the translation unit does with its descriptors, built at the
  /// first descriptor call.
  std::unique_ptr<Descriptors> Fds;
};

} // namespace lockcheck

#endif
