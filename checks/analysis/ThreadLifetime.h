//===--- ThreadLifetime.h - joinable threads at scope exits -----*- C++ -*-===//
//
// Path-sensitive tracking of thread handles in one function: local
// std::thread objects, containers and arrays of std::thread, and pthread_t /
// thrd_t handles (and arrays of them). A handle is started, then joined,
// detached, moved out or escapes. The engine reports every exit from the
// handle's scope (normal end, early return, break/continue/goto, a call that
// may throw, a throw) that some path reaches with the handle still joinable.
//
// It also reports a std::thread (local, or member of the class of a member
// function) assigned a new thread while it may still be joinable, and
// answers, for a class, whether its std::thread members are joined or
// detached by any member function.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_THREADLIFETIME_H
#define LOCKCHECK_ANALYSIS_THREADLIFETIME_H

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Stmt.h"
#include <vector>

namespace lockcheck {

class TUAnalysis;

enum class HandleKind {
  StdThread, ///< a std::thread local
  Container, ///< a container or C array of std::thread
  CHandle,   ///< a pthread_t / thrd_t local, or an array of them
};

enum class ExitKind {
  ScopeEnd,    ///< the end of the enclosing compound statement
  FunctionEnd, ///< the function's final return or closing brace
  EarlyReturn, ///< a return that is not the function's last statement
  Jump,        ///< break, continue or goto out of the scope
  Exception,   ///< a call that may throw, or a throw, outside any try block
};

struct ThreadHandle {
  const clang::VarDecl *Var = nullptr;
  HandleKind Kind = HandleKind::StdThread;
  bool IsC11 = false;
  /// Where the handle is first started (source order); invalid if never.
  clang::SourceLocation StartLoc;
  /// Number of events other than starts and queries (joins, detaches,
  /// moves, escapes) seen in the function.
  unsigned FinalizeEvents = 0;
  /// Every use is a call of a member function on the handle (join, detach,
  /// joinable, get_id): nothing else sees its type.
  bool OnlyMemberCalls = true;
};

struct ThreadExitFinding {
  const ThreadHandle *Handle = nullptr;
  ExitKind Exit = ExitKind::ScopeEnd;
  /// The return/break/goto/throwing call/compound statement of this exit.
  const clang::Stmt *Where = nullptr;
  clang::SourceLocation Loc;
  /// For Exception exits: the function that may throw (null for `throw`).
  const clang::FunctionDecl *Thrower = nullptr;
  /// For Exception exits: the throw can be seen (ThrowKind::Visible), not
  /// only assumed of a function declared elsewhere.
  bool VisibleThrow = false;
  /// Joinable on every path that reaches this exit.
  bool OnAllPaths = false;
};

/// A std::thread temporary that is started and destroyed at once.
struct TemporaryThreadFinding {
  const clang::Expr *Temporary = nullptr;
};

/// A std::thread (a local, or a data member of the class of the member
/// function) given a new value while it may still be joinable: its move
/// assignment calls std::terminate.
struct ThreadAssignFinding {
  const clang::ValueDecl *Handle = nullptr; ///< a VarDecl or a FieldDecl
  const clang::CXXOperatorCallExpr *Assign = nullptr;
  /// Joinable on every path that reaches the assignment.
  bool OnAllPaths = false;
  /// The start of the thread it may still hold: the last one before the
  /// assignment in source order (the assignment itself when it is reached
  /// again by a loop), or the call of StartedBy.
  clang::SourceLocation StartLoc;
  /// A member function of the class, called at StartLoc, that starts the
  /// member and may leave it joinable.
  const clang::FunctionDecl *StartedBy = nullptr;
};

struct ThreadLifetimeResult {
  std::vector<ThreadHandle> Handles; // stable addresses after analysis
  std::vector<ThreadExitFinding> Findings;
  std::vector<TemporaryThreadFinding> Temporaries;
  std::vector<ThreadAssignFinding> Assignments;
};

ThreadLifetimeResult analyzeThreadLifetimes(const clang::FunctionDecl *FD,
                                            TUAnalysis &TU);

/// A std::thread (or container of them) data member that some code starts
/// and that no member function joins, detaches or hands over.
struct MemberThreadFinding {
  const clang::FieldDecl *Field = nullptr;
  bool IsContainer = false;
  clang::SourceLocation StartLoc;
  const clang::FunctionDecl *StartedIn = nullptr;
};

/// Analyses the non-public std::thread members of a non-template class whose
/// member functions are all defined in this translation unit.
std::vector<MemberThreadFinding>
analyzeThreadMembers(const clang::CXXRecordDecl *RD, TUAnalysis &TU);

} // namespace lockcheck

#endif
