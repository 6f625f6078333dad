//===--- CrossFileLockOrder.h - lock-order cycles across files --*- C++ -*-===//
//
// lockcheck-lock-order reports the cycles of the lock-order graph of its
// translation unit. The tool also has the edges of every file it analysed
// (FileResult::OrderEdges): it merges them and reports the cycles no single
// file holds, as findings of the same check.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_CROSSFILELOCKORDER_H
#define LOCKCHECK_TOOL_CROSSFILELOCKORDER_H

#include "tool/Analysis.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <vector>

namespace lockcheck {

/// The findings of lockcheck-lock-order for the cycles among the edges of
/// all \p PerFile (one list per translation unit) that no translation unit
/// holds by itself (those the check reported already). In a deterministic
/// order, whatever the order of \p PerFile. \p AsError tells whether a
/// finding in a file is a warning treated as an error.
std::vector<Finding>
crossFileLockOrderFindings(llvm::ArrayRef<std::vector<LockOrderEdge>> PerFile,
                           llvm::function_ref<bool(llvm::StringRef)> AsError);

} // namespace lockcheck

#endif
