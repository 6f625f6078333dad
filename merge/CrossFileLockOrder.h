//===--- CrossFileLockOrder.h - lock-order cycles across files --*- C++ -*-===//
//
// lockcheck-lock-order reports the cycles of the lock-order graph of its
// translation unit. The merge has the edges of every translation unit, and
// the edges that calls into other files add (a lock held around a call of a
// function defined elsewhere that takes another lock): it reports the
// cycles no single translation unit holds, as findings of the same check.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_MERGE_CROSSFILELOCKORDER_H
#define LOCKCHECK_MERGE_CROSSFILELOCKORDER_H

#include "merge/ProgramFinding.h"
#include "llvm/ADT/ArrayRef.h"
#include <vector>

namespace lockcheck {

/// The findings of lockcheck-lock-order for the cycles among the edges of
/// all \p PerFile (one list per translation unit) and \p CrossCalls (edges
/// through calls into other files) that no translation unit holds by
/// itself. In a deterministic order, whatever the order of \p PerFile.
std::vector<ProgramFinding>
crossFileLockOrderFindings(llvm::ArrayRef<std::vector<LockOrderEdge>> PerFile,
                           llvm::ArrayRef<LockOrderEdge> CrossCalls = {});

} // namespace lockcheck

#endif
