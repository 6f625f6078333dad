//===--- Reporter.cpp - printing and fixing findings ----------------------===//

#include "tool/Reporter.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Format/Format.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <map>
#include <optional>
#include <set>

using namespace clang;
using clang::tidy::ClangTidyError;

namespace lockcheck {

namespace {

class SourceLoader {
public:
  SourceLoader(llvm::raw_ostream &OS, bool UseColor)
      : OS(OS), UseColor(UseColor), Files(FileSystemOptions()),
        DiagOpts(new DiagnosticOptions()), Printer(OS, DiagOpts.get()),
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
    Diags.Report(Loc, ID) << Message;
    // Clang's own fix-it line shows only the insertions on the caret's line
    // and no text with a line break: the whole fix is printed after the
    // snippet instead.
    if (Fixes && Loc.isValid())
      printFix(*Fixes, Path);
  }

private:
  /// The text of \p Path, or None when it cannot be read.
  std::optional<llvm::StringRef> text(llvm::StringRef Path) {
    SourceLocation Loc = location(Path, 0);
    if (Loc.isInvalid())
      return std::nullopt;
    bool Invalid = false;
    llvm::StringRef Text = SM.getBufferData(SM.getFileID(Loc), &Invalid);
    if (Invalid)
      return std::nullopt;
    return Text;
  }

  /// Prints what --fix does with \p Fixes, as a diff of the lines it
  /// changes under the diagnostic's snippet: removed lines with '-', the
  /// lines that replace them with '+', a line of context around, old line
  /// numbers on the left.
  void printFix(const llvm::StringMap<tooling::Replacements> &Fixes,
                llvm::StringRef DiagPath) {
    // The files in a stable order.
    std::vector<llvm::StringRef> Paths;
    for (const auto &FileAndReplacements : Fixes)
      if (!FileAndReplacements.second.empty())
        Paths.push_back(FileAndReplacements.first());
    llvm::sort(Paths);
    for (llvm::StringRef Path : Paths) {
      std::optional<llvm::StringRef> Text = text(Path);
      if (!Text)
        continue;
      std::vector<unsigned> LineStarts = {0};
      for (unsigned I = 0; I < Text->size(); ++I)
        if ((*Text)[I] == '\n')
          LineStarts.push_back(I + 1);
      // The 0-based line of an offset.
      auto LineOf = [&](unsigned Offset) {
        return unsigned(llvm::upper_bound(LineStarts, Offset) -
                        LineStarts.begin()) -
               1;
      };
      auto LineText = [&](unsigned Line) {
        unsigned End =
            Line + 1 < LineStarts.size() ? LineStarts[Line + 1] : Text->size();
        return Text->slice(LineStarts[Line], End).rtrim("\r\n");
      };
      // Hunks: the replacements whose lines touch or follow each other.
      struct Hunk {
        unsigned First, Last; // 0-based old lines
        std::vector<const tooling::Replacement *> Reps;
      };
      std::vector<Hunk> Hunks;
      for (const tooling::Replacement &R : Fixes.find(Path)->second) {
        if (R.getOffset() + R.getLength() > Text->size())
          continue;
        unsigned First = LineOf(R.getOffset());
        unsigned Last = LineOf(R.getOffset() + R.getLength());
        // A removal that ends at a line break ends on the line before.
        if (R.getLength() && Last > First &&
            LineStarts[Last] == R.getOffset() + R.getLength())
          --Last;
        if (!Hunks.empty() && First <= Hunks.back().Last + 1) {
          Hunks.back().Last = std::max(Hunks.back().Last, Last);
          Hunks.back().Reps.push_back(&R);
        } else {
          Hunks.push_back({First, Last, {&R}});
        }
      }
      if (Hunks.empty())
        continue;
      OS << "      | fix-it";
      if (Path != DiagPath)
        OS << " in " << Path;
      OS << ":\n";
      for (unsigned H = 0; H < Hunks.size(); ++H) {
        const Hunk &Hk = Hunks[H];
        if (H)
          OS << "      | ...\n";
        unsigned Begin = LineStarts[Hk.First];
        unsigned End = Hk.Last + 1 < LineStarts.size() ? LineStarts[Hk.Last + 1]
                                                       : Text->size();
        // The new text of the hunk's lines.
        std::string New;
        unsigned At = Begin;
        for (const tooling::Replacement *R : Hk.Reps) {
          New += Text->slice(At, R->getOffset());
          New += R->getReplacementText();
          At = R->getOffset() + R->getLength();
        }
        New += Text->slice(At, End);
        std::vector<llvm::StringRef> Old, NewLines;
        for (unsigned L = Hk.First; L <= Hk.Last; ++L)
          Old.push_back(LineText(L));
        for (llvm::StringRef Rest = New; !Rest.empty();) {
          auto [Line, Tail] = Rest.split('\n');
          NewLines.push_back(Line.rtrim('\r'));
          Rest = Tail;
        }
        // Lines the fix leaves as they are, at either end, are context.
        unsigned Same = 0, SameEnd = 0;
        while (Same < Old.size() && Same < NewLines.size() &&
               Old[Same] == NewLines[Same])
          ++Same;
        while (SameEnd < Old.size() - Same &&
               SameEnd < NewLines.size() - Same &&
               Old[Old.size() - 1 - SameEnd] ==
                   NewLines[NewLines.size() - 1 - SameEnd])
          ++SameEnd;
        unsigned First = Hk.First + Same;       // first old line removed
        unsigned After = Hk.Last + 1 - SameEnd; // first old line kept after
        if (First > 0)
          line(First - 1, ' ', LineText(First - 1));
        for (unsigned L = First; L < After; ++L)
          line(L, '-', LineText(L));
        for (unsigned L = Same; L < NewLines.size() - SameEnd; ++L)
          line(std::nullopt, '+', NewLines[L]);
        if (After < LineStarts.size() && LineStarts[After] < Text->size())
          line(After, ' ', LineText(After));
      }
    }
  }

  /// One line of a fix: "   12 |-text" (old line 12 removed), "      |+text"
  /// (added), "   13 | text" (context).
  void line(std::optional<unsigned> Line, char Mark, llvm::StringRef Text) {
    if (Line)
      OS << llvm::format("%5u", *Line + 1);
    else
      OS << "     ";
    OS << " |";
    if (Mark == ' ' && Text.empty()) {
      OS << '\n';
      return;
    }
    if (Mark != ' ' && UseColor)
      OS.changeColor(Mark == '+' ? llvm::raw_ostream::GREEN
                                 : llvm::raw_ostream::RED);
    OS << Mark << Text;
    if (Mark != ' ' && UseColor)
      OS.resetColor();
    OS << '\n';
  }

  llvm::raw_ostream &OS;
  bool UseColor;
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

FixSummary
applyFixes(llvm::ArrayRef<ClangTidyError> Errors,
           llvm::function_ref<std::string(llvm::StringRef)> StyleOf) {
  FixSummary Summary;
  // Each finding's fix whole or not at all: a fix that conflicts with one
  // already taken is skipped with all its replacements, so that no file gets
  // half a fix. Replacements are deduplicated by (file, offset, length,
  // text): a header's fix reported from several translation units is
  // applied once.
  using Edit = std::tuple<unsigned, unsigned, std::string>;
  std::map<std::string, std::set<Edit>> ByFile;
  std::map<std::string, tooling::Replacements> Taken;
  // The files each applied fix touches: a fix counts as applied when all
  // of them were written.
  std::vector<std::set<std::string>> FixFiles;
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
    std::set<std::string> Files;
    for (auto &[Path, Key] : New) {
      ByFile[Path].insert(Key);
      Files.insert(Path);
    }
    FixFiles.push_back(std::move(Files));
  }
  std::set<std::string> Written;
  for (const auto &[Path, Taken1] : Taken) {
    tooling::Replacements Replaces = Taken1;
    if (Replaces.empty())
      continue;
    auto Buffer = llvm::MemoryBuffer::getFile(Path);
    if (!Buffer) {
      Summary.WriteErrors.push_back(Path + ": " + Buffer.getError().message());
      continue;
    }
    // As clang-tidy: clean up around the replacements, then format the
    // lines they touch, in the file's FormatStyle ("none" formats nothing).
    llvm::StringRef Code = (*Buffer)->getBuffer();
    llvm::Expected<format::FormatStyle> Style =
        format::getStyle(StyleOf(Path), Path, "none", Code);
    if (!Style) {
      Summary.WriteErrors.push_back(Path + ": " +
                                    llvm::toString(Style.takeError()));
      continue;
    }
    llvm::Expected<tooling::Replacements> Cleaned =
        format::cleanupAroundReplacements(Code, Replaces, *Style);
    if (!Cleaned) {
      Summary.WriteErrors.push_back(Path + ": " +
                                    llvm::toString(Cleaned.takeError()));
      continue;
    }
    Replaces = std::move(*Cleaned);
    if (llvm::Expected<tooling::Replacements> Formatted =
            format::formatReplacements(Code, Replaces, *Style))
      Replaces = std::move(*Formatted);
    else
      llvm::consumeError(Formatted.takeError()); // applied unformatted
    auto NewCode = tooling::applyAllReplacements(Code, Replaces);
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
    Written.insert(Path);
  }
  for (const std::set<std::string> &Files : FixFiles)
    if (llvm::all_of(Files, [&](const std::string &F) {
          return Written.count(F) || Taken[F].empty();
        }))
      ++Summary.Applied;
  return Summary;
}

} // namespace lockcheck
