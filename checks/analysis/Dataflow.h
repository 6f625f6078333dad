//===--- Dataflow.h - forward may-analysis over clang::CFG ------*- C++ -*-===//
//
// A small forward dataflow engine shared by the lockset and thread-lifetime
// analyses. The abstract state maps tracked keys (locks, thread handles) to
// the SET of abstract values the key may have at a program point, as a bit
// set. A key that is absent from the map has the value bit 0 ("initial":
// unlocked, not started). Joining two states is a per-key union, so "held on
// all paths" (must) and "held on some path" (may) are both read off one state.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_DATAFLOW_H
#define LOCKCHECK_ANALYSIS_DATAFLOW_H

#include "checks/analysis/Conditions.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <vector>

namespace lockcheck {

using KeyId = unsigned;
using ValueBits = uint32_t;
constexpr ValueBits InitialBit = 1;

/// True when the block ends by throwing (Clang puts the throw expression in
/// as an element, not as the terminator): its edge to the exit is no return.
bool blockThrows(const clang::CFGBlock &B);

class StateMap {
public:
  ValueBits get(KeyId K) const {
    auto It = Bits.find(K);
    return It == Bits.end() ? InitialBit : It->second;
  }
  void set(KeyId K, ValueBits V) {
    if (V == InitialBit)
      Bits.erase(K);
    else
      Bits[K] = V;
  }
  /// Per-key union. Returns true when this state grew.
  bool join(const StateMap &Other);
  bool operator==(const StateMap &Other) const;
  bool operator!=(const StateMap &Other) const { return !(*this == Other); }

  /// Keys whose value differs from "initial" on some path.
  template <typename Fn> void forEach(Fn &&F) const {
    for (const auto &KV : Bits)
      F(KV.first, KV.second);
  }

private:
  llvm::SmallDenseMap<KeyId, ValueBits, 8> Bits;
};

/// Clients describe how CFG elements change the state; the engine computes
/// the fixpoint and replays blocks for reporting.
class DataflowClient {
public:
  virtual ~DataflowClient();
  virtual void transferElement(const clang::CFGElement &E,
                               const clang::CFGBlock &B, StateMap &S) = 0;
  /// The state at the function's entry (locks its annotations say it holds).
  virtual void initialize(StateMap &S) {}
  /// Called after the block's elements, before the state flows to successors.
  virtual void transferTerminator(const clang::CFGBlock &B, StateMap &S) {}
  /// Refines the state flowing along one edge (branch on try_lock, joinable).
  virtual void transferEdge(const clang::CFGBlock &From, unsigned SuccIndex,
                            StateMap &S) {}
};

/// The engine. With condition atoms (ConditionAtoms), each block keeps one
/// state per valuation of the atoms that the paths reaching it fix, and an
/// edge whose condition contradicts a valuation carries nothing: branches on
/// the same condition are correlated. What clients see (edgeState, replay)
/// is the union over the valuations, so only feasible paths contribute.
class ForwardDataflow {
public:
  ForwardDataflow(const clang::CFG &Cfg, DataflowClient &Client,
                  const ConditionAtoms *Atoms = nullptr)
      : Cfg(Cfg), Client(Client), Atoms(Atoms) {}

  /// Computes block entry states to a fixpoint. Returns false if the
  /// iteration budget ran out (the result is then discarded by callers).
  bool run(unsigned MaxBlockVisits = 200000);

  bool isReachable(const clang::CFGBlock &B) const {
    return !Entry[B.getBlockID()].empty();
  }
  /// State flowing along the edge B -> successor number SuccIndex.
  StateMap edgeState(const clang::CFGBlock &B, unsigned SuccIndex) const;

  /// A way out of the function that is a return (or the end of its body),
  /// not a throw and not a call that does not return.
  struct NormalExit {
    const clang::CFGBlock *Block;
    const clang::ReturnStmt *Return; ///< null: falls off the end
    StateMap State;                  ///< the state on the edge to the exit
  };
  std::vector<NormalExit> normalExits() const;

  /// Replays every reachable block, calling Visit(Element, Block, StateBefore)
  /// before each element is transferred.
  template <typename Fn> void replay(Fn &&Visit) const {
    for (const clang::CFGBlock *B : Cfg.const_nodes()) {
      if (!B || !isReachable(*B))
        continue;
      llvm::SmallVector<StateMap, 2> States;
      for (const PathState &P : Entry[B->getBlockID()])
        States.push_back(P.S);
      for (const clang::CFGElement &E : *B) {
        StateMap Merged = States.front();
        for (unsigned I = 1; I < States.size(); ++I)
          Merged.join(States[I]);
        Visit(E, *B, Merged);
        for (StateMap &S : States)
          Client.transferElement(E, *B, S);
      }
    }
  }

private:
  struct PathState {
    uint32_t Valuation; ///< two bits per atom: 0 unknown, 1 true, 2 false
    StateMap S;
  };
  StateMap exitState(const clang::CFGBlock &B, const StateMap &Entry) const;
  /// Restricts a valuation to an edge; false when the edge contradicts it.
  bool refine(const clang::CFGBlock &B, unsigned SuccIndex,
              uint32_t &Valuation) const;

  const clang::CFG &Cfg;
  DataflowClient &Client;
  const ConditionAtoms *Atoms;
  std::vector<llvm::SmallVector<PathState, 1>> Entry;
  /// Per block, the valuation bits its assignments forget.
  std::vector<uint32_t> Kill;
};

} // namespace lockcheck

#endif
