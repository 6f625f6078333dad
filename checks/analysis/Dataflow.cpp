//===--- Dataflow.cpp - forward may-analysis over clang::CFG --------------===//

#include "checks/analysis/Dataflow.h"
#include "clang/AST/ExprCXX.h"
#include <deque>

using namespace clang;

namespace lockcheck {

DataflowClient::~DataflowClient() = default;

bool blockThrows(const CFGBlock &B) {
  for (auto It = B.rbegin(); It != B.rend(); ++It)
    if (auto CS = It->getAs<CFGStmt>())
      return isa<CXXThrowExpr>(CS->getStmt());
  return false;
}

bool StateMap::join(const StateMap &Other) {
  bool Changed = false;
  // Keys only in this map: the other side contributes "initial".
  for (auto &KV : Bits) {
    ValueBits Joined = KV.second | Other.get(KV.first);
    if (Joined != KV.second) {
      KV.second = Joined;
      Changed = true;
    }
  }
  for (const auto &KV : Other.Bits) {
    if (Bits.count(KV.first))
      continue;
    Bits[KV.first] = KV.second | InitialBit;
    Changed = true;
  }
  return Changed;
}

bool StateMap::operator==(const StateMap &Other) const {
  if (Bits.size() != Other.Bits.size())
    return false;
  for (const auto &KV : Bits)
    if (Other.get(KV.first) != KV.second)
      return false;
  return true;
}

StateMap ForwardDataflow::exitState(const CFGBlock &B) const {
  StateMap S = Entry[B.getBlockID()];
  for (const CFGElement &E : B)
    Client.transferElement(E, B, S);
  Client.transferTerminator(B, S);
  return S;
}

StateMap ForwardDataflow::edgeState(const CFGBlock &B,
                                    unsigned SuccIndex) const {
  StateMap S = exitState(B);
  Client.transferEdge(B, SuccIndex, S);
  return S;
}

bool ForwardDataflow::run(unsigned MaxBlockVisits) {
  unsigned N = Cfg.getNumBlockIDs();
  Entry.assign(N, StateMap());
  Reached.assign(N, false);

  // A FIFO worklist from the entry block; states only grow (per-key union
  // over a finite set of values), so the iteration terminates.
  std::deque<const CFGBlock *> Work;
  std::vector<bool> Queued(N, false);
  const CFGBlock &EntryBlock = Cfg.getEntry();
  Reached[EntryBlock.getBlockID()] = true;
  Work.push_back(&EntryBlock);
  Queued[EntryBlock.getBlockID()] = true;

  unsigned Visits = 0;
  while (!Work.empty()) {
    if (++Visits > MaxBlockVisits)
      return false;
    const CFGBlock *B = Work.front();
    Work.pop_front();
    Queued[B->getBlockID()] = false;

    StateMap Out = exitState(*B);
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      unsigned ThisIndex = Index++;
      const CFGBlock *S = Succ.getReachableBlock();
      if (!S)
        continue;
      StateMap EdgeS = Out;
      Client.transferEdge(*B, ThisIndex, EdgeS);
      unsigned Id = S->getBlockID();
      bool Changed;
      if (!Reached[Id]) {
        Reached[Id] = true;
        Entry[Id] = std::move(EdgeS);
        Changed = true;
      } else {
        Changed = Entry[Id].join(EdgeS);
      }
      if (Changed && !Queued[Id]) {
        Queued[Id] = true;
        Work.push_back(S);
      }
    }
  }
  return true;
}

} // namespace lockcheck
