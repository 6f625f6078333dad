//===--- ProgramMerge.h - the findings no translation unit sees -*- C++ -*-===//
//
// Reads the summaries of every translation unit of a run (Summary.h) and
// builds what none of them has alone: the program's call graph across
// files, which functions each thread runs (through calls in any file), the
// locks every call path holds, and the guard of each global from all its
// accesses. Reports the cross-file forms of the checks:
//  - lockcheck-unguarded-write: a thread (started in any file) reaches a
//    write of a global without the lock that guards it elsewhere;
//  - lockcheck-double-lock: a call, with a non-recursive global lock held,
//    of a function in another file that takes that lock;
//  - lockcheck-blocking-under-lock: a call, with a lock held, of a function
//    in another file that blocks;
//  - lockcheck-lock-order: cycles through the translation units' edges and
//    the edges of calls into other files;
//  - lockcheck-unreleased-lock: a function returning holding a lock that no
//    caller in the program releases (AcquireWrappers.h).
// A finding whose evidence lies in one translation unit is left to the
// check of that unit.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_MERGE_PROGRAMMERGE_H
#define LOCKCHECK_MERGE_PROGRAMMERGE_H

#include "checks/summary/Summary.h"
#include "merge/ProgramFinding.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace lockcheck {

/// One translation unit as the merge sees it.
struct MergeUnit {
  const TUSummary *Summary = nullptr;
  const std::vector<LockOrderEdge> *OrderEdges = nullptr;
};

struct MergeOptions {
  /// Whether a check is enabled (by its full name).
  llvm::function_ref<bool(llvm::StringRef)> Enabled;
};

/// An element of the project's thread API that only the merge infers (a
/// trampoline thread-start wrapper, whose thread is started in one file
/// and which is called from others), for --dump-model.
struct ProgramApiEntry {
  OrderPlace At; ///< the function's definition
  std::string Name;
  std::string Kind;
  std::string Rule;
};

/// The thread API the merge infers over \p Units, by place.
std::vector<ProgramApiEntry> mergeThreadApi(llvm::ArrayRef<MergeUnit> Units);

/// The cross-file findings of \p Units, in a deterministic order (by file
/// and offset of the finding, then message), whatever the order of
/// \p Units.
std::vector<ProgramFinding> mergeProgram(llvm::ArrayRef<MergeUnit> Units,
                                         const MergeOptions &Opts);

} // namespace lockcheck

#endif
