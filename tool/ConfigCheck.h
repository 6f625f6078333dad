//===--- ConfigCheck.h - mistakes in a configuration ------------*- C++ -*-===//
//
// A check name or an option key that lockcheck does not know is a mistake
// that would otherwise pass in silence: a typo in --checks ran every check,
// a misspelt option was never read. Each configuration source is checked
// against the checks and options registered in the binary.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_CONFIGCHECK_H
#define LOCKCHECK_TOOL_CONFIGCHECK_H

#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace lockcheck {

struct ConfigProblem {
  enum KindType {
    Error,   ///< an unknown lockcheck check name: nothing is run
    Warning, ///< an unknown option key: the run goes on
    Note,    ///< another tool's check in --checks: ignored
  };
  KindType Kind;
  std::string Message;
};

/// The problems of the check names and option keys of \p Sources (as a
/// provider's getRawOptions gives them; the built-in defaults are skipped).
/// \p ConfigFile names the source of --config-file, when given.
std::vector<ConfigProblem> checkConfiguration(
    llvm::ArrayRef<clang::tidy::ClangTidyOptionsProvider::OptionsSource>
        Sources,
    llvm::StringRef ConfigFile);

/// How a source of \p Sources is named in messages: "--checks", "--config",
/// "'path/.clang-tidy'".
std::string sourceName(llvm::StringRef Source, llvm::StringRef ConfigFile);

/// The check list \p Globs as written, once: the globs before the last '*'
/// or '-*' change nothing and are left out, and so is a glob repeated
/// later. "-*,-*,lockcheck-*,-*,lockcheck-*" is "-*,lockcheck-*".
std::string simplifyChecks(llvm::StringRef Globs);

} // namespace lockcheck

#endif
