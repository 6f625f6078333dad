//===--- LockApiMerge.cpp - the program's own lock API --------------------===//

#include "merge/LockApiMerge.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

namespace lockcheck {

std::vector<LockApiFact>
programLockApi(llvm::ArrayRef<const TUSummary *> Units) {
  std::vector<LockApiFact> Api;
  llvm::StringSet<> Seen;
  for (const TUSummary *U : Units)
    for (const LockApiFact &F : U->LockApi)
      if (Seen.insert(F.Usr).second)
        Api.push_back(F);
  llvm::sort(Api, [](const LockApiFact &A, const LockApiFact &B) {
    return A.Usr < B.Usr;
  });
  return Api;
}

std::vector<LockApiFact> neededLockApi(const TUSummary &Unit,
                                       llvm::ArrayRef<LockApiFact> Api) {
  if (Api.empty())
    return {};
  llvm::StringSet<> Defined, Called;
  for (const FunctionSummary &F : Unit.Functions)
    Defined.insert(F.Usr);
  for (const FunctionSummary &F : Unit.Functions)
    for (const CallFact &C : F.Calls)
      if (!Defined.count(C.Callee))
        Called.insert(C.Callee);
  std::vector<LockApiFact> Needed;
  for (const LockApiFact &F : Api)
    if (Called.count(F.Usr))
      Needed.push_back(F);
  return Needed;
}

} // namespace lockcheck
