//===--- Shards.cpp - a run split over machines ---------------------------===//
//
// DIR/shard-K-of-N/files.txt   "lockcheck-shard <version> K N", then one
//                              file of the run per line, in run order
// DIR/shard-K-of-N/<I>.bin     the result of file I (0-based) of the run, in
//                              the binary form of encodeFileResult (a
//                              shard of 155 files read as YAML cost --merge
//                              more than 5% of the whole run)
//
//===----------------------------------------------------------------------===//

#include "tool/Shards.h"
#include "tool/CommandLine.h"
#include "tool/Console.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <numeric>

using namespace llvm;

namespace lockcheck {

using namespace cli;

bool parseShardSpec(StringRef Text, ShardSpec &S) {
  auto [K, N] = Text.split('/');
  S = ShardSpec();
  if (K.getAsInteger(10, S.K) || N.getAsInteger(10, S.N))
    return false;
  return S.valid();
}

std::vector<size_t> shardPart(ArrayRef<std::string> Files, ShardSpec S) {
  std::vector<size_t> Order(Files.size());
  std::iota(Order.begin(), Order.end(), 0);
  llvm::stable_sort(Order,
                    [&](size_t A, size_t B) { return Files[A] < Files[B]; });
  std::vector<size_t> Part;
  for (size_t I = S.K - 1; I < Order.size(); I += S.N)
    Part.push_back(Order[I]);
  llvm::sort(Part);
  return Part;
}

static std::string shardName(ShardSpec S) {
  return ("shard-" + Twine(S.K) + "-of-" + Twine(S.N)).str();
}

static std::string header(ShardSpec S) {
  return ("lockcheck-shard " + Twine(SummaryVersion) + " " + Twine(S.K) + " " +
          Twine(S.N))
      .str();
}

bool writeShard(StringRef Dir, ShardSpec S, ArrayRef<std::string> Files,
                ArrayRef<size_t> Part, ArrayRef<FileResult> Results,
                std::string &Error) {
  SmallString<256> Out(Dir);
  sys::path::append(Out, shardName(S));
  if (std::error_code EC = sys::fs::create_directories(Out)) {
    Error = ("cannot create '" + Out + "': " + EC.message()).str();
    return false;
  }
  auto Write = [&](StringRef Name, function_ref<void(raw_ostream &)> Body) {
    SmallString<256> P(Out);
    sys::path::append(P, Name);
    std::error_code EC;
    raw_fd_ostream OS(P, EC, sys::fs::OF_None);
    if (EC) {
      Error = ("cannot write '" + P + "': " + EC.message()).str();
      return false;
    }
    Body(OS);
    return true;
  };
  if (!Write("files.txt", [&](raw_ostream &OS) {
        OS << header(S) << "\n";
        for (const std::string &F : Files)
          OS << F << "\n";
      }))
    return false;
  for (size_t I = 0; I < Part.size(); ++I)
    if (!Write((Twine(Part[I]) + ".bin").str(),
               [&](raw_ostream &OS) { OS << encodeFileResult(Results[I]); }))
      return false;
  return true;
}

bool readShards(ArrayRef<std::string> Dirs, std::vector<std::string> &Files,
                std::vector<FileResult> &Results, std::string &Error) {
  std::map<unsigned, std::string> Found; // K -> its directory
  unsigned N = 0;
  bool HaveFiles = false;
  for (const std::string &Dir : Dirs) {
    if (!sys::fs::is_directory(Dir)) {
      Error = "--merge: '" + Dir + "' is not a directory";
      return false;
    }
    std::error_code EC;
    for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
         It.increment(EC)) {
      StringRef Name = sys::path::filename(It->path());
      if (!Name.starts_with("shard-"))
        continue;
      SmallString<256> List(It->path());
      sys::path::append(List, "files.txt");
      auto Buffer = MemoryBuffer::getFile(List);
      if (!Buffer) {
        Error = ("cannot read '" + List + "': " + Buffer.getError().message())
                    .str();
        return false;
      }
      SmallVector<StringRef, 0> Lines;
      (*Buffer)->getBuffer().split(Lines, '\n', -1, /*KeepEmpty=*/false);
      SmallVector<StringRef, 4> Head;
      if (!Lines.empty())
        Lines.front().split(Head, ' ');
      ShardSpec S;
      if (Head.size() != 4 || Head[0] != "lockcheck-shard" ||
          Head[2].getAsInteger(10, S.K) || Head[3].getAsInteger(10, S.N) ||
          !S.valid()) {
        Error = ("'" + List + "' is not a lockcheck shard list").str();
        return false;
      }
      if (Head[1] != Twine(SummaryVersion).str()) {
        Error = ("'" + It->path() +
                 "' was written by another version of lockcheck (summary "
                 "format " +
                 Head[1] + ", this one reads " + Twine(SummaryVersion) + ")")
                    .str();
        return false;
      }
      std::vector<std::string> These;
      for (StringRef L : ArrayRef(Lines).drop_front())
        These.push_back(L.str());
      if (!HaveFiles) {
        Files = These;
        N = S.N;
        HaveFiles = true;
      } else if (S.N != N || These != Files) {
        Error = "'" + It->path() +
                "' belongs to another run than the other shards (another "
                "shard count or another list of files)";
        return false;
      }
      if (!Found.try_emplace(S.K, It->path()).second) {
        Error = "shard " + std::to_string(S.K) + "/" + std::to_string(N) +
                " is given twice ('" + Found[S.K] + "' and '" + It->path() +
                "')";
        return false;
      }
    }
    if (EC) {
      Error = "cannot read '" + Dir + "': " + EC.message();
      return false;
    }
  }
  if (!HaveFiles) {
    Error = "--merge: no shard (shard-K-of-N directory written by "
            "--shard-out) in the directories given";
    return false;
  }
  for (unsigned K = 1; K <= N; ++K)
    if (!Found.count(K)) {
      Error = "shard " + std::to_string(K) + "/" + std::to_string(N) +
              " is missing: no 'shard-" + std::to_string(K) + "-of-" +
              std::to_string(N) + "' in the --merge directories";
      return false;
    }
  Results.assign(Files.size(), FileResult());
  for (unsigned K = 1; K <= N; ++K)
    for (size_t I : shardPart(Files, ShardSpec{K, N})) {
      SmallString<256> P(Found[K]);
      sys::path::append(P, Twine(I) + ".bin");
      auto Buffer = MemoryBuffer::getFile(P, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
      if (!Buffer) {
        // The results of a lockcheck that wrote them as YAML.
        SmallString<256> Yaml(Found[K]);
        sys::path::append(Yaml, Twine(I) + ".yaml");
        if (sys::fs::exists(Yaml)) {
          Error = "'" + Found[K] +
                  "' was written by another version of lockcheck (results "
                  "as YAML, this one reads them in binary form)";
          return false;
        }
      }
      std::string ReadError;
      if (!Buffer ||
          !decodeFileResult((*Buffer)->getBuffer(), Results[I], ReadError)) {
        Error = ("cannot read the result of '" + Files[I] + "' from '" + P +
                 "': " + (Buffer ? ReadError : Buffer.getError().message()))
                    .str();
        return false;
      }
    }
  return true;
}

int writeShardResults(ShardSpec Shard, ArrayRef<std::string> Files,
                      ArrayRef<size_t> ToRun, ArrayRef<FileResult> ShardResults,
                      unsigned CacheHits) {
  std::string Error;
  if (!writeShard(ShardOut, Shard, Files, ToRun, ShardResults, Error)) {
    error() << Error << "\n";
    return ExitError;
  }
  if (!Quiet)
    errs() << "lockcheck: shard " << Shard.K << "/" << Shard.N << ": "
           << plural(ToRun.size(), "file", "files") << " of " << Files.size()
           << " analysed"
           << (CacheHits ? " (" + Twine(CacheHits).str() + " from the cache)"
                         : std::string())
           << ", results in '" << ShardOut << "'; report with --merge\n";
  return ExitClean;
}

} // namespace lockcheck
