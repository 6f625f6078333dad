//===--- Workers.h - analysing files in worker processes --------*- C++ -*-===//
//
// Translation units are analysed in worker processes: the lockcheck binary
// itself, re-executed with the hidden option --worker and the user's own
// arguments. A worker reads the configuration and the compilation database
// once, then analyses the files its parent sends it one at a time, and
// answers each with its FileResult. At most N workers run at once, so at
// most N ASTs are alive; a worker that crashes loses the file it was on,
// which is reported as crashed, and a new worker takes the next file.
//
// The channel is a socket on the worker's standard input: a request is the
// file and the extra options for that file alone; an answer is the result in
// the binary form of encodeFileResult. What the worker writes on standard
// error (and standard output) goes to a log file, which the parent reads
// after each answer: the part written while a file was analysed is that
// file's FileResult::Log.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_WORKERS_H
#define LOCKCHECK_TOOL_WORKERS_H

#include "tool/Analysis.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <memory>
#include <string>
#include <vector>

namespace lockcheck {

struct WorkerCommand {
  std::string Executable;
  /// The user's arguments (without the program name), passed on to every
  /// worker, which reads the same configuration and compilation database.
  std::vector<std::string> Arguments;
};

/// One file for a worker to analyse.
struct WorkerRequest {
  std::string File;
  /// Options for this file alone, after the run's own (e.g. a hidden option
  /// naming a file of facts); the worker parses them as command-line
  /// options.
  std::vector<std::string> Arguments;
};

/// The command that starts a worker: this executable (\p MainAddr is the
/// address of a function in it) with the arguments \p argv as given.
WorkerCommand workerCommand(int argc, const char **argv, void *MainAddr);

/// The hidden option that makes lockcheck a worker process.
extern const char WorkerOption[];

/// Analyses \p Requests in at most \p Jobs worker processes at once. \p
/// OnStart is called when request I starts, \p OnDone when it is finished,
/// both on the calling thread, starts in the order of \p Requests.
void analyseInWorkers(llvm::ArrayRef<WorkerRequest> Requests, unsigned Jobs,
                      const WorkerCommand &Command,
                      llvm::function_ref<void(size_t)> OnStart,
                      llvm::function_ref<void(size_t, FileResult)> OnDone);

/// The loop of a worker process: answers each request of the parent (on
/// standard input) with \p Analyse's result, until the parent closes the
/// channel. Returns the process's exit status.
int serveWorkerRequests(
    llvm::function_ref<FileResult(const WorkerRequest &)> Analyse);

/// A worker process (--worker): the database (\p Compilations, or the one
/// the options name) and the configuration are read once, then each file
/// the parent sends is analysed. \p Args are the run's own arguments; a
/// request's extra arguments are parsed after them.
int runWorker(std::unique_ptr<clang::tooling::CompilationDatabase> Compilations,
              llvm::ArrayRef<const char *> Args);

/// Analyses \p File in this process; a crash is caught and reported as a
/// Crashed result.
FileResult analyseInProcess(const AnalysisSetup &Setup, llvm::StringRef File);

/// The message of a crash while analysing \p File.
std::string crashMessage(llvm::StringRef File);

} // namespace lockcheck

#endif
