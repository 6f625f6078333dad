//===--- BlockingModel.cpp - what the analysed code calls blocking --------===//

#include "checks/model/BlockingModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringSwitch.h"
#include <optional>

using namespace clang;

namespace lockcheck {

llvm::StringRef defaultBlockingFunctions() {
  return
      // Joins.
      "std::thread::join;std::jthread::join;pthread_join;thrd_join;"
      // Sleeps.
      "std::this_thread::sleep_for;std::this_thread::sleep_until;sleep;"
      "usleep;nanosleep;clock_nanosleep;thrd_sleep;"
      // Futures and latches.
      "std::future::get;std::future::wait;std::shared_future::get;"
      "std::shared_future::wait;std::latch::wait;std::latch::arrive_and_wait;"
      // Blocking I/O.
      "read;readv;pread;recv;recvfrom;recvmsg;accept;accept4;connect;"
      "fgets;getc;fgetc;getchar;fread;getline;getdelim;select;pselect;poll;"
      "ppoll;epoll_wait;epoll_pwait;waitpid;pause;sigwait";
}

static void appendContext(const DeclContext *DC, std::string &Out) {
  if (!DC || DC->isTranslationUnit())
    return;
  if (const auto *LS = dyn_cast<LinkageSpecDecl>(DC)) {
    appendContext(LS->getDeclContext(), Out);
    return;
  }
  if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
    appendContext(NS->getDeclContext(), Out);
    if (NS->isInline() || NS->isAnonymousNamespace())
      return;
    Out += NS->getName();
    Out += "::";
    return;
  }
  if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
    appendContext(RD->getDeclContext(), Out);
    if (!RD->getIdentifier())
      return;
    Out += RD->getName();
    Out += "::";
    return;
  }
  // Functions, blocks: names local to them are not listed.
  Out += "<local>::";
}

std::string plainQualifiedName(const NamedDecl *D) {
  std::string Out;
  if (!D || !D->getIdentifier())
    return Out;
  appendContext(D->getDeclContext(), Out);
  Out += D->getName();
  return Out;
}

BlockingModel::BlockingModel(const std::vector<std::string> &Functions) {
  for (const std::string &F : Functions)
    Names.insert(F);
}

/// Calls of listed C functions whose constant arguments say they do not
/// wait: poll/epoll_wait with a zero timeout, recv* with MSG_DONTWAIT.
static bool nonBlockingUse(llvm::StringRef Name, const CallExpr *Call,
                           const ASTContext &Ctx) {
  auto ConstArg = [&](unsigned I) -> std::optional<llvm::APSInt> {
    if (I >= Call->getNumArgs())
      return std::nullopt;
    const Expr *A = Call->getArg(I);
    Expr::EvalResult R;
    if (A->isValueDependent() || !A->EvaluateAsInt(R, Ctx))
      return std::nullopt;
    return R.Val.getInt();
  };
  std::optional<unsigned> TimeoutArg =
      llvm::StringSwitch<std::optional<unsigned>>(Name)
          .Case("poll", 2u)
          .Cases("epoll_wait", "epoll_pwait", 3u)
          .Default(std::nullopt);
  if (TimeoutArg) {
    std::optional<llvm::APSInt> T = ConstArg(*TimeoutArg);
    return T && T->isZero();
  }
  std::optional<unsigned> FlagsArg =
      llvm::StringSwitch<std::optional<unsigned>>(Name)
          .Cases("recv", "recvfrom", 3u)
          .Case("recvmsg", 2u)
          .Default(std::nullopt);
  if (FlagsArg) {
    constexpr uint64_t MsgDontWait = 0x40; // Linux's MSG_DONTWAIT
    std::optional<llvm::APSInt> F = ConstArg(*FlagsArg);
    return F && (F->getZExtValue() & MsgDontWait);
  }
  return false;
}

llvm::StringRef BlockingModel::blockingName(const CallExpr *Call) const {
  llvm::StringRef Name = listedName(Call);
  if (Name.empty() || !Call->getDirectCallee())
    return {};
  if (nonBlockingUse(Name, Call, Call->getDirectCallee()->getASTContext()))
    return {};
  return Name;
}

llvm::StringRef BlockingModel::listedName(const CallExpr *Call) const {
  if (Names.empty())
    return {};
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return {};
  auto Lookup = [&](const std::string &N) -> llvm::StringRef {
    auto It = Names.find(N);
    return It == Names.end() ? llvm::StringRef() : It->getKey();
  };
  if (llvm::StringRef N = Lookup(plainQualifiedName(FD)); !N.empty())
    return N;
  // A member inherited from an implementation base (libstdc++'s
  // future::wait is __basic_future::wait): the class of the object, and
  // its bases, by the name the user calls it through.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    // The object as written: the implicit object argument of an inherited
    // member is cast to the base.
    const Expr *Object = MC->getImplicitObjectArgument();
    if (!Object)
      return {};
    QualType T = Object->IgnoreParenImpCasts()->getType();
    if (T->isAnyPointerType())
      T = T->getPointeeType();
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD)
      return {};
    llvm::StringRef Result;
    auto Try = [&](const CXXRecordDecl *C) {
      if (Result.empty() && C)
        Result = Lookup(plainQualifiedName(C) + "::" + FD->getName().str());
    };
    Try(RD);
    if (RD->hasDefinition())
      RD->forallBases([&](const CXXRecordDecl *Base) {
        Try(Base);
        return Result.empty();
      });
    return Result;
  }
  return {};
}

} // namespace lockcheck
