//===--- TUAnalysis.h - per translation unit analysis cache -----*- C++ -*-===//
//
// Everything the checks of one translation unit share: the CFG and parent
// map of each function (built once for the checks that ask in turn, given
// back once its lockset is computed or its summary extracted), the throw
// summaries, and the results of the engines. Every check of the TU holds a
// reference; the cache dies with the last check of the TU.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_TUANALYSIS_H
#define LOCKCHECK_ANALYSIS_TUANALYSIS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <memory>
#include <optional>
#include <vector>

namespace lockcheck {

class ThrowAnalysis;
struct ThreadLifetimeResult;
struct LocksetResult;
struct LockModelOptions;
class ThreadEntries;
class SharedData;
class LockDiscipline;
class MutexInits;
class CallIndex;
class LockApi;

class TUAnalysis {
public:
  explicit TUAnalysis(clang::ASTContext &Ctx);
  ~TUAnalysis();

  /// The analysis of the translation unit that \p Ctx belongs to.
  static std::shared_ptr<TUAnalysis> get(clang::ASTContext &Ctx);

  clang::ASTContext &getContext() const { return Ctx; }
  const clang::SourceManager &getSourceManager() const {
    return Ctx.getSourceManager();
  }

  /// The CFG of a function (or lambda call operator) body, with implicit
  /// destructors, temporary destructors, scopes and initializers, built once.
  /// Null when the function has no body or the CFG cannot be built.
  const clang::CFG *getCFG(const clang::FunctionDecl *FD);
  /// Parent map of the function body (built once).
  clang::ParentMap *getParentMap(const clang::FunctionDecl *FD);
  /// Gives back the CFG and the parent map of \p FD: a pass that visits
  /// each function once calls it when it is done with one, so that they do
  /// not all stay for the whole translation unit. The next request builds
  /// them again (the same graph and map: both depend on the body alone);
  /// the pointers handed out before are invalid.
  void releaseFunctionData(const clang::FunctionDecl *FD);
  /// Whether the CFG or the parent map of \p FD is kept now.
  bool holdsFunctionData(const clang::FunctionDecl *FD) const {
    return CFGs.count(FD) || Parents.count(FD);
  }
  /// Gives back, once every check of the translation unit has run, the
  /// results only the checks read: the shared data, the lock discipline,
  /// the thread lifetimes, the call index and the fix-it names, so that the
  /// summary extraction that follows does not hold them too. A later
  /// request computes them again.
  void releaseCheckResults();

  ThrowAnalysis &getThrowAnalysis();
  const ThreadLifetimeResult &getThreadLifetime(const clang::FunctionDecl *FD);

  /// The lockset analysis of a function, computed once. The model options
  /// of the first caller are used for the whole translation unit (they are
  /// meant to be set as global options, shared by all checks).
  const LocksetResult &getLockset(const clang::FunctionDecl *FD,
                                  const LockModelOptions &Opts);
  /// The same, for a callee's summary: null while that function is being
  /// analysed (recursion), so a cycle of calls terminates.
  /// Names that fix-its of any check have given to new variables in a
  /// function, so that two fixes never declare the same name.
  llvm::StringSet<> &fixItNames(const clang::FunctionDecl *FD) {
    return FixItNames[FD];
  }
  const LocksetResult *getLocksetIfAvailable(const clang::FunctionDecl *FD,
                                             const LockModelOptions &Opts);
  /// The thread entries of the translation unit and what they reach,
  /// computed once (with the model options of the first caller).
  const ThreadEntries &getThreadEntries(const LockModelOptions &Opts);
  /// The shared variables of the translation unit and their accesses.
  const SharedData &getSharedData(const LockModelOptions &Opts);
  const LockDiscipline &getLockDiscipline(const LockModelOptions &Opts);
  /// The functions of the translation unit that isAnalyzableFunction
  /// accepts (template instantiations and lambdas included), once each, in
  /// traversal order.
  const std::vector<const clang::FunctionDecl *> &functions();
  /// How the translation unit initialises its C mutexes (recursive or not),
  /// computed once.
  const MutexInits &getMutexInits(const LockModelOptions &Opts);
  /// The direct calls of each function and the callables stored into each
  /// variable or field, computed once.
  const CallIndex &getCallIndex();
  /// The lock API the translation unit defines for itself (wrappers, mutex
  /// and guard types), inferred lazily; the model consults it.
  LockApi &getLockApi();
  /// The model options of the first engine request of this translation
  /// unit (default options before any).
  const LockModelOptions &modelOptions();
  /// Sets the model options, unless an engine request set them first.
  void useModelOptions(const LockModelOptions &Opts) { noteOptions(Opts); }

  /// Restricts the AST traversals of the translation unit (the matchers'
  /// walk, the ASTContext parent map) to user code: the declarations that
  /// are not in system headers, see userCodeDecls(). Every check ignores
  /// system headers anyway, and walking <thread>, <mutex> and their template
  /// instantiations cost as much as a tenth of the parse. Idempotent.
  void limitTraversalToUserCode();
  /// Undoes limitTraversalToUserCode(). Idempotent.
  void restoreTraversal();

private:
  clang::ASTContext &Ctx;
  const clang::TranslationUnitDecl *TU;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<clang::CFG>> CFGs;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<clang::ParentMap>>
      Parents;
  std::unique_ptr<ThrowAnalysis> Throws;
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::unique_ptr<ThreadLifetimeResult>>
      ThreadLifetimes;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<LocksetResult>>
      Locksets;
  llvm::DenseSet<const clang::FunctionDecl *> LocksetsInProgress;
  llvm::DenseMap<const clang::FunctionDecl *, llvm::StringSet<>> FixItNames;
  std::unique_ptr<ThreadEntries> Entries;
  std::unique_ptr<SharedData> Shared;
  std::unique_ptr<LockDiscipline> Discipline;
  std::optional<std::vector<const clang::FunctionDecl *>> Functions;
  std::unique_ptr<MutexInits> Inits;
  std::unique_ptr<CallIndex> Calls;
  std::unique_ptr<LockApi> Api;
  std::unique_ptr<LockModelOptions> ModelOpts;
  void noteOptions(const LockModelOptions &Opts);
  bool TraversalLimited = false;
};

/// The declarations of the translation unit outside system headers, as
/// isAnalyzableFunction tells them apart (by the expansion location of the
/// declaration's name): the top-level ones, and those inside the namespaces
/// and linkage specifications of system headers (the line markers of a
/// preprocessed source can switch back to user code inside one). Declarations
/// with no location (builtins) are kept.
std::vector<clang::Decl *> userCodeDecls(clang::ASTContext &Ctx);

/// Whether a `Checks` glob list of clang-tidy can enable no check but
/// lockcheck-* ones ("-*,lockcheck-*", "clang-analyzer-*,-*,lockcheck-*"):
/// every glob that is not a negation and is not undone by a later "-*"
/// starts with "lockcheck-" (or "clang-diagnostic-", compiler warnings).
bool enablesOnlyLockcheck(llvm::StringRef Checks);

/// Whether a function should be analysed at all: it has a body, it is not a
/// template pattern (instantiations are analysed instead) and it is not in a
/// system header.
bool isAnalyzableFunction(const clang::FunctionDecl *FD,
                          const clang::SourceManager &SM);

} // namespace lockcheck

#endif
