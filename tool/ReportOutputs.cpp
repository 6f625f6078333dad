//===--- ReportOutputs.cpp - the outputs of a run -------------------------===//
//
// What a run writes once its findings are known: the SARIF or JSON report,
// the exported fixes, the fixes applied and the baseline.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/ClangTidy.h"
#include "tool/CommandLine.h"
#include "tool/Reporter.h"
#include "tool/RunReport.h"
#include "llvm/Support/FileSystem.h"

using namespace clang;
using namespace clang::tidy;
using namespace llvm;

namespace lockcheck {

using namespace cli;

/// The errors of the findings shown, in their order.
static std::vector<ClangTidyError> shownErrors(ArrayRef<Reported> Shown) {
  std::vector<ClangTidyError> ShownErrors;
  for (const Reported &R : Shown)
    ShownErrors.push_back(R.F.Error);
  return ShownErrors;
}

void RunReport::writeOutputs(ArrayRef<std::string> Enabled) {
  if (Format == FormatSarif) {
    SarifRun Run;
    Run.Version = LOCKCHECK_VERSION;
    Run.Root = SarifRootDir;
    Run.Checks = Enabled;
    Run.Notifications = Notifications;
    Run.Successful = !HadError;
    Run.HelpBase = SarifHelpBase;
    writeSarif(Out, Run, Shown, Texts);
  } else if (Format == FormatJson) {
    writeJson(Out, Shown, Texts);
  }
  Out.flush();
  if (OutputStream) {
    OutputStream->close();
    if (OutputStream->has_error()) {
      error() << "cannot write '" << OutputFile
              << "': " << OutputStream->error().message() << "\n";
      OutputStream->clear_error();
      HadError = true;
    }
  }
}

void RunReport::exportFixes(StringRef MainFile) {
  std::error_code EC;
  raw_fd_ostream OS(ExportFixes, EC, sys::fs::OF_None);
  if (EC) {
    error() << "cannot write '" << ExportFixes << "': " << EC.message() << "\n";
    HadError = true;
  } else {
    exportReplacements(MainFile, shownErrors(Shown), OS);
  }
}

void RunReport::fixFindings(ClangTidyOptionsProvider &OptionsProvider) {
  std::vector<ClangTidyError> ShownErrors = shownErrors(Shown);
  std::vector<ClangTidyError> ToFix;
  for (size_t I = 0; I < Shown.size(); ++I)
    if (Fixable[I])
      ToFix.push_back(ShownErrors[I]);
  FixSummary S = applyFixes(ToFix, [&](StringRef File) {
    ClangTidyOptions Opts = OptionsProvider.getOptions(File);
    return Opts.FormatStyle ? *Opts.FormatStyle : std::string("none");
  });
  for (const std::string &Msg : S.WriteErrors) {
    error() << "cannot apply fixes to " << Msg << "\n";
    HadError = true;
  }
  if (!Quiet)
    errs() << "lockcheck: applied " << plural(S.Applied, "fix", "fixes")
           << " in " << plural(S.FilesWritten, "file", "files")
           << (S.Conflicting ? " (" +
                                   plural(S.Conflicting, "conflicting fix",
                                          "conflicting fixes") +
                                   " skipped)"
                             : std::string())
           << "\n";
}

void RunReport::saveBaseline() {
  std::vector<BaselineEntry> Entries;
  for (const Reported &R : Shown) {
    const ClangTidyError &E = R.F.Error;
    BaselineEntry B;
    B.Fingerprint = R.Fingerprint;
    B.Check = E.DiagnosticName;
    B.File = E.Message.FilePath.empty()
                 ? std::string()
                 : relativePath(E.Message.FilePath, FingerprintRoot);
    B.Function = R.F.Function;
    B.Line = Texts.position(E.Message.FilePath, E.Message.FileOffset).Line;
    B.Message = E.Message.Message;
    Entries.push_back(std::move(B));
  }
  std::string Error;
  if (!writeBaseline(WriteBaselineFile, Entries, Error)) {
    error() << Error << "\n";
    HadError = true;
  } else if (!Quiet) {
    errs() << "lockcheck: wrote "
           << plural(Entries.size(), "finding", "findings")
           << " to the baseline '" << WriteBaselineFile << "'\n";
  }
}

} // namespace lockcheck
