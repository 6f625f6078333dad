//===--- BlockingAnalysis.cpp - which calls block -------------------------===//

#include "checks/analysis/BlockingAnalysis.h"
#include "checks/analysis/ExprUtils.h"
#include "checks/analysis/Lockset.h"
#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"
#include <functional>

using namespace clang;

namespace lockcheck {

/// Which descriptors the translation unit makes non-blocking, which it
/// creates, and whether it uses non-blocking descriptors at all.
struct BlockingAnalysis::Descriptors {
  /// Variables and fields (canonical declarations).
  llvm::DenseSet<const Decl *> NonBlocking, Created;
  /// Datagram sockets (`socket(.., SOCK_DGRAM, ..)`): their connect() only
  /// sets the peer address, it never waits.
  llvm::DenseSet<const Decl *> Datagram;
  /// `a = b`, `int a = b;`: what b is, a is.
  llvm::DenseMap<const Decl *, llvm::SmallVector<const Decl *, 1>> From;
  bool ProjectNonBlocking = false;
  /// The descriptor calls of each function, and the last place each
  /// function tests for EAGAIN, EWOULDBLOCK or EINPROGRESS: the calls before
  /// it know their descriptors are non-blocking (nng's readv after a getter
  /// of another file's descriptor, `case EAGAIN:` right after).
  llvm::DenseMap<const CallExpr *, const FunctionDecl *> CallIn;
  llvm::DenseMap<const FunctionDecl *, SourceLocation> ExpectsAgain;
};

namespace {

/// Whether \p Name says "non-blocking" (`evutil_make_socket_nonblocking`,
/// `set_non_block`, `SetNonBlocking`).
bool nonBlockingName(StringRef Name) {
  return Name.contains_insensitive("nonblock") ||
         Name.contains_insensitive("non_block");
}

/// A flag that makes a descriptor non-blocking, by its name.
bool nonBlockingFlag(StringRef Name) {
  return Name.contains("NONBLOCK") || Name == "FIONBIO";
}

/// Whether \p E spells a non-blocking flag (`SOCK_DGRAM | SOCK_NONBLOCK`,
/// `fl | O_NONBLOCK`, a project macro around one), in its text or in the
/// macros it expands.
/// Whether \p E names SOCK_DGRAM (directly or through a macro).
bool mentionsDatagram(const Expr *E, const ASTContext &Ctx,
                      unsigned Depth = 0) {
  if (!E || Depth > 16)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (DRE->getDecl()->getIdentifier() &&
        DRE->getDecl()->getName() == "SOCK_DGRAM")
      return true;
  const SourceManager &SM = Ctx.getSourceManager();
  for (SourceLocation L = E->getBeginLoc(); L.isMacroID();
       L = SM.getImmediateMacroCallerLoc(L))
    if (Lexer::getImmediateMacroName(L, SM, Ctx.getLangOpts()) == "SOCK_DGRAM")
      return true;
  for (const Stmt *Child : E->children())
    if (mentionsDatagram(dyn_cast_or_null<Expr>(Child), Ctx, Depth + 1))
      return true;
  return false;
}

bool mentionsNonBlocking(const Expr *E, const ASTContext &Ctx,
                         unsigned Depth = 0) {
  if (!E || Depth > 16)
    return false;
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (DRE->getDecl()->getIdentifier() &&
        nonBlockingFlag(DRE->getDecl()->getName()))
      return true;
  for (SourceLocation L = E->getBeginLoc(); L.isMacroID();
       L = SM.getImmediateMacroCallerLoc(L))
    if (nonBlockingFlag(Lexer::getImmediateMacroName(L, SM, LO)))
      return true;
  for (const Stmt *Child : E->children())
    if (mentionsNonBlocking(dyn_cast_or_null<Expr>(Child), Ctx, Depth + 1))
      return true;
  return false;
}

/// The variable or field a descriptor expression names (`fd`, `c->fd`,
/// `(int)s->socket`), or null.
const Decl *descriptorOf(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return VD->getCanonicalDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (isa<FieldDecl>(ME->getMemberDecl()) ||
        isa<VarDecl>(ME->getMemberDecl()))
      return ME->getMemberDecl()->getCanonicalDecl();
  return nullptr;
}

/// The functions that create a descriptor they return.
bool createsDescriptor(const FunctionDecl *FD) {
  if (!FD->getIdentifier())
    return false;
  return llvm::StringSwitch<bool>(FD->getName())
      .Cases("socket", "accept", "accept4", "open", "openat", "dup", true)
      .Default(false);
}

bool descriptorCall(StringRef Api);

struct DescriptorScan : RecursiveASTVisitor<DescriptorScan> {
  BlockingAnalysis::Descriptors &Out;
  const ASTContext &Ctx;
  DescriptorScan(BlockingAnalysis::Descriptors &Out, const ASTContext &Ctx)
      : Out(Out), Ctx(Ctx) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBody() const { return true; }

  void assign(const Decl *To, const Expr *Value) {
    if (!To || !Value)
      return;
    const Expr *V = Value->IgnoreParenCasts();
    if (const auto *Call = dyn_cast<CallExpr>(V)) {
      bool NonBlocking = llvm::any_of(Call->arguments(), [&](const Expr *A) {
        return mentionsNonBlocking(A, Ctx);
      });
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (NonBlocking) {
        Out.NonBlocking.insert(To);
        Out.Created.insert(To);
      } else if (Callee && createsDescriptor(Callee)) {
        Out.Created.insert(To);
      }
      if (Callee && Callee->getIdentifier() && Callee->getName() == "socket" &&
          Call->getNumArgs() > 1 && mentionsDatagram(Call->getArg(1), Ctx))
        Out.Datagram.insert(To);
      return;
    }
    if (const Decl *D = descriptorOf(V); D && D != To)
      Out.From[To].push_back(D);
  }

  /// The function whose body is being traversed.
  const FunctionDecl *Current = nullptr;
  template <class Fn> bool inFunction(const FunctionDecl *FD, Fn Traverse) {
    const FunctionDecl *Outer = Current;
    Current = FD;
    bool R = Traverse();
    Current = Outer;
    return R;
  }
  bool TraverseFunctionDecl(FunctionDecl *FD) {
    return inFunction(
        FD, [&] { return RecursiveASTVisitor::TraverseFunctionDecl(FD); });
  }
  bool TraverseCXXMethodDecl(CXXMethodDecl *MD) {
    return inFunction(
        MD, [&] { return RecursiveASTVisitor::TraverseCXXMethodDecl(MD); });
  }
  /// `EAGAIN`, `EWOULDBLOCK`, `EINPROGRESS` (the literal they expand to).
  bool VisitIntegerLiteral(IntegerLiteral *IL) {
    if (!Current)
      return true;
    const SourceManager &SM = Ctx.getSourceManager();
    for (SourceLocation Loc = IL->getBeginLoc(); Loc.isMacroID();
         Loc = SM.getImmediateMacroCallerLoc(Loc)) {
      StringRef Name = Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts());
      if (Name == "EAGAIN" || Name == "EWOULDBLOCK" || Name == "EINPROGRESS") {
        SourceLocation &Last = Out.ExpectsAgain[Current];
        SourceLocation At = SM.getExpansionLoc(IL->getBeginLoc());
        if (Last.isInvalid() || SM.isBeforeInTranslationUnit(Last, At))
          Last = At;
        break;
      }
    }
    return true;
  }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    // `int make_nonblocking(int fd)`: one that takes a descriptor first.
    if (FD->getIdentifier() && nonBlockingName(FD->getName()) &&
        FD->getNumParams() > 0 &&
        FD->getParamDecl(0)->getType()->isIntegerType())
      Out.ProjectNonBlocking = true;
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (!isa<ParmVarDecl>(VD) && VD->getInit() &&
        VD->getType()->isIntegerType())
      assign(VD->getCanonicalDecl(), VD->getInit());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign && BO->getType()->isIntegerType())
      assign(descriptorOf(BO->getLHS()), BO->getRHS());
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || !Callee->getIdentifier())
      return true;
    StringRef Name = Callee->getName();
    if (Current && descriptorCall(Name))
      Out.CallIn[Call] = Current;
    bool Spelled = llvm::any_of(Call->arguments(), [&](const Expr *A) {
      return mentionsNonBlocking(A, Ctx);
    });
    if (Spelled)
      Out.ProjectNonBlocking = true;
    // `make_nonblocking(fd)`: every descriptor it is handed.
    if (nonBlockingName(Name)) {
      for (const Expr *A : Call->arguments())
        if (const Decl *D = descriptorOf(A))
          Out.NonBlocking.insert(D);
      return true;
    }
    // `fcntl(fd, F_SETFL, fl | O_NONBLOCK)`, `ioctl(fd, FIONBIO, &on)`.
    if ((Name == "fcntl" || Name == "ioctl" || Name == "ioctlsocket") &&
        Spelled && Call->getNumArgs() >= 2)
      if (const Decl *D = descriptorOf(Call->getArg(0)))
        Out.NonBlocking.insert(D);
    return true;
  }
};

/// The calls of the model that wait on their first argument, a descriptor,
/// and return at once when it is non-blocking.
bool descriptorCall(StringRef Api) {
  return llvm::StringSwitch<bool>(Api)
      .Cases("read", "readv", "recv", "recvfrom", "recvmsg", true)
      .Cases("accept", "accept4", "connect", true)
      .Default(false);
}

} // namespace

/// Whether \p S holds a call that initialises a lock or condition variable.
static bool callsInit(const Stmt *S, const LockModelOptions &Opts) {
  if (!S)
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    if (classifyLockCall(Call, Opts).Kind == LockOpKind::Init)
      return true;
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && Callee->getIdentifier() &&
        (Callee->getName() == "pthread_cond_init" ||
         Callee->getName() == "cnd_init" ||
         Callee->getName() == "pthread_rwlock_init"))
      return true;
  }
  for (const Stmt *Child : S->children())
    if (callsInit(Child, Opts))
      return true;
  return false;
}

bool retriesInitialisation(const Stmt *S, ParentMap &PM,
                           const LockModelOptions &Opts) {
  for (const Stmt *P = PM.getParent(S); P; P = PM.getParent(P))
    if (const Expr *Cond = loopCondition(P); Cond && callsInit(Cond, Opts))
      return true;
  return false;
}

BlockingAnalysis::BlockingAnalysis(TUAnalysis &TU, const BlockingModel &Model,
                                   const LockModelOptions &LockOpts)
    : TU(TU), Model(Model), LockOpts(LockOpts) {}

BlockingAnalysis::~BlockingAnalysis() = default;

llvm::StringRef BlockingAnalysis::blockingApi(const CallExpr *Call) {
  llvm::StringRef Api = Model.blockingName(Call);
  if (Api.empty() || !descriptorCall(Api) || Call->getNumArgs() == 0)
    return Api;
  if (!Fds) {
    Fds = std::make_unique<Descriptors>();
    DescriptorScan Scan(*Fds, TU.getContext());
    for (Decl *D : userCodeDecls(TU.getContext()))
      Scan.TraverseDecl(D);
    // What a copy is, its source was (`c->fd = fd;` after `int fd =
    // socket(..)`), and the other way round (`int fd = c->fd;
    // fcntl(fd, ..)` sets c->fd's flags).
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (const auto &[To, Sources] : Fds->From)
        for (const Decl *S : Sources) {
          if (Fds->NonBlocking.count(S) && Fds->NonBlocking.insert(To).second)
            Changed = true;
          if (Fds->NonBlocking.count(To) && Fds->NonBlocking.insert(S).second)
            Changed = true;
          if (Fds->Created.count(S) && Fds->Created.insert(To).second)
            Changed = true;
          if (Fds->Datagram.count(S) && Fds->Datagram.insert(To).second)
            Changed = true;
        }
    }
  }
  const Decl *D = descriptorOf(Call->getArg(0));
  if (D && Fds->NonBlocking.count(D))
    return {};
  // Its function expects EAGAIN (or EINPROGRESS) after it: the descriptor
  // is non-blocking, wherever it was made so.
  if (const FunctionDecl *In = Fds->CallIn.lookup(Call))
    if (SourceLocation Again = Fds->ExpectsAgain.lookup(In);
        Again.isValid() &&
        TU.getSourceManager().isBeforeInTranslationUnit(
            TU.getSourceManager().getExpansionLoc(Call->getBeginLoc()), Again))
      return {};
  if (D && Api == "connect" && Fds->Datagram.count(D))
    return {};
  // A descriptor whose creation is not seen here: as the project's are.
  if ((!D || !Fds->Created.count(D)) && Fds->ProjectNonBlocking)
    return {};
  return Api;
}

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

std::optional<BlockingCall> BlockingAnalysis::classify(const CallExpr *Call,
                                                       const FunctionDecl *In) {
  if (In)
    if (ParentMap *PM = TU.getParentMap(In);
        PM && retriesInitialisation(Call, *PM, LockOpts))
      return std::nullopt;
  // A function that does not return (`abort`-like test-failure paths):
  // the holder never comes back to release or use what it holds.
  if (const FunctionDecl *Callee = Call->getDirectCallee();
      Callee && Callee->isNoReturn() && blockingApi(Call).empty())
    return std::nullopt;
  if (llvm::StringRef Api = blockingApi(Call); !Api.empty())
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
    if (llvm::StringRef Api = blockingApi(C); !Api.empty()) {
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
    bool Blocks = !blockingApi(Call).empty();
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Blocks && !(Callee && Callee->isNoReturn()))
      if (const FunctionDecl *Def = definitionOf(Call, TU.getSourceManager());
          Def && Def != FD)
        Blocks = mayBlock(Def) != nullptr;
    if (Blocks)
      if (ParentMap *PM = TU.getParentMap(FD);
          PM && retriesInitialisation(Call, *PM, LockOpts))
        Blocks = false;
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

std::vector<std::string>
BlockingAnalysis::releasedByCallbacks(const CallExpr *Call,
                                      const FunctionDecl *Caller) {
  std::vector<std::string> Out;
  if (!Call || !Caller)
    return Out;
  const SourceManager &SM = TU.getSourceManager();
  for (const auto &[At, Key] : registeredReleases(Caller))
    if (SM.isBeforeInTranslationUnit(At, Call->getBeginLoc()) &&
        !llvm::is_contained(Out, Key))
      Out.push_back(Key);
  return Out;
}

const std::vector<std::pair<SourceLocation, std::string>> &
BlockingAnalysis::registeredReleases(const FunctionDecl *Caller) {
  auto [It, New] = Registered.try_emplace(Caller);
  if (!New)
    return It->second;
  std::vector<std::pair<SourceLocation, std::string>> Out;
  const SourceManager &SM = TU.getSourceManager();
  auto Visit = [&](const CallExpr *Register) {
    for (const Expr *Arg : Register->arguments()) {
      const FunctionDecl *Fn = namedFunction(Arg);
      const FunctionDecl *Def = nullptr;
      if (!Fn || !Fn->hasBody(Def) || !Def || Def == Caller ||
          !isAnalyzableFunction(Def, SM))
        continue;
      const LocksetResult &R = TU.getLockset(Def, LockOpts);
      for (unsigned L : R.ReleasedNeverTaken) {
        const LockOrigin &O = R.Locks[L].Origin;
        // A local of the callback, or a parameter or object that is itself
        // the mutex, names no lock of the caller.
        if (O.K == LockOrigin::Local ||
            (O.K != LockOrigin::Global && O.Fields.empty()))
          continue;
        Out.push_back({Register->getBeginLoc(), O.classKey()});
      }
    }
  };
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
      return;
    if (const auto *C = dyn_cast<CallExpr>(S))
      Visit(C);
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  forEachCodeRoot(Caller, Walk);
  // The lockset analyses above may have grown the map.
  return Registered[Caller] = std::move(Out);
}

} // namespace lockcheck
