//===--- RunReport.cpp - the report of a run ------------------------------===//

#include "tool/RunReport.h"
#include "clang-tidy/GlobList.h"
#include "tool/CommandLine.h"
#include "tool/Reporter.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

using namespace clang;
using namespace clang::tidy;
using namespace llvm;

namespace lockcheck {

using namespace cli;

/// Where the files of fingerprints are relative to: the baseline's
/// directory, else the SARIF root (\p SarifRootDir).
static std::string fingerprintRoot(StringRef SarifRootDir) {
  if (BaselineFile.empty() && WriteBaselineFile.empty())
    return SarifRootDir.str();
  return sys::path::parent_path(absolutePath(BaselineFile.empty()
                                                 ? WriteBaselineFile
                                                 : BaselineFile))
      .str();
}

RunReport::RunReport(RunOptions &Options, RunFiles &Run, StringRef CWD)
    : Selection(Options.Selection), Baseline(Options.Baseline),
      BaselineFingerprints(Options.BaselineFingerprints), CWD(CWD.str()),
      OutputStream(std::move(Options.OutputStream)),
      Out(OutputStream ? *OutputStream : outs()),
      ModelOnly(DumpModel || VerifyConfig),
      SarifRootDir(SarifRoot.empty() ? CWD.str() : absolutePath(SarifRoot)),
      FingerprintRoot(fingerprintRoot(SarifRootDir)),
      Fingerprints(FingerprintRoot, Texts),
      Color(!OutputStream && useColor(outs())), Terminal(errs().is_displayed()),
      Progress(ShowProgress || (Terminal && !Quiet), Terminal),
      Notifications(std::move(Run.Notifications)), HadError(Run.HadError) {}

void RunReport::mergeFindings(std::vector<Finding> &Findings, bool Analysed) {
  std::vector<ClangTidyError> ToPrint, CompilerErrors;
  for (Finding &F : Findings) {
    ClangTidyError &E = F.Error;
    // A finding in a header reached from several files is one finding,
    // even when a count in its message differs between them ("guarded
    // by 'mu' at 1 other access" in one file, "at 5 other accesses" in
    // another): the message up to its first number tells it apart.
    StringRef Key = E.Message.Message;
    if (!isCompilerError(E))
      Key = Key.take_until([](char C) { return isDigit(C); });
    auto [It, New] = Dedup.try_emplace(
        {E.DiagnosticName, E.Message.FilePath, E.Message.FileOffset, Key.str()},
        -1);
    if (!New) {
      // A finding in a header reached from several files: reported once,
      // fixable if any of them compiled.
      if (It->second >= 0 && Analysed)
        Fixable[It->second] = true;
      continue;
    }
    if (isCompilerError(E)) {
      Notifications.push_back({E.Message.Message, E.Message.FilePath,
                               E.Message.FileOffset,
                               !E.Message.FilePath.empty()});
      CompilerErrors.push_back(E);
      if (Format == FormatText)
        ToPrint.push_back(E);
      continue;
    }
    std::string Fingerprint = Fingerprints.fingerprint(F);
    if (BaselineFingerprints.count(Fingerprint)) {
      BaselineMatched.insert(Fingerprint);
      ++Baselined;
      continue;
    }
    if (Selection.active() && !Selection.keeps(F, Texts))
      continue;
    if (Format == FormatText)
      ToPrint.push_back(E);
    if (E.IsWarningAsError)
      ++AsErrors;
    ++PerCheck[E.DiagnosticName];
    It->second = Shown.size();
    Shown.push_back({std::move(F), std::move(Fingerprint)});
    Fixable.push_back(Analysed);
  }
  if (!ToPrint.empty()) {
    printDiagnostics(ToPrint, Out, Color);
    Out.flush();
  }
  if (Format != FormatText && !CompilerErrors.empty())
    printDiagnostics(CompilerErrors, errs(), useColor(errs()));
}

void RunReport::merge(FileResult R) {
  Progress.clear();
  if (ModelOnly) {
    for (Finding &F : R.Findings)
      if (isCompilerError(F.Error))
        printDiagnostics({F.Error}, errs(), useColor(errs()));
  } else {
    mergeFindings(R.Findings, R.analysed());
  }
  for (std::string &L : R.Model)
    if (SeenModelLines.insert(L).second)
      ModelLines.push_back(std::move(L));
  for (const std::string &N : R.MatchedNames)
    MatchedNames.insert(N);
  HiddenInHeaders.insert(R.HiddenInHeaders.begin(), R.HiddenInHeaders.end());
  for (std::string &N : R.UnmatchedNames)
    if (!llvm::is_contained(UnmatchedNames, N))
      UnmatchedNames.push_back(std::move(N));
  for (const Finding &F : R.Findings)
    LocalPlaces.insert({F.Error.DiagnosticName, F.Error.Message.FilePath,
                        F.Error.Message.FileOffset});
  if (R.analysed() || R.Status == FileResult::CompileErrors)
    Units.push_back({std::move(R.Summary), std::move(R.OrderEdges)});

  for (const std::string &Message : R.Errors) {
    error() << Message << "\n";
    Notifications.push_back({Message, R.File, 0, false});
  }
  if (R.Status == FileResult::CompileErrors) {
    std::string Message = "'" + R.File +
                          "' could not be compiled; its findings may be "
                          "incomplete";
    error() << Message << "\n";
    Notifications.push_back({Message, R.File, 0, false});
  }
  // What a worker wrote on standard error: all of it after a crash, else
  // each line once (a configuration warning is not repeated per file).
  if (R.Status == FileResult::Crashed) {
    errs() << R.Log;
  } else {
    SmallVector<StringRef, 8> Lines;
    StringRef(R.Log).split(Lines, '\n', -1, /*KeepEmpty=*/false);
    for (StringRef L : Lines)
      if (LogLines.insert(L).second)
        errs() << L << "\n";
  }
  Covered.insert(R.Covered.begin(), R.Covered.end());
  if (R.analysed()) {
    ++Analysed;
  } else {
    ++NotAnalysed;
    HadError = true;
  }
  Progress.redraw();
}

void RunReport::warnUnmatchedNames() {
  llvm::erase_if(UnmatchedNames,
                 [&](const std::string &N) { return MatchedNames.count(N); });
  for (const std::string &N : UnmatchedNames) {
    auto [Option, Name] = StringRef(N).split(": ");
    errs() << "lockcheck: warning: the " << Option << " name '" << Name
           << "' matches no declaration in the analysed files\n";
  }
}

int RunReport::writeModel(const ConfigChecker &Config) {
  for (const std::string &L : ModelLines)
    Out << L << "\n";
  // What only the whole program shows: trampoline thread-start wrappers.
  if (DumpModel)
    for (const std::string &L : wholeProgramModel(
             Units, Texts, [&](StringRef P) { return displayPath(P, CWD); }))
      if (SeenModelLines.insert(L).second)
        Out << L << "\n";
  Out.flush();
  if (HadError)
    return ExitError;
  if (VerifyConfig) {
    bool Clean = UnmatchedNames.empty() && !Config.Errors && !Config.Warnings;
    if (Clean && !Quiet)
      errs() << "lockcheck: no configuration errors found\n";
    return Clean ? ExitClean : ExitFindings;
  }
  return ExitClean;
}

void RunReport::addWholeProgramFindings(
    ArrayRef<std::string> Enabled, ClangTidyOptionsProvider &OptionsProvider) {
  StringSet<> EnabledSet;
  for (const std::string &C : Enabled)
    EnabledSet.insert(C);
  std::vector<Finding> CrossFile = wholeProgramFindings(
      Units, [&](StringRef Check) { return EnabledSet.count(Check) != 0; },
      [&](StringRef Check, StringRef File) {
        ClangTidyOptions Opts = OptionsProvider.getOptions(File);
        return Opts.WarningsAsErrors &&
               CachedGlobList(*Opts.WarningsAsErrors).contains(Check);
      },
      LocalPlaces, Texts);
  mergeFindings(CrossFile, /*Analysed=*/true);
}

} // namespace lockcheck
