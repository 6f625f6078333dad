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
      // Futures, latches, barriers and semaphores.
      "std::future::get;std::future::wait;std::future::wait_for;"
      "std::shared_future::get;std::shared_future::wait;"
      "std::shared_future::wait_for;std::latch::wait;"
      "std::latch::arrive_and_wait;std::barrier::arrive_and_wait;"
      "std::barrier::wait;std::counting_semaphore::acquire;sem_wait;"
      // Blocking I/O.
      "read;readv;recv;recvfrom;recvmsg;accept;accept4;connect;"
      "fgets;getc;fgetc;getchar;fread;getline;getdelim;scanf;vscanf;fscanf;"
      "vfscanf;select;pselect;poll;ppoll;epoll_wait;epoll_pwait;"
      // Standard input streams (only reads from std::cin and std::wcin).
      "std::operator>>;std::getline;std::basic_istream::operator>>;"
      "std::basic_istream::get;std::basic_istream::getline;"
      "std::basic_istream::read;std::basic_istream::ignore;"
      // Processes and signals.
      "waitpid;system;pause;sigwait";
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
  if (!D)
    return Out;
  DeclarationName N = D->getDeclName();
  if (!N.isIdentifier() && N.getNameKind() != DeclarationName::CXXOperatorName)
    return Out;
  appendContext(D->getDeclContext(), Out);
  Out += N.getAsString();
  return Out;
}

BlockingModel::BlockingModel(const std::vector<std::string> &Functions) {
  for (const std::string &F : Functions)
    Names.insert(F);
}

/// Whether \p E, a `std::chrono::duration`, is a constant zero
/// (`std::chrono::seconds(0)`, `0ms`, `duration::zero()`).
static bool zeroDuration(const Expr *E, const ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
    E = M->getSubExpr()->IgnoreParenImpCasts();
  Expr::EvalResult R;
  if (E->isValueDependent() || !E->getType()->isRecordType() ||
      !E->EvaluateAsRValue(R, Ctx))
    return false;
  // A duration is a record of one arithmetic member, its count.
  const APValue &V = R.Val;
  if (!V.isStruct() || V.getStructNumBases() != 0 ||
      V.getStructNumFields() != 1)
    return false;
  const APValue &Count = V.getStructField(0);
  return (Count.isInt() && Count.getInt().isZero()) ||
         (Count.isFloat() && Count.getFloat().isZero());
}

/// Whether \p E is `std::cin` or `std::wcin`, or a read from one
/// (`std::cin >> a` in `std::cin >> a >> b`).
static bool standardInput(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 64; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      return VD && VD->getIdentifier() &&
             (VD->getName() == "cin" || VD->getName() == "wcin") &&
             VD->isInStdNamespace();
    }
    const auto *Call = dyn_cast<CallExpr>(E);
    if (!Call)
      return false;
    const auto *FD = Call->getDirectCallee();
    if (!FD ||
        !FD->getDeclContext()->getEnclosingNamespaceContext()->isStdNamespace())
      return false;
    // A read returns the stream it read from.
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      E = MC->getImplicitObjectArgument();
    else if (Call->getNumArgs() > 0)
      E = Call->getArg(0);
    else
      return false;
  }
  return false;
}

/// Calls of listed functions whose arguments say they do not wait:
/// poll/epoll_wait with a zero timeout, recv* with MSG_DONTWAIT, waitpid
/// with WNOHANG, future::wait_for with a zero duration, and stream reads from
/// another stream than the standard input.
static bool nonBlockingUse(llvm::StringRef Name, const CallExpr *Call,
                           const ASTContext &Ctx) {
  if (Name.starts_with("std::operator") || Name == "std::getline" ||
      Name.starts_with("std::basic_istream::")) {
    const Expr *Stream = nullptr;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      Stream = MC->getImplicitObjectArgument();
    else if (Call->getNumArgs() > 0)
      Stream = Call->getArg(0);
    return !standardInput(Stream);
  }
  if (Name == "std::future::wait_for" || Name == "std::shared_future::wait_for")
    return Call->getNumArgs() > 0 && zeroDuration(Call->getArg(0), Ctx);
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
  if (Name == "waitpid") {
    constexpr uint64_t WNoHang = 1; // WNOHANG
    std::optional<llvm::APSInt> F = ConstArg(2);
    return F && (F->getZExtValue() & WNoHang);
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
  if (!FD)
    return {};
  std::string Plain = plainQualifiedName(FD);
  if (Plain.empty())
    return {};
  auto Lookup = [&](const std::string &N) -> llvm::StringRef {
    auto It = Names.find(N);
    return It == Names.end() ? llvm::StringRef() : It->getKey();
  };
  if (llvm::StringRef N = Lookup(Plain); !N.empty())
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
        Result = Lookup(plainQualifiedName(C) +
                        "::" + FD->getDeclName().getAsString());
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
