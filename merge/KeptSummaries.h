//===--- KeptSummaries.h - the summaries a run keeps for the merge -*- C++
//-*-===//
//
// The parent process of a run keeps every translation unit's summary until
// the merge: on a large program they are most of its memory. Two ways to
// keep less without changing what the merge reports:
//  - shrinkSummary: no spare capacity in the summary's lists (a list read
//    element by element grows by doubling);
//  - dropRedefinitions: a function defined in several units (an inline or
//    static function of a header) keeps its facts in the first unit in path
//    order only, the one definition the merge reads (ProgramMerge.cpp: "the
//    first definition stands for all"); the others keep their USR (the merge
//    still knows which units define it) and lose their facts.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_MERGE_KEPTSUMMARIES_H
#define LOCKCHECK_MERGE_KEPTSUMMARIES_H

#include "checks/summary/Summary.h"
#include "llvm/ADT/ArrayRef.h"

namespace lockcheck {

/// Gives back the spare capacity of every list of \p S.
void shrinkSummary(TUSummary &S);

/// Empties the facts (calls, acquisitions, accesses, ...) of every function
/// of \p Units that a unit whose File comes first in path order defines
/// too; its USR, names and place stay. The merge's findings over the same
/// units are unchanged. Call it once every unit that will be merged is
/// known: it is not a property of one unit, and a unit analysed again (a
/// later lock-API round) needs its own facts.
void dropRedefinitions(llvm::ArrayRef<TUSummary *> Units);

} // namespace lockcheck

#endif
