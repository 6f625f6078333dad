//===--- CheckInfo.cpp - what each check is about -------------------------===//

#include "tool/CheckInfo.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
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

const CheckInfo *findCheckInfo(StringRef CheckName) {
  static const std::vector<CheckInfo> Table = buildTable();
  CheckName.consume_front("lockcheck-");
  auto It =
      find_if(Table, [&](const CheckInfo &I) { return I.Name == CheckName; });
  return It == Table.end() ? nullptr : &*It;
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
