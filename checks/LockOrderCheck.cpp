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
#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/FixIts.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadEntries.h"
#include "checks/summary/SummaryExtractor.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace lockcheck {

namespace {

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

/// What designates the object a lock of \p O belongs to: `this`, or the
/// variable at the root of its access path (`from` of `from.mu`, `n` of
/// `n->next->mu`). Null when it is neither a parameter nor `this` nor a
/// local pointer or reference: a global object, or a local object no other
/// thread can reach, is always the same object.
struct LockRoot {
  bool This = false;
  const VarDecl *Var = nullptr;
  explicit operator bool() const { return This || Var; }
  bool operator==(const LockRoot &O) const {
    return This == O.This && Var == O.Var;
  }
};

LockRoot lockRoot(const LockOrigin &O) {
  LockRoot R;
  if (O.Fields.empty())
    return R;
  if (O.K == LockOrigin::This) {
    R.This = true;
    return R;
  }
  if (!O.Var || O.K == LockOrigin::Global)
    return R;
  QualType T = O.Var->getType();
  if (T->isPointerType() || T->isReferenceType())
    R.Var = O.Var;
  return R;
}

/// Whether \p S mentions \p Root: the variable, or `this` (explicit or
/// implied by a member access).
bool mentions(const Stmt *S, const LockRoot &Root) {
  if (!S)
    return false;
  if (Root.This && isa<CXXThisExpr>(S))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S);
      DRE && Root.Var && DRE->getDecl() == Root.Var)
    return true;
  for (const Stmt *Child : S->children())
    if (mentions(Child, Root))
      return true;
  return false;
}

/// Whether the local \p V is given a value computed from \p From (its
/// initializer or an assignment in \p Body): `Node *next = n->next;`.
bool derivedFrom(const VarDecl *V, const LockRoot &From, const Stmt *Body) {
  if (!V || isa<ParmVarDecl>(V))
    return false;
  if (mentions(V->getInit(), From))
    return true;
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl *V;
    const LockRoot *From;
    bool Found = false;
    bool VisitBinaryOperator(BinaryOperator *BO) {
      if (BO->isAssignmentOp() && refVar(BO->getLHS()) == V &&
          mentions(BO->getRHS(), *From))
        Found = true;
      return !Found;
    }
  } F;
  F.V = V;
  F.From = &From;
  F.TraverseStmt(const_cast<Stmt *>(Body));
  return F.Found;
}

/// The variables (and `this`) a root stands for when the code compares
/// objects: the root itself and, for a local, what it is computed from
/// (`lo` of `Account *lo = from < to ? from : to;` stands for `from` and
/// `to`).
struct RootSources {
  bool This = false;
  llvm::SmallPtrSet<const VarDecl *, 4> Vars;

  void addMentioned(const Stmt *S) {
    if (!S)
      return;
    if (isa<CXXThisExpr>(S))
      This = true;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        Vars.insert(V);
    for (const Stmt *Child : S->children())
      addMentioned(Child);
  }
  bool mentionedIn(const Stmt *S) const {
    if (!S)
      return false;
    if (This && isa<CXXThisExpr>(S))
      return true;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && Vars.count(V))
        return true;
    for (const Stmt *Child : S->children())
      if (mentionedIn(Child))
        return true;
    return false;
  }
};

void addSources(const LockRoot &Root, const Stmt *Body, RootSources &Out) {
  if (Root.This) {
    Out.This = true;
    return;
  }
  Out.Vars.insert(Root.Var);
  if (isa<ParmVarDecl>(Root.Var))
    return;
  Out.addMentioned(Root.Var->getInit());
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl *V;
    RootSources *Out;
    bool VisitBinaryOperator(BinaryOperator *BO) {
      if (BO->isAssignmentOp() && refVar(BO->getLHS()) == V)
        Out->addMentioned(BO->getRHS());
      return true;
    }
  } F;
  F.V = Root.Var;
  F.Out = &Out;
  F.TraverseStmt(const_cast<Stmt *>(Body));
}

/// Whether \p Body orders two objects: a relational comparison whose two
/// sides each mention one of them or what they are computed from (`&a <
/// &b`, `a.id < b.id`, `lo > hi`), std::min/max/minmax/swap applied to
/// them, or a std::less/greater function object called on them.
bool ordersObjects(const Stmt *Body, const LockRoot &A, const LockRoot &B) {
  RootSources Sources;
  addSources(A, Body, Sources);
  addSources(B, Body, Sources);
  // And the locals computed from them (`Account *lo = from;`): the lock
  // model may see through such an alias to the object it starts from.
  RootSources Roots = Sources;
  struct Aliases : RecursiveASTVisitor<Aliases> {
    const RootSources *Roots;
    RootSources *Out;
    bool VisitVarDecl(VarDecl *V) {
      if (V->hasLocalStorage() && Roots->mentionedIn(V->getInit()))
        Out->Vars.insert(V);
      return true;
    }
  } Al;
  Al.Roots = &Roots;
  Al.Out = &Sources;
  Al.TraverseStmt(const_cast<Stmt *>(Body));
  struct Finder : RecursiveASTVisitor<Finder> {
    const RootSources *Sources;
    bool Found = false;
    bool either(const Stmt *S) const { return Sources->mentionedIn(S); }
    bool VisitBinaryOperator(BinaryOperator *BO) {
      if (BO->isRelationalOp() && either(BO->getLHS()) && either(BO->getRHS()))
        Found = true;
      return !Found;
    }
    bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *OC) {
      OverloadedOperatorKind K = OC->getOperator();
      if ((K == OO_Less || K == OO_Greater || K == OO_LessEqual ||
           K == OO_GreaterEqual || K == OO_Spaceship) &&
          OC->getNumArgs() == 2 && either(OC->getArg(0)) &&
          either(OC->getArg(1)))
        Found = true;
      // std::less<T *>()(a, b) and the like.
      if (K == OO_Call && OC->getNumArgs() == 3) {
        const auto *RD = OC->getArg(0)->getType()->getAsCXXRecordDecl();
        if (RD && RD->isInStdNamespace() && RD->getIdentifier() &&
            llvm::is_contained(
                {"less", "greater", "less_equal", "greater_equal"},
                RD->getName()) &&
            either(OC->getArg(1)) && either(OC->getArg(2)))
          Found = true;
      }
      return !Found;
    }
    bool VisitCallExpr(CallExpr *C) {
      const FunctionDecl *Callee = C->getDirectCallee();
      if (!Callee || !Callee->isInStdNamespace() || !Callee->getIdentifier())
        return true;
      if (llvm::is_contained({"min", "max", "minmax", "swap"},
                             Callee->getName()) &&
          llvm::any_of(C->arguments(),
                       [&](const Expr *Arg) { return either(Arg); }))
        Found = true;
      return !Found;
    }
  } F;
  F.Sources = &Sources;
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
      if (E.From == E.To) {
        // Two locks of one class: only two objects the function is handed
        // without an order between them (docs/checks/lock-order.md).
        if (H.Lock != A.Lock)
          checkSameClass(FD, R, I, H.Lock);
        continue;
      }
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

void LockOrderCheck::checkSameClass(const FunctionDecl *FD,
                                    const LocksetResult &R,
                                    unsigned Acquisition, unsigned HeldLock) {
  const LockAcquisition &A = R.Acquisitions[Acquisition];
  // Taken here, one after the other: not inside a callee, not with others
  // at once (std::lock, a scoped_lock of several has no order), not a
  // try-lock (it adds no acquisition while held... nor waits).
  if (A.Via || A.Unordered || A.Loc.isInvalid())
    return;
  const LockInfo &From = R.Locks[HeldLock];
  const LockInfo &To = R.Locks[A.Lock];
  LockRoot RF = lockRoot(From.Origin), RT = lockRoot(To.Origin);
  // Two objects the function is handed: not one object's two members, not
  // two elements of one array (the same root), not a global object.
  if (!RF || !RT || RF == RT)
    return;
  const Stmt *Body = FD->getBody();
  // A traversal: the second object is reached from the first (a list's
  // next node, a tree's child), hand over hand.
  if (derivedFrom(RT.Var, RF, Body) || derivedFrom(RF.Var, RT, Body))
    return;
  // The code orders the two objects (by address, by id).
  if (ordersObjects(Body, RF, RT))
    return;
  // Two threads must be able to run this code at once.
  LockOrderEdge E;
  setThreads(E, FD, A.At);
  if (!mayRunConcurrently(E, E))
    return;
  const SourceManager &SM = TU->getSourceManager();
  if (!SameClassReported.insert(SM.getFileLoc(A.Loc).getRawEncoding()).second)
    return;
  {
    auto D = diag(A.Loc, "'%0' and '%1', two locks of class '%2', are "
                         "acquired one after the other with no order "
                         "between their objects; two threads doing this "
                         "with the objects swapped can deadlock")
             << From.Name << To.Name << To.Origin.className();
    if (auto Fix = scopedLockFix({FD, &R, Acquisition, HeldLock})) {
      FixedRanges.push_back(Fix->RemoveRange.getAsRange());
      D << *Fix;
    }
  }
  SourceLocation HeldLoc = R.acquiredBefore(HeldLock, A.Loc, SM);
  if (HeldLoc.isValid())
    diag(HeldLoc, "'%0' was locked here", DiagnosticIDs::Note) << From.Name;
  if (!E.ThreadStart.empty())
    diag(A.Loc, "this code runs in the thread started at %0",
         DiagnosticIDs::Note)
        << E.ThreadStart;
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

std::vector<FixItHint>
LockOrderCheck::cycleFix(llvm::ArrayRef<const LockOrderEdge *> Sides) {
  // A cycle is broken when one of its links (A then B) is taken nowhere
  // any more: every acquisition of B under A of the translation unit, not
  // only the side the cycle was found with, becomes one scoped_lock. A link
  // some of whose acquisitions cannot be rewritten gets no fix-it: half of
  // it would leave the deadlock, and the next --fix would find more to do.
  // Code that runs while the program has one thread is no part of any
  // cycle and may stay.
  // A link the fix-it of another cycle removes breaks this one too: it gets
  // none (the same replacements twice would be dropped as overlapping).
  for (const LockOrderEdge *Side : Sides)
    if (FixedLinks.count({Side->From, Side->To}))
      return {};
  const SourceManager &SM = TU->getSourceManager();
  for (const LockOrderEdge *Side : Sides) {
    std::vector<FixItHint> Fixes;
    bool All = true;
    for (const LockOrderEdge &E : Graph.edges()) {
      if (E.From != Side->From || E.To != Side->To ||
          E.Threads == EdgeThreads::OnlyThread)
        continue;
      std::optional<FixItHint> Fix = scopedLockFix(Sites[E.Id]);
      if (!Fix) {
        All = false;
        break;
      }
      // One fix per place (a template's instantiations share their text).
      SourceRange R = Fix->RemoveRange.getAsRange();
      if (llvm::any_of(Fixes, [&](const FixItHint &F) {
            return F.RemoveRange.getAsRange() == R &&
                   F.CodeToInsert == Fix->CodeToInsert;
          }))
        continue;
      // A fix that overlaps another would not be applied.
      auto Overlaps = [&](SourceRange O) {
        return !SM.isBeforeInTranslationUnit(O.getEnd(), R.getBegin()) &&
               !SM.isBeforeInTranslationUnit(R.getEnd(), O.getBegin());
      };
      if (llvm::any_of(FixedRanges, Overlaps) ||
          llvm::any_of(Fixes, [&](const FixItHint &F) {
            return Overlaps(F.RemoveRange.getAsRange());
          })) {
        All = false;
        break;
      }
      Fixes.push_back(std::move(*Fix));
    }
    if (!All || Fixes.empty())
      continue;
    FixedLinks.insert({Side->From, Side->To});
    for (const FixItHint &F : Fixes)
      FixedRanges.push_back(F.RemoveRange.getAsRange());
    return Fixes;
  }
  return {};
}

void LockOrderCheck::onEndOfTranslationUnit() {
  if (const LockOrderSink &Sink = getLockOrderSink())
    Sink(Graph.edges());
  report();
  Sites.clear();
  SameClassReported.clear();
  FixedLinks.clear();
  FixedRanges.clear();
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
      for (const FixItHint &Fix : cycleFix(Sides))
        D << Fix;
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
