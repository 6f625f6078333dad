//===--- WholeProgram.h - the merge's findings as the tool's ----*- C++ -*-===//
//
// Runs the whole-program merge (merge/) over the files of a run and turns
// its findings into the tool's: diagnostics with a note in every file
// involved, suppressed by NOLINT at the reported line (or NOLINTNEXTLINE on
// the line before) like the findings of one file, and not repeated when the
// check of a file reported the same place already.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_WHOLEPROGRAM_H
#define LOCKCHECK_TOOL_WHOLEPROGRAM_H

#include "tool/Analysis.h"
#include "tool/Findings.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace lockcheck {

/// What the merge needs of one analysed file.
struct UnitFacts {
  TUSummary Summary;
  std::vector<LockOrderEdge> OrderEdges;
};

/// The findings of the merge over \p Units. \p Enabled tells whether a check
/// is enabled, \p AsError whether a finding of a check in a file is a
/// warning treated as an error; \p Local holds (check, file, offset) of the
/// findings the files reported themselves.
std::vector<Finding> wholeProgramFindings(
    llvm::ArrayRef<UnitFacts> Units,
    llvm::function_ref<bool(llvm::StringRef)> Enabled,
    llvm::function_ref<bool(llvm::StringRef Check, llvm::StringRef File)>
        AsError,
    const std::set<std::tuple<std::string, std::string, unsigned>> &Local,
    SourceCache &Texts);

/// The lines --dump-model adds for the thread API only the merge infers
/// over \p Units, as `<file>:<line>:<col>: <name>: <kind> (<rule>)`, the
/// file as \p Display gives it.
std::vector<std::string>
wholeProgramModel(llvm::ArrayRef<UnitFacts> Units, SourceCache &Texts,
                  llvm::function_ref<std::string(llvm::StringRef)> Display);

/// Whether the line of \p Offset in \p File carries `NOLINT` (all checks,
/// or a list naming \p Check or a glob matching it), or the line before it
/// `NOLINTNEXTLINE` likewise.
bool suppressedByNolint(llvm::StringRef File, unsigned Offset,
                        llvm::StringRef Check, SourceCache &Texts);

} // namespace lockcheck

#endif
