//===--- UnlockUnheldCheck.h ---------------------------------------*- C++
//-*-===//

#ifndef LOCKCHECK_CHECKS_UNLOCKUNHELDCHECK_H
#define LOCKCHECK_CHECKS_UNLOCKUNHELDCHECK_H

#include "checks/LocksetCheckBase.h"

namespace lockcheck {

/// See docs/checks/unlock-unheld.md.
class UnlockUnheldCheck : public LocksetCheckBase {
public:
  using LocksetCheckBase::LocksetCheckBase;

protected:
  /// Also functions with no finding of the engine: their calls of release
  /// functions of other files.
  bool onlyWithFindings() const override { return false; }
  void checkFunction(const clang::FunctionDecl *FD,
                     const LocksetResult &R) override;

private:
  /// Notes at the first three calls of \p FD, made without \p Lock.
  void callerNotes(const clang::FunctionDecl *FD, llvm::StringRef Lock);
  /// Calls of release functions other files define, made without the lock.
  void checkExternalReleases(const clang::FunctionDecl *FD,
                             const LocksetResult &R);
  /// Whether a call of \p FD lockcheck sees is made holding lock \p O of
  /// \p FD.
  bool someCallerHolds(const clang::FunctionDecl *FD, const LockOrigin &O);
  /// Whether \p FD has calls, all seen, and none holds lock \p O of \p FD:
  /// the caller released it before the call, or never names it and is a
  /// thread entry or main, or (up to three calls up) has such calls itself.
  bool noCallerHolds(const clang::FunctionDecl *FD, const LockOrigin &O,
                     unsigned Depth);
};

} // namespace lockcheck

#endif
