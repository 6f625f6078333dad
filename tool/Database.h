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

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringRef.h"
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

} // namespace lockcheck

#endif
