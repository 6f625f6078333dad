//===--- UnjoinedThreadCheck.h - lockcheck-unjoined-thread ------*- C++ -*-===//

#ifndef LOCKCHECK_CHECKS_UNJOINEDTHREADCHECK_H
#define LOCKCHECK_CHECKS_UNJOINEDTHREADCHECK_H

#include "checks/UserCodeScope.h"
#include "checks/analysis/ThrowAnalysis.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <set>
#include <string>

namespace lockcheck {

class TUAnalysis;
struct ThreadHandle;
struct ThreadExitFinding;
struct ThreadAssignFinding;

/// Finds threads that are neither joined nor detached on some path: a
/// std::thread destroyed while joinable (std::terminate), a pthread_create'd
/// or thrd_create'd handle that leaks, a class whose std::thread member no
/// member function joins.
///
/// For the user-facing documentation see docs/checks/unjoined-thread.md.
class UnjoinedThreadCheck : public clang::tidy::ClangTidyCheck {
public:
  UnjoinedThreadCheck(llvm::StringRef Name,
                      clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkFunction(const clang::FunctionDecl *FD);
  void checkRecord(const clang::CXXRecordDecl *RD);
  void reportHandle(const clang::FunctionDecl *FD, const ThreadHandle &H,
                    llvm::ArrayRef<const ThreadExitFinding *> Findings);
  void reportAssignment(const ThreadAssignFinding &A);

  /// Which exits through a throwing call are reported.
  const ExceptionPathMode ExceptionPaths;
  /// Whether a pthread/C11 thread still running when 'main' returns is
  /// reported.
  const bool MainThreads;
  std::shared_ptr<TUAnalysis> TU;
  llvm::DenseSet<const clang::Decl *> Seen;
  llvm::DenseSet<unsigned> ReportedLocs;
  /// Handle name and exits of the findings reported, to report one bug once.
  std::set<std::string> ReportedExits;
  UserCodeScope Scope;
};

} // namespace lockcheck

#endif
