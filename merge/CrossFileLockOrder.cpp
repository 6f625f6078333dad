//===--- CrossFileLockOrder.cpp - lock-order cycles across files ----------===//

#include "merge/CrossFileLockOrder.h"
#include <set>
#include <string>

using namespace llvm;

namespace lockcheck {

std::vector<ProgramFinding>
crossFileLockOrderFindings(ArrayRef<std::vector<LockOrderEdge>> PerFile,
                           ArrayRef<LockOrderEdge> CrossCalls) {
  std::set<std::string> InOneFile;
  LockOrderGraph All;
  for (const std::vector<LockOrderEdge> &Edges : PerFile) {
    if (Edges.empty())
      continue;
    LockOrderGraph One;
    One.addAll(Edges);
    for (const LockOrderCycle &C : One.findCycles())
      InOneFile.insert(C.Key);
    All.addAll(Edges);
  }
  All.addAll(CrossCalls);
  std::vector<ProgramFinding> Findings;
  const std::vector<LockOrderEdge> &Edges = All.edges();
  for (const LockOrderCycle &C : All.findCycles()) {
    if (InOneFile.count(C.Key))
      continue;
    std::vector<std::string> Names;
    for (unsigned I : C.Edges)
      Names.push_back(Edges[I].FromName);
    const LockOrderEdge &First = Edges[C.Edges.front()];
    ProgramFinding F;
    F.Check = "lockcheck-lock-order";
    F.Function = First.Function;
    F.At = First.At;
    F.Message = cycleMessage(Names);
    for (unsigned I : C.Edges) {
      const LockOrderEdge &Side = Edges[I];
      F.note(Side.At, sideNote(Side));
      if (!Side.Via.empty() && Side.ViaAt.valid())
        F.note(Side.ViaAt, viaNote(Side));
    }
    Findings.push_back(std::move(F));
  }
  return Findings;
}

} // namespace lockcheck
