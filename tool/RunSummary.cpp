//===--- RunSummary.cpp - the end of a run --------------------------------===//
//
// What a run says on standard error at its end (the baseline's known and
// gone findings, the findings left out, the summary line) and its exit
// status.
//
//===----------------------------------------------------------------------===//

#include "tool/CommandLine.h"
#include "tool/RunReport.h"
#include "llvm/Support/Format.h"

using namespace llvm;

namespace lockcheck {

using namespace cli;

/// The findings a header filter left out (\p HiddenInHeaders): said, as
/// clang-tidy does, so that they do not vanish in silence. Empty when none
/// was.
static std::string hiddenNote(const std::set<std::string> &HiddenInHeaders) {
  std::string HiddenNote;
  unsigned System = 0;
  for (const std::string &K : HiddenInHeaders)
    System += StringRef(K).starts_with("system:");
  if (!HiddenInHeaders.empty()) {
    HiddenNote = plural(HiddenInHeaders.size(), "finding", "findings") +
                 " in headers not shown";
    if (System)
      HiddenNote += " (" + Twine(System).str() + " in system headers)";
    HiddenNote += "; use ";
    if (System < HiddenInHeaders.size())
      HiddenNote += "--header-filter";
    if (System)
      HiddenNote += System < HiddenInHeaders.size()
                        ? " and --system-headers"
                        : "--system-headers with --header-filter";
  }
  return HiddenNote;
}

void RunReport::printSummary(size_t FileCount, unsigned ExcludedCount,
                             unsigned CacheHits,
                             std::chrono::steady_clock::time_point StartTime) {
  if (!BaselineFile.empty() && !Quiet) {
    // A baseline finding is gone when it was not found again although its
    // file was analysed (findings of files left out of this run are not).
    std::set<std::string> CoveredRelative;
    for (const std::string &F : Covered)
      CoveredRelative.insert(relativePath(F, FingerprintRoot));
    unsigned Gone = 0;
    for (const BaselineEntry &E : Baseline)
      if (!BaselineMatched.count(E.Fingerprint) &&
          CoveredRelative.count(E.File))
        ++Gone;
    errs() << "lockcheck: baseline '" << BaselineFile
           << "': " << plural(Baselined, "known finding", "known findings")
           << " not shown, " << Gone << " gone"
           << (Gone ? " (fixed or changed; --write-baseline updates the "
                      "baseline)"
                    : "")
           << "\n";
  }

  if (Selection.active() && !Quiet)
    errs() << "lockcheck: " << Selection.summary() << "\n";

  if (AsErrors && !Quiet)
    errs() << "lockcheck: "
           << plural(AsErrors, "warning treated as error",
                     "warnings treated as errors")
           << "\n";

  std::string HiddenNote = hiddenNote(HiddenInHeaders);

  if (!Quiet && !HiddenNote.empty() && !(Terminal || ShowProgress))
    errs() << "lockcheck: note: " << HiddenNote << "\n";

  if (!Quiet && (Terminal || ShowProgress)) {
    double Seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - StartTime)
                         .count();
    size_t Count = FileCount;
    errs() << "lockcheck: ";
    if (NotAnalysed)
      errs() << Analysed << " of " << plural(Count, "file", "files")
             << " analysed (" << NotAnalysed << " could not be)";
    else
      errs() << plural(Count, "file", "files") << " analysed";
    if (ExcludedCount)
      errs() << ", " << ExcludedCount << " excluded";
    if (CacheHits)
      errs() << ", " << CacheHits << " from the cache";
    errs() << " in " << format("%.2f", Seconds) << " s: ";
    if (Shown.empty()) {
      errs() << (BaselineFile.empty() ? "no findings" : "no new findings");
    } else {
      errs() << plural(Shown.size(),
                       BaselineFile.empty() ? "finding" : "new finding",
                       BaselineFile.empty() ? "findings" : "new findings")
             << " (";
      bool First = true;
      for (const auto &[Check, N] : PerCheck) {
        errs() << (First ? "" : ", ") << Check << ": " << N;
        First = false;
      }
      errs() << ")";
    }
    if (!HiddenNote.empty())
      errs() << "; " << HiddenNote;
    errs() << "\n";
  }
}

int RunReport::exitStatus() const {
  if (HadError)
    return ExitError;
  if (!WriteBaselineFile.empty())
    return ExitClean;
  return Shown.empty() ? ExitClean : ExitFindings;
}

} // namespace lockcheck
