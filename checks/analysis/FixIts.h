//===--- FixIts.h - building fix-its that compile ---------------*- C++ -*-===//
//
// Helpers shared by the checks' fix-its. A fix-it is only offered when it is
// mechanical: never inside a macro expansion, with the indentation of the
// surrounding code.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_FIXITS_H
#define LOCKCHECK_ANALYSIS_FIXITS_H

#include "clang/AST/Decl.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSet.h"
#include <optional>
#include <string>

namespace lockcheck {

/// True when the location is (or comes from) a macro expansion.
bool isInMacro(clang::SourceLocation Loc);

/// The white space that starts the line holding \p Loc.
std::string indentationOf(clang::SourceLocation Loc,
                          const clang::SourceManager &SM);

/// Inserts \p Statement as a line of its own just before the closing brace
/// \p RBrace, indented like \p IndentLike.
std::optional<clang::FixItHint>
insertLineBeforeBrace(clang::SourceLocation RBrace, llvm::StringRef Statement,
                      clang::SourceLocation IndentLike,
                      const clang::SourceManager &SM);

/// The source text of a range, or empty if it is not plain file text.
std::string sourceText(clang::SourceRange R, const clang::SourceManager &SM,
                       const clang::LangOptions &LO);

/// \p Base ("lock"), or Base2, Base3... : the first name that no variable,
/// field or unqualified call inside \p FD uses and that is not in \p Taken
/// (names earlier fix-its in the same function introduce). The name chosen
/// is added to \p Taken.
std::string freshVariableName(const clang::FunctionDecl *FD,
                              llvm::StringRef Base,
                              llvm::StringSet<> *Taken = nullptr);

/// How \p Target (a variable, possibly a static data member) can be named
/// inside \p FD: unqualified when unqualified name lookup there finds it
/// first (nothing in the function, its classes or namespaces hides it),
/// else with the shortest qualification whose first name lookup finds,
/// else fully qualified from `::`. Anonymous and inline namespaces are never
/// spelled. Empty when it cannot be named at all.
std::string spellDeclIn(const clang::NamedDecl *Target,
                        const clang::FunctionDecl *FD);

/// Whether a parameter or a local variable of \p FD (or of a function
/// enclosing it, for a lambda) is named \p Name: it would hide a member or a
/// global of that name.
bool localNamed(const clang::FunctionDecl *FD, llvm::StringRef Name);

} // namespace lockcheck

#endif
