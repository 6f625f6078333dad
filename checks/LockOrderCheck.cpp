//===--- LockOrderCheck.cpp - lockcheck-lock-order ------------------------===//
//
// Every acquisition of a lock B while a lock A is held (the lockset's
// Acquisitions and their HeldBefore, callees of the translation unit
// included through their summaries) is an edge A -> B of the lock-order
// graph (checks/analysis/LockOrder.h). At the end of the translation unit,
// each cycle is reported once, at its first acquisition, with a note per
// side. The edges also go to the sink the lockcheck tool installs, which
// finds the cycles that span files.
//
//===----------------------------------------------------------------------===//

#include "checks/LockOrderCheck.h"
#include "checks/analysis/FixIts.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadEntries.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace lockcheck {

namespace {

OrderPlace placeOf(SourceLocation Loc, const SourceManager &SM) {
  OrderPlace P;
  if (Loc.isInvalid())
    return P;
  Loc = SM.getFileLoc(Loc);
  llvm::SmallString<256> Path(SM.getFilename(Loc));
  if (Path.empty())
    return P;
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  P.File = std::string(Path);
  P.Offset = SM.getFileOffset(Loc);
  return P;
}

/// The function a user reads the code of \p FD in: a lambda's enclosing
/// function.
const FunctionDecl *enclosingFunction(const FunctionDecl *FD) {
  for (const DeclContext *DC = FD; DC; DC = DC->getParent()) {
    const auto *F = dyn_cast<FunctionDecl>(DC);
    if (!F)
      continue;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(F);
        MD && MD->getParent()->isLambda())
      continue;
    return F;
  }
  return FD;
}

/// The identity of a lock across functions and files. Locks without a
/// class (a local mutex, a parameter that is the mutex) get a key that
/// names their declaration by place, so that keys stay the same from one
/// run to the next; a lock that is `*this` is named by its class.
std::string lockKey(const LockInfo &L, const FunctionDecl *FD,
                    const SourceManager &SM) {
  const LockOrigin &O = L.Origin;
  if (O.Fields.empty() && O.Var && O.K != LockOrigin::Global &&
      !O.Var->isStaticLocal()) {
    OrderPlace P = placeOf(O.Var->getLocation(), SM);
    return "l:" + O.Var->getNameAsString() + "@" + P.File + ":" +
           std::to_string(P.Offset);
  }
  if (O.Fields.empty() && !O.Var) {
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
      return "this:" + MD->getParent()->getQualifiedNameAsString();
  }
  return O.classKey();
}

std::string lockName(const LockInfo &L) {
  if (L.Origin.Fields.empty() && !L.Origin.Var)
    return L.Name;
  return L.Origin.className();
}

bool refersTo(const Stmt *Body, const VarDecl *VD) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl *VD;
    bool Found = false;
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      if (E->getDecl() == VD)
        Found = true;
      return !Found;
    }
  } F;
  F.VD = VD;
  F.TraverseStmt(const_cast<Stmt *>(Body));
  return F.Found;
}

} // namespace

bool LockOrderCheck::hasMain() {
  const ASTContext &Ctx = TU->getContext();
  if (MainCachedFor != &Ctx) {
    MainCachedFor = &Ctx;
    MainCached = false;
    for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (const auto *F = dyn_cast<FunctionDecl>(D);
          F && F->isMain() && F->doesThisDeclarationHaveABody())
        MainCached = true;
  }
  return MainCached;
}

void LockOrderCheck::setThreads(LockOrderEdge &E, const FunctionDecl *FD,
                                const Stmt *S) {
  const ThreadEntries &TE = TU->getThreadEntries(ModelOpts);
  if (TE.empty())
    return;
  const SourceManager &SM = TU->getSourceManager();
  auto EntryById = [&](unsigned Id) -> const ThreadEntry * {
    for (const ThreadEntry &En : TE.entries())
      if (En.Id == Id)
        return &En;
    return nullptr;
  };
  // The one thread this code runs on, when a single entry reaches it.
  const ContextSet &Cs = TE.contexts(FD);
  if (!Cs.empty() && Cs.size() == 1 && !Cs.begin()->Alongside)
    if (const ThreadEntry *En = EntryById(Cs.begin()->Entry)) {
      PresumedLoc P = SM.getPresumedLoc(SM.getFileLoc(En->StartLoc));
      if (P.isValid())
        E.ThreadStart = (llvm::sys::path::filename(P.getFilename()) + ":" +
                         llvm::Twine(P.getLine()))
                            .str();
      // Only that thread runs this code, and it runs once: its own orders
      // cannot deadlock with each other. Nothing else may call the code: a
      // lambda, a function of this file only, or any function of a program
      // (this file has main) that only this thread reaches; the thread is
      // not started in a loop, and no other start runs the same function.
      const auto *MD = dyn_cast<CXXMethodDecl>(FD);
      bool Private = (MD && MD->getParent()->isLambda()) ||
                     !FD->isExternallyVisible() || hasMain();
      bool Once = !En->InLoop &&
                  llvm::count_if(TE.entries(), [&](const ThreadEntry &O) {
                    return O.Callee == En->Callee;
                  }) == 1;
      if (Private && Once && En->Callee && P.isValid()) {
        E.Threads = EdgeThreads::OneThread;
        E.ThreadKey =
            std::string(P.getFilename()) + ":" +
            std::to_string(SM.getFileOffset(SM.getFileLoc(En->StartLoc)));
      }
    }
  // main before it starts its threads, or after it joined them all: the
  // program's only thread. A thread another function starts is over when
  // that function returns if it joins it there (a local handle, joined, not
  // detached); other threads may be running. A call of main that takes the
  // lock inside may start threads itself: then main's own starts only.
  if (!FD->isMain() || !Cs.empty() || !S)
    return;
  for (const ThreadEntry &En : TE.entries()) {
    if (En.Detached)
      return;
    if (En.Starter == FD) {
      if (TE.runsBetweenStartAndJoin(En, S))
        return;
      continue;
    }
    const auto *Local = dyn_cast_or_null<VarDecl>(En.Handle);
    if (!E.Via.empty() || En.Joins.empty() || !Local ||
        !Local->isLocalVarDecl())
      return;
  }
  E.Threads = EdgeThreads::OnlyThread;
}

bool LockOrderCheck::isShared(const LockAcquisition &A) const {
  return A.Shared || (A.Guard && guardKind(A.Guard->getType(), ModelOpts) ==
                                     GuardKind::SharedLock);
}

void LockOrderCheck::checkFunction(const FunctionDecl *FD,
                                   const LocksetResult &R) {
  const SourceManager &SM = TU->getSourceManager();
  const FunctionDecl *Outer = enclosingFunction(FD);
  for (unsigned I = 0; I < R.Acquisitions.size(); ++I) {
    const LockAcquisition &A = R.Acquisitions[I];
    if (A.HeldBefore.empty())
      continue;
    const LockInfo &To = R.Locks[A.Lock];
    for (const HeldLock &H : A.HeldBefore) {
      // Locks held on some paths only are no edge: the paths are often
      // exclusive in ways the lockset does not see (two tests of one flag
      // with a call between them), and a false deadlock costs more than a
      // missed one here (docs/checks/lock-order.md).
      if (H.Kind != HeldKind::Must)
        continue;
      const LockInfo &From = R.Locks[H.Lock];
      LockOrderEdge E;
      E.From = lockKey(From, FD, SM);
      E.To = lockKey(To, FD, SM);
      if (E.From == E.To)
        continue; // two locks of one class: see docs/checks/lock-order.md
      E.FromName = lockName(From);
      E.ToName = lockName(To);
      E.ToShared = isShared(A);
      SourceLocation HeldLoc = R.acquiredBefore(H.Lock, A.Loc, SM);
      E.HeldAt = placeOf(HeldLoc, SM);
      for (const LockAcquisition &Prior : R.Acquisitions)
        if (Prior.Lock == H.Lock && Prior.Loc == HeldLoc)
          E.FromShared = isShared(Prior);
      E.At = placeOf(A.Loc, SM);
      E.Function = Outer->getQualifiedNameAsString();
      if (A.Via) {
        E.Via = functionName(A.Via);
        E.ViaAt = placeOf(A.ViaLoc, SM);
      }
      setThreads(E, FD, A.At);
      E.Id = Sites.size();
      Sites.push_back({FD, &R, I, H.Lock});
      Graph.add(std::move(E));
    }
  }
}

std::optional<FixItHint> LockOrderCheck::scopedLockFix(const Site &S) {
  if (!getLangOpts().CPlusPlus17)
    return std::nullopt;
  const LockAcquisition &Second = S.R->Acquisitions[S.Acquisition];
  auto GuardDecl = [&](const LockAcquisition &A) -> const DeclStmt * {
    const auto *DS = dyn_cast_or_null<DeclStmt>(A.At);
    if (!A.Guard || A.Via || A.Unordered || A.Shared || !DS ||
        !DS->isSingleDecl() || DS->getSingleDecl() != A.Guard ||
        isInMacro(DS->getBeginLoc()) || isInMacro(DS->getEndLoc()))
      return nullptr;
    QualType T = A.Guard->getType();
    const auto *RD = T->getAsCXXRecordDecl();
    if (guardKind(T, ModelOpts) != GuardKind::LockGuard || !RD ||
        !RD->isInStdNamespace())
      return nullptr;
    const auto *CE = dyn_cast_or_null<CXXConstructExpr>(
        A.Guard->getInit() ? A.Guard->getInit()->IgnoreImplicit() : nullptr);
    if (!CE || CE->getNumArgs() != 1)
      return nullptr;
    GuardCtor G = classifyGuardConstruction(CE, ModelOpts);
    if (G.Init != GuardInit::Acquire || G.Locks.size() != 1)
      return nullptr;
    return DS;
  };
  const DeclStmt *DSB = GuardDecl(Second);
  if (!DSB)
    return std::nullopt;
  const auto *Block =
      dyn_cast_or_null<CompoundStmt>(TU->getParentMap(S.FD)->getParent(DSB));
  if (!Block)
    return std::nullopt;
  const Stmt *Before = nullptr;
  for (const Stmt *Child : Block->body()) {
    if (Child == DSB)
      break;
    Before = Child;
  }
  const DeclStmt *DSA = nullptr;
  for (const LockAcquisition &A : S.R->Acquisitions)
    if (A.Lock == S.HeldLock && A.At == Before && Before)
      DSA = GuardDecl(A);
  if (!DSA)
    return std::nullopt;
  const auto *GA = cast<VarDecl>(DSA->getSingleDecl());
  const auto *GB = cast<VarDecl>(DSB->getSingleDecl());
  // The second guard's name disappears: nothing may use it.
  if (refersTo(S.FD->getBody(), GB) || refersTo(S.FD->getBody(), GA))
    return std::nullopt;
  const SourceManager &SM = TU->getSourceManager();
  const LangOptions &LO = getLangOpts();
  auto LockText = [&](const VarDecl *G) {
    const auto *CE = cast<CXXConstructExpr>(G->getInit()->IgnoreImplicit());
    return sourceText(CE->getArg(0)->getSourceRange(), SM, LO);
  };
  std::string TextA = LockText(GA), TextB = LockText(GB);
  if (TextA.empty() || TextB.empty() || !GA->getIdentifier())
    return std::nullopt;
  return FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(DSA->getBeginLoc(), DSB->getEndLoc()),
      "std::scoped_lock " + GA->getNameAsString() + "(" + TextA + ", " + TextB +
          ");");
}

void LockOrderCheck::onEndOfTranslationUnit() {
  if (const LockOrderSink &Sink = getLockOrderSink())
    Sink(Graph.edges());
  report();
  Sites.clear();
  Graph = LockOrderGraph();
  MainCachedFor = nullptr; // the next TU's context may reuse the address
}

void LockOrderCheck::report() {
  const std::vector<LockOrderEdge> &Edges = Graph.edges();
  for (const LockOrderCycle &C : Graph.findCycles()) {
    std::vector<const LockOrderEdge *> Sides;
    std::vector<std::string> Names;
    for (unsigned I : C.Edges) {
      Sides.push_back(&Edges[I]);
      Names.push_back(Edges[I].FromName);
    }
    const Site &First = Sites[Sides.front()->Id];
    const LockAcquisition &FirstAcq = First.R->Acquisitions[First.Acquisition];
    {
      auto D = diag(FirstAcq.Loc, "%0") << cycleMessage(Names);
      for (const LockOrderEdge *E : Sides)
        if (auto Fix = scopedLockFix(Sites[E->Id])) {
          D << *Fix;
          break;
        }
    }
    for (const LockOrderEdge *E : Sides) {
      const Site &S = Sites[E->Id];
      const LockAcquisition &A = S.R->Acquisitions[S.Acquisition];
      diag(A.Loc, "%0", DiagnosticIDs::Note) << sideNote(*E);
      if (A.Via && A.ViaLoc.isValid())
        diag(A.ViaLoc, "%0", DiagnosticIDs::Note) << viaNote(*E);
    }
  }
}

} // namespace lockcheck
