//===--- ThreadModel.cpp - what the analysed code calls a thread ----------===//

#include "checks/model/ThreadModel.h"
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

} // namespace lockcheck
