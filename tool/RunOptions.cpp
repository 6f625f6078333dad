//===--- RunOptions.cpp - the options of a run, checked -------------------===//

#include "tool/RunOptions.h"
#include "tool/CommandLine.h"
#include "tool/FileSelection.h"
#include "llvm/Support/FileSystem.h"

using namespace llvm;

namespace lockcheck {

using namespace cli;

bool checkRunOptions(RunOptions &O) {
  if (ShardOption.getNumOccurrences() &&
      !parseShardSpec(ShardOption, O.Shard)) {
    error() << "--shard='" << ShardOption
            << "' is not K/N with 1 <= K <= N (e.g. --shard=2/3)\n";
    return false;
  }
  if (O.Shard.valid() != !ShardOut.empty()) {
    error() << (O.Shard.valid() ? "--shard needs --shard-out=<dir>, where the "
                                  "shard's results go"
                                : "--shard-out needs --shard=K/N")
            << "\n";
    return false;
  }
  if (MergeShards && (O.Shard.valid() || BuildPath.getNumOccurrences())) {
    error() << "--merge reads the results of the shards; it takes neither "
            << (O.Shard.valid() ? "--shard" : "-p") << "\n";
    return false;
  }
  if (MergeShards && Sources.empty()) {
    error() << "--merge needs the directories the shards were written to "
               "(--shard-out)\n";
    return false;
  }
  if (!BaselineFile.empty() && !WriteBaselineFile.empty()) {
    error() << "--baseline and --write-baseline cannot be used together\n";
    return false;
  }
  if (LineFilterJson.getNumOccurrences() || DiffRevision.getNumOccurrences()) {
    std::string Error;
    if (!WriteBaselineFile.empty()) {
      error() << "--write-baseline records every finding; it cannot be used "
                 "with --line-filter or --diff\n";
      return false;
    }
    if (LineFilterJson.getNumOccurrences() &&
        !O.Selection.Lines.emplace().parse(LineFilterJson, Error)) {
      error() << Error << "\n";
      return false;
    }
    if (DiffRevision.getNumOccurrences() &&
        !O.Selection.Diff.emplace().load(DiffRevision, currentDirectory(),
                                         Error)) {
      error() << Error << "\n";
      return false;
    }
  }
  for (const std::string &Pattern : Excludes) {
    Expected<GlobPattern> P = GlobPattern::create(Pattern, /*MaxSubPatterns=*/
                                                  1024);
    if (!P) {
      error() << "invalid --exclude pattern '" << Pattern
              << "': " << toString(P.takeError()) << "\n";
      return false;
    }
    O.ExcludePatterns.push_back(std::move(*P));
  }
  if (!BaselineFile.empty()) {
    std::string Error;
    if (!readBaseline(BaselineFile, O.Baseline, Error)) {
      error() << Error << "\n";
      return false;
    }
    for (const BaselineEntry &E : O.Baseline)
      O.BaselineFingerprints.insert(E.Fingerprint);
  }
  if (SarifRoot.getNumOccurrences() && !sys::fs::is_directory(SarifRoot)) {
    error() << "--sarif-root '" << SarifRoot << "' is not a directory\n";
    return false;
  }
  if (!SarifHelpBase.empty() && !StringRef(SarifHelpBase).contains("://")) {
    error() << "--sarif-help-base '" << SarifHelpBase
            << "' is not an absolute URL (https://...)\n";
    return false;
  }
  if (!OutputFile.empty()) {
    std::error_code EC;
    O.OutputStream =
        std::make_unique<raw_fd_ostream>(OutputFile, EC, sys::fs::OF_Text);
    if (EC) {
      error() << "cannot write '" << OutputFile << "': " << EC.message()
              << "\n";
      return false;
    }
  }
  return true;
}

} // namespace lockcheck
