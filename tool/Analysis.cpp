//===--- Analysis.cpp - analysing one translation unit --------------------===//
//
// This is clang-tidy's runClangTidy for one file, with two additions: a
// second AST consumer that records where each function and class is
// defined, so every finding knows the function it is in while the AST is
// still there, and checks of the input (binary file, missing directory) that
// would otherwise make Clang print pages of noise or abort the process.
//
//===----------------------------------------------------------------------===//

#include "tool/Analysis.h"
#include "checks/analysis/LockApi.h"
#include "checks/analysis/TUAnalysis.h"
#include "checks/analysis/ThreadEntries.h"
#include "checks/model/BlockingModel.h"
#include "checks/model/LockModel.h"
#include "checks/summary/SummaryExtractor.h"
#include "checks/summary/SummaryIO.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyModule.h"
#include "tool/BinaryIO.h"
#include "tool/Database.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/Compiler.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/YAMLTraits.h"
#include <algorithm>
#include <cstring>
#include <optional>

using namespace clang;
using namespace clang::tidy;
using namespace llvm;

namespace lockcheck {

bool isCompilerError(const ClangTidyError &E) {
  return E.DiagLevel == ClangTidyError::Error &&
         StringRef(E.DiagnosticName).starts_with("clang-diagnostic-");
}

namespace {

/// \p Path made absolute (relative paths are relative to \p BaseDir) and
/// without "." and ".." components.
std::string normalizePath(StringRef Path, StringRef BaseDir) {
  if (Path.empty())
    return std::string();
  SmallString<256> P;
  if (sys::path::is_absolute(Path)) {
    P = Path;
  } else {
    P = BaseDir;
    if (P.empty())
      sys::fs::current_path(P);
    sys::path::append(P, Path);
  }
  sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

void normalizeMessage(tooling::DiagnosticMessage &M, StringRef BaseDir) {
  M.FilePath = normalizePath(M.FilePath, BaseDir);
  for (tooling::FileByteRange &R : M.Ranges)
    R.FilePath = normalizePath(R.FilePath, BaseDir);
  llvm::StringMap<tooling::Replacements> Fix;
  for (const auto &FileAndReplacements : M.Fix) {
    std::string Path = normalizePath(FileAndReplacements.first(), BaseDir);
    for (const tooling::Replacement &R : FileAndReplacements.second)
      consumeError(Fix[Path].add(tooling::Replacement(
          Path, R.getOffset(), R.getLength(), R.getReplacementText())));
  }
  M.Fix = std::move(Fix);
}

/// The resource directory (Clang's builtin headers: stddef.h, stdarg.h,
/// arm_neon.h, ...) of the Clang lockcheck was built against. Clang's default
/// is a directory next to the running binary, which lockcheck does not have;
/// without these headers a file compiled for a target with no GCC
/// installation (bare-metal, wasm, Apple, Windows) does not compile.
/// Empty when the directory is not there (a lockcheck copied to a machine
/// with Clang elsewhere): Clang's default is used then.
StringRef clangResourceDir() {
  static const std::string Dir = [] {
    std::string D = LOCKCHECK_CLANG_RESOURCE_DIR;
    return sys::fs::is_directory(D) ? D : std::string();
  }();
  return Dir;
}

/// Whether \p Args already name a resource directory.
bool hasResourceDir(const tooling::CommandLineArguments &Args) {
  return llvm::any_of(Args, [](StringRef A) {
    return A == "-resource-dir" || A.starts_with("-resource-dir=");
  });
}

/// Where a function or class is defined: [Begin, End] are file offsets of
/// its first and last token.
struct Scope {
  unsigned Begin;
  unsigned End;
  std::string Name;
};
using ScopeIndex = StringMap<std::vector<Scope>>;

/// Records the definitions of the functions and classes of the translation
/// unit that are not in system headers. Function bodies are not entered:
/// a lambda belongs to the function that contains it.
class ScopeIndexer : public ASTConsumer {
public:
  ScopeIndexer(ScopeIndex &Index, bool Crash) : Index(Index), Crash(Crash) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Crash)
      LLVM_BUILTIN_TRAP;
    SM = &Ctx.getSourceManager();
    if (auto CWD = SM->getFileManager()
                       .getVirtualFileSystem()
                       .getCurrentWorkingDirectory())
      BuildDir = *CWD;
    visit(Ctx.getTranslationUnitDecl());
  }

private:
  void visit(const DeclContext *DC) {
    for (const Decl *D : DC->decls()) {
      if (D->isImplicit())
        continue;
      SourceLocation Loc = D->getLocation();
      if (Loc.isInvalid() || SM->isInSystemHeader(SM->getExpansionLoc(Loc)))
        continue;
      if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(D))
        D = FTD->getTemplatedDecl();
      else if (const auto *CTD = dyn_cast<ClassTemplateDecl>(D))
        D = CTD->getTemplatedDecl();
      if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
        if (FD->doesThisDeclarationHaveABody())
          add(FD);
        continue;
      }
      if (const auto *RD = dyn_cast<RecordDecl>(D)) {
        if (RD->isThisDeclarationADefinition() && RD->getIdentifier()) {
          add(RD);
          visit(RD);
        }
        continue;
      }
      if (isa<NamespaceDecl, LinkageSpecDecl, ExportDecl>(D))
        visit(cast<DeclContext>(D));
    }
  }

  void add(const NamedDecl *D) {
    CharSourceRange Range = SM->getExpansionRange(D->getSourceRange());
    if (Range.isInvalid())
      return;
    auto [BeginFile, Begin] = SM->getDecomposedLoc(Range.getBegin());
    auto [EndFile, End] = SM->getDecomposedLoc(Range.getEnd());
    if (BeginFile != EndFile || End < Begin)
      return;
    std::string Path =
        normalizePath(SM->getFilename(Range.getBegin()), BuildDir);
    if (Path.empty())
      return;
    Index[Path].push_back({Begin, End, D->getQualifiedNameAsString()});
  }

  ScopeIndex &Index;
  bool Crash;
  const SourceManager *SM = nullptr;
  std::string BuildDir;
};

/// The innermost scope of \p Index that contains \p Offset of \p Path.
const Scope *enclosingScope(const ScopeIndex &Index, StringRef Path,
                            unsigned Offset) {
  auto It = Index.find(Path);
  if (It == Index.end())
    return nullptr;
  const Scope *Best = nullptr;
  for (const Scope &S : It->second)
    if (S.Begin <= Offset && Offset <= S.End &&
        (!Best || S.End - S.Begin < Best->End - Best->Begin))
      Best = &S;
  return Best;
}

/// clang-tidy's frontend action, with the scope indexer added.
/// The model options of the configuration of a file: every check option
/// named like one (`LockFunctions`, `lockcheck-double-lock.LockFunctions`).
static LockModelOptions modelOptionsOf(const ClangTidyOptions &Opts) {
  LockModelOptions M;
  auto Lists = M.mutableNameLists();
  for (const auto &[Key, Value] : Opts.CheckOptions) {
    StringRef Name = StringRef(Key).rsplit('.').second;
    if (Name.empty())
      Name = Key;
    for (const auto &[Option, List] : Lists)
      if (Name == Option)
        for (std::string &N : parseNameList(Value.Value))
          if (!llvm::is_contained(*List, N))
            List->push_back(N);
  }
  return M;
}

namespace {
/// The qualified names of the functions, classes and typedefs of a
/// translation unit.
class NameCollector : public RecursiveASTVisitor<NameCollector> {
public:
  explicit NameCollector(StringSet<> &Names) : Names(Names) {}
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool VisitNamedDecl(NamedDecl *D) {
    if ((isa<FunctionDecl>(D) || isa<TagDecl>(D) || isa<TypedefNameDecl>(D) ||
         isa<ClassTemplateDecl>(D) || isa<FunctionTemplateDecl>(D)) &&
        D->getDeclName().isIdentifier())
      Names.insert(D->getQualifiedNameAsString());
    return true;
  }

private:
  StringSet<> &Names;
};
} // namespace

/// The blocking functions of the configuration of a file (the
/// BlockingFunctions option of lockcheck-blocking-under-lock).
static std::vector<std::string> blockingFunctionsOf(const ClangTidyOptions &O) {
  auto It =
      O.CheckOptions.find("lockcheck-blocking-under-lock.BlockingFunctions");
  if (It == O.CheckOptions.end())
    It = O.CheckOptions.find("BlockingFunctions");
  return parseNameList(It == O.CheckOptions.end()
                           ? defaultBlockingFunctions()
                           : StringRef(It->second.Value));
}

/// After the checks: which configured names the translation unit declares,
/// its summary for the whole-program merge, and (with --dump-model) its
/// inferred lock API.
class ModelConsumer : public ASTConsumer {
public:
  ModelConsumer(ClangTidyContext &Context, std::string File, FileResult &R,
                bool Dump, bool Summarize)
      : Context(Context), File(std::move(File)), R(R), Dump(Dump),
        Summarize(Summarize) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    ClangTidyOptions FileOpts = Context.getOptionsForFile(File);
    LockModelOptions Opts = modelOptionsOf(FileOpts);
    const SourceManager &SM = Ctx.getSourceManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      SmallString<256> Path(It->first.getName());
      SM.getFileManager().makeAbsolutePath(Path);
      // Not "..": a directory before it may be a symbolic link.
      sys::path::remove_dots(Path, /*remove_dot_dot=*/false);
      R.Dependencies.push_back(std::string(Path));
    }
    llvm::sort(R.Dependencies);
    R.Dependencies.erase(llvm::unique(R.Dependencies), R.Dependencies.end());
    if (Summarize && !Ctx.getDiagnostics().hasFatalErrorOccurred()) {
      std::shared_ptr<TUAnalysis> TU = TUAnalysis::get(Ctx);
      TU->useModelOptions(Opts);
      // The checks have run (their consumer comes first).
      TU->releaseCheckResults();
      R.Summary = summarizeTranslationUnit(Ctx, TU->modelOptions(),
                                           blockingFunctionsOf(FileOpts));
    }
    if (!Opts.empty()) {
      StringSet<> Names;
      NameCollector(Names).TraverseDecl(Ctx.getTranslationUnitDecl());
      for (const auto &[Option, List] : Opts.nameLists())
        for (const std::string &N : *List) {
          std::string Entry = (Twine(Option) + ": " + N).str();
          (Names.count(configuredName(N)) ? R.MatchedNames : R.UnmatchedNames)
              .push_back(Entry);
        }
    }
    if (!Dump)
      return;
    std::shared_ptr<TUAnalysis> TU = TUAnalysis::get(Ctx);
    TU->useModelOptions(Opts);
    std::vector<LockApiEntry> Entries = TU->getLockApi().listing();
    for (LockApiEntry &E : TU->getThreadEntries(Opts).listing())
      Entries.push_back(std::move(E));
    llvm::stable_sort(
        Entries, [&](const LockApiEntry &A, const LockApiEntry &B) {
          return Ctx.getSourceManager().isBeforeInTranslationUnit(A.Loc, B.Loc);
        });
    for (const LockApiEntry &E : Entries) {
      PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(E.Loc));
      if (P.isInvalid())
        continue;
      R.Model.push_back((Twine(P.getFilename()) + ":" + Twine(P.getLine()) +
                         ":" + Twine(P.getColumn()) + ": " + E.Name + ": " +
                         E.Kind + " (" + E.Rule + ")")
                            .str());
    }
  }

private:
  ClangTidyContext &Context;
  std::string File;
  FileResult &R;
  bool Dump;
  bool Summarize;
};

/// Passes every diagnostic on to clang-tidy's consumer and notes the
/// findings it drops as "non-user code": in a header that the header filter
/// hides, or in a system header. clang-tidy decides on a finding when the
/// next one arrives (or at the end), and counts its decision in the
/// context's statistics: a rise of that count when the next one is passed
/// on means the previous one was dropped.
class HiddenFindings : public DiagnosticConsumer {
public:
  HiddenFindings(ClangTidyDiagnosticConsumer &Inner,
                 const ClangTidyContext &Context, FileResult &R)
      : Inner(Inner), Context(Context), R(R) {}

  void BeginSourceFile(const LangOptions &LO, const Preprocessor *PP) override {
    Inner.BeginSourceFile(LO, PP);
  }
  void EndSourceFile() override { Inner.EndSourceFile(); }
  void finish() override { Inner.finish(); }
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level == DiagnosticsEngine::Note) {
      Inner.HandleDiagnostic(Level, Info);
      return;
    }
    // Described before it is passed on: clang-tidy's consumer leaves the
    // diagnostic unreadable.
    std::optional<std::string> This = describe(Info);
    ClangTidyStats Before = Context.getStats();
    Inner.HandleDiagnostic(Level, Info);
    // Suppressed by NOLINT: the previous finding is still undecided.
    if (Context.getStats().ErrorsIgnoredNOLINT != Before.ErrorsIgnoredNOLINT)
      return;
    settle(Before);
    Pending = std::move(This);
  }
  /// clang-tidy's consumer's findings, the last one decided too.
  std::vector<ClangTidyError> take() {
    ClangTidyStats Before = Context.getStats();
    std::vector<ClangTidyError> Errors = Inner.take();
    settle(Before);
    return Errors;
  }

private:
  void settle(const ClangTidyStats &Before) {
    if (Pending && Context.getStats().ErrorsIgnoredNonUserCode >
                       Before.ErrorsIgnoredNonUserCode)
      R.HiddenInHeaders.push_back(*Pending);
    Pending.reset();
  }
  std::optional<std::string> describe(const Diagnostic &Info) {
    if (!Info.hasSourceManager() || Info.getLocation().isInvalid())
      return std::nullopt;
    const SourceManager &SM = Info.getSourceManager();
    SourceLocation Loc = SM.getFileLoc(Info.getLocation());
    auto [FID, Offset] = SM.getDecomposedLoc(Loc);
    OptionalFileEntryRef File = SM.getFileEntryRefForID(FID);
    if (!File)
      return std::nullopt;
    StringRef Path = File->getFileEntry().tryGetRealPathName();
    // The message up to its first number, as findings are deduplicated.
    SmallString<128> Message;
    Info.FormatDiagnostic(Message);
    StringRef Key =
        StringRef(Message).take_until([](char C) { return isDigit(C); });
    return (Twine(SM.isInSystemHeader(Loc) ? "system" : "user") + ":" +
            Twine(Offset) + ":" + (Path.empty() ? File->getName() : Path) +
            ":" + Key)
        .str();
  }

  ClangTidyDiagnosticConsumer &Inner;
  const ClangTidyContext &Context;
  FileResult &R;
  std::optional<std::string> Pending;
};

class ActionFactory : public tooling::FrontendActionFactory {
public:
  ActionFactory(ClangTidyContext &Context,
                IntrusiveRefCntPtr<vfs::OverlayFileSystem> BaseFS,
                ScopeIndex &Index, bool Crash, FileResult &R, bool Dump,
                bool Summarize)
      : ConsumerFactory(Context, std::move(BaseFS)), Index(Index), Crash(Crash),
        Context(Context), R(R), Dump(Dump), Summarize(Summarize) {}

  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<Action>(*this);
  }

  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    // As clang-tidy does: define __clang_analyzer__.
    Invocation->getPreprocessorOpts().SetUpStaticAnalyzer = true;
    return FrontendActionFactory::runInvocation(
        std::move(Invocation), Files, std::move(PCHContainerOps), DiagConsumer);
  }

private:
  class Action : public ASTFrontendAction {
  public:
    explicit Action(ActionFactory &Factory) : Factory(Factory) {}
    std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &Compiler,
                                                   StringRef File) override {
      std::vector<std::unique_ptr<ASTConsumer>> Consumers;
      Consumers.push_back(
          Factory.ConsumerFactory.createASTConsumer(Compiler, File));
      Consumers.push_back(
          std::make_unique<ScopeIndexer>(Factory.Index, Factory.Crash));
      Consumers.push_back(std::make_unique<ModelConsumer>(
          Factory.Context, File.str(), Factory.R, Factory.Dump,
          Factory.Summarize));
      return std::make_unique<MultiplexConsumer>(std::move(Consumers));
    }

  private:
    ActionFactory &Factory;
  };

  ClangTidyASTConsumerFactory ConsumerFactory;
  ScopeIndex &Index;
  bool Crash;
  ClangTidyContext &Context;
  FileResult &R;
  bool Dump;
  bool Summarize;
};

} // namespace

FileResult analyseFile(const AnalysisSetup &Setup, StringRef File) {
  FileResult R;
  R.File = File.str();
  auto NotAnalysed = [&](const Twine &Message) {
    R.Status = FileResult::NotAnalysed;
    R.Errors.push_back(Message.str());
    return R;
  };

  sys::fs::file_status Status;
  if (std::error_code EC = sys::fs::status(File, Status))
    return NotAnalysed("'" + File + "': " +
                       (EC == std::errc::no_such_file_or_directory
                            ? std::string("no such file or directory")
                            : EC.message()));
  if (sys::fs::is_directory(Status))
    return NotAnalysed("'" + File + "' is a directory, not a source file");
  auto Buffer = MemoryBuffer::getFile(File, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return NotAnalysed("cannot read '" + File +
                       "': " + Buffer.getError().message());
  StringRef Text = (*Buffer)->getBuffer();
  if (std::memchr(Text.data(), '\0', Text.size()))
    return NotAnalysed("'" + File +
                       "' is a binary file (it contains NUL bytes), not C or "
                       "C++ source");
  Buffer->reset();

  std::vector<tooling::CompileCommand> Commands =
      Setup.Compilations->getCompileCommands(File);
  if (Commands.empty())
    return NotAnalysed("the compilation database has no command for '" + File +
                       "'");
  for (const tooling::CompileCommand &C : Commands)
    if (!sys::fs::is_directory(C.Directory))
      return NotAnalysed("the compilation database entry for '" + File +
                         "' has directory '" + C.Directory +
                         "', which does not exist");

  bool Crash = false;
  if (!Setup.CrashOn.empty())
    Crash = Regex(Setup.CrashOn).match(File);

  ClangTidyContext Context(Setup.MakeOptionsProvider());
  IntrusiveRefCntPtr<vfs::OverlayFileSystem> BaseFS(
      new vfs::OverlayFileSystem(vfs::getRealFileSystem()));
  tooling::ClangTool Tool(*Setup.Compilations, {R.File},
                          std::make_shared<PCHContainerOperations>(), BaseFS);
  // The extra arguments of the configuration, as clang-tidy adds them.
  Tool.appendArgumentsAdjuster(
      [&Context](const tooling::CommandLineArguments &Args,
                 StringRef Filename) {
        ClangTidyOptions Opts = Context.getOptionsForFile(Filename);
        tooling::CommandLineArguments Adjusted = Args;
        // The database's command without the arguments the configuration
        // removes and those Clang does not know (the parent process names
        // them once).
        adjustDatabaseCommand(Adjusted, removedArguments(Opts));
        if (Opts.ExtraArgsBefore) {
          auto I = Adjusted.begin();
          if (I != Adjusted.end() && !StringRef(*I).starts_with("-"))
            ++I; // Skip the compiler's name.
          Adjusted.insert(I, Opts.ExtraArgsBefore->begin(),
                          Opts.ExtraArgsBefore->end());
        }
        // Before a "--" that ends the options (interpolated commands for files
        // not in the database have one), so that they are not taken for files.
        auto End = std::find(Adjusted.begin(), Adjusted.end(), "--");
        if (Opts.ExtraArgs)
          End = Adjusted.insert(End, Opts.ExtraArgs->begin(),
                                Opts.ExtraArgs->end()) +
                Opts.ExtraArgs->size();
        // Compiler diagnostics are collected and printed by lockcheck itself;
        // without carets the compiler does not add "N warnings generated."
        // lines.
        End = Adjusted.insert(End, "-fno-caret-diagnostics") + 1;
        // Clang's builtin headers, unless the command names its own (ClangTool
        // would otherwise add a directory next to lockcheck's binary).
        if (!clangResourceDir().empty() && !hasResourceDir(Adjusted))
          Adjusted.insert(End, ("-resource-dir=" + clangResourceDir()).str());
        return Adjusted;
      });
  Tool.appendArgumentsAdjuster(tooling::getStripPluginsAdjuster());
  Tool.setPrintErrorMessage(false);

  ClangTidyDiagnosticConsumer DiagConsumer(Context, nullptr,
                                           /*RemoveIncompatibleErrors=*/true,
                                           /*GetFixesFromNotes=*/false);
  HiddenFindings Hidden(DiagConsumer, Context, R);
  DiagnosticsEngine DE(new DiagnosticIDs(), new DiagnosticOptions(), &Hidden,
                       /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(&DE);
  Tool.setDiagnosticConsumer(&Hidden);

  ScopeIndex Index;
  ActionFactory Factory(Context, BaseFS, Index, Crash, R, Setup.DumpModel,
                        Setup.Summarize);
  // The lock functions of the other files, for this file only.
  setExternalLockApi(Setup.ExternalApi);
  auto ResetApi = llvm::make_scope_exit([] { setExternalLockApi(nullptr); });
  // lockcheck-lock-order hands over the edges of its translation unit here.
  setLockOrderSink([&R](std::vector<LockOrderEdge> Edges) {
    for (LockOrderEdge &E : Edges) {
      for (OrderPlace *P : {&E.At, &E.HeldAt, &E.ViaAt})
        P->File = normalizePath(P->File, "");
      E.Id = 0;
      R.OrderEdges.push_back(std::move(E));
    }
  });
  bool Failed = Tool.run(&Factory) != 0;
  setLockOrderSink(nullptr);

  for (ClangTidyError &E : Hidden.take()) {
    normalizeMessage(E.Message, E.BuildDirectory);
    for (tooling::DiagnosticMessage &Note : E.Notes)
      normalizeMessage(Note, E.BuildDirectory);
    if (isCompilerError(E))
      Failed = true;
    const Scope *S =
        enclosingScope(Index, E.Message.FilePath, E.Message.FileOffset);
    Finding &F =
        R.Findings.emplace_back(std::move(E), S ? S->Name : std::string());
    if (S) {
      F.FunctionBegin = S->Begin;
      F.FunctionEnd = S->End;
    }
  }
  R.Status = Failed ? FileResult::CompileErrors : FileResult::Analysed;
  R.Covered.push_back(R.File);
  for (const auto &Entry : Index)
    if (Entry.first() != R.File)
      R.Covered.push_back(Entry.first().str());
  std::sort(R.Covered.begin() + 1, R.Covered.end());
  return R;
}

} // namespace lockcheck

//===----------------------------------------------------------------------===//
// Serialization
//===----------------------------------------------------------------------===//

namespace {
struct SerializedFinding {
  clang::tooling::Diagnostic Diagnostic;
  bool WarningAsError = false;
  std::string Function;
  unsigned FunctionBegin = 0, FunctionEnd = 0;
};
struct SerializedError {
  std::string Message;
};
struct SerializedPath {
  std::string Path;
};
struct SerializedResult {
  std::vector<lockcheck::LockOrderEdge> OrderEdges;
  std::string File;
  lockcheck::FileResult::StatusKind Status = lockcheck::FileResult::NotAnalysed;
  std::vector<SerializedError> Errors;
  std::vector<SerializedFinding> Findings;
  std::vector<SerializedPath> Covered;
  std::vector<SerializedPath> Dependencies;
  std::vector<SerializedError> Model;
  std::vector<SerializedError> MatchedNames;
  std::vector<SerializedError> UnmatchedNames;
  lockcheck::TUSummary Summary;
  std::vector<SerializedError> HiddenInHeaders;
};
} // namespace

LLVM_YAML_IS_SEQUENCE_VECTOR(SerializedFinding)
LLVM_YAML_IS_SEQUENCE_VECTOR(SerializedError)
LLVM_YAML_IS_SEQUENCE_VECTOR(SerializedPath)

namespace llvm {
namespace yaml {
template <> struct ScalarEnumerationTraits<lockcheck::FileResult::StatusKind> {
  static void enumeration(IO &IO, lockcheck::FileResult::StatusKind &V) {
    IO.enumCase(V, "analysed", lockcheck::FileResult::Analysed);
    IO.enumCase(V, "compile-errors", lockcheck::FileResult::CompileErrors);
    IO.enumCase(V, "not-analysed", lockcheck::FileResult::NotAnalysed);
    IO.enumCase(V, "crashed", lockcheck::FileResult::Crashed);
  }
};
template <> struct MappingTraits<SerializedError> {
  static void mapping(IO &IO, SerializedError &E) {
    IO.mapRequired("Message", E.Message);
  }
};
template <> struct MappingTraits<SerializedPath> {
  static void mapping(IO &IO, SerializedPath &P) {
    IO.mapRequired("Path", P.Path);
  }
};
template <> struct MappingTraits<SerializedFinding> {
  static void mapping(IO &IO, SerializedFinding &F) {
    IO.mapRequired("Diagnostic", F.Diagnostic);
    IO.mapOptional("WarningAsError", F.WarningAsError, false);
    IO.mapOptional("Function", F.Function, std::string());
    IO.mapOptional("FunctionBegin", F.FunctionBegin, 0u);
    IO.mapOptional("FunctionEnd", F.FunctionEnd, 0u);
  }
};
template <> struct MappingTraits<SerializedResult> {
  static void mapping(IO &IO, SerializedResult &R) {
    IO.mapRequired("File", R.File);
    IO.mapRequired("Status", R.Status);
    IO.mapOptional("Errors", R.Errors);
    IO.mapOptional("Findings", R.Findings);
    IO.mapOptional("Covered", R.Covered);
    IO.mapOptional("Dependencies", R.Dependencies);
    IO.mapOptional("OrderEdges", R.OrderEdges);
    IO.mapOptional("Summary", R.Summary);
    IO.mapOptional("Model", R.Model);
    IO.mapOptional("MatchedNames", R.MatchedNames);
    IO.mapOptional("UnmatchedNames", R.UnmatchedNames);
    IO.mapOptional("HiddenInHeaders", R.HiddenInHeaders);
  }
};
} // namespace yaml
} // namespace llvm

namespace lockcheck {

namespace {

SerializedResult serialize(const FileResult &R) {
  SerializedResult S;
  S.File = R.File;
  S.Status = R.Status;
  for (const std::string &E : R.Errors)
    S.Errors.push_back({E});
  for (const Finding &F : R.Findings)
    S.Findings.push_back({F.Error, F.Error.IsWarningAsError, F.Function,
                          F.FunctionBegin, F.FunctionEnd});
  for (const std::string &P : R.Covered)
    S.Covered.push_back({P});
  for (const std::string &P : R.Dependencies)
    S.Dependencies.push_back({P});
  S.OrderEdges = R.OrderEdges;
  S.Summary = R.Summary;
  for (const std::string &L : R.Model)
    S.Model.push_back({L});
  for (const std::string &L : R.MatchedNames)
    S.MatchedNames.push_back({L});
  for (const std::string &L : R.UnmatchedNames)
    S.UnmatchedNames.push_back({L});
  for (const std::string &L : R.HiddenInHeaders)
    S.HiddenInHeaders.push_back({L});
  return S;
}

void deserialize(SerializedResult &S, FileResult &R) {
  R.File = S.File;
  R.Status = S.Status;
  R.Errors.clear();
  for (SerializedError &E : S.Errors)
    R.Errors.push_back(std::move(E.Message));
  R.Covered.clear();
  for (SerializedPath &P : S.Covered)
    R.Covered.push_back(std::move(P.Path));
  R.Dependencies.clear();
  for (SerializedPath &P : S.Dependencies)
    R.Dependencies.push_back(std::move(P.Path));
  R.OrderEdges = std::move(S.OrderEdges);
  R.Summary = std::move(S.Summary);
  R.Model.clear();
  for (SerializedError &L : S.Model)
    R.Model.push_back(std::move(L.Message));
  R.MatchedNames.clear();
  for (SerializedError &L : S.MatchedNames)
    R.MatchedNames.push_back(std::move(L.Message));
  R.UnmatchedNames.clear();
  for (SerializedError &L : S.UnmatchedNames)
    R.UnmatchedNames.push_back(std::move(L.Message));
  R.HiddenInHeaders.clear();
  for (SerializedError &L : S.HiddenInHeaders)
    R.HiddenInHeaders.push_back(std::move(L.Message));
  R.Findings.clear();
  for (SerializedFinding &F : S.Findings) {
    const clang::tooling::Diagnostic &D = F.Diagnostic;
    clang::tidy::ClangTidyError E(D.DiagnosticName, D.DiagLevel,
                                  D.BuildDirectory, F.WarningAsError);
    E.Message = D.Message;
    E.Notes = D.Notes;
    Finding &Out = R.Findings.emplace_back(std::move(E), std::move(F.Function));
    Out.FunctionBegin = F.FunctionBegin;
    Out.FunctionEnd = F.FunctionEnd;
  }
}

} // namespace

void writeFileResult(const FileResult &R, raw_ostream &OS) {
  SerializedResult S = serialize(R);
  yaml::Output YAML(OS);
  YAML << S;
}

bool readFileResult(StringRef Text, FileResult &R, std::string &Error) {
  SerializedResult S;
  yaml::Input YAML(Text);
  YAML >> S;
  if (YAML.error()) {
    Error = YAML.error().message();
    return false;
  }
  deserialize(S, R);
  return true;
}

std::string encodeFileResult(const FileResult &R) {
  SerializedResult S = serialize(R);
  return toBinary(S);
}

bool decodeFileResult(StringRef Data, FileResult &R, std::string &Error) {
  SerializedResult S;
  BinaryInput In(Data);
  if (!In.read(S)) {
    Error = In.errorMessage();
    return false;
  }
  deserialize(S, R);
  return true;
}

} // namespace lockcheck
