//===--- Database.h - compilation databases as they are in the wild -*- C++
//-*-===//
//
// Loading a build directory's compile_commands.json, and the database as
// lockcheck analyses it: one command per file, and no entry for a file that
// is not C or C++ source (assembler listed next to the C files).
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_DATABASE_H
#define LOCKCHECK_TOOL_DATABASE_H

#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lockcheck {

/// Loads the compilation database of the build directory \p Dir, naming the
/// file in \p Error when it is malformed or missing.
std::unique_ptr<clang::tooling::CompilationDatabase>
loadFromBuildDirectory(llvm::StringRef Dir, std::string &Error);

/// Why \p Text is not a compilation database clang can read, with the
/// position ("line 2, column 31: ..."), in one line; empty when it is one.
std::string checkDatabaseText(llvm::StringRef Text);

/// Whether \p File is C-family source by its extension (not assembler,
/// Fortran, ...). Unknown extensions count as source.
bool isCFamilySource(llvm::StringRef File);

/// The database as lockcheck analyses it: entries for files that are not C
/// or C++ left out, the first command of a file only (a file built for both
/// a static and a shared library, or listed twice, is analysed once),
/// targets and driver modes inferred, and files the database does not list
/// given the command of their nearest entry.
std::unique_ptr<clang::tooling::CompilationDatabase>
prepareDatabase(std::unique_ptr<clang::tooling::CompilationDatabase> DB);

/// The files of \p DB's entries that are not C or C++ source, in the
/// database's order, each once.
std::vector<std::string>
nonSourceFiles(const clang::tooling::CompilationDatabase &DB);

/// The configuration key (a global entry of CheckOptions, so that
/// clang-tidy reads the same .clang-tidy without error) listing the
/// compiler arguments lockcheck removes from the database's commands:
/// globs separated by ';' or ','.
inline constexpr llvm::StringLiteral RemoveArgsKey = "RemoveArgs";

/// The globs of a RemoveArgs value ("-Werror;-fno-*"), each trimmed.
std::vector<std::string> splitRemoveArgs(llvm::StringRef Value);

/// The globs of \p Options' RemoveArgs.
std::vector<std::string>
removedArguments(const clang::tidy::ClangTidyOptions &Options);

/// Adds the globs of --remove-arg (\p CommandLine) to the RemoveArgs of
/// the configuration sources \p Sources, as a last source: they are
/// removed in addition to those of the configuration.
void addRemovedArguments(
    std::vector<clang::tidy::ClangTidyOptionsProvider::OptionsSource> &Sources,
    llvm::ArrayRef<std::string> CommandLine);

/// A database command as lockcheck hands it to Clang: the arguments that
/// match a glob of \p Remove dropped, then the arguments Clang's driver does
/// not know (GCC-only flags such as -fconcepts-diagnostics-depth=3), as
/// clangd does, instead of failing the file on "unknown argument". An
/// argument matches a glob as written ("-Werror=format") or by its option's
/// name ("-I" matches "-Iinclude" and "-I include"); the separate values of
/// an option go with it. The source files and the compiler are kept. The
/// unknown arguments dropped are added to \p Dropped when given.
void adjustDatabaseCommand(std::vector<std::string> &Args,
                           llvm::ArrayRef<std::string> Remove,
                           std::vector<std::string> *Dropped = nullptr);

/// The arguments adjustDatabaseCommand would drop as unknown to Clang from
/// the commands of \p Files, each once, in order. \p RemoveFor gives the
/// globs removed from a file's command first.
std::vector<std::string> unknownArguments(
    const clang::tooling::CompilationDatabase &DB,
    llvm::ArrayRef<std::string> Files,
    const std::function<std::vector<std::string>(llvm::StringRef)> &RemoveFor);

/// The note naming \p Unknown ("dropped 2 compiler flags Clang does not
/// know: -fconcepts-diagnostics-depth=3, -fno-var-tracking-assignments"), or
/// empty when there are none.
std::string unknownArgumentsNote(llvm::ArrayRef<std::string> Unknown);

} // namespace lockcheck

#endif
