//===--- WholeProgram.cpp - the merge's findings as the tool's ------------===//

#include "tool/WholeProgram.h"
#include "clang-tidy/GlobList.h"
#include "merge/ProgramMerge.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace lockcheck {

/// Whether \p Text has \p Marker applying to \p Check: `NOLINT` alone, or
/// `NOLINT(a,b*)` with a name or glob that matches.
static bool markerApplies(StringRef Text, StringRef Marker, StringRef Check) {
  for (size_t Pos = Text.find(Marker); Pos != StringRef::npos;
       Pos = Text.find(Marker, Pos + 1)) {
    StringRef Rest = Text.substr(Pos + Marker.size());
    // NOLINT must not be the start of NOLINTNEXTLINE/NOLINTBEGIN.
    if (!Rest.empty() && (isAlnum(Rest.front()) || Rest.front() == '_'))
      continue;
    if (!Rest.starts_with("("))
      return true;
    StringRef List =
        Rest.drop_front().take_until([](char C) { return C == ')'; });
    SmallVector<StringRef, 4> Names;
    List.split(Names, ',', -1, /*KeepEmpty=*/false);
    for (StringRef N : Names) {
      N = N.trim();
      if (N == Check ||
          (N.contains('*') && clang::tidy::GlobList(N).contains(Check)))
        return true;
    }
  }
  return false;
}

bool suppressedByNolint(StringRef File, unsigned Offset, StringRef Check,
                        SourceCache &Texts) {
  unsigned Line = Texts.position(File, Offset).Line;
  if (!Line)
    return false;
  if (markerApplies(Texts.line(File, Line), "NOLINT", Check))
    return true;
  return Line > 1 &&
         markerApplies(Texts.line(File, Line - 1), "NOLINTNEXTLINE", Check);
}

static clang::tooling::DiagnosticMessage message(std::string Text,
                                                 const OrderPlace &P) {
  clang::tooling::DiagnosticMessage M;
  M.Message = std::move(Text);
  M.FilePath = P.File;
  M.FileOffset = P.Offset;
  return M;
}

std::vector<std::string>
wholeProgramModel(ArrayRef<UnitFacts> Units, SourceCache &Texts,
                  function_ref<std::string(StringRef)> Display) {
  std::vector<MergeUnit> In;
  for (const UnitFacts &U : Units)
    In.push_back({&U.Summary, &U.OrderEdges});
  std::vector<std::string> Lines;
  for (const ProgramApiEntry &E : mergeThreadApi(In)) {
    SourceCache::Position P = Texts.position(E.At.File, E.At.Offset);
    Lines.push_back((Display(E.At.File) + ":" + Twine(P.Line) + ":" +
                     Twine(P.Column) + ": " + E.Name + ": " + E.Kind + " (" +
                     E.Rule + ")")
                        .str());
  }
  return Lines;
}

std::vector<Finding> wholeProgramFindings(
    ArrayRef<UnitFacts> Units, function_ref<bool(StringRef)> Enabled,
    function_ref<bool(StringRef, StringRef)> AsError,
    const std::set<std::tuple<std::string, std::string, unsigned>> &Local,
    SourceCache &Texts) {
  std::vector<MergeUnit> In;
  for (const UnitFacts &U : Units)
    In.push_back({&U.Summary, &U.OrderEdges});
  MergeOptions Opts;
  Opts.Enabled = Enabled;
  std::vector<Finding> Out;
  for (ProgramFinding &P : mergeProgram(In, Opts)) {
    if (Local.count({P.Check, P.At.File, P.At.Offset}) ||
        suppressedByNolint(P.At.File, P.At.Offset, P.Check, Texts))
      continue;
    clang::tidy::ClangTidyError E(P.Check, clang::tidy::ClangTidyError::Warning,
                                  "", AsError(P.Check, P.At.File));
    E.Message = message(std::move(P.Message), P.At);
    for (auto &[Place, Text] : P.Notes)
      E.Notes.push_back(message(std::move(Text), Place));
    Out.emplace_back(std::move(E), std::move(P.Function));
  }
  return Out;
}

} // namespace lockcheck
