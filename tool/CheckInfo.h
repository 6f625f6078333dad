//===--- CheckInfo.h - what each check is about -----------------*- C++ -*-===//

#ifndef LOCKCHECK_TOOL_CHECKINFO_H
#define LOCKCHECK_TOOL_CHECKINFO_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace lockcheck {

struct CheckInfo {
  llvm::StringRef Name; ///< without the "lockcheck-" prefix
  llvm::StringRef ShortDescription;
  llvm::StringRef FullDescription;
  llvm::StringRef Markdown; ///< docs/checks/<Name>.md; empty when missing
};

/// The description of \p CheckName (with or without its "lockcheck-"
/// prefix), or nullptr for a check that tool/CheckDescriptions.def does not
/// describe.
const CheckInfo *findCheckInfo(llvm::StringRef CheckName);

/// The checks tool/CheckDescriptions.def describes, in its order.
llvm::ArrayRef<CheckInfo> allCheckInfos();

/// Among \p Candidates, the one nearest to \p Name by edit distance (a
/// typo: "lockcheck-unjoined-thred"), or "" when none is near.
std::string nearestName(llvm::StringRef Name,
                        llvm::ArrayRef<std::string> Candidates);

/// Where the documentation page of \p CheckName is published, when the
/// pages are at \p Base ("https://host/lockcheck/blob/v{version}/docs/checks",
/// "{version}" replaced by \p Version): <Base>/<name>.md. Empty when \p Base
/// is.
std::string checkHelpUri(llvm::StringRef Base, llvm::StringRef Version,
                         llvm::StringRef CheckName);

} // namespace lockcheck

#endif
