//===--- Dataflow.cpp - forward may-analysis over clang::CFG --------------===//

#include "checks/analysis/Dataflow.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
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

StateMap ForwardDataflow::exitState(const CFGBlock &B,
                                    const StateMap &In) const {
  StateMap S = In;
  for (const CFGElement &E : B)
    Client.transferElement(E, B, S);
  Client.transferTerminator(B, S);
  return S;
}

bool ForwardDataflow::refine(const CFGBlock &B, unsigned SuccIndex,
                             uint32_t &Valuation) const {
  if (!Atoms || !Atoms->size() || B.succ_size() != 2)
    return true;
  const auto *Cond = dyn_cast_or_null<Expr>(B.getTerminatorCondition());
  unsigned NonZeroSucc = 0;
  int Atom = Atoms->lookup(Cond, NonZeroSucc);
  if (Atom < 0)
    return true;
  uint32_t Want = SuccIndex == NonZeroSucc ? 1 : 2;
  uint32_t Shift = 2 * Atom;
  uint32_t Have = (Valuation >> Shift) & 3;
  if (Have && Have != Want)
    return false;
  Valuation = (Valuation & ~(3u << Shift)) | (Want << Shift);
  return true;
}

StateMap ForwardDataflow::edgeState(const CFGBlock &B,
                                    unsigned SuccIndex) const {
  StateMap Merged;
  bool Any = false;
  for (const PathState &P : Entry[B.getBlockID()]) {
    uint32_t V = P.Valuation & ~Kill[B.getBlockID()];
    if (!refine(B, SuccIndex, V))
      continue;
    StateMap S = exitState(B, P.S);
    Client.transferEdge(B, SuccIndex, S);
    if (!Any)
      Merged = std::move(S);
    else
      Merged.join(S);
    Any = true;
  }
  return Merged;
}

std::vector<ForwardDataflow::NormalExit> ForwardDataflow::normalExits() const {
  std::vector<NormalExit> Exits;
  const CFGBlock &Exit = Cfg.getExit();
  for (const CFGBlock::AdjacentBlock &Pred : Exit.preds()) {
    const CFGBlock *P = Pred.getReachableBlock();
    if (!P || !isReachable(*P) || P->hasNoReturnElement() || blockThrows(*P))
      continue;
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : P->succs()) {
      if (Succ.getReachableBlock() == &Exit) {
        const ReturnStmt *Ret = nullptr;
        for (auto It = P->rbegin(); It != P->rend() && !Ret; ++It)
          if (auto CS = It->getAs<CFGStmt>())
            Ret = dyn_cast<ReturnStmt>(CS->getStmt());
        Exits.push_back({P, Ret, edgeState(*P, Index)});
        break;
      }
      ++Index;
    }
  }
  return Exits;
}

bool ForwardDataflow::run(unsigned MaxBlockVisits) {
  unsigned N = Cfg.getNumBlockIDs();
  Entry.assign(N, {});
  Kill.assign(N, 0);
  if (Atoms && Atoms->size())
    for (const CFGBlock *B : Cfg.const_nodes())
      if (B)
        Kill[B->getBlockID()] = Atoms->killMask(*B);

  // A FIFO worklist from the entry block; states only grow (per-key union
  // over a finite set of values, a bounded number of valuations), so the
  // iteration terminates.
  std::deque<const CFGBlock *> Work;
  std::vector<bool> Queued(N, false);
  const CFGBlock &EntryBlock = Cfg.getEntry();
  StateMap Initial;
  Client.initialize(Initial);
  Entry[EntryBlock.getBlockID()].push_back({0, std::move(Initial)});
  Work.push_back(&EntryBlock);
  Queued[EntryBlock.getBlockID()] = true;

  unsigned Visits = 0;
  while (!Work.empty()) {
    if (++Visits > MaxBlockVisits)
      return false;
    const CFGBlock *B = Work.front();
    Work.pop_front();
    Queued[B->getBlockID()] = false;

    llvm::SmallVector<PathState, 2> Outs;
    for (const PathState &P : Entry[B->getBlockID()]) {
      uint32_t V = P.Valuation & ~Kill[B->getBlockID()];
      StateMap Out = exitState(*B, P.S);
      // Two valuations that the block's assignments make equal: one state.
      auto It = llvm::find_if(
          Outs, [&](const PathState &O) { return O.Valuation == V; });
      if (It != Outs.end())
        It->S.join(Out);
      else
        Outs.push_back({V, std::move(Out)});
    }
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      unsigned ThisIndex = Index++;
      const CFGBlock *S = Succ.getReachableBlock();
      if (!S)
        continue;
      unsigned Id = S->getBlockID();
      bool Changed = false;
      for (const PathState &Out : Outs) {
        uint32_t V = Out.Valuation;
        if (!refine(*B, ThisIndex, V))
          continue; // this valuation cannot take this edge
        StateMap EdgeS = Out.S;
        Client.transferEdge(*B, ThisIndex, EdgeS);
        auto &Dest = Entry[Id];
        auto It = llvm::find_if(
            Dest, [&](const PathState &P) { return P.Valuation == V; });
        if (It == Dest.end()) {
          Dest.push_back({V, std::move(EdgeS)});
          Changed = true;
        } else if (It->S.join(EdgeS)) {
          Changed = true;
        }
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
