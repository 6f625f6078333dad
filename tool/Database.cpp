//===--- Database.cpp - compilation databases as they are in the wild -----===//

#include "tool/Database.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include <optional>

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

std::string checkDatabaseText(StringRef Text) {
  if (Text.trim().empty())
    return "the file is empty";
  // The parser clang reads compilation databases with, its messages caught
  // instead of printed: the first one, with its position, is the error.
  SourceMgr SM;
  std::optional<SMDiagnostic> First;
  SM.setDiagHandler(
      [](const SMDiagnostic &D, void *Context) {
        auto &First = *static_cast<std::optional<SMDiagnostic> *>(Context);
        if (!First)
          First = D;
      },
      &First);
  yaml::Stream YAML(Text, SM, /*ShowColors=*/false);
  auto Position = [&](const char *At) {
    auto [Line, Column] =
        SM.getLineAndColumn(SMLoc::getFromPointer(At), /*BufferID=*/0);
    return ("line " + Twine(Line) + ", column " + Twine(Column) + ": ").str();
  };
  std::string Problem;
  // The first problem of the structure, at the node \p N.
  auto Report = [&](yaml::Node *N, const Twine &Message) {
    if (Problem.empty())
      Problem =
          Position(N->getSourceRange().Start.getPointer()) + Message.str();
  };
  auto IsString = [](yaml::Node *N) { return isa<yaml::ScalarNode>(N); };
  yaml::document_iterator Doc = YAML.begin();
  yaml::Node *Root = Doc != YAML.end() ? Doc->getRoot() : nullptr;
  if (Root && !isa<yaml::SequenceNode>(Root) && !First) {
    Report(Root, "expected an array of entries");
    Root->skip();
  }
  auto *Entries = dyn_cast_or_null<yaml::SequenceNode>(Root);
  unsigned Index = 0;
  for (auto I = Entries ? Entries->begin() : yaml::SequenceNode::iterator(),
            E = Entries ? Entries->end() : yaml::SequenceNode::iterator();
       I != E && !First; ++I) {
    ++Index;
    std::string Entry = ("entry " + Twine(Index) + ": ").str();
    auto *Object = dyn_cast<yaml::MappingNode>(&*I);
    if (!Object) {
      Report(&*I, Entry + "expected an object");
      I->skip();
      continue;
    }
    bool HasDirectory = false, HasFile = false, HasCommand = false;
    for (yaml::KeyValueNode &KV : *Object) {
      auto *Key = dyn_cast_or_null<yaml::ScalarNode>(KV.getKey());
      yaml::Node *Value = KV.getValue();
      if (!Key || !Value) {
        if (Value)
          Value->skip();
        if (!First && KV.getKey())
          Report(KV.getKey(), Entry + "expected a key in quotes");
        continue;
      }
      SmallString<32> Storage;
      StringRef Name = Key->getValue(Storage);
      bool StringValue = IsString(Value);
      bool Known = true;
      if (Name == "directory")
        HasDirectory = StringValue;
      else if (Name == "file")
        HasFile = StringValue;
      else if (Name == "command")
        HasCommand |= StringValue;
      else if (Name == "arguments") {
        auto *List = dyn_cast<yaml::SequenceNode>(Value);
        if (List) {
          for (yaml::Node &Argument : *List)
            if (!IsString(&Argument)) {
              Report(&Argument, Entry + "\"arguments\" must be strings");
              Argument.skip();
            }
          HasCommand = true;
          continue;
        }
        Report(Value, Entry + "\"arguments\" must be an array of strings");
        Value->skip();
        continue;
      } else if (Name != "output")
        Known = false;
      if (!Known) {
        Report(Key, Entry + "unknown key \"" + Name + "\"");
        Value->skip();
        continue;
      }
      if (!StringValue) {
        Report(Value, Entry + "\"" + Name + "\" must be a string");
        Value->skip();
      }
    }
    if (First)
      break;
    const char *Missing = !HasDirectory ? "directory"
                          : !HasFile    ? "file"
                          : !HasCommand ? "command\" or \"arguments"
                                        : nullptr;
    if (Missing)
      Report(Object, Entry + "no \"" + Missing + "\"");
  }
  // The rest of the text: the parser reports what follows the array.
  for (; Doc != YAML.end(); ++Doc)
    Doc->skip();
  if (First) {
    // A syntax error. At the end of the text: the file was cut short.
    const char *At = First->getLoc().getPointer();
    if (!At || At < Text.begin() || At >= Text.end() ||
        Text.substr(At - Text.begin() + 1).trim().empty())
      return "the file ends too early (truncated?)";
    // The parser's words for what JSON calls them.
    std::string Message = First->getMessage().str();
    StringRef M = StringRef(Message).rtrim("!.");
    std::string Said =
        StringSwitch<std::string>(M)
            .Case("Could not find closing ]", "missing ']'")
            .Case("Could not find closing }", "missing '}'")
            .Case("Unexpected token in Key Value",
                  "unexpected text after a key (missing ':'?)")
            .Default(M.take_front(1).lower() + M.drop_front(1).str());
    return Position(At) + Said;
  }
  return Problem;
}

std::unique_ptr<tooling::CompilationDatabase>
loadFromBuildDirectory(StringRef Dir, std::string &Error) {
  SmallString<256> JSON(Dir);
  sys::path::append(JSON, "compile_commands.json");
  if (sys::fs::exists(JSON)) {
    auto Text = MemoryBuffer::getFile(JSON, /*IsText=*/true);
    if (!Text) {
      Error = "cannot read the compilation database '" + std::string(JSON) +
              "': " + Text.getError().message();
      return nullptr;
    }
    std::string Problem = checkDatabaseText((*Text)->getBuffer());
    if (!Problem.empty()) {
      Error = "malformed compilation database '" + std::string(JSON) +
              "': " + Problem;
      return nullptr;
    }
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
