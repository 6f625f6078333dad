//===--- Conditions.cpp - reading branch conditions -----------------------===//

#include "checks/analysis/Conditions.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/Builtins.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"

using namespace clang;

namespace lockcheck {

/// 0 or 1 when \p E is an integer constant zero or not, else -1.
static int constantIsNonZero(const Expr *E, const ASTContext &Ctx) {
  if (E->isValueDependent())
    return -1;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx))
    return -1;
  return R.Val.getInt() == 0 ? 0 : 1;
}

static bool isZeroConstant(const Expr *E, const ASTContext &Ctx) {
  return constantIsNonZero(E, Ctx) == 0;
}

DecomposedCondition decomposeCondition(const Expr *Cond, const ASTContext &Ctx,
                                       bool ErrorCodes) {
  DecomposedCondition D;
  bool Flipped = false;
  const Expr *E = Cond;
  while (E) {
    E = E->IgnoreParenImpCasts();
    // `!m.try_lock_for(100ms)`: the temporary's cleanups wrap the test.
    if (const auto *FE = dyn_cast<FullExpr>(E)) {
      E = FE->getSubExpr();
      continue;
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_LNot) {
      Flipped = !Flipped;
      E = U->getSubExpr();
      continue;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(E);
        B && (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE)) {
      const Expr *Other = nullptr;
      if (isZeroConstant(B->getRHS(), Ctx))
        Other = B->getLHS();
      else if (isZeroConstant(B->getLHS(), Ctx))
        Other = B->getRHS();
      if (!Other && ErrorCodes) {
        // `rc == EBUSY`: where it holds, rc is that non-zero value.
        if (constantIsNonZero(B->getRHS(), Ctx) == 1)
          Other = B->getLHS();
        else if (constantIsNonZero(B->getLHS(), Ctx) == 1)
          Other = B->getRHS();
        if (Other) {
          if (B->getOpcode() == BO_NE)
            Flipped = !Flipped;
          D.OnlyNonZeroSucc = true;
          E = Other->IgnoreParenImpCasts();
          break;
        }
      }
      if (!Other)
        break;
      if (B->getOpcode() == BO_EQ)
        Flipped = !Flipped;
      E = Other;
      continue;
    }
    // LIKELY(x) / UNLIKELY(x): __builtin_expect(x, c) has the value of x.
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      unsigned Builtin = Call->getBuiltinCallee();
      if ((Builtin == Builtin::BI__builtin_expect ||
           Builtin == Builtin::BI__builtin_expect_with_probability) &&
          Call->getNumArgs() >= 1) {
        E = Call->getArg(0);
        continue;
      }
    }
    // static_cast<bool>(x), bool(x), (bool)x, !!x.
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
        Cast && Cast->getType()->isBooleanType()) {
      E = Cast->getSubExpr();
      continue;
    }
    // `(rc = pthread_create(...))`: the value is the right-hand side.
    if (const auto *B = dyn_cast<BinaryOperator>(E);
        B && B->getOpcode() == BO_Assign) {
      E = B->getRHS();
      continue;
    }
    break;
  }
  D.Operand = E;
  D.NonZeroSucc = Flipped ? 1 : 0;
  return D;
}

/// A key naming a stable-looking l-value: `v`, `p->f`, `this->f.g`.
static std::string atomKey(const Expr *E) {
  if (!E)
    return {};
  E = E->IgnoreParenImpCasts();
  if (isa<CXXThisExpr>(E))
    return "this";
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    // Globals too (configuration such as memcached's `settings.x`, a
    // module's `mod->needs_lock`): another thread or a callee could change
    // them between two tests, but code that tests one twice around a lock
    // relies on it not changing.
    if (!VD || VD->getType().isVolatileQualified())
      return {};
    return "v" + std::to_string(reinterpret_cast<uintptr_t>(VD));
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (!isa<FieldDecl>(ME->getMemberDecl()))
      return {};
    std::string Base = atomKey(ME->getBase());
    if (Base.empty())
      return {};
    return Base + ".f" +
           std::to_string(reinterpret_cast<uintptr_t>(ME->getMemberDecl()));
  }
  return {};
}

/// Whether the l-value `v`, `v.f` or `v->f` starts from a local or a
/// parameter (or `this`).
static bool hasLocalRoot(const Expr *E) {
  for (;;) {
    E = E->IgnoreParenImpCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      E = ME->getBase();
      continue;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        return VD->hasLocalStorage();
    return true;
  }
}

namespace {
struct AtomCollector {
  const ASTContext &Ctx;
  const llvm::DenseSet<const Stmt *> *Relevant;
  std::vector<std::string> Order;
  llvm::StringMap<unsigned> Tests;
  /// Keys assigned, and the statement that assigns them.
  std::vector<std::pair<std::string, const Stmt *>> Assigned;
  /// Keys whose address is taken: they may change at any call.
  std::vector<std::string> Escaped;

  void test(const Expr *Cond, const Stmt *Branch) {
    if (!Cond || (Relevant && !Relevant->count(Branch)))
      return;
    DecomposedCondition D = decomposeCondition(Cond, Ctx);
    std::string K = atomKey(D.Operand);
    if (K.empty())
      return;
    if (Tests[K]++ == 0)
      Order.push_back(K);
  }
  void assign(const Expr *E, const Stmt *At) {
    std::string K = atomKey(E);
    if (!K.empty())
      Assigned.push_back({K, At});
  }
  void walk(const Stmt *S) {
    if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
      return;
    if (const auto *If = dyn_cast<IfStmt>(S))
      test(If->getCond(), S);
    else if (const auto *W = dyn_cast<WhileStmt>(S))
      test(W->getCond(), S);
    else if (const auto *F = dyn_cast<ForStmt>(S))
      test(F->getCond(), S);
    else if (const auto *D = dyn_cast<DoStmt>(S))
      test(D->getCond(), S);
    else if (const auto *C = dyn_cast<ConditionalOperator>(S))
      test(C->getCond(), S);
    if (const auto *B = dyn_cast<BinaryOperator>(S)) {
      if (B->isLogicalOp()) {
        test(B->getLHS(), S);
        test(B->getRHS(), S);
      }
      if (B->isAssignmentOp())
        assign(B->getLHS(), B);
    }
    if (const auto *U = dyn_cast<UnaryOperator>(S)) {
      if (U->isIncrementDecrementOp())
        assign(U->getSubExpr(), U);
      // Taking a local's address lets calls change it. A global is
      // trusted not to change across calls anyway (see atomKey).
      if (U->getOpcode() == UO_AddrOf && hasLocalRoot(U->getSubExpr())) {
        std::string K = atomKey(U->getSubExpr());
        if (!K.empty())
          Escaped.push_back(K);
      }
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
      if (Op->isAssignmentOp() && Op->getNumArgs() > 0)
        assign(Op->getArg(0), Op);
    // A declaration in a loop gives the variable a new value each time.
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          Assigned.push_back(
              {"v" + std::to_string(reinterpret_cast<uintptr_t>(VD)), DS});
    for (const Stmt *Child : S->children())
      walk(Child);
  }
};
} // namespace

ConditionAtoms::ConditionAtoms(const FunctionDecl *FD, const ASTContext &Ctx,
                               const llvm::DenseSet<const Stmt *> *Relevant)
    : Ctx(Ctx) {
  if (!FD || !FD->getBody())
    return;
  AtomCollector C{Ctx, Relevant, {}, {}, {}, {}};
  C.walk(FD->getBody());
  // Assigning `p` or `p->f` changes what `p->f` reads.
  auto Changes = [](llvm::StringRef Assigned, llvm::StringRef K) {
    return K == Assigned || K.starts_with((Assigned + ".").str());
  };
  for (const std::string &K : C.Order) {
    if (Keys.size() == MaxAtoms)
      break;
    if (C.Tests[K] < 2)
      continue;
    if (llvm::any_of(C.Escaped,
                     [&](const std::string &A) { return Changes(A, K); }))
      continue;
    Keys.push_back(K);
  }
  for (const auto &[A, At] : C.Assigned)
    for (unsigned I = 0; I < Keys.size(); ++I)
      if (Changes(A, Keys[I]))
        KillAt[At] |= 3u << (2 * I);
}

uint32_t ConditionAtoms::killMask(const clang::CFGBlock &B) const {
  if (KillAt.empty())
    return 0;
  uint32_t Mask = 0;
  for (const CFGElement &E : B)
    if (auto CS = E.getAs<CFGStmt>()) {
      auto It = KillAt.find(CS->getStmt());
      if (It != KillAt.end())
        Mask |= It->second;
    }
  return Mask;
}

int ConditionAtoms::lookup(const Expr *Cond, unsigned &NonZeroSucc) const {
  if (Keys.empty() || !Cond)
    return -1;
  DecomposedCondition D = decomposeCondition(Cond, Ctx);
  std::string K = atomKey(D.Operand);
  if (K.empty())
    return -1;
  for (unsigned I = 0; I < Keys.size(); ++I)
    if (Keys[I] == K) {
      NonZeroSucc = D.NonZeroSucc;
      return I;
    }
  return -1;
}

} // namespace lockcheck
