//===--- Findings.cpp - positions, fingerprints and baselines -------------===//

#include "tool/Findings.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>

using namespace llvm;

namespace lockcheck {

//===----------------------------------------------------------------------===//
// SourceCache
//===----------------------------------------------------------------------===//

const SourceCache::File *SourceCache::get(StringRef Path) {
  auto [It, Inserted] = Files.try_emplace(Path);
  if (Inserted) {
    auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                        /*RequiresNullTerminator=*/false);
    if (Buffer) {
      File F;
      F.Buffer = std::move(*Buffer);
      StringRef Text = F.Buffer->getBuffer();
      F.LineStarts.push_back(0);
      for (size_t I = 0, E = Text.size(); I != E; ++I)
        if (Text[I] == '\n')
          F.LineStarts.push_back(I + 1);
      It->second = std::move(F);
    }
  }
  return It->second ? &*It->second : nullptr;
}

/// Number of UTF-16 code units of the UTF-8 text \p S; an invalid byte
/// counts as one.
static unsigned utf16Length(StringRef S) {
  unsigned N = 0;
  for (size_t I = 0; I < S.size();) {
    unsigned char C = S[I];
    size_t Len = C < 0x80           ? 1
                 : (C >> 5) == 0x6  ? 2
                 : (C >> 4) == 0xE  ? 3
                 : (C >> 3) == 0x1E ? 4
                                    : 1;
    if (I + Len > S.size())
      Len = 1;
    for (size_t J = 1; J < Len; ++J)
      if ((static_cast<unsigned char>(S[I + J]) & 0xC0) != 0x80)
        Len = 1;
    N += Len == 4 ? 2 : 1;
    I += Len;
  }
  return N;
}

SourceCache::Position SourceCache::position(StringRef Path, unsigned Offset) {
  Position P;
  const File *F = get(Path);
  if (!F || Offset > F->Buffer->getBufferSize())
    return P;
  auto It =
      std::upper_bound(F->LineStarts.begin(), F->LineStarts.end(), Offset);
  unsigned LineStart = *(It - 1);
  P.Line = It - F->LineStarts.begin();
  P.Column = Offset - LineStart + 1;
  P.Utf16Column =
      utf16Length(F->Buffer->getBuffer().slice(LineStart, Offset)) + 1;
  return P;
}

StringRef SourceCache::line(StringRef Path, unsigned Line) {
  const File *F = get(Path);
  if (!F || Line == 0 || Line > F->LineStarts.size())
    return StringRef();
  StringRef Text = F->Buffer->getBuffer();
  size_t Begin = F->LineStarts[Line - 1];
  size_t End = Line < F->LineStarts.size() ? F->LineStarts[Line] : Text.size();
  return Text.slice(Begin, End).rtrim("\r\n");
}

//===----------------------------------------------------------------------===//
// Paths
//===----------------------------------------------------------------------===//

bool isUnder(StringRef Path, StringRef Dir) {
  Dir = Dir.rtrim('/');
  return Path == Dir || (Path.starts_with(Dir) && Path.size() > Dir.size() &&
                         Path[Dir.size()] == '/');
}

std::string relativePath(StringRef Path, StringRef Base) {
  SmallVector<StringRef, 16> P, B;
  for (auto I = sys::path::begin(Path), E = sys::path::end(Path); I != E; ++I)
    P.push_back(*I);
  for (auto I = sys::path::begin(Base), E = sys::path::end(Base); I != E; ++I)
    if (*I != ".")
      B.push_back(*I);
  size_t Common = 0;
  while (Common < P.size() && Common < B.size() && P[Common] == B[Common])
    ++Common;
  std::string Result;
  for (size_t I = Common; I < B.size(); ++I)
    Result += "../";
  for (size_t I = Common; I < P.size(); ++I) {
    Result += P[I].str();
    if (I + 1 < P.size())
      Result += "/";
  }
  return Result.empty() ? std::string(".") : Result;
}

//===----------------------------------------------------------------------===//
// Fingerprints
//===----------------------------------------------------------------------===//

/// Collapses each run of white space of \p S into one space and trims it.
static void appendNormalized(StringRef S, std::string &Out) {
  bool PendingSpace = false;
  for (char C : S) {
    if (isSpace(C)) {
      PendingSpace = !Out.empty();
      continue;
    }
    if (PendingSpace)
      Out += ' ';
    PendingSpace = false;
    Out += C;
  }
}

std::string Fingerprinter::fingerprint(const Finding &F) {
  const clang::tooling::DiagnosticMessage &M = F.Error.Message;
  // The flagged line, and the lines of the highlighted range that starts
  // there (at most five in all).
  std::string Text;
  if (!M.FilePath.empty()) {
    unsigned First = Sources.position(M.FilePath, M.FileOffset).Line;
    unsigned Last = First;
    for (const clang::tooling::FileByteRange &R : M.Ranges)
      if (R.FilePath == M.FilePath && R.FileOffset <= M.FileOffset &&
          M.FileOffset <= R.FileOffset + R.Length) {
        Last = Sources.position(M.FilePath, R.FileOffset + R.Length).Line;
        break;
      }
    Last = std::min(std::max(Last, First), First + 4);
    for (unsigned L = First; L && L <= Last; ++L) {
      if (!Text.empty())
        Text += ' ';
      appendNormalized(Sources.line(M.FilePath, L), Text);
    }
  }
  std::string File =
      M.FilePath.empty() ? std::string() : relativePath(M.FilePath, Root);

  SHA1 Hash;
  Hash.update("lockcheck-fingerprint-v1");
  for (StringRef Part : {StringRef(F.Error.DiagnosticName), StringRef(File),
                         StringRef(F.Function), StringRef(Text)}) {
    Hash.update(StringRef("\0", 1));
    Hash.update(Part);
  }
  std::string Base = toHex(Hash.final(), /*LowerCase=*/true).substr(0, 16);
  return Base + ":" + std::to_string(++Seen[Base]);
}

//===----------------------------------------------------------------------===//
// Baseline files
//===----------------------------------------------------------------------===//

static std::string validUTF8(StringRef S) {
  return json::isUTF8(S) ? S.str() : json::fixUTF8(S);
}

bool writeBaseline(StringRef Path, ArrayRef<BaselineEntry> Entries,
                   std::string &Error) {
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_Text);
  if (EC) {
    Error = "cannot write the baseline '" + Path.str() + "': " + EC.message();
    return false;
  }
  json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("lockcheckBaseline", 1);
    J.attributeArray("findings", [&] {
      for (const BaselineEntry &E : Entries)
        J.object([&] {
          J.attribute("fingerprint", E.Fingerprint);
          J.attribute("check", E.Check);
          J.attribute("file", validUTF8(E.File));
          J.attribute("function", validUTF8(E.Function));
          J.attribute("line", E.Line);
          J.attribute("message", validUTF8(E.Message));
        });
    });
  });
  OS << "\n";
  OS.close();
  if (OS.has_error()) {
    Error = "cannot write the baseline '" + Path.str() +
            "': " + OS.error().message();
    OS.clear_error();
    return false;
  }
  return true;
}

bool readBaseline(StringRef Path, std::vector<BaselineEntry> &Entries,
                  std::string &Error) {
  auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer) {
    Error = "cannot read the baseline '" + Path.str() +
            "': " + Buffer.getError().message();
    return false;
  }
  auto Malformed = [&](const Twine &Why) {
    Error = ("malformed baseline '" + Path + "': " + Why).str();
    return false;
  };
  Expected<json::Value> Doc = json::parse((*Buffer)->getBuffer());
  if (!Doc)
    return Malformed(toString(Doc.takeError()));
  const json::Object *Root = Doc->getAsObject();
  if (!Root || Root->getInteger("lockcheckBaseline") != 1)
    return Malformed("not a lockcheck baseline (no \"lockcheckBaseline\": 1; "
                     "write one with --write-baseline)");
  const json::Array *Findings = Root->getArray("findings");
  if (!Findings)
    return Malformed("no \"findings\" array");
  for (const json::Value &V : *Findings) {
    const json::Object *O = V.getAsObject();
    std::optional<StringRef> Fingerprint =
        O ? O->getString("fingerprint") : std::nullopt;
    if (!Fingerprint)
      return Malformed("a finding has no \"fingerprint\"");
    BaselineEntry E;
    E.Fingerprint = Fingerprint->str();
    E.Check = O->getString("check").value_or("").str();
    E.File = O->getString("file").value_or("").str();
    E.Function = O->getString("function").value_or("").str();
    E.Line = O->getInteger("line").value_or(0);
    E.Message = O->getString("message").value_or("").str();
    Entries.push_back(std::move(E));
  }
  return true;
}

} // namespace lockcheck
