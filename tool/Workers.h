//===--- Workers.h - analysing files in worker processes --------*- C++ -*-===//
//
// Each translation unit is analysed by a worker process: the lockcheck
// binary itself, re-executed with the hidden options --worker-file and
// --worker-output and the user's own arguments, which analyses one file and
// writes its FileResult to a temporary file. At most N workers run at once,
// so at most N ASTs are alive, and a crash loses one file, not the run.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_WORKERS_H
#define LOCKCHECK_TOOL_WORKERS_H

#include "tool/Analysis.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <string>
#include <vector>

namespace lockcheck {

struct WorkerCommand {
  std::string Executable;
  /// The user's arguments (without the program name), passed on to every
  /// worker, which reads the same configuration and compilation database.
  std::vector<std::string> Arguments;
};

/// The hidden options of a worker.
extern const char WorkerFileOption[];
extern const char WorkerOutputOption[];

/// Analyses \p Files in at most \p Jobs worker processes at once. \p OnStart
/// is called when file I starts, \p OnDone when it is finished, both on the
/// calling thread, starts in the order of \p Files.
void analyseInWorkers(llvm::ArrayRef<std::string> Files, unsigned Jobs,
                      const WorkerCommand &Command,
                      llvm::function_ref<void(size_t)> OnStart,
                      llvm::function_ref<void(size_t, FileResult)> OnDone);

/// Analyses \p File in this process; a crash is caught and reported as a
/// Crashed result.
FileResult analyseInProcess(const AnalysisSetup &Setup, llvm::StringRef File);

/// The message of a crash while analysing \p File.
std::string crashMessage(llvm::StringRef File);

} // namespace lockcheck

#endif
