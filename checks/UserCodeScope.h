//===--- UserCodeScope.h - walk only user code ------------------*- C++ -*-===//
//
// clang-tidy's MatchFinder walks the whole AST of a translation unit, system
// headers and all their template instantiations included, although no
// lockcheck check looks at system-header code. Each check owns one of these
// callbacks: on the translation unit (matched before its children are
// walked) it restricts the walk to user code (TUAnalysis::
// limitTraversalToUserCode), and it undoes that at the end of the unit.
//
// It does so only when no other module's check can be running in the same
// walk: in the lockcheck tool (only lockcheck's module is registered), or in
// clang-tidy when the enabled checks are all lockcheck-*. Other checks may
// rely on seeing system headers.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_CHECKS_USERCODESCOPE_H
#define LOCKCHECK_CHECKS_USERCODESCOPE_H

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include <memory>

namespace lockcheck {

class TUAnalysis;

class UserCodeScope : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  explicit UserCodeScope(clang::tidy::ClangTidyContext *Context)
      : Context(Context) {}
  /// Call from the check's registerMatchers, before its own matchers.
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder);
  void
  run(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  clang::tidy::ClangTidyContext *Context;
  std::shared_ptr<TUAnalysis> TU;
};

} // namespace lockcheck

#endif
