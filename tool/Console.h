//===--- Console.h - progress and wording -----------------------*- C++ -*-===//
//
// What the lockcheck tool tells the person watching: the progress line
// (rewritten in place on a terminal, one line per file elsewhere) and the
// wording of counts and paths.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_CONSOLE_H
#define LOCKCHECK_TOOL_CONSOLE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace lockcheck {

/// The progress line and the summary, on standard error.
class Console {
public:
  Console(bool Show, bool Terminal) : Show(Show), Terminal(Terminal) {}

  /// A file is being analysed: on a terminal, before any has finished,
  /// "[0/N] file" says that something is happening.
  void starting(size_t Count, llvm::StringRef File) {
    if (Show && Terminal && Line.empty())
      show(0, Count, File);
  }
  /// A file has been analysed: "[done/N] file", where done counts the
  /// finished files (not the started ones, which run ahead with -j).
  void finished(size_t Done, size_t Count, llvm::StringRef File) {
    if (Show)
      show(Done, Count, File);
  }
  /// Removes the progress line before something else is printed.
  void clear() {
    if (Shown)
      llvm::errs() << "\r\x1b[K";
    Shown = false;
  }
  /// Shows it again.
  void redraw() {
    if (Show && Terminal && !Line.empty() && !Shown) {
      llvm::errs() << "\r" << Line << "\x1b[K";
      Shown = true;
    }
  }
  void done() {
    clear();
    Line.clear();
  }

private:
  void show(size_t Done, size_t Count, llvm::StringRef File) {
    Line = ("[" + llvm::Twine(Done) + "/" + llvm::Twine(Count) + "] " + File)
               .str();
    if (!Terminal) {
      llvm::errs() << Line << "\n";
      return;
    }
    unsigned Width = llvm::sys::Process::StandardErrColumns();
    if (Width > 10 && Line.size() >= Width)
      Line = "..." + Line.substr(Line.size() - Width + 4);
    llvm::errs() << "\r" << Line << "\x1b[K";
    Shown = true;
  }

  bool Show;
  bool Terminal;
  bool Shown = false;
  std::string Line;
};

/// "1 file", "3 files".
std::string plural(size_t N, llvm::StringRef One, llvm::StringRef Many);

/// A path for people: relative to the current directory when under it.
std::string displayPath(llvm::StringRef Path, llvm::StringRef CWD);

} // namespace lockcheck

#endif
