//===--- CrossFileLockOrder.cpp - lock-order cycles across files ----------===//

#include "tool/CrossFileLockOrder.h"
#include <set>
#include <string>

using namespace clang;
using namespace llvm;

namespace lockcheck {

static tooling::DiagnosticMessage message(std::string Text,
                                          const OrderPlace &P) {
  tooling::DiagnosticMessage M;
  M.Message = std::move(Text);
  M.FilePath = P.File;
  M.FileOffset = P.Offset;
  return M;
}

std::vector<Finding>
crossFileLockOrderFindings(ArrayRef<std::vector<LockOrderEdge>> PerFile,
                           function_ref<bool(StringRef)> AsError) {
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
  std::vector<Finding> Findings;
  const std::vector<LockOrderEdge> &Edges = All.edges();
  for (const LockOrderCycle &C : All.findCycles()) {
    if (InOneFile.count(C.Key))
      continue;
    std::vector<std::string> Names;
    for (unsigned I : C.Edges)
      Names.push_back(Edges[I].FromName);
    const LockOrderEdge &First = Edges[C.Edges.front()];
    tidy::ClangTidyError E("lockcheck-lock-order",
                           tidy::ClangTidyError::Warning, "",
                           AsError(First.At.File));
    E.Message = message(cycleMessage(Names), First.At);
    for (unsigned I : C.Edges) {
      const LockOrderEdge &Side = Edges[I];
      E.Notes.push_back(message(sideNote(Side), Side.At));
      if (!Side.Via.empty() && Side.ViaAt.valid())
        E.Notes.push_back(message(viaNote(Side), Side.ViaAt));
    }
    Findings.emplace_back(std::move(E), First.Function);
  }
  return Findings;
}

} // namespace lockcheck
