//===--- ThreadModel.cpp - what the analysed code calls a thread ----------===//

#include "checks/model/ThreadModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace lockcheck {

static bool isInStd(const Decl *D) {
  const DeclContext *DC = D->getDeclContext();
  while (DC && (DC->isInlineNamespace() || DC->isTransparentContext()))
    DC = DC->getParent();
  return DC && DC->isStdNamespace();
}

bool isStdClass(const CXXRecordDecl *RD, llvm::StringRef Name) {
  if (!RD || !RD->getIdentifier() || RD->getName() != Name)
    return false;
  return isInStd(RD);
}

bool isStdClassType(QualType T, llvm::StringRef Name) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  return isStdClass(T->getAsCXXRecordDecl(), Name);
}

bool isStdFunction(const FunctionDecl *FD, llvm::StringRef Name) {
  return FD && FD->getIdentifier() && FD->getName() == Name && isInStd(FD);
}

bool isStdThreadType(QualType T) { return isStdClassType(T, "thread"); }
bool isStdJThreadType(QualType T) { return isStdClassType(T, "jthread"); }

bool isStdThreadContainerType(QualType T) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType().getCanonicalType();
  if (const auto *AT = dyn_cast<ArrayType>(T.getTypePtr()))
    return isStdThreadType(AT->getElementType());
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T->getAsCXXRecordDecl());
  if (!Spec || !isInStd(Spec))
    return false;
  llvm::StringRef N = Spec->getName();
  if (N != "vector" && N != "deque" && N != "list" && N != "array" &&
      N != "forward_list")
    return false;
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  return Args.size() > 0 && Args[0].getKind() == TemplateArgument::Type &&
         isStdThreadType(Args[0].getAsType());
}

ThreadMemberKind classifyThreadMember(const CXXMethodDecl *MD) {
  if (!MD || !MD->getIdentifier())
    return ThreadMemberKind::None;
  const CXXRecordDecl *RD = MD->getParent();
  if (!isStdClass(RD, "thread") && !isStdClass(RD, "jthread"))
    return ThreadMemberKind::None;
  return llvm::StringSwitch<ThreadMemberKind>(MD->getName())
      .Case("join", ThreadMemberKind::Join)
      .Case("detach", ThreadMemberKind::Detach)
      .Case("joinable", ThreadMemberKind::Joinable)
      .Case("swap", ThreadMemberKind::Swap)
      .Default(ThreadMemberKind::Query);
}

ContainerOpKind classifyContainerMember(const CXXMethodDecl *MD) {
  if (!MD)
    return ContainerOpKind::None;
  if (const auto *Op = dyn_cast<CXXMethodDecl>(MD);
      Op && Op->getOverloadedOperator() == OO_Subscript)
    return ContainerOpKind::Element;
  if (!MD->getIdentifier())
    return ContainerOpKind::None;
  return llvm::StringSwitch<ContainerOpKind>(MD->getName())
      .Cases("push_back", "emplace_back", "push_front", "emplace_front",
             ContainerOpKind::Add)
      .Cases("emplace", "insert", "emplace_hint", ContainerOpKind::Add)
      .Cases("at", "front", "back", ContainerOpKind::Element)
      .Cases("begin", "end", "rbegin", "rend", "data", ContainerOpKind::Iterate)
      .Cases("cbegin", "cend", "crbegin", "crend", ContainerOpKind::Iterate)
      .Cases("size", "empty", "capacity", "max_size", "reserve",
             ContainerOpKind::Query)
      .Default(ContainerOpKind::None);
}

CThreadCall classifyCThreadCall(const FunctionDecl *FD) {
  CThreadCall R;
  if (!FD || !FD->getIdentifier())
    return R;
  // C APIs live in the global namespace (or std:: via <cstdlib>-style
  // headers); a user function of the same name in a namespace is not one.
  const DeclContext *DC = FD->getDeclContext()->getRedeclContext();
  if (!DC->isTranslationUnit() && !DC->isStdNamespace())
    return R;
  llvm::StringRef N = FD->getName();
  R.Api = llvm::StringSwitch<CThreadApi>(N)
              .Cases("pthread_create", "thrd_create", CThreadApi::Create)
              .Cases("pthread_join", "thrd_join", CThreadApi::Join)
              .Cases("pthread_detach", "thrd_detach", CThreadApi::Detach)
              .Case("pthread_attr_setdetachstate", CThreadApi::SetDetachState)
              .Default(CThreadApi::None);
  R.IsC11 = N.starts_with("thrd_");
  return R;
}

bool isCThreadHandleType(QualType T) {
  if (T.isNull())
    return false;
  while (const auto *TT = T->getAs<TypedefType>()) {
    llvm::StringRef N = TT->getDecl()->getName();
    if (N == "pthread_t" || N == "thrd_t")
      return true;
    T = TT->getDecl()->getUnderlyingType();
  }
  return false;
}

const Expr *getMovedArg(const Expr *E) {
  const auto *CE = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
  if (!CE || CE->getNumArgs() != 1)
    return nullptr;
  const FunctionDecl *FD = CE->getDirectCallee();
  if (isStdFunction(FD, "move") || isStdFunction(FD, "forward"))
    return CE->getArg(0)->IgnoreParenImpCasts();
  return nullptr;
}

const Expr *stripValueExpr(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenCasts();
    if (const auto *FE = dyn_cast<FullExpr>(Next))
      Next = FE->getSubExpr();
    else if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = B->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(Next);
             CE && CE->getNumArgs() == 1 &&
             (CE->getConstructor()->isCopyOrMoveConstructor()))
      Next = CE->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

ThreadArg classifyThreadArg(const Expr *E) {
  ThreadArg A;
  A.E = E;
  const Expr *X = stripValueExpr(E);
  if (const auto *CE = dyn_cast<CallExpr>(X)) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (CE->getNumArgs() == 1 &&
        (isStdFunction(FD, "ref") || isStdFunction(FD, "cref"))) {
      A.Passing = ArgPassing::Reference;
      A.Referent = CE->getArg(0)->IgnoreParenImpCasts();
      return A;
    }
  }
  // `&x`, `(void *)&x`, an array decaying to a pointer.
  const Expr *Y = E->IgnoreParens();
  while (true) {
    if (const auto *C = dyn_cast<CastExpr>(Y)) {
      if (C->getCastKind() == CK_ArrayToPointerDecay) {
        A.Passing = ArgPassing::Pointer;
        A.Referent = C->getSubExpr()->IgnoreParens();
        return A;
      }
      Y = C->getSubExpr()->IgnoreParens();
      continue;
    }
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Y)) {
      Y = M->getSubExpr()->IgnoreParens();
      continue;
    }
    break;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(Y);
      U && U->getOpcode() == UO_AddrOf) {
    A.Passing = ArgPassing::Pointer;
    A.Referent = U->getSubExpr()->IgnoreParens();
  }
  return A;
}

/// std::launch::deferred alone (not `async | deferred`).
static bool isDeferredOnly(const Expr *Policy, ASTContext &Ctx) {
  Expr::EvalResult R;
  if (Policy->isValueDependent() || !Policy->EvaluateAsInt(R, Ctx))
    return false;
  const auto *ET = Policy->getType()->getAs<EnumType>();
  if (!ET)
    return false;
  for (const EnumConstantDecl *EC : ET->getDecl()->enumerators())
    if (EC->getName() == "async")
      return (R.Val.getInt() & EC->getInitVal()) == 0;
  return false;
}

static std::optional<ThreadCreation>
getThreadCreationAsWritten(const Expr *E, ASTContext &Ctx);

/// std::function and std::move_only_function: wrappers of one callable.
static bool isStdFunctionWrapper(QualType T) {
  return isStdClassType(T, "function") ||
         isStdClassType(T, "move_only_function");
}

/// The expression a thread's callable comes from: through a local variable
/// initialised with it (`auto job = [&] { ... }; std::thread t(job);`), a
/// std::function built from it, and std::bind (whose bound arguments become
/// the thread's arguments when the start passes none of its own).
void unwrapThreadCallable(ThreadCreation &T) {
  for (int Depth = 0; T.Callable && Depth < 6; ++Depth) {
    const Expr *E = stripValueExpr(T.Callable);
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
        CE && CE->getNumArgs() == 1 && isStdFunctionWrapper(CE->getType()) &&
        !CE->getConstructor()->isCopyOrMoveConstructor()) {
      T.Callable = CE->getArg(0);
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getNumArgs() >= 1 &&
        isStdFunction(Call->getDirectCallee(), "bind")) {
      if (!T.Args.empty())
        return;
      T.Callable = Call->getArg(0);
      for (unsigned I = 1; I < Call->getNumArgs(); ++I)
        T.Args.push_back(classifyThreadArg(Call->getArg(I)));
      continue;
    }
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    // A local callable object (a closure, a std::function, a bind result)
    // with the value it was initialised with.
    if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
        !VD->getInit() || !VD->getType()->isRecordType())
      return;
    const Expr *Init = stripValueExpr(VD->getInit());
    if (!isa<LambdaExpr>(Init) && !isa<CallExpr>(Init) &&
        !(isa<CXXConstructExpr>(Init) && isStdFunctionWrapper(VD->getType())))
      return;
    T.Callable = Init;
  }
}

std::optional<ThreadCreation> getThreadCreation(const Expr *E,
                                                ASTContext &Ctx) {
  std::optional<ThreadCreation> T = getThreadCreationAsWritten(E, Ctx);
  if (T)
    unwrapThreadCallable(*T);
  return T;
}

static std::optional<ThreadCreation>
getThreadCreationAsWritten(const Expr *E, ASTContext &Ctx) {
  ThreadCreation T;
  T.Start = E;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    bool J = isStdJThreadType(CE->getType());
    if (!J && !isStdThreadType(CE->getType()))
      return std::nullopt;
    if (CE->getNumArgs() == 0 ||
        CE->getConstructor()->isCopyOrMoveConstructor())
      return std::nullopt;
    T.Kind = J ? ThreadStartKind::JThread : ThreadStartKind::StdThread;
    T.Callable = CE->getArg(0);
    for (unsigned I = 1; I < CE->getNumArgs(); ++I)
      T.Args.push_back(classifyThreadArg(CE->getArg(I)));
    return T;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call)
    return std::nullopt;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    const Expr *Obj = MC->getImplicitObjectArgument();
    if (!MD || !Obj || MC->getNumArgs() == 0 ||
        classifyContainerMember(MD) != ContainerOpKind::Add ||
        !isStdThreadContainerType(Obj->getType()))
      return std::nullopt;
    // emplace_back(f, args...): a thread constructed inside the library.
    // push_back(std::thread(f)) is seen at the construction itself.
    unsigned First = MD->getName().starts_with("emplace") &&
                             MD->getName() != "emplace_back" &&
                             MD->getName() != "emplace_front"
                         ? 1
                         : 0; // emplace(pos, f, args...)
    if (MC->getNumArgs() <= First)
      return std::nullopt;
    const Expr *F = MC->getArg(First);
    if (isStdThreadType(F->getType()) || !MD->getName().starts_with("emplace"))
      return std::nullopt;
    T.Container = Obj;
    T.Callable = F;
    for (unsigned I = First + 1; I < MC->getNumArgs(); ++I)
      T.Args.push_back(classifyThreadArg(MC->getArg(I)));
    return T;
  }
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD)
    return std::nullopt;
  if (isStdFunction(FD, "async")) {
    unsigned First = 0;
    if (Call->getNumArgs() > 0 &&
        Call->getArg(0)->getType()->isEnumeralType()) {
      if (isDeferredOnly(Call->getArg(0), Ctx))
        return std::nullopt;
      First = 1;
    }
    if (Call->getNumArgs() <= First)
      return std::nullopt;
    T.Kind = ThreadStartKind::Async;
    T.Callable = Call->getArg(First);
    for (unsigned I = First + 1; I < Call->getNumArgs(); ++I)
      T.Args.push_back(classifyThreadArg(Call->getArg(I)));
    return T;
  }
  CThreadCall C = classifyCThreadCall(FD);
  if (C.Api != CThreadApi::Create)
    return std::nullopt;
  unsigned N = C.IsC11 ? 3 : 4;
  if (Call->getNumArgs() != N)
    return std::nullopt;
  T.Kind = C.IsC11 ? ThreadStartKind::C11 : ThreadStartKind::PThread;
  T.HandleOut = Call->getArg(0);
  if (!C.IsC11)
    T.Attr = Call->getArg(1);
  T.Callable = Call->getArg(N - 2);
  T.Args.push_back(classifyThreadArg(Call->getArg(N - 1)));
  return T;
}

static const FunctionDecl *callOperatorOf(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return nullptr;
  if (RD->isLambda())
    return RD->getLambdaCallOperator();
  const FunctionDecl *Found = nullptr;
  for (const CXXMethodDecl *MD : RD->methods())
    if (MD->getOverloadedOperator() == OO_Call) {
      if (Found)
        return nullptr; // overloaded: cannot tell which
      Found = MD;
    }
  return Found;
}

const FunctionDecl *resolveThreadCallable(const Expr *Callable,
                                          bool &ObjectArg) {
  ObjectArg = false;
  if (!Callable)
    return nullptr;
  const Expr *E = stripValueExpr(Callable);
  if (const auto *LE = dyn_cast<LambdaExpr>(E))
    return LE->getCallOperator();
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_AddrOf)
    E = stripValueExpr(U->getSubExpr());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const ValueDecl *D = DRE->getDecl();
    if (const auto *MD = dyn_cast<CXXMethodDecl>(D)) {
      ObjectArg = !MD->isStatic();
      return MD;
    }
    if (const auto *FD = dyn_cast<FunctionDecl>(D))
      return FD;
    if (const auto *VD = dyn_cast<VarDecl>(D)) {
      if (VD->getType()->isRecordType() ||
          (VD->getType()->isReferenceType() &&
           VD->getType().getNonReferenceType()->isRecordType()))
        if (const FunctionDecl *Op = callOperatorOf(
                VD->getType().getNonReferenceType()->getAsCXXRecordDecl()))
          return Op;
      // A function pointer or lambda variable initialised once.
      if (VD->getInit() &&
          (VD->getType().isConstQualified() || VD->getType()->isPointerType() ||
           VD->getType()->isRecordType()))
        return resolveThreadCallable(VD->getInit(), ObjectArg);
    }
    return nullptr;
  }
  if (E->getType()->isRecordType())
    return callOperatorOf(E->getType()->getAsCXXRecordDecl());
  return nullptr;
}

const Expr *getDetachedAttr(const CallExpr *Call, ASTContext &Ctx) {
  CThreadCall T = classifyCThreadCall(Call->getDirectCallee());
  if (T.Api != CThreadApi::SetDetachState || Call->getNumArgs() != 2)
    return nullptr;
  const Expr *State = Call->getArg(1);
  Expr::EvalResult R;
  if (State->isValueDependent() || !State->EvaluateAsInt(R, Ctx) ||
      R.Val.getInt() == 0) // PTHREAD_CREATE_JOINABLE
    return nullptr;
  return Call->getArg(0);
}

bool isFutureWait(const CXXMethodDecl *MD) {
  if (!MD || !MD->getIdentifier())
    return false;
  const CXXRecordDecl *RD = MD->getParent();
  if (!isStdClass(RD, "future") && !isStdClass(RD, "shared_future"))
    return false;
  return MD->getName() == "get" || MD->getName() == "wait";
}

bool isCallableParamType(QualType T) {
  T = T.getNonReferenceType();
  if (T->isFunctionPointerType() || T->isFunctionType())
    return true;
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  if (RD->isLambda() || isStdClass(RD, "function") ||
      isStdClass(RD, "move_only_function") || isStdClass(RD, "packaged_task"))
    return true;
  return llvm::any_of(RD->methods(), [](const CXXMethodDecl *M) {
    return M->getOverloadedOperator() == OO_Call;
  });
}

std::optional<ThreadStartParams>
configuredThreadStart(const FunctionDecl *FD,
                      const std::vector<std::string> &Entries) {
  if (!FD || Entries.empty())
    return std::nullopt;
  std::string Q = FD->getQualifiedNameAsString();
  int N = FD->getNumParams();
  for (const std::string &Entry : Entries) {
    auto [Name, Spec] = llvm::StringRef(Entry).split('=');
    Name = Name.trim();
    if (Name.starts_with("::"))
      Name = Name.drop_front(2);
    if (Name != Q)
      continue;
    ThreadStartParams P;
    Spec = Spec.trim();
    if (!Spec.empty()) {
      llvm::SmallVector<llvm::StringRef, 3> Parts;
      Spec.split(Parts, ':');
      if (Parts.size() > 3)
        return std::nullopt;
      int *Slots[] = {&P.Fn, &P.Arg, &P.Handle};
      for (unsigned I = 0; I < Parts.size(); ++I) {
        unsigned V;
        if (Parts[I].trim().getAsInteger(10, V) || (int)V > N)
          return std::nullopt;
        *Slots[I] = (int)V - 1;
      }
      if (P.Fn < 0)
        return std::nullopt;
      return P;
    }
    for (int I = 0; I < N; ++I)
      if (isCallableParamType(FD->getParamDecl(I)->getType())) {
        P.Fn = I;
        break;
      }
    if (P.Fn < 0)
      return std::nullopt;
    if (P.Fn + 1 < N)
      P.Arg = P.Fn + 1;
    for (int I = 0; I < P.Fn; ++I) {
      QualType T = FD->getParamDecl(I)->getType();
      if (T->isPointerType() && !T->isVoidPointerType() &&
          !T->isFunctionPointerType()) {
        P.Handle = I;
        break;
      }
    }
    return P;
  }
  return std::nullopt;
}

} // namespace lockcheck
