//===--- Database.cpp - compilation databases as they are in the wild -----===//

#include "tool/Database.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;
using namespace llvm;

namespace lockcheck {

namespace {

/// The first line of \p S (error messages from libraries can be several).
std::string firstLine(StringRef S) {
  return S.trim().split('\n').first.trim().str();
}

/// The entry's file, absolute.
std::string entryPath(const tooling::CompileCommand &C) {
  if (sys::path::is_absolute(C.Filename))
    return C.Filename;
  SmallString<256> F(C.Directory);
  sys::path::append(F, C.Filename);
  return std::string(F);
}

/// One command per file, C and C++ files only.
class SourceDatabase : public tooling::CompilationDatabase {
public:
  explicit SourceDatabase(std::unique_ptr<tooling::CompilationDatabase> Inner)
      : Inner(std::move(Inner)) {}

  std::vector<tooling::CompileCommand>
  getCompileCommands(StringRef FilePath) const override {
    std::vector<tooling::CompileCommand> All =
        Inner->getCompileCommands(FilePath);
    if (All.size() > 1)
      All.resize(1);
    return All;
  }
  std::vector<std::string> getAllFiles() const override {
    std::vector<std::string> Files;
    for (std::string &F : Inner->getAllFiles())
      if (isCFamilySource(F))
        Files.push_back(std::move(F));
    return Files;
  }
  std::vector<tooling::CompileCommand> getAllCompileCommands() const override {
    std::vector<tooling::CompileCommand> Out;
    StringSet<> Seen;
    for (tooling::CompileCommand &C : Inner->getAllCompileCommands())
      if (isCFamilySource(C.Filename) && Seen.insert(entryPath(C)).second)
        Out.push_back(std::move(C));
    return Out;
  }

private:
  std::unique_ptr<tooling::CompilationDatabase> Inner;
};

} // namespace

std::unique_ptr<tooling::CompilationDatabase>
loadFromBuildDirectory(StringRef Dir, std::string &Error) {
  SmallString<256> JSON(Dir);
  sys::path::append(JSON, "compile_commands.json");
  if (sys::fs::exists(JSON)) {
    std::string Err;
    auto DB = tooling::JSONCompilationDatabase::loadFromFile(
        JSON, Err, tooling::JSONCommandLineSyntax::AutoDetect);
    if (!DB)
      Error = "malformed compilation database '" + std::string(JSON) +
              "': " + firstLine(Err);
    return DB;
  }
  std::string Err;
  auto DB = tooling::CompilationDatabase::loadFromDirectory(Dir, Err);
  if (!DB)
    Error = "no compile_commands.json in '" + Dir.str() + "'";
  return DB;
}

bool isCFamilySource(StringRef File) {
  StringRef Ext = sys::path::extension(File);
  return !StringSwitch<bool>(Ext)
              .Cases(".s", ".S", ".sx", ".asm", true)
              .Cases(".f", ".for", ".f90", ".f95", ".F90", true)
              .Cases(".rs", ".go", ".swift", ".java", ".py", true)
              .Default(false);
}

std::unique_ptr<tooling::CompilationDatabase>
prepareDatabase(std::unique_ptr<tooling::CompilationDatabase> DB) {
  return tooling::inferTargetAndDriverMode(tooling::inferMissingCompileCommands(
      std::make_unique<SourceDatabase>(std::move(DB))));
}

std::vector<std::string>
nonSourceFiles(const tooling::CompilationDatabase &DB) {
  std::vector<std::string> Out;
  StringSet<> Seen;
  for (const tooling::CompileCommand &C : DB.getAllCompileCommands())
    if (!isCFamilySource(C.Filename) && Seen.insert(entryPath(C)).second)
      Out.push_back(entryPath(C));
  return Out;
}

} // namespace lockcheck
