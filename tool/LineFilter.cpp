//===--- LineFilter.cpp - a pull-request gate: only some lines ------------===//

#include "tool/LineFilter.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace lockcheck {

/// The places a finding points at: its own location and its notes'.
template <typename Fn> static bool anyLocation(const Finding &F, Fn Pred) {
  if (!F.Error.Message.FilePath.empty() &&
      Pred(F.Error.Message.FilePath, F.Error.Message.FileOffset))
    return true;
  for (const clang::tooling::DiagnosticMessage &N : F.Error.Notes)
    if (!N.FilePath.empty() && Pred(N.FilePath, N.FileOffset))
      return true;
  return false;
}

static std::string plural(unsigned N, StringRef One, StringRef Many) {
  return (Twine(N) + " " + (N == 1 ? One : Many)).str();
}

//===----------------------------------------------------------------------===//
// LineFilter
//===----------------------------------------------------------------------===//

bool LineFilter::parse(StringRef Json, std::string &Error) {
  auto Fail = [&](const Twine &Why) {
    Error = ("--line-filter: " + Why +
             "; expected [{\"name\":\"file.cpp\",\"lines\":[[1,3],[5,5]]},"
             "...]")
                .str();
    return false;
  };
  Expected<json::Value> V = json::parse(Json);
  if (!V)
    return Fail("not JSON (" + toString(V.takeError()) + ")");
  const json::Array *Files = V->getAsArray();
  if (!Files)
    return Fail("not a list of files");
  for (const json::Value &FV : *Files) {
    const json::Object *O = FV.getAsObject();
    if (!O)
      return Fail("an entry is not an object");
    std::optional<StringRef> Name = O->getString("name");
    if (!Name)
      return Fail("an entry has no \"name\"");
    Entry E;
    E.Name = Name->str();
    if (const json::Value *Lines = O->get("lines")) {
      const json::Array *Ranges = Lines->getAsArray();
      if (!Ranges)
        return Fail("the \"lines\" of '" + *Name + "' are not a list");
      for (const json::Value &RV : *Ranges) {
        const json::Array *R = RV.getAsArray();
        std::optional<int64_t> First, Last;
        if (R && R->size() == 2) {
          First = (*R)[0].getAsInteger();
          Last = (*R)[1].getAsInteger();
        }
        if (!First || !Last || *First < 0 || *Last < 0 || *First > UINT32_MAX ||
            *Last > UINT32_MAX)
          return Fail("a range of '" + *Name +
                      "' is not a pair of line numbers");
        E.Lines.push_back({unsigned(*First), unsigned(*Last)});
      }
    }
    Entries.push_back(std::move(E));
  }
  return true;
}

bool LineFilter::passes(StringRef File, unsigned Line) const {
  // As clang-tidy: the first entry that names the file decides.
  for (const Entry &E : Entries) {
    if (!File.ends_with(E.Name))
      continue;
    if (E.Lines.empty())
      return true;
    for (const auto &[First, Last] : E.Lines)
      if (First <= Line && Line <= Last)
        return true;
    return false;
  }
  return false;
}

bool LineFilter::keeps(const Finding &F, SourceCache &Texts) const {
  return anyLocation(F, [&](StringRef File, unsigned Offset) {
    return passes(File, Texts.position(File, Offset).Line);
  });
}

//===----------------------------------------------------------------------===//
// DiffFilter
//===----------------------------------------------------------------------===//

namespace {
struct GitResult {
  int Status = -1;
  std::string Out;
  std::string Err; ///< its first line
};
} // namespace

/// Runs `git -C <Dir> <Args>`; Status -1 when git could not be run.
static GitResult runGit(StringRef Git, StringRef Dir,
                        ArrayRef<StringRef> Args) {
  GitResult R;
  SmallString<128> OutFile, ErrFile;
  if (sys::fs::createTemporaryFile("lockcheck-git", "out", OutFile) ||
      sys::fs::createTemporaryFile("lockcheck-git", "err", ErrFile))
    return R;
  std::vector<StringRef> Argv = {Git, "-C", Dir};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(OutFile),
                                          StringRef(ErrFile)};
  std::string ExecError;
  R.Status =
      sys::ExecuteAndWait(Git, Argv, /*Env=*/std::nullopt, Redirects,
                          /*SecondsToWait=*/0, /*MemoryLimit=*/0, &ExecError);
  if (auto B = MemoryBuffer::getFile(OutFile))
    R.Out = (*B)->getBuffer().str();
  if (auto B = MemoryBuffer::getFile(ErrFile))
    R.Err = (*B)->getBuffer().split('\n').first.trim().str();
  if (R.Err.empty())
    R.Err = ExecError;
  sys::fs::remove(OutFile);
  sys::fs::remove(ErrFile);
  return R;
}

/// The real path of \p Path's directory joined with its name: symbolic links
/// in directories resolved, as git reports the top of the work tree.
static std::string realPath(StringRef Path) {
  SmallString<256> Dir;
  if (sys::fs::real_path(sys::path::parent_path(Path), Dir))
    return Path.str();
  sys::path::append(Dir, sys::path::filename(Path));
  return std::string(Dir);
}

/// A path as git prints it: C-quoted when it has unusual characters.
static std::string unquoteGitPath(StringRef P) {
  if (!P.starts_with("\"") || !P.ends_with("\"") || P.size() < 2)
    return P.str();
  P = P.drop_front().drop_back();
  std::string Out;
  for (size_t I = 0; I < P.size(); ++I) {
    if (P[I] != '\\' || I + 1 == P.size()) {
      Out += P[I];
      continue;
    }
    char C = P[++I];
    switch (C) {
    case 'a':
      Out += '\a';
      break;
    case 'b':
      Out += '\b';
      break;
    case 'f':
      Out += '\f';
      break;
    case 'n':
      Out += '\n';
      break;
    case 'r':
      Out += '\r';
      break;
    case 't':
      Out += '\t';
      break;
    case 'v':
      Out += '\v';
      break;
    default:
      if (C >= '0' && C <= '7' && I + 2 < P.size()) {
        Out +=
            char(((C - '0') << 6) | ((P[I + 1] - '0') << 3) | (P[I + 2] - '0'));
        I += 2;
      } else {
        Out += C;
      }
    }
  }
  return Out;
}

/// "N" or "N,M" of a hunk header: the first line and the count (1 if absent).
static bool parseHunkSide(StringRef S, unsigned &Start, unsigned &Count) {
  auto [A, B] = S.split(',');
  Count = 1;
  return !A.getAsInteger(10, Start) &&
         (B.empty() || !B.getAsInteger(10, Count));
}

void DiffFilter::parseDiff(StringRef Diff, StringRef Top) {
  FileChanges *Current = nullptr;
  unsigned OldLeft = 0, NewLeft = 0; // lines of the current hunk still to come
  SmallVector<StringRef, 0> Lines;
  Diff.split(Lines, '\n');
  for (StringRef L : Lines) {
    if (OldLeft || NewLeft) {
      if (L.starts_with("-") && OldLeft)
        --OldLeft;
      else if (L.starts_with("+") && NewLeft)
        --NewLeft;
      continue;
    }
    if (L.starts_with("+++ ")) {
      StringRef Name = L.drop_front(4);
      std::string Path = unquoteGitPath(Name.rtrim('\t'));
      Current = nullptr;
      if (StringRef(Path).starts_with("b/")) {
        SmallString<256> Abs(Top);
        sys::path::append(Abs, StringRef(Path).drop_front(2));
        Current = &Files[Abs];
      }
      continue;
    }
    if (L.starts_with("diff ")) {
      Current = nullptr;
      continue;
    }
    if (!Current || !L.starts_with("@@ -"))
      continue;
    // @@ -<old>[,<n>] +<new>[,<n>] @@
    SmallVector<StringRef, 4> Parts;
    L.split(Parts, ' ', 3, /*KeepEmpty=*/false);
    unsigned OldStart, OldCount, NewStart, NewCount;
    if (Parts.size() < 3 || !Parts[2].starts_with("+") ||
        !parseHunkSide(Parts[1].drop_front(), OldStart, OldCount) ||
        !parseHunkSide(Parts[2].drop_front(), NewStart, NewCount))
      continue;
    if (NewCount)
      Current->Lines.push_back({NewStart, NewStart + NewCount - 1});
    else
      Current->DeletedAfter.push_back(NewStart);
    OldLeft = OldCount;
    NewLeft = NewCount;
  }
}

bool DiffFilter::load(StringRef Rev, StringRef Dir, std::string &Error) {
  Revision = Rev.str();
  ErrorOr<std::string> Git = sys::findProgramByName("git");
  if (!Git) {
    Error = "--diff needs git, which is not on the PATH";
    return false;
  }
  GitResult Top = runGit(*Git, Dir, {"rev-parse", "--show-toplevel"});
  if (Top.Status != 0) {
    Error = ("--diff: '" + Dir + "' is not in a git work tree" +
             (Top.Err.empty() ? "" : " (" + Top.Err + ")"))
                .str();
    return false;
  }
  std::string TopDir = StringRef(Top.Out).trim().str();
  SmallString<256> RealTop;
  if (!sys::fs::real_path(TopDir, RealTop))
    TopDir = std::string(RealTop);
  std::string Spec = (Rev + "^{commit}").str();
  if (Rev.empty() || Rev.starts_with("-") ||
      runGit(*Git, TopDir, {"rev-parse", "--verify", "--quiet", Spec}).Status !=
          0) {
    Error = ("--diff: '" + Rev + "' is not a commit of the git repository '" +
             TopDir + "'")
                .str();
    return false;
  }
  GitResult Diff = runGit(*Git, TopDir,
                          {"-c", "core.quotepath=off", "diff", "-U0",
                           "--no-color", "--no-ext-diff", "--no-textconv", "-M",
                           "--src-prefix=a/", "--dst-prefix=b/", Rev, "--"});
  if (Diff.Status != 0) {
    Error = ("--diff: git diff " + Rev + " failed: " + Diff.Err).str();
    return false;
  }
  parseDiff(Diff.Out, TopDir);
  // New files that are not yet added: every line is new.
  GitResult Untracked = runGit(
      *Git, TopDir, {"ls-files", "--others", "--exclude-standard", "-z"});
  if (Untracked.Status == 0) {
    SmallVector<StringRef, 0> Names;
    StringRef(Untracked.Out).split(Names, '\0', -1, /*KeepEmpty=*/false);
    for (StringRef N : Names) {
      SmallString<256> Abs(TopDir);
      sys::path::append(Abs, N);
      Files[Abs].All = true;
    }
  }
  return true;
}

const DiffFilter::FileChanges *DiffFilter::changes(StringRef Path) {
  auto [It, New] = RealPaths.try_emplace(Path);
  if (New)
    It->second = realPath(Path);
  auto F = Files.find(It->second);
  return F == Files.end() ? nullptr : &F->second;
}

bool DiffFilter::changedLine(StringRef Path, unsigned Line) {
  const FileChanges *C = changes(Path);
  if (!C || !Line)
    return false;
  if (C->All)
    return true;
  for (const auto &[First, Last] : C->Lines)
    if (First <= Line && Line <= Last)
      return true;
  return false;
}

bool DiffFilter::keeps(const Finding &F, SourceCache &Texts) {
  if (anyLocation(F, [&](StringRef File, unsigned Offset) {
        return changedLine(File, Texts.position(File, Offset).Line);
      }))
    return true;
  // A change anywhere in the function the finding is in.
  StringRef File = F.Error.Message.FilePath;
  if (File.empty() || !F.FunctionEnd)
    return false;
  const FileChanges *C = changes(File);
  if (!C)
    return false;
  unsigned Begin = Texts.position(File, F.FunctionBegin).Line;
  unsigned End = Texts.position(File, F.FunctionEnd).Line;
  if (!Begin || !End)
    return false;
  for (const auto &[First, Last] : C->Lines)
    if (First <= End && Last >= Begin)
      return true;
  // Lines deleted between two lines of the function.
  for (unsigned After : C->DeletedAfter)
    if (Begin <= After && After < End)
      return true;
  return false;
}

//===----------------------------------------------------------------------===//
// FindingSelection
//===----------------------------------------------------------------------===//

bool FindingSelection::keeps(const Finding &F, SourceCache &Texts) {
  if ((!Lines || Lines->keeps(F, Texts)) && (!Diff || Diff->keeps(F, Texts)))
    return true;
  ++Outside;
  return false;
}

std::string FindingSelection::summary() const {
  std::string Where;
  if (Lines)
    Where = "--line-filter";
  if (Diff)
    Where += (Where.empty() ? "" : " and ") +
             ("the diff since '" + Diff->revision() + "'");
  return plural(Outside, "finding", "findings") + " outside " + Where +
         " not shown";
}

} // namespace lockcheck
