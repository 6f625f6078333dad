//===--- KeptSummaries.cpp - the summaries a run keeps for the merge ------===//

#include "merge/KeptSummaries.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include <vector>

using namespace llvm;

namespace lockcheck {

namespace {

template <typename T> void shrink(std::vector<T> &V) {
  if (V.capacity() != V.size())
    V.shrink_to_fit();
}

/// Frees \p V (clear() keeps the capacity).
template <typename T> void release(std::vector<T> &V) {
  std::vector<T>().swap(V);
}

} // namespace

void shrinkSummary(TUSummary &S) {
  shrink(S.Functions);
  for (FunctionSummary &F : S.Functions) {
    shrink(F.Calls);
    for (CallFact &C : F.Calls) {
      shrink(C.Held);
      shrink(C.FunctionArgs);
      shrink(C.ParamArgs);
      shrink(C.Acquires);
    }
    shrink(F.Acquires);
    for (AcquireFact &A : F.Acquires)
      shrink(A.Held);
    shrink(F.Blocking);
    for (BlockingFact &B : F.Blocking)
      shrink(B.Held);
    shrink(F.Accesses);
    for (AccessFact &A : F.Accesses)
      shrink(A.Held);
    shrink(F.ParamStores);
    shrink(F.FieldCalls);
    shrink(F.MemberAccesses);
    for (MemberAccessFact &A : F.MemberAccesses) {
      shrink(A.Held);
      shrink(A.MayHeld);
    }
    shrink(F.CallObjects);
    for (CallObjectsFact &C : F.CallObjects)
      shrink(C.Args);
    shrink(F.HeldOnExit);
    shrink(F.Releases);
    shrink(F.Inits);
  }
  shrink(S.Starts);
  shrink(S.StartWrappers);
  shrink(S.LockApi);
  shrink(S.AddressTaken);
}

void dropRedefinitions(ArrayRef<TUSummary *> Units) {
  // The merge's order: by the unit's main file.
  std::vector<TUSummary *> Sorted(Units.begin(), Units.end());
  llvm::stable_sort(Sorted, [](const TUSummary *A, const TUSummary *B) {
    return A->File < B->File;
  });
  // The unit whose definition the merge reads, by USR.
  StringMap<const TUSummary *> First;
  for (TUSummary *U : Sorted)
    for (FunctionSummary &F : U->Functions) {
      auto [It, New] = First.try_emplace(F.Usr, U);
      // Two units of one main file: the merge's order between them is not
      // known, both definitions stay.
      if (New || It->second->File == U->File)
        continue;
      release(F.Calls);
      release(F.Acquires);
      release(F.Blocking);
      release(F.Accesses);
      release(F.ParamStores);
      release(F.FieldCalls);
      release(F.MemberAccesses);
      release(F.CallObjects);
      release(F.HeldOnExit);
      release(F.Releases);
      release(F.Inits);
    }
}

} // namespace lockcheck
