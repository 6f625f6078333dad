//===--- LockApiMerge.h - the program's own lock API -------------*- C++
//-*-===//
//
// A project's lock functions are often defined in one file and called from
// all the others (nng's nni_mtx_lock, libuv's uv_mutex_lock): a file that
// only declares them cannot tell that they lock. Every summary carries the
// lock functions its unit defines (LockApiFact); the program's lock API is
// their union, and a unit that calls some of them without defining them is
// analysed again with their facts (the tool does that, round after round,
// since a wrapper of a wrapper of another file is only inferred once its
// callee's facts are known).
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_MERGE_LOCKAPIMERGE_H
#define LOCKCHECK_MERGE_LOCKAPIMERGE_H

#include "checks/summary/Summary.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace lockcheck {

/// The lock functions every unit of \p Units defines, once per USR (the
/// first unit's fact when several units define it: an inline function of a
/// header), sorted by USR.
std::vector<LockApiFact>
programLockApi(llvm::ArrayRef<const TUSummary *> Units);

/// The facts of \p Api (as programLockApi gives it) of the functions that
/// \p Unit calls and does not define, sorted by USR.
std::vector<LockApiFact> neededLockApi(const TUSummary &Unit,
                                       llvm::ArrayRef<LockApiFact> Api);

} // namespace lockcheck

#endif
