//===--- Workers.cpp - analysing files in worker processes ----------------===//

#include "tool/Workers.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Signals.h"
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

using namespace llvm;

namespace lockcheck {

const char WorkerFileOption[] = "worker-file";
const char WorkerOutputOption[] = "worker-output";

std::string crashMessage(StringRef File) {
  return ("crashed while analysing '" + File + "'").str();
}

namespace {

/// A temporary file, removed when this object dies or the process is
/// interrupted.
class TempFile {
public:
  TempFile(StringRef Prefix, StringRef Suffix) {
    if ((EC = sys::fs::createTemporaryFile(Prefix, Suffix, Path)))
      return;
    sys::RemoveFileOnSignal(Path);
  }
  ~TempFile() {
    if (EC)
      return;
    sys::fs::remove(Path);
    sys::DontRemoveFileOnSignal(Path);
  }
  std::error_code EC;
  SmallString<128> Path;
};

FileResult runWorker(const WorkerCommand &Command, StringRef File) {
  FileResult R;
  R.File = File.str();
  auto Fail = [&](FileResult::StatusKind Status, const Twine &Message) {
    R.Status = Status;
    R.Errors.push_back(Message.str());
    return R;
  };

  TempFile Output("lockcheck-result", "yaml");
  TempFile Log("lockcheck-log", "txt");
  if (Output.EC || Log.EC)
    return Fail(FileResult::NotAnalysed,
                "cannot create a temporary file to analyse '" + File +
                    "': " + (Output.EC ? Output.EC : Log.EC).message());

  std::vector<std::string> Storage = {
      Command.Executable, ("--" + Twine(WorkerFileOption) + "=" + File).str(),
      ("--" + Twine(WorkerOutputOption) + "=" + Output.Path).str()};
  Storage.insert(Storage.end(), Command.Arguments.begin(),
                 Command.Arguments.end());
  std::vector<StringRef> Args(Storage.begin(), Storage.end());
  std::optional<StringRef> Redirects[] = {StringRef(), StringRef(),
                                          StringRef(Log.Path)};
  std::string ErrMsg;
  bool ExecutionFailed = false;
  int Status = sys::ExecuteAndWait(
      Command.Executable, Args, std::nullopt, Redirects, /*SecondsToWait=*/0,
      /*MemoryLimit=*/0, &ErrMsg, &ExecutionFailed);
  if (auto Text = MemoryBuffer::getFile(Log.Path))
    R.Log = (*Text)->getBuffer().str();
  if (ExecutionFailed)
    return Fail(FileResult::NotAnalysed,
                "cannot start a worker process to analyse '" + File +
                    "': " + ErrMsg);
  if (Status < 0)
    return Fail(FileResult::Crashed, crashMessage(File));
  if (Status != 0)
    return Fail(FileResult::Crashed, "the worker process analysing '" + File +
                                         "' failed (exit status " +
                                         Twine(Status) + ")");

  auto Text = MemoryBuffer::getFile(Output.Path);
  std::string Error;
  if (!Text)
    return Fail(FileResult::NotAnalysed, "cannot read the results of '" + File +
                                             "': " + Text.getError().message());
  std::string Log2 = std::move(R.Log);
  if (!readFileResult((*Text)->getBuffer(), R, Error))
    return Fail(FileResult::NotAnalysed,
                "cannot read the results of '" + File + "': " + Error);
  R.Log = std::move(Log2);
  return R;
}

} // namespace

void analyseInWorkers(ArrayRef<std::string> Files, unsigned Jobs,
                      const WorkerCommand &Command,
                      function_ref<void(size_t)> OnStart,
                      function_ref<void(size_t, FileResult)> OnDone) {
  struct Event {
    bool Done;
    size_t Index;
  };
  std::mutex Mutex;
  std::condition_variable Changed;
  std::deque<Event> Events;
  std::vector<FileResult> Results(Files.size());
  size_t Next = 0;

  auto Work = [&] {
    for (;;) {
      size_t I;
      {
        std::lock_guard<std::mutex> Lock(Mutex);
        if (Next == Files.size())
          return;
        I = Next++;
        Events.push_back({false, I});
      }
      Changed.notify_one();
      FileResult R = runWorker(Command, Files[I]);
      {
        std::lock_guard<std::mutex> Lock(Mutex);
        Results[I] = std::move(R);
        Events.push_back({true, I});
      }
      Changed.notify_one();
    }
  };

  Jobs = std::max(1u, std::min<unsigned>(Jobs, Files.size()));
  std::vector<std::thread> Threads;
  for (unsigned J = 0; J < Jobs; ++J)
    Threads.emplace_back(Work);

  for (size_t Finished = 0; Finished < Files.size();) {
    std::unique_lock<std::mutex> Lock(Mutex);
    Changed.wait(Lock, [&] { return !Events.empty(); });
    Event E = Events.front();
    Events.pop_front();
    FileResult R;
    if (E.Done)
      R = std::move(Results[E.Index]);
    Lock.unlock();
    if (E.Done) {
      ++Finished;
      OnDone(E.Index, std::move(R));
    } else {
      OnStart(E.Index);
    }
  }
  for (std::thread &T : Threads)
    T.join();
}

FileResult analyseInProcess(const AnalysisSetup &Setup, StringRef File) {
  CrashRecoveryContext::Enable();
  CrashRecoveryContext CRC;
  CRC.DumpStackAndCleanupOnFailure = true;
  FileResult R;
  if (!CRC.RunSafely([&] { R = analyseFile(Setup, File); })) {
    FileResult Crashed;
    Crashed.File = File.str();
    Crashed.Status = FileResult::Crashed;
    Crashed.Errors.push_back(crashMessage(File));
    return Crashed;
  }
  return R;
}

} // namespace lockcheck
