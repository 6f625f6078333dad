//===--- Reporter.cpp - printing and fixing findings ----------------------===//

#include "tool/Reporter.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <map>
#include <set>

using namespace clang;
using clang::tidy::ClangTidyError;

namespace lockcheck {

namespace {

class SourceLoader {
public:
  SourceLoader(llvm::raw_ostream &OS, bool UseColor)
      : Files(FileSystemOptions()), DiagOpts(new DiagnosticOptions()),
        Printer(OS, DiagOpts.get()),
        Diags(IntrusiveRefCntPtr<DiagnosticIDs>(new DiagnosticIDs()),
              DiagOpts.get(), &Printer, /*ShouldOwnClient=*/false),
        SM(Diags, Files) {
    DiagOpts->ShowColors = UseColor;
    Diags.setSourceManager(&SM);
    Printer.BeginSourceFile(LangOptions(), nullptr);
  }
  ~SourceLoader() { Printer.EndSourceFile(); }

  SourceLocation location(llvm::StringRef Path, unsigned Offset) {
    if (Path.empty())
      return {};
    auto File = Files.getOptionalFileRef(Path);
    if (!File)
      return {};
    FileID ID = SM.getOrCreateFileID(*File, SrcMgr::C_User);
    return SM.getLocForStartOfFile(ID).getLocWithOffset(Offset);
  }

  void report(DiagnosticsEngine::Level Level, llvm::StringRef Path,
              unsigned Offset, llvm::StringRef Message,
              const llvm::StringMap<tooling::Replacements> *Fixes) {
    SourceLocation Loc = location(Path, Offset);
    unsigned ID = Diags.getDiagnosticIDs()->getCustomDiagID(
        static_cast<DiagnosticIDs::Level>(Level), "%0");
    auto Builder = Diags.Report(Loc, ID);
    Builder << Message;
    if (!Fixes)
      return;
    for (const auto &FileAndReplacements : *Fixes)
      for (const tooling::Replacement &R : FileAndReplacements.second) {
        SourceLocation Begin = location(R.getFilePath(), R.getOffset());
        if (Begin.isInvalid())
          continue;
        SourceLocation End = Begin.getLocWithOffset(R.getLength());
        Builder << FixItHint::CreateReplacement(
            CharSourceRange::getCharRange(Begin, End), R.getReplacementText());
      }
  }

private:
  FileManager Files;
  IntrusiveRefCntPtr<DiagnosticOptions> DiagOpts;
  TextDiagnosticPrinter Printer;
  DiagnosticsEngine Diags;
  SourceManager SM;
};

} // namespace

void printDiagnostics(llvm::ArrayRef<ClangTidyError> Errors,
                      llvm::raw_ostream &OS, bool UseColor) {
  SourceLoader Loader(OS, UseColor);
  for (const ClangTidyError &E : Errors) {
    DiagnosticsEngine::Level Level = DiagnosticsEngine::Warning;
    if (E.DiagLevel == ClangTidyError::Error || E.IsWarningAsError)
      Level = DiagnosticsEngine::Error;
    else if (E.DiagLevel == ClangTidyError::Remark)
      Level = DiagnosticsEngine::Remark;
    std::string Message = E.Message.Message + " [" + E.DiagnosticName;
    if (E.IsWarningAsError)
      Message += ",-warnings-as-errors";
    Message += "]";
    Loader.report(Level, E.Message.FilePath, E.Message.FileOffset, Message,
                  &E.Message.Fix);
    for (const tooling::DiagnosticMessage &Note : E.Notes)
      Loader.report(DiagnosticsEngine::Note, Note.FilePath, Note.FileOffset,
                    Note.Message, &Note.Fix);
  }
}

/// Writes \p Content to \p Path through a temporary file in the same
/// directory and a rename, so a crash never leaves half a file.
static std::error_code writeAtomically(llvm::StringRef Path,
                                       llvm::StringRef Content) {
  llvm::SmallString<256> Temp;
  int FD = -1;
  llvm::SmallString<256> Model(Path);
  Model += ".lockcheck-%%%%%%";
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Temp))
    return EC;
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Content;
    OS.close();
    if (OS.has_error()) {
      OS.clear_error();
      llvm::sys::fs::remove(Temp);
      return std::make_error_code(std::errc::io_error);
    }
  }
  // Keep the original file's permissions.
  if (auto Perms = llvm::sys::fs::getPermissions(Path))
    llvm::sys::fs::setPermissions(Temp, *Perms);
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path)) {
    llvm::sys::fs::remove(Temp);
    return EC;
  }
  return {};
}

FixSummary applyFixes(llvm::ArrayRef<ClangTidyError> Errors) {
  FixSummary Summary;
  // Each finding's fix whole or not at all: a fix that conflicts with one
  // already taken is skipped with all its replacements, so that no file gets
  // half a fix. Replacements are deduplicated by (file, offset, length,
  // text): a header's fix reported from several translation units is
  // applied once.
  using Edit = std::tuple<unsigned, unsigned, std::string>;
  std::map<std::string, std::set<Edit>> ByFile;
  std::map<std::string, tooling::Replacements> Taken;
  for (const ClangTidyError &E : Errors) {
    if (E.DiagLevel == ClangTidyError::Error &&
        llvm::StringRef(E.DiagnosticName).starts_with("clang-diagnostic"))
      continue;
    std::map<std::string, tooling::Replacements> Trial;
    std::vector<std::pair<std::string, Edit>> New;
    bool Conflict = false, HasFix = false;
    for (const auto &FileAndReplacements : E.Message.Fix)
      for (const tooling::Replacement &R : FileAndReplacements.second) {
        HasFix = true;
        std::string Path = R.getFilePath().str();
        Edit Key{R.getOffset(), R.getLength(), R.getReplacementText().str()};
        if (ByFile[Path].count(Key))
          continue;
        auto [It, Inserted] = Trial.try_emplace(Path);
        if (Inserted)
          It->second = Taken[Path];
        if (llvm::Error Err = It->second.add(R)) {
          llvm::consumeError(std::move(Err));
          Conflict = true;
        }
        New.push_back({Path, Key});
      }
    if (Conflict) {
      ++Summary.Conflicting;
      continue;
    }
    // A fix whose replacements another finding's fix made is applied too.
    if (!HasFix)
      continue;
    for (auto &[Path, Replaces] : Trial)
      Taken[Path] = std::move(Replaces);
    for (auto &[Path, Key] : New)
      ByFile[Path].insert(Key);
    ++Summary.Applied;
  }
  for (const auto &[Path, Replaces] : Taken) {
    if (Replaces.empty())
      continue;
    auto Buffer = llvm::MemoryBuffer::getFile(Path);
    if (!Buffer) {
      Summary.WriteErrors.push_back(Path + ": " + Buffer.getError().message());
      continue;
    }
    auto NewCode =
        tooling::applyAllReplacements((*Buffer)->getBuffer(), Replaces);
    if (!NewCode) {
      Summary.WriteErrors.push_back(Path + ": " +
                                    llvm::toString(NewCode.takeError()));
      continue;
    }
    if (std::error_code EC = writeAtomically(Path, *NewCode)) {
      Summary.WriteErrors.push_back(Path + ": " + EC.message());
      continue;
    }
    ++Summary.FilesWritten;
  }
  return Summary;
}

} // namespace lockcheck
