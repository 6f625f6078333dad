//===--- CheckInfo.cpp - what each check is about -------------------------===//

#include "tool/CheckInfo.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include <algorithm>
#include <vector>

using namespace llvm;

namespace lockcheck {

namespace {

struct CheckDoc {
  StringRef Name;
  StringRef Markdown;
};

const CheckDoc Docs[] = {
#include "CheckDocs.inc"
    {"", ""}};

std::vector<CheckInfo> buildTable() {
  std::vector<CheckInfo> Table;
#define LOCKCHECK_CHECK(Name, Short, Full)                                     \
  Table.push_back({Name, Short, Full, StringRef()});
#include "tool/CheckDescriptions.def"
  for (CheckInfo &Info : Table)
    for (const CheckDoc &Doc : Docs)
      if (Doc.Name == Info.Name)
        Info.Markdown = Doc.Markdown;
  return Table;
}

} // namespace

ArrayRef<CheckInfo> allCheckInfos() {
  static const std::vector<CheckInfo> Table = buildTable();
  return Table;
}

const CheckInfo *findCheckInfo(StringRef CheckName) {
  ArrayRef<CheckInfo> Table = allCheckInfos();
  CheckName.consume_front("lockcheck-");
  auto It =
      find_if(Table, [&](const CheckInfo &I) { return I.Name == CheckName; });
  return It == Table.end() ? nullptr : &*It;
}

std::string nearestName(StringRef Name, ArrayRef<std::string> Candidates) {
  // Near: a third of the name's letters wrong at most, so that a typo is
  // caught and another tool's check name ("bugprone-use-after-move") is not
  // taken for one.
  unsigned Limit = std::max<unsigned>(2, Name.size() / 3);
  std::string Best;
  unsigned BestDistance = Limit + 1;
  for (const std::string &C : Candidates) {
    unsigned D = Name.edit_distance(C, /*AllowReplacements=*/true, Limit + 1);
    if (D < BestDistance) {
      BestDistance = D;
      Best = C;
    }
  }
  return Best;
}

std::string checkHelpUri(StringRef Base, StringRef Version,
                         StringRef CheckName) {
  if (Base.empty())
    return std::string();
  CheckName.consume_front("lockcheck-");
  std::string Uri;
  const StringRef Placeholder = "{version}";
  for (size_t Pos; (Pos = Base.find(Placeholder)) != StringRef::npos;) {
    Uri += Base.take_front(Pos);
    Uri += Version;
    Base = Base.drop_front(Pos + Placeholder.size());
  }
  Uri += Base;
  return (Twine(StringRef(Uri).rtrim('/')) + "/" + CheckName + ".md").str();
}

} // namespace lockcheck
