//===--- LockOrder.cpp - the lock-order graph and its cycles --------------===//

#include "checks/analysis/LockOrder.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>
#include <map>

namespace lockcheck {

bool mayRunConcurrently(const LockOrderEdge &A, const LockOrderEdge &B) {
  if (A.Threads == EdgeThreads::OnlyThread ||
      B.Threads == EdgeThreads::OnlyThread)
    return false;
  return !(A.Threads == EdgeThreads::OneThread &&
           B.Threads == EdgeThreads::OneThread && A.ThreadKey == B.ThreadKey);
}

void LockOrderGraph::add(LockOrderEdge E) {
  if (E.From == E.To)
    return;
  Edges.push_back(std::move(E));
  Normalized = false;
}

void LockOrderGraph::normalize() const {
  if (Normalized)
    return;
  std::sort(Edges.begin(), Edges.end(),
            [](const LockOrderEdge &A, const LockOrderEdge &B) {
              return A.tied() < B.tied();
            });
  // The same acquisition between the same locks seen twice (a header's
  // inline function in two translation units, a template's instantiations):
  // keep the first in the total order.
  Edges.erase(std::unique(Edges.begin(), Edges.end(),
                          [](const LockOrderEdge &A, const LockOrderEdge &B) {
                            return A.At == B.At && A.From == B.From &&
                                   A.To == B.To;
                          }),
              Edges.end());
  Normalized = true;
}

const std::vector<LockOrderEdge> &LockOrderGraph::edges() const {
  normalize();
  return Edges;
}

namespace {

/// Whether the side \p In (wanting its To) and the side \p Out (holding its
/// From, the same lock) block each other on that lock.
bool conflicts(const LockOrderEdge &In, const LockOrderEdge &Out) {
  return !(In.ToShared && Out.FromShared);
}

class CycleFinder {
public:
  CycleFinder(const std::vector<LockOrderEdge> &Edges, unsigned MaxLength,
              unsigned MaxCycles)
      : Edges(Edges), MaxLength(MaxLength), MaxCycles(MaxCycles) {
    for (const LockOrderEdge &E : Edges) {
      Nodes.push_back(E.From);
      Nodes.push_back(E.To);
    }
    llvm::sort(Nodes);
    Nodes.erase(std::unique(Nodes.begin(), Nodes.end()), Nodes.end());
    Succ.resize(Nodes.size());
    for (unsigned I = 0; I < Edges.size(); ++I) {
      unsigned U = node(Edges[I].From), V = node(Edges[I].To);
      auto &List = Hop[{U, V}];
      if (List.empty())
        Succ[U].push_back(V);
      List.push_back(I); // Edges are sorted: so is each list.
    }
    for (auto &S : Succ)
      llvm::sort(S);
  }

  std::vector<LockOrderCycle> run() {
    OnPath.assign(Nodes.size(), false);
    for (unsigned S = 0; S < Nodes.size() && !done(); ++S) {
      Path = {S};
      OnPath[S] = true;
      dfs(S, S);
      OnPath[S] = false;
    }
    llvm::stable_sort(Found,
                      [&](const LockOrderCycle &A, const LockOrderCycle &B) {
                        return std::tie(Edges[A.Edges[0]].At, A.Key) <
                               std::tie(Edges[B.Edges[0]].At, B.Key);
                      });
    return std::move(Found);
  }

private:
  unsigned node(const std::string &Key) const {
    return std::lower_bound(Nodes.begin(), Nodes.end(), Key) - Nodes.begin();
  }
  bool done() const { return Found.size() >= MaxCycles || Steps > MaxSteps; }

  /// Elementary cycles through \p Start whose other nodes are all greater
  /// than it: each cycle is found once, from its smallest node.
  void dfs(unsigned Start, unsigned U) {
    for (unsigned V : Succ[U]) {
      if (done())
        return;
      ++Steps;
      if (V == Start) {
        if (Path.size() >= 2)
          pickEdges();
        continue;
      }
      if (V < Start || OnPath[V] || Path.size() >= MaxLength)
        continue;
      Path.push_back(V);
      OnPath[V] = true;
      dfs(Start, V);
      OnPath[V] = false;
      Path.pop_back();
    }
  }

  /// For the cycle of nodes Path, the first choice of one edge per hop that
  /// can deadlock.
  void pickEdges() {
    size_t K = Path.size();
    std::vector<const std::vector<unsigned> *> Choices(K);
    for (size_t I = 0; I < K; ++I)
      Choices[I] = &Hop.at({Path[I], Path[(I + 1) % K]});
    std::vector<unsigned> Chosen;
    unsigned Budget = 10000;
    if (!choose(Choices, Chosen, Budget))
      return;
    LockOrderCycle C;
    for (unsigned N : Path) {
      if (!C.Key.empty())
        C.Key += '\n';
      C.Key += Nodes[N];
    }
    size_t First = 0;
    for (size_t I = 1; I < K; ++I)
      if (Edges[Chosen[I]].At < Edges[Chosen[First]].At)
        First = I;
    for (size_t I = 0; I < K; ++I)
      C.Edges.push_back(Chosen[(First + I) % K]);
    Found.push_back(std::move(C));
  }

  bool choose(llvm::ArrayRef<const std::vector<unsigned> *> Choices,
              std::vector<unsigned> &Chosen, unsigned &Budget) {
    size_t I = Chosen.size();
    if (I == Choices.size())
      return I > 0 && conflicts(Edges[Chosen[I - 1]], Edges[Chosen[0]]);
    for (unsigned E : *Choices[I]) {
      if (Budget == 0)
        return false;
      --Budget;
      const LockOrderEdge &Edge = Edges[E];
      if (I > 0 && !conflicts(Edges[Chosen[I - 1]], Edge))
        continue;
      if (llvm::any_of(Chosen, [&](unsigned Other) {
            return !mayRunConcurrently(Edges[Other], Edge);
          }))
        continue;
      Chosen.push_back(E);
      if (choose(Choices, Chosen, Budget))
        return true;
      Chosen.pop_back();
    }
    return false;
  }

  const std::vector<LockOrderEdge> &Edges;
  unsigned MaxLength, MaxCycles;
  std::vector<std::string> Nodes;
  std::vector<std::vector<unsigned>> Succ;
  std::map<std::pair<unsigned, unsigned>, std::vector<unsigned>> Hop;
  std::vector<unsigned> Path;
  std::vector<bool> OnPath;
  std::vector<LockOrderCycle> Found;
  unsigned long Steps = 0;
  static constexpr unsigned long MaxSteps = 1000000;
};

} // namespace

std::vector<LockOrderCycle>
LockOrderGraph::findCycles(unsigned MaxLength, unsigned MaxCycles) const {
  normalize();
  if (Edges.empty() || MaxLength < 2 || MaxCycles == 0)
    return {};
  return CycleFinder(Edges, MaxLength, MaxCycles).run();
}

std::string cycleMessage(llvm::ArrayRef<std::string> Names) {
  std::string S;
  for (size_t I = 0; I < Names.size(); ++I) {
    if (I)
      S += I + 1 == Names.size() ? " and " : ", ";
    S += "'" + Names[I] + "'";
  }
  S += Names.size() > 2 ? " are acquired in a cyclic order"
                        : " are acquired in opposite orders";
  return S + " on paths that can run in different threads; this can deadlock";
}

std::string sideNote(const LockOrderEdge &E) {
  std::string S = "'" + E.FromName + "' then '" + E.ToName + "' here";
  if (!E.Via.empty())
    S += " (" + E.Via + " takes '" + E.ToName + "')";
  if (!E.ThreadStart.empty())
    S += " (in thread started at " + E.ThreadStart + ")";
  return S;
}

std::string viaNote(const LockOrderEdge &E) {
  return E.Via + " takes '" + E.ToName + "' here";
}

static LockOrderSink &sink() {
  static LockOrderSink S;
  return S;
}

void setLockOrderSink(LockOrderSink Sink) { sink() = std::move(Sink); }
const LockOrderSink &getLockOrderSink() { return sink(); }

} // namespace lockcheck
