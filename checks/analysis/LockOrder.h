//===--- LockOrder.h - the lock-order graph and its cycles ------*- C++ -*-===//
//
// The graph lockdep builds: an edge A -> B for every acquisition of lock B
// while lock A is held, locks identified by class (a global by its name, a
// member by its class and field). A cycle in the graph is a potential
// deadlock when its sides can run on different threads.
//
// The graph holds no AST: its edges carry file positions and names, so the
// lockcheck tool can ship the edges of each translation unit out of a worker
// process, merge them and look for the cycles that span files. The check
// (lockcheck-lock-order) builds the graph of its translation unit and reports
// the cycles inside it.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_ANALYSIS_LOCKORDER_H
#define LOCKCHECK_ANALYSIS_LOCKORDER_H

#include "llvm/ADT/ArrayRef.h"
#include <functional>
#include <string>
#include <tuple>
#include <vector>

namespace lockcheck {

/// A place in a source file: an absolute path and a byte offset.
struct OrderPlace {
  std::string File;
  unsigned Offset = 0;
  bool valid() const { return !File.empty(); }
  friend bool operator<(const OrderPlace &A, const OrderPlace &B) {
    return std::tie(A.File, A.Offset) < std::tie(B.File, B.Offset);
  }
  friend bool operator==(const OrderPlace &A, const OrderPlace &B) {
    return A.File == B.File && A.Offset == B.Offset;
  }
};

/// On which threads the code of an edge can run, as far as the translation
/// unit that saw it can tell.
enum class EdgeThreads {
  /// Any thread: a function a thread runs, or one any thread may call (a
  /// library's public functions). The default.
  Any,
  /// Only while the thread running it is the program's only thread (main
  /// before it starts its first thread or after it joined its last one).
  OnlyThread,
  /// Only on the one thread started at ThreadKey (started once, not in a
  /// loop), and nothing else calls it: concurrent with other threads' code,
  /// not with itself.
  OneThread,
};

/// Lock \p To acquired while lock \p From is held.
struct LockOrderEdge {
  std::string From, To;         ///< class keys (LockOrigin::classKey)
  std::string FromName, ToName; ///< as the user reads them: "Account::mu"
  bool FromShared = false;      ///< From is held for reading
  bool ToShared = false;        ///< To is acquired for reading
  OrderPlace At;                ///< the acquisition of To
  OrderPlace HeldAt;            ///< where From was taken (may be invalid)
  std::string Function;         ///< qualified name of the function of At
  /// To is taken inside this called function, at ViaAt: its name as the
  /// messages give it ("'flush'", "the lambda").
  std::string Via;
  OrderPlace ViaAt;
  EdgeThreads Threads = EdgeThreads::Any;
  /// Where the one thread that runs this code is started ("file.cpp:12"),
  /// when it is known.
  std::string ThreadStart;
  /// OneThread: the start that identifies the thread ("path:offset").
  std::string ThreadKey;
  /// The caller's own index (the check maps edges back to the AST with it).
  unsigned Id = 0;

  /// All fields but Id, for a total order (ties between duplicates are
  /// broken the same way whatever order they were added in).
  auto tied() const {
    return std::tie(At, From, To, FromName, ToName, FromShared, ToShared,
                    HeldAt, Function, Via, ViaAt, Threads, ThreadStart,
                    ThreadKey);
  }
};

/// A cycle of the graph: its edges in order (each edge's To is the next
/// one's From), starting at the edge the diagnostic is reported at (the
/// first in (file, offset) order).
struct LockOrderCycle {
  std::vector<unsigned> Edges; ///< indices into LockOrderGraph::edges()
  /// The class keys of the cycle, rotated to start at the smallest: the
  /// identity of the cycle whatever edges were picked for it.
  std::string Key;
};

/// Whether the code of two edges can run at the same time on different
/// threads. The one place the thread-entry analysis filters cycles: edges
/// taken while the program has one thread (EdgeThreads::OnlyThread) are not
/// concurrent with anything, two edges of the same once-started thread
/// (EdgeThreads::OneThread, same ThreadKey) not with each other; everything
/// else may be (a library's functions can be called from any thread).
bool mayRunConcurrently(const LockOrderEdge &A, const LockOrderEdge &B);

class LockOrderGraph {
public:
  /// Adds \p E. An edge between two locks of the same class (`a.mu` then
  /// `b.mu`) is dropped: which object comes first is decided at run time
  /// (by address, by id), which no static order can judge. An edge already
  /// present at the same place between the same locks is merged into it.
  void add(LockOrderEdge E);
  void addAll(llvm::ArrayRef<LockOrderEdge> Edges) {
    for (const LockOrderEdge &E : Edges)
      add(E);
  }
  /// The edges, sorted and without duplicates (call after the last add).
  const std::vector<LockOrderEdge> &edges() const;

  /// The elementary cycles of at most \p MaxLength locks whose sides may
  /// deadlock: consecutive sides may run concurrently and each lock is
  /// wanted in a mode that conflicts with how the other side holds it (two
  /// readers do not block each other). At most \p MaxCycles, in a
  /// deterministic order (by the place they are reported at), whatever the
  /// order the edges were added in.
  std::vector<LockOrderCycle> findCycles(unsigned MaxLength = 4,
                                         unsigned MaxCycles = 100) const;

private:
  void normalize() const;
  mutable std::vector<LockOrderEdge> Edges;
  mutable bool Normalized = true;
};

/// The messages, the same from the check and from the tool's cross-file
/// search: the warning for a cycle whose locks are \p Names (in the order
/// of its sides, from the reported one), the note for a side, and the note
/// at the acquisition inside the callee of a side taken through a call.
std::string cycleMessage(llvm::ArrayRef<std::string> Names);
std::string sideNote(const LockOrderEdge &E);
std::string viaNote(const LockOrderEdge &E);

/// Receives the edges of each translation unit the check analyses. The
/// lockcheck tool installs one to find the cycles that span files; the
/// clang-tidy plugin has none. Process-wide: one translation unit is
/// analysed at a time per process.
using LockOrderSink = std::function<void(std::vector<LockOrderEdge>)>;
void setLockOrderSink(LockOrderSink Sink);
const LockOrderSink &getLockOrderSink();

} // namespace lockcheck

#endif
