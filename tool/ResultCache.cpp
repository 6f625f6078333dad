//===--- ResultCache.cpp - analyses kept between runs ---------------------===//
//
// An entry is a file named by the hash of its key, lines of text and then
// the result:
//   lockcheck-cache <summary version> binary
//   key <key>
//   dep <content hash> <path>        (one per file the translation unit read)
//   log <line>                       (what the analysis wrote on stderr)
//   ---
//   <the FileResult, as a worker sends it (encodeFileResult): the YAML
//    document in binary form, which reads many times faster>
//
//===----------------------------------------------------------------------===//

#include "tool/ResultCache.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace lockcheck {

static std::string hex64(uint64_t V) {
  std::string S;
  raw_string_ostream(S) << format_hex_no_prefix(V, 16);
  return S;
}

/// The first line of an entry: the summary version and the form of the
/// result (an entry of another version or form is a miss).
static std::string header() {
  return ("lockcheck-cache " + Twine(SummaryVersion) + " binary").str();
}

ResultCache::ResultCache(std::string Dir, StringRef Binary)
    : Dir(std::move(Dir)) {
  sys::fs::file_status St;
  if (!sys::fs::status(Binary, St))
    BinaryStamp =
        (Binary + "@" + Twine(St.getSize()) + "@" +
         Twine(St.getLastModificationTime().time_since_epoch().count()))
            .str();
}

std::string ResultCache::key(StringRef File,
                             ArrayRef<clang::tooling::CompileCommand> Cmds,
                             StringRef Config) const {
  std::string K;
  raw_string_ostream OS(K);
  OS << "lockcheck " << BinaryStamp << " summary " << SummaryVersion
     << "\nfile " << File << "\n";
  for (const clang::tooling::CompileCommand &C : Cmds) {
    OS << "dir " << C.Directory << "\n";
    for (const std::string &A : C.CommandLine)
      OS << "arg " << A << "\n";
  }
  OS << "config\n" << Config;
  std::string Salted = K + "\n" + File.str();
  return hex64(xxh3_64bits(arrayRefFromStringRef(K))) +
         hex64(xxh3_64bits(arrayRefFromStringRef(Salted)));
}

std::string ResultCache::entryPath(StringRef Key) const {
  SmallString<256> P(Dir);
  sys::path::append(P, Key + ".entry");
  return std::string(P);
}

std::string ResultCache::contentHash(StringRef Path) {
  auto [It, New] = Hashes.try_emplace(Path);
  if (New) {
    auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                        /*RequiresNullTerminator=*/false);
    It->second =
        Buffer
            ? hex64(xxh3_64bits(arrayRefFromStringRef((*Buffer)->getBuffer())))
            : std::string("-");
  }
  return It->second;
}

std::optional<FileResult> ResultCache::lookup(StringRef Key,
                                              std::string &Note) {
  std::string Path = entryPath(Key);
  auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return std::nullopt; // not cached
  StringRef Text = (*Buffer)->getBuffer();
  auto Corrupt = [&](StringRef Why) -> std::optional<FileResult> {
    Note =
        ("ignoring the corrupt cache entry '" + Path + "' (" + Why + ")").str();
    return std::nullopt;
  };
  auto [Header, Rest] = Text.split('\n');
  if (Header != header())
    return Header.starts_with("lockcheck-cache ")
               ? std::nullopt // another format: a miss
               : Corrupt("no cache header");
  std::string Log;
  bool SawKey = false;
  while (!Rest.empty()) {
    StringRef Line;
    std::tie(Line, Rest) = Rest.split('\n');
    if (Line == "---")
      break;
    if (Line.consume_front("key ")) {
      if (Line != Key)
        return Corrupt("another key");
      SawKey = true;
    } else if (Line.consume_front("dep ")) {
      auto [Hash, File] = Line.split(' ');
      if (File.empty())
        return Corrupt("a malformed dependency");
      if (contentHash(File) != Hash)
        return std::nullopt; // a file changed: a miss
    } else if (Line.consume_front("log ")) {
      Log += Line.str() + "\n";
    } else {
      return Corrupt("an unknown line");
    }
  }
  if (!SawKey)
    return Corrupt("no key");
  FileResult R;
  std::string Error;
  if (!decodeFileResult(Rest, R, Error) || R.Status != FileResult::Analysed)
    return Corrupt(Error.empty() ? "not an analysed file" : Error);
  R.Log = std::move(Log);
  return R;
}

bool ResultCache::store(StringRef Key, const FileResult &R,
                        std::string &Error) {
  if (std::error_code EC = sys::fs::create_directories(Dir)) {
    Error = "cannot create the cache directory '" + Dir + "': " + EC.message();
    return false;
  }
  // Tell backup and version-control tools what this directory is.
  SmallString<256> Tag(Dir);
  sys::path::append(Tag, "CACHEDIR.TAG");
  if (!sys::fs::exists(Tag)) {
    std::error_code EC;
    raw_fd_ostream OS(Tag, EC, sys::fs::OF_Text);
    if (!EC)
      OS << "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This directory is lockcheck's cache (--cache-dir); it can be "
            "deleted at any time.\n";
    SmallString<256> Ignore(Dir);
    sys::path::append(Ignore, ".gitignore");
    raw_fd_ostream GI(Ignore, EC, sys::fs::OF_Text);
    if (!EC)
      GI << "*\n";
  }
  std::string Text;
  raw_string_ostream OS(Text);
  OS << header() << "\nkey " << Key << "\n";
  for (const std::string &D : R.Dependencies)
    OS << "dep " << contentHash(D) << " " << D << "\n";
  SmallVector<StringRef, 4> Lines;
  StringRef(R.Log).split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (StringRef L : Lines)
    OS << "log " << L << "\n";
  OS << "---\n";
  OS << encodeFileResult(R);
  // Written aside and renamed: a concurrent run never reads half an entry.
  std::string Path = entryPath(Key);
  std::string Temp = Path + ".tmp" + Twine(sys::Process::getProcessId()).str();
  {
    std::error_code EC;
    raw_fd_ostream Out(Temp, EC, sys::fs::OF_None);
    if (EC) {
      Error = "cannot write '" + Temp + "': " + EC.message();
      return false;
    }
    Out << Text;
  }
  if (std::error_code EC = sys::fs::rename(Temp, Path)) {
    Error = "cannot write '" + Path + "': " + EC.message();
    sys::fs::remove(Temp);
    return false;
  }
  return true;
}

} // namespace lockcheck
