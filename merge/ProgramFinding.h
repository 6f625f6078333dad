//===--- ProgramFinding.h - a finding of the whole-program merge -*- C++
//-*-===//
//
// What the merge reports: a finding of one of the checks whose evidence
// spans translation units, with a note in every file involved. Plain data;
// the tool turns it into a diagnostic like any other finding.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_MERGE_PROGRAMFINDING_H
#define LOCKCHECK_MERGE_PROGRAMFINDING_H

#include "checks/analysis/LockOrder.h"
#include <string>
#include <utility>
#include <vector>

namespace lockcheck {

struct ProgramFinding {
  std::string Check; ///< "lockcheck-double-lock"
  /// The qualified name of the function holding At (for fingerprints).
  std::string Function;
  OrderPlace At;
  std::string Message;
  std::vector<std::pair<OrderPlace, std::string>> Notes;

  void note(const OrderPlace &P, std::string Text) {
    if (P.valid())
      Notes.emplace_back(P, std::move(Text));
  }
};

} // namespace lockcheck

#endif
