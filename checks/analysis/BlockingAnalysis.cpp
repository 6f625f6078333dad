//===--- BlockingAnalysis.cpp - which calls block -------------------------===//

#include "checks/analysis/BlockingAnalysis.h"
#include "checks/analysis/Lockset.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace lockcheck {

/// The definition of a function of this translation unit that \p Call
/// calls, when a summary of it can be made.
static const FunctionDecl *definitionOf(const CallExpr *Call,
                                        const SourceManager &SM) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  const FunctionDecl *Def = nullptr;
  if (!Callee || !Callee->hasBody(Def) || !Def ||
      !isAnalyzableFunction(Def, SM))
    return nullptr;
  return Def;
}

std::optional<BlockingCall> BlockingAnalysis::classify(const CallExpr *Call) {
  if (llvm::StringRef Api = Model.blockingName(Call); !Api.empty())
    return BlockingCall{Api, nullptr, nullptr};
  const FunctionDecl *Def = definitionOf(Call, TU.getSourceManager());
  if (!Def)
    return std::nullopt;
  const CallExpr *Inner = mayBlock(Def);
  if (!Inner)
    return std::nullopt;
  // The API at the end of the chain.
  BlockingCall B;
  B.Via = Def;
  B.Inner = Inner;
  const CallExpr *C = Inner;
  for (unsigned Depth = 0; Depth < 64 && C; ++Depth) {
    if (llvm::StringRef Api = Model.blockingName(C); !Api.empty()) {
      B.Api = Api;
      break;
    }
    const FunctionDecl *D = definitionOf(C, TU.getSourceManager());
    C = D ? mayBlock(D) : nullptr;
  }
  if (B.Api.empty())
    return std::nullopt;
  return B;
}

const CallExpr *BlockingAnalysis::mayBlock(const FunctionDecl *FD) {
  if (Model.empty())
    return nullptr;
  if (auto It = Summaries.find(FD); It != Summaries.end())
    return It->second;
  // A cycle of calls: what is known so far (nothing) for the inner call.
  if (!InProgress.insert(FD).second)
    return nullptr;
  const CallExpr *Found = find(FD->getBody(), FD);
  InProgress.erase(FD);
  Summaries[FD] = Found;
  return Found;
}

const CallExpr *BlockingAnalysis::find(const Stmt *S, const FunctionDecl *FD) {
  if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
    return nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    bool Blocks = !Model.blockingName(Call).empty();
    if (!Blocks)
      if (const FunctionDecl *Def = definitionOf(Call, TU.getSourceManager());
          Def && Def != FD)
        Blocks = mayBlock(Def) != nullptr;
    if (Blocks) {
      // Made after this function released a lock: it unlocks around the
      // blocking call (`mu.unlock(); sleep(1); mu.lock();`), so it does not
      // block while its caller's lock is held.
      const LocksetResult &R = TU.getLockset(FD, LockOpts);
      bool AfterRelease = llvm::any_of(R.heldAt(Call), [](const HeldLock &H) {
        return H.Kind == HeldKind::Free;
      });
      if (!AfterRelease)
        return Call;
    }
  }
  for (const Stmt *Child : S->children())
    if (const CallExpr *C = find(Child, FD))
      return C;
  return nullptr;
}

} // namespace lockcheck
