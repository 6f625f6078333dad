//===--- ThreadModel.h - what the analysed code calls a thread --*- C++ -*-===//
//
// One table of thread APIs: std::thread/std::jthread and their members,
// containers of std::thread, POSIX threads and C11 threads. Checks and
// engines ask this model; none matches API names by itself.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_MODEL_THREADMODEL_H
#define LOCKCHECK_MODEL_THREADMODEL_H

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>
#include <vector>

namespace lockcheck {

/// True for a class named \p Name declared in namespace std (or one of its
/// inline namespaces).
bool isStdClass(const clang::CXXRecordDecl *RD, llvm::StringRef Name);
bool isStdClassType(clang::QualType T, llvm::StringRef Name);
/// True for a function named \p Name in namespace std.
bool isStdFunction(const clang::FunctionDecl *FD, llvm::StringRef Name);

/// std::thread (not jthread: a jthread joins itself).
bool isStdThreadType(clang::QualType T);
bool isStdJThreadType(clang::QualType T);
/// A standard container or C array whose elements are std::thread.
bool isStdThreadContainerType(clang::QualType T);

enum class ThreadMemberKind {
  None,
  Join,
  Detach,
  Joinable, ///< joinable(): branches on it refine the state
  Query,    ///< get_id(), native_handle(): no effect
  Swap,
};
/// Classifies a call of a member function of std::thread/std::jthread.
ThreadMemberKind classifyThreadMember(const clang::CXXMethodDecl *MD);

enum class ContainerOpKind {
  None,
  Add,     ///< push_back/emplace_back/emplace/insert/...: stores a thread
  Element, ///< operator[]/at/front/back: yields an element
  Iterate, ///< begin/end/data: yields an iterator or pointer
  Query,   ///< size/empty/capacity: no effect
};
ContainerOpKind classifyContainerMember(const clang::CXXMethodDecl *MD);

/// C thread APIs (POSIX and C11), by the function they call.
enum class CThreadApi {
  None,
  Create, ///< pthread_create / thrd_create: arg 0 is the handle out-param
  Join,   ///< pthread_join / thrd_join: arg 0 is the handle
  Detach, ///< pthread_detach / thrd_detach
  SetDetachState, ///< pthread_attr_setdetachstate(&attr, state)
};
struct CThreadCall {
  CThreadApi Api = CThreadApi::None;
  bool IsC11 = false;
};
CThreadCall classifyCThreadCall(const clang::FunctionDecl *FD);
/// pthread_t / thrd_t (through typedefs).
bool isCThreadHandleType(clang::QualType T);

/// \p E without parentheses, casts (implicit and explicit), full-expression
/// and temporary wrappers, and copy or move constructions, repeatedly: the
/// object or value a thread's callable or argument is made from. (The
/// engines' stripExpr, checks/analysis/ExprUtils.h, keeps explicit casts
/// other than functional ones.)
const clang::Expr *stripValueExpr(const clang::Expr *E);

/// std::move / std::forward calls: returns the moved expression, or null.
const clang::Expr *getMovedArg(const clang::Expr *E);

/// How a thread creation starts its thread.
enum class ThreadStartKind {
  StdThread, ///< std::thread constructor (or emplace into a container)
  JThread,   ///< std::jthread constructor
  Async,     ///< std::async without launch::deferred
  PThread,   ///< pthread_create
  C11,       ///< thrd_create
};

/// How an argument is handed to the thread's callable.
enum class ArgPassing {
  Value,
  Reference, ///< std::ref / std::cref
  Pointer,   ///< `&x`, or an array that decays to a pointer
};

struct ThreadArg {
  const clang::Expr *E = nullptr;
  ArgPassing Passing = ArgPassing::Value;
  /// For Reference and Pointer: the expression referred to (`x` in `&x`).
  const clang::Expr *Referent = nullptr;
};

/// How an argument is handed to a thread: by value, by reference
/// (`std::ref(x)`) or by pointer (`&x`, an array).
ThreadArg classifyThreadArg(const clang::Expr *E);

/// The callable and arguments of one thread creation: a std::thread or
/// std::jthread construction, `threads.emplace_back(f, args...)` on a
/// container of threads, std::async (not launch::deferred), pthread_create
/// and thrd_create.
struct ThreadCreation {
  ThreadStartKind Kind = ThreadStartKind::StdThread;
  const clang::Expr *Start = nullptr; ///< the construction or call
  const clang::Expr *Callable = nullptr;
  llvm::SmallVector<ThreadArg, 4> Args;
  /// pthread_create/thrd_create: the handle out-parameter (`&t`), and
  /// pthread's attribute argument.
  const clang::Expr *HandleOut = nullptr;
  const clang::Expr *Attr = nullptr;
  /// emplace_back/emplace on a container of threads: the container.
  const clang::Expr *Container = nullptr;
};

/// The thread creation \p E performs, if any.
std::optional<ThreadCreation> getThreadCreation(const clang::Expr *E,
                                                clang::ASTContext &Ctx);

/// Follows a thread's callable to the expression it comes from: through a
/// local holding it, a std::function built from it, and std::bind (whose
/// bound arguments become the thread's when it has none of its own).
void unwrapThreadCallable(ThreadCreation &T);

/// The function a thread's callable runs: a function or function pointer
/// initialised with one, a lambda's call operator, a member function
/// pointer (then \p ObjectArg is set: the first argument is the object),
/// a functor's operator(). Null when it cannot be told.
const clang::FunctionDecl *resolveThreadCallable(const clang::Expr *Callable,
                                                 bool &ObjectArg);

/// pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED): the
/// attribute expression; null for any other call.
const clang::Expr *getDetachedAttr(const clang::CallExpr *Call,
                                   clang::ASTContext &Ctx);

/// A type a callable is handed in: a function pointer or reference, a
/// lambda's closure (a template's callable, instantiated), a std::function,
/// a packaged_task, a class with a call operator.
bool isCallableParamType(clang::QualType T);

/// Where a thread-start function named in the ThreadStartFunctions option
/// takes the thread's callable, its argument and its handle (0-based
/// parameter positions, -1 for none).
struct ThreadStartParams {
  int Fn = -1;
  int Arg = -1;
  int Handle = -1;
};
/// The positions for \p FD when one of \p Entries names it: `name=F:A:H`
/// gives them (1-based, 0 for none; `name=F` and `name=F:A` leave the rest
/// out); `name` alone takes the first parameter of a callable type (a
/// function pointer, a std::function, a template's callable) as the
/// callable, the parameter after it as the argument, and a pointer
/// parameter before it (`pthread_t *`, `struct thr *`) as the handle.
/// Nothing when no entry names \p FD, or its positions are not numbers or
/// lie beyond \p FD's parameters.
std::optional<ThreadStartParams>
configuredThreadStart(const clang::FunctionDecl *FD,
                      const std::vector<std::string> &Entries);

/// std::future / std::shared_future members that wait for the result.
bool isFutureWait(const clang::CXXMethodDecl *MD);

} // namespace lockcheck

#endif
