//===--- Workers.cpp - analysing files in worker processes ----------------===//

#include "tool/Workers.h"
#include "checks/summary/SummaryIO.h"
#include "tool/CommandLine.h"
#include "tool/ConfigProviders.h"
#include "tool/Database.h"
#include "tool/FileSelection.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fcntl.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <mutex>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

using namespace clang;
using namespace llvm;
using namespace lockcheck::cli;

namespace lockcheck {

const char WorkerOption[] = "worker";

std::string crashMessage(StringRef File) {
  return ("crashed while analysing '" + File + "'").str();
}

namespace {

/// One end of the socket between the parent and a worker: messages of an
/// 8-byte little-endian length and that many bytes.
class Channel {
public:
  explicit Channel(int FD) : FD(FD) {}

  bool send(StringRef Message) {
    char Length[8];
    support::endian::write64le(Length, Message.size());
    return sendAll(StringRef(Length, 8)) && sendAll(Message);
  }

  /// False at the end of the stream (the other side closed it or died).
  bool receive(std::string &Message) {
    char Length[8];
    if (!receiveAll(Length, 8))
      return false;
    uint64_t Size = support::endian::read64le(Length);
    if (Size > (uint64_t(1) << 36))
      return false; // not a message of this protocol
    Message.resize(Size);
    return receiveAll(Message.data(), Message.size());
  }

private:
  bool sendAll(StringRef Data) {
    while (!Data.empty()) {
      // No SIGPIPE when the other side is gone: a failed send says it.
      ssize_t N = ::send(FD, Data.data(), Data.size(), MSG_NOSIGNAL);
      if (N < 0 && errno == ENOTSOCK)
        N = ::write(FD, Data.data(), Data.size());
      if (N < 0 && errno == EINTR)
        continue;
      if (N <= 0)
        return false;
      Data = Data.drop_front(N);
    }
    return true;
  }

  bool receiveAll(char *Data, size_t Size) {
    while (Size) {
      ssize_t N = ::read(FD, Data, Size);
      if (N < 0 && errno == EINTR)
        continue;
      if (N <= 0)
        return false;
      Data += N;
      Size -= N;
    }
    return true;
  }

  int FD;
};

/// A request: the file and its arguments, each ended by a NUL byte.
std::string encodeRequest(const WorkerRequest &R) {
  std::string Out = R.File;
  Out.push_back('\0');
  for (const std::string &A : R.Arguments) {
    Out += A;
    Out.push_back('\0');
  }
  return Out;
}

bool decodeRequest(StringRef Data, WorkerRequest &R) {
  if (Data.empty() || Data.back() != '\0')
    return false;
  SmallVector<StringRef, 4> Parts;
  Data.drop_back().split(Parts, '\0');
  R.File = Parts.front().str();
  R.Arguments.clear();
  for (StringRef A : ArrayRef(Parts).drop_front())
    R.Arguments.push_back(A.str());
  return true;
}

/// A worker process, started on the first request and again after a crash.
class WorkerProcess {
public:
  explicit WorkerProcess(const WorkerCommand &Command) : Command(Command) {}
  ~WorkerProcess() { stop(); }

  FileResult analyse(const WorkerRequest &Request) {
    FileResult R;
    R.File = Request.File;
    auto Fail = [&](FileResult::StatusKind Status, const Twine &Message) {
      R.Status = Status;
      R.Errors.push_back(Message.str());
      return R;
    };
    std::string Error;
    if (Pid < 0 && !start(Error))
      return Fail(FileResult::NotAnalysed,
                  "cannot start a worker process to analyse '" + Request.File +
                      "': " + Error);
    Channel C(Socket);
    std::string Answer;
    bool Answered = C.send(encodeRequest(Request)) && C.receive(Answer);
    R.Log = takeLog();
    if (!Answered) {
      // The worker died on this file.
      int Status = stop();
      if (Status < 0)
        return Fail(FileResult::Crashed, crashMessage(Request.File));
      return Fail(FileResult::Crashed, "the worker process analysing '" +
                                           Request.File +
                                           "' failed (exit "
                                           "status " +
                                           Twine(Status) + ")");
    }
    std::string Log = std::move(R.Log);
    if (!decodeFileResult(Answer, R, Error))
      return Fail(FileResult::NotAnalysed, "cannot read the results of '" +
                                               Request.File + "': " + Error);
    R.Log = std::move(Log);
    return R;
  }

private:
  bool start(std::string &Error) {
    SmallString<128> Path;
    if (std::error_code EC =
            sys::fs::createTemporaryFile("lockcheck-log", "txt", LogFD, Path)) {
      Error = EC.message();
      return false;
    }
    LogPath = std::string(Path);
    LogRead = 0;
    sys::RemoveFileOnSignal(LogPath);

    int Sockets[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, Sockets) != 0) {
      Error = std::strerror(errno);
      removeLog();
      return false;
    }
    std::vector<std::string> Storage = {Command.Executable,
                                        "--" + std::string(WorkerOption)};
    Storage.insert(Storage.end(), Command.Arguments.begin(),
                   Command.Arguments.end());
    std::vector<char *> Argv;
    for (std::string &S : Storage)
      Argv.push_back(S.data());
    Argv.push_back(nullptr);
    // The descriptors are close-on-exec: a worker started by another thread
    // at the same time inherits none of this one's.
    posix_spawn_file_actions_t Actions;
    posix_spawn_file_actions_init(&Actions);
    posix_spawn_file_actions_adddup2(&Actions, Sockets[1], 0);
    posix_spawn_file_actions_adddup2(&Actions, Sockets[1], 1);
    posix_spawn_file_actions_adddup2(&Actions, LogFD, 2);
    pid_t Child;
    int Err = ::posix_spawn(&Child, Command.Executable.c_str(), &Actions,
                            nullptr, Argv.data(), environ);
    posix_spawn_file_actions_destroy(&Actions);
    ::close(Sockets[1]);
    if (Err != 0) {
      Error = std::strerror(Err);
      ::close(Sockets[0]);
      removeLog();
      return false;
    }
    Pid = Child;
    Socket = Sockets[0];
    return true;
  }

  /// Ends the worker (it exits when the channel closes) and returns its exit
  /// status, or -1 when a signal ended it.
  int stop() {
    if (Pid < 0)
      return 0;
    ::close(Socket);
    int Status = 0;
    while (::waitpid(Pid, &Status, 0) < 0 && errno == EINTR)
      ;
    Pid = -1;
    removeLog();
    if (WIFSIGNALED(Status))
      return -1;
    return WIFEXITED(Status) ? WEXITSTATUS(Status) : -1;
  }

  /// What the worker wrote to its log since the last call.
  std::string takeLog() {
    std::string Log;
    char Buffer[4096];
    for (ssize_t N;
         (N = ::pread(LogFD, Buffer, sizeof(Buffer), LogRead)) > 0;) {
      Log.append(Buffer, N);
      LogRead += N;
    }
    return Log;
  }

  void removeLog() {
    ::close(LogFD);
    sys::fs::remove(LogPath);
    sys::DontRemoveFileOnSignal(LogPath);
  }

  const WorkerCommand &Command;
  pid_t Pid = -1;
  int Socket = -1;
  int LogFD = -1;
  std::string LogPath;
  off_t LogRead = 0;
};

} // namespace

void analyseInWorkers(ArrayRef<WorkerRequest> Requests, unsigned Jobs,
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
  std::vector<FileResult> Results(Requests.size());
  size_t Next = 0;

  auto Work = [&] {
    WorkerProcess Worker(Command);
    for (;;) {
      size_t I;
      {
        std::lock_guard<std::mutex> Lock(Mutex);
        if (Next == Requests.size())
          return;
        I = Next++;
        Events.push_back({false, I});
      }
      Changed.notify_one();
      FileResult R = Worker.analyse(Requests[I]);
      {
        std::lock_guard<std::mutex> Lock(Mutex);
        Results[I] = std::move(R);
        Events.push_back({true, I});
      }
      Changed.notify_one();
    }
  };

  Jobs = std::max(1u, std::min<unsigned>(Jobs, Requests.size()));
  std::vector<std::thread> Threads;
  for (unsigned J = 0; J < Jobs; ++J)
    Threads.emplace_back(Work);

  for (size_t Finished = 0; Finished < Requests.size();) {
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

int serveWorkerRequests(
    function_ref<FileResult(const WorkerRequest &)> Analyse) {
  // The channel is standard input. Standard output goes to the log with
  // standard error, so that nothing a library prints there can garble the
  // answers, and standard input reads nothing.
  int FD = ::dup(0);
  if (FD < 0)
    return 2;
  ::fcntl(FD, F_SETFD, FD_CLOEXEC);
  outs().flush();
  ::dup2(2, 1);
  int Null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (Null >= 0) {
    ::dup2(Null, 0);
    ::close(Null);
  }
  Channel C(FD);
  std::string Message;
  while (C.receive(Message)) {
    WorkerRequest Request;
    if (!decodeRequest(Message, Request)) {
      errs() << "lockcheck: error: a malformed request to a worker process\n";
      return 2;
    }
    // A crash's stack dump names the file.
    std::string What = "lockcheck: analysing '" + Request.File + "'";
    PrettyStackTraceString Entry(What.c_str());
    FileResult R = Analyse(Request);
    // Everything written about this file is in the log before the answer.
    outs().flush();
    errs().flush();
    if (!C.send(encodeFileResult(R)))
      return 2;
#if defined(__GLIBC__)
    // What this file's analysis freed goes back to the system: the next
    // file starts from no more than the program itself.
    malloc_trim(0);
#endif
  }
  return 0;
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

WorkerCommand workerCommand(int argc, const char **argv, void *MainAddr) {
  WorkerCommand Worker;
  Worker.Executable = sys::fs::getMainExecutable(argv[0], MainAddr);
  for (int I = 1; I < argc; ++I)
    Worker.Arguments.push_back(argv[I]);
  return Worker;
}

int runWorker(std::unique_ptr<tooling::CompilationDatabase> Compilations,
              ArrayRef<const char *> Args) {
  std::string Error;
  if (!Compilations)
    Compilations = findCompilations(
        Sources.empty() ? StringRef() : StringRef(Sources.front()), Error);
  if (Compilations)
    Compilations = prepareDatabase(std::move(Compilations));
  std::vector<std::string> Applied; // the extra arguments in effect
  return serveWorkerRequests([&](const WorkerRequest &Request) {
    FileResult R;
    R.File = Request.File;
    R.Status = FileResult::NotAnalysed;
    if (Request.Arguments != Applied) {
      std::vector<const char *> All(Args.begin(), Args.end());
      for (const std::string &A : Request.Arguments)
        All.push_back(A.c_str());
      cl::ResetAllOptionOccurrences();
      Applied = Request.Arguments;
      if (!parseOptions(All.size(), All.data())) {
        Applied.clear();
        R.Errors.push_back("invalid options for '" + Request.File + "'");
        return R;
      }
    }
    if (!Compilations) {
      R.Errors.push_back(Error);
      return R;
    }
    AnalysisSetup Setup;
    Setup.Compilations = Compilations.get();
    Setup.MakeOptionsProvider = createOptionsProvider;
    Setup.CrashOn = DebugCrashOn;
    Setup.DumpModel = DumpModel;
    if (!WorkerExternalApi.empty()) {
      auto Facts = std::make_shared<std::vector<LockApiFact>>();
      std::string ReadError;
      ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
          MemoryBuffer::getFile(WorkerExternalApi);
      if (!Text || !readLockApiFacts((*Text)->getBuffer(), *Facts, ReadError)) {
        R.Errors.push_back("cannot read '" + WorkerExternalApi + "': " +
                           (Text ? ReadError : Text.getError().message()));
        return R;
      }
      Setup.ExternalApi = std::move(Facts);
    }
    return analyseFile(Setup, Request.File);
  });
}

} // namespace lockcheck
