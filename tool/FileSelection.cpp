//===--- FileSelection.cpp - the files of a run ---------------------------===//

#include "tool/FileSelection.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "tool/Analysis.h"
#include "tool/CheckInfo.h"
#include "tool/CommandLine.h"
#include "tool/ConfigCheck.h"
#include "tool/Console.h"
#include "tool/Database.h"
#include "tool/Findings.h"
#include "tool/LineFilter.h"
#include "tool/Output.h"
#include "tool/Reporter.h"
#include "tool/ResultCache.h"
#include "tool/Shards.h"
#include "tool/WholeProgram.h"
#include "tool/Workers.h"
#include "clang/Basic/Version.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/WithColor.h"
#include <chrono>
#include <map>
#include <set>
#include <unistd.h>

using namespace clang;
using namespace clang::tidy;
using namespace llvm;

namespace lockcheck {

using namespace cli;

std::string absolutePath(StringRef P) {
  SmallString<256> Abs(P);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

std::string currentDirectory() {
  SmallString<256> CWD;
  sys::fs::current_path(CWD);
  return std::string(CWD);
}

std::unique_ptr<tooling::CompilationDatabase>
findCompilations(StringRef FirstSource, std::string &Error) {
  if (!BuildPath.empty()) {
    std::string Dir = BuildPath;
    if (sys::path::filename(Dir) == "compile_commands.json" &&
        sys::fs::is_regular_file(Dir))
      Dir = sys::path::parent_path(Dir).str();
    if (Dir.empty())
      Dir = ".";
    if (!sys::fs::exists(Dir)) {
      Error = "build directory '" + BuildPath + "' does not exist";
      return nullptr;
    }
    if (!sys::fs::is_directory(Dir)) {
      Error = "'" + BuildPath + "' (given with -p) is not a directory";
      return nullptr;
    }
    return loadFromBuildDirectory(Dir, Error);
  }
  if (Sources.empty()) {
    Error = "no input files; give source files, or -p <build-dir> to "
            "analyse every file of a compilation database (see --help)";
    return nullptr;
  }
  std::string Start = absolutePath(FirstSource);
  if (!sys::fs::is_directory(Start))
    Start = sys::path::parent_path(Start).str();
  for (StringRef Dir = Start; !Dir.empty(); Dir = sys::path::parent_path(Dir)) {
    SmallString<256> JSON(Dir);
    sys::path::append(JSON, "compile_commands.json");
    if (sys::fs::exists(JSON))
      return loadFromBuildDirectory(Dir, Error);
    std::string Ignored;
    if (auto DB = tooling::CompilationDatabase::loadFromDirectory(Dir, Ignored))
      return DB;
  }
  Error = "no compilation database found for '" + FirstSource.str() +
          "' (no compile_commands.json in its parent directories); pass "
          "-p <build-dir>, or compiler flags after '--'";
  return nullptr;
}

std::optional<int> selectFiles(RunFiles &Run, StringRef FirstFile,
                               ArrayRef<GlobPattern> ExcludePatterns,
                               StringRef CWD) {
  // The compilation database: "--" flags, -p, or auto-detected.
  if (!Run.Compilations) {
    std::string Error;
    Run.Compilations = findCompilations(FirstFile, Error);
    if (!Run.Compilations) {
      error() << Error << "\n";
      return ExitError;
    }
  }
  // Entries that are not C or C++ (assembler next to the C files) are left
  // out, counted and named once.
  std::vector<std::string> Skipped = nonSourceFiles(*Run.Compilations);
  if (!Skipped.empty() && !Quiet)
    errs() << "lockcheck: note: skipped "
           << plural(Skipped.size(), "database entry", "database entries")
           << " that " << (Skipped.size() == 1 ? "is" : "are")
           << " not C or C++ source ("
           << displayPath(Skipped.front(), currentDirectory())
           << (Skipped.size() > 1 ? ", ..." : "") << ")\n";
  Run.Compilations = prepareDatabase(std::move(Run.Compilations));

  // The files: explicit sources, directories (every database file below),
  // or the whole database; minus the excluded ones.
  // In the order of the database's entries (getAllFiles() is unordered).
  std::vector<std::string> DatabaseFiles;
  {
    std::set<std::string> Seen;
    for (const tooling::CompileCommand &C :
         Run.Compilations->getAllCompileCommands()) {
      SmallString<256> F(C.Directory);
      sys::path::append(F, C.Filename);
      std::string Abs = absolutePath(sys::path::is_absolute(C.Filename)
                                         ? StringRef(C.Filename)
                                         : StringRef(F));
      if (Seen.insert(Abs).second)
        DatabaseFiles.push_back(std::move(Abs));
    }
  }
  std::set<std::string> SeenFiles;
  auto Excluded = [&](StringRef F) {
    std::string Relative = displayPath(F, CWD);
    for (const GlobPattern &P : ExcludePatterns)
      if (P.match(F) || P.match(Relative))
        return true;
    return false;
  };
  auto AddFile = [&](const std::string &F) {
    if (!SeenFiles.insert(F).second)
      return;
    if (Excluded(F)) {
      ++Run.ExcludedCount;
      return;
    }
    Run.Files.push_back(F);
  };
  if (Sources.empty()) {
    for (const std::string &F : DatabaseFiles)
      AddFile(F);
    if (DatabaseFiles.empty()) {
      if (BuildPath.empty())
        error() << "no input files; give the source files before '--' (after "
                   "it come the compiler arguments)\n";
      else
        error() << "the compilation database in '" << BuildPath
                << "' has no entries\n";
      return ExitError;
    }
  }
  for (const std::string &Source : Sources) {
    std::string Abs = absolutePath(Source);
    if (sys::fs::is_directory(Abs)) {
      bool Any = false;
      for (const std::string &F : DatabaseFiles)
        if (isUnder(F, Abs)) {
          AddFile(F);
          Any = true;
        }
      if (!Any) {
        std::string Message =
            "no file of the compilation database is under '" + Source + "'";
        error() << Message << "\n";
        Run.Notifications.push_back({Message, Abs, 0, false});
        Run.HadError = true;
      }
      continue;
    }
    if (!sys::fs::exists(Abs)) {
      std::string Message = "'" + Source + "': no such file or directory";
      error() << Message << "\n";
      Run.Notifications.push_back({Message, Abs, 0, false});
      Run.HadError = true;
      continue;
    }
    AddFile(Abs);
  }
  if (Run.Files.empty() && Run.ExcludedCount) {
    error() << "every file was excluded by --exclude; nothing to analyse\n";
    return ExitError;
  }
  return std::nullopt;
}

std::optional<int> gatherFiles(RunFiles &Run,
                               std::vector<FileResult> &MergedResults,
                               StringRef FirstFile,
                               ArrayRef<GlobPattern> ExcludePatterns,
                               StringRef CWD) {
  if (!MergeShards)
    return selectFiles(Run, FirstFile, ExcludePatterns, CWD);
  std::string Error;
  if (!readShards(std::vector<std::string>(Sources.begin(), Sources.end()),
                  Run.Files, MergedResults, Error)) {
    error() << Error << "\n";
    return ExitError;
  }
  return std::nullopt;
}

std::string cacheDirectory(bool ModelOnly) {
  if (NoCache || MergeShards || ModelOnly || !DebugCrashOn.empty())
    return std::string();
  if (!CacheDir.empty())
    return absolutePath(CacheDir);
  if (BuildPath.empty())
    return std::string();
  std::string Dir = absolutePath(BuildPath);
  if (sys::path::filename(Dir) == "compile_commands.json")
    Dir = sys::path::parent_path(Dir).str();
  SmallString<256> P(Dir);
  sys::path::append(P, ".lockcheck-cache");
  return std::string(P);
}

} // namespace lockcheck
