//===--- Output.h - SARIF and JSON reports ----------------------*- C++ -*-===//

#ifndef LOCKCHECK_TOOL_OUTPUT_H
#define LOCKCHECK_TOOL_OUTPUT_H

#include "tool/Findings.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace lockcheck {

/// Something that went wrong in the run (a file not analysed, a compiler
/// error), for SARIF's toolExecutionNotifications.
struct Notification {
  std::string Message;
  std::string File; ///< absolute, or empty
  unsigned Offset = 0;
  bool HasOffset = false;
};

struct SarifRun {
  std::string Version;
  /// URIs of files under this directory are relative to it (uriBaseId
  /// %SRCROOT%); others are absolute file: URIs.
  std::string Root;
  /// The checks that ran: one rule each.
  std::vector<std::string> Checks;
  std::vector<Notification> Notifications;
  bool Successful = true;
  /// Where the check pages are published: a rule's helpUri is
  /// <HelpBase>/<check>.md, "{version}" replaced by Version. Empty: no
  /// helpUri (the page is in the rule's help.markdown anyway).
  std::string HelpBase;
};

/// Writes a SARIF 2.1.0 log with one run.
void writeSarif(llvm::raw_ostream &OS, const SarifRun &Run,
                llvm::ArrayRef<Reported> Findings, SourceCache &Sources);

/// Writes the findings as a JSON array (format in docs/user-guide.md).
void writeJson(llvm::raw_ostream &OS, llvm::ArrayRef<Reported> Findings,
               SourceCache &Sources);

} // namespace lockcheck

#endif
