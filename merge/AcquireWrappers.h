//===--- AcquireWrappers.h - acquire functions no caller releases -*- C++ -*-=//
//
// lockcheck-unreleased-lock takes a function that returns holding a lock on
// every normal exit (or on exactly the paths that took it, when its caller
// can tell) for an acquire function: its callers release. One file cannot
// know whether any caller does. The merge sees every call of the program:
// a function whose callers all leave the lock held, none releasing it after
// the call and none passing it on to a caller of its own that releases it
// (transitively), is no acquire function, and its acquisition is a leak.
// A function with no caller in the program (a library's public API), or
// one that may be called where no summary shows it (its address taken,
// virtual), stays an acquire function.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_MERGE_ACQUIREWRAPPERS_H
#define LOCKCHECK_MERGE_ACQUIREWRAPPERS_H

#include "checks/summary/Summary.h"
#include "merge/ProgramFinding.h"
#include "llvm/ADT/ArrayRef.h"
#include <vector>

namespace lockcheck {

/// The findings of lockcheck-unreleased-lock for the acquisitions of
/// \p Units' functions that return holding a lock no caller releases: at
/// the acquisition, with a note at every call that leaves it held. The
/// first definition of a function (by the unit's main file) stands for
/// all. In a deterministic order, whatever the order of \p Units.
std::vector<ProgramFinding>
unreleasedAcquireFindings(llvm::ArrayRef<const TUSummary *> Units);

} // namespace lockcheck

#endif
