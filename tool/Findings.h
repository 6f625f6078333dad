//===--- Findings.h - positions, fingerprints and baselines -----*- C++ -*-===//
//
// What the front end derives from a finding after the analysis: line and
// column (from the file's text), a fingerprint that survives unrelated edits,
// and the baseline file that records fingerprints.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_FINDINGS_H
#define LOCKCHECK_TOOL_FINDINGS_H

#include "tool/Analysis.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lockcheck {

/// Reads source files once and maps offsets to lines and columns.
class SourceCache {
public:
  struct Position {
    unsigned Line = 0;        ///< 1-based; 0 when the file cannot be read
    unsigned Column = 0;      ///< 1-based, in bytes (as Clang counts)
    unsigned Utf16Column = 0; ///< 1-based, in UTF-16 code units (SARIF)
  };

  Position position(llvm::StringRef Path, unsigned Offset);
  /// The text of line \p Line (1-based) without its end of line.
  llvm::StringRef line(llvm::StringRef Path, unsigned Line);

private:
  struct File {
    std::unique_ptr<llvm::MemoryBuffer> Buffer;
    std::vector<unsigned> LineStarts;
  };
  const File *get(llvm::StringRef Path);
  llvm::StringMap<std::optional<File>> Files;
};

/// \p Path relative to the directory \p Base (both absolute), with '/'
/// separators and ".." where \p Path is not under \p Base.
std::string relativePath(llvm::StringRef Path, llvm::StringRef Base);

/// True when \p Path is \p Dir or below it.
bool isUnder(llvm::StringRef Path, llvm::StringRef Dir);

/// Computes fingerprints: a hash of the check, the file (relative to the
/// root), the enclosing function and the whitespace-normalized text of the
/// flagged line(s) -- never the line number -- followed by ":N" for the N-th
/// finding with the same hash in the run (in output order).
class Fingerprinter {
public:
  Fingerprinter(std::string Root, SourceCache &Sources)
      : Root(std::move(Root)), Sources(Sources) {}
  std::string fingerprint(const Finding &F);
  const std::string &root() const { return Root; }

private:
  std::string Root;
  SourceCache &Sources;
  llvm::StringMap<unsigned> Seen;
};

/// A finding that is reported, with its fingerprint.
struct Reported {
  Finding F;
  std::string Fingerprint;
};

/// One line of a baseline file.
struct BaselineEntry {
  std::string Fingerprint;
  std::string Check;
  std::string File; ///< relative to the baseline file's directory
  std::string Function;
  unsigned Line = 0; ///< for people reading the file; never matched
  std::string Message;
};

/// Writes the baseline file (JSON, documented in docs/user-guide.md).
bool writeBaseline(llvm::StringRef Path, llvm::ArrayRef<BaselineEntry> Entries,
                   std::string &Error);

/// Reads a baseline file. Returns false with a one-line \p Error when the
/// file cannot be read or is not a lockcheck baseline.
bool readBaseline(llvm::StringRef Path, std::vector<BaselineEntry> &Entries,
                  std::string &Error);

} // namespace lockcheck

#endif
