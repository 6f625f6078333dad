//===--- Database.cpp - compilation databases as they are in the wild -----===//

#include "tool/Database.h"
#include "clang/Driver/Driver.h"
#include "clang/Driver/Options.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
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

/// Whether \p C only preprocesses (-E): a side job next to the file's real
/// compile command, which is the one to analyse when there is one.
bool preprocessOnly(const tooling::CompileCommand &C) {
  auto End = std::find(C.CommandLine.begin(), C.CommandLine.end(), "--");
  return std::find(C.CommandLine.begin(), End, "-E") != End;
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
    if (All.size() <= 1)
      return All;
    // The first compile command; a preprocessor-only one when there is no
    // other.
    auto Compile = llvm::find_if(All, [](const tooling::CompileCommand &C) {
      return !preprocessOnly(C);
    });
    return {Compile != All.end() ? std::move(*Compile)
                                 : std::move(All.front())};
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

std::vector<std::string> splitRemoveArgs(StringRef Value) {
  std::vector<std::string> Globs;
  while (!Value.empty()) {
    size_t End = std::min(Value.find_first_of(";,"), Value.size());
    StringRef Item = Value.take_front(End).trim();
    if (!Item.empty())
      Globs.push_back(Item.str());
    Value = Value.drop_front(std::min(End + 1, Value.size()));
  }
  return Globs;
}

std::vector<std::string>
removedArguments(const tidy::ClangTidyOptions &Options) {
  auto It = Options.CheckOptions.find(RemoveArgsKey);
  if (It == Options.CheckOptions.end())
    return {};
  return splitRemoveArgs(It->second.Value);
}

void addRemovedArguments(
    std::vector<tidy::ClangTidyOptionsProvider::OptionsSource> &Sources,
    ArrayRef<std::string> CommandLine) {
  if (CommandLine.empty())
    return;
  // The value in effect (the last source's), and the command line's.
  std::string Value;
  for (const auto &[Options, Source] : Sources) {
    auto It = Options.CheckOptions.find(RemoveArgsKey);
    if (It != Options.CheckOptions.end())
      Value = It->second.Value;
  }
  for (const std::string &Glob : CommandLine)
    Value += (Value.empty() ? "" : ";") + Glob;
  tidy::ClangTidyOptions Options;
  Options.CheckOptions[RemoveArgsKey] =
      tidy::ClangTidyOptions::ClangTidyValue(Value);
  Sources.emplace_back(std::move(Options), "--remove-arg");
}

void adjustDatabaseCommand(std::vector<std::string> &Args,
                           ArrayRef<std::string> Remove,
                           std::vector<std::string> *Dropped) {
  if (Args.size() < 2)
    return;
  std::vector<GlobPattern> Globs;
  for (const std::string &R : Remove) {
    Expected<GlobPattern> G = GlobPattern::create(R);
    if (G)
      Globs.push_back(std::move(*G));
    else
      consumeError(G.takeError());
  }
  // The command as Clang's driver reads it, in its driver mode.
  SmallVector<const char *, 64> Argv;
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  bool CL = driver::IsClangCL(
      driver::getDriverMode(Args.front(), ArrayRef(Argv).drop_front()));
  opt::Visibility Visible(CL ? driver::options::CLOption
                             : driver::options::ClangOption);
  const opt::OptTable &Table = driver::getDriverOptTable();
  opt::InputArgList List(Argv.begin() + 1, Argv.end());

  std::vector<std::string> Out{Args.front()};
  unsigned Index = 0, End = Argv.size() - 1;
  while (Index < End) {
    unsigned Start = Index;
    StringRef Text = Argv[Start + 1];
    // After "--" only files follow.
    if (Text == "--") {
      Out.insert(Out.end(), Args.begin() + Start + 1, Args.end());
      break;
    }
    std::unique_ptr<opt::Arg> A;
    if (!Text.empty())
      A = Table.ParseOneArg(List, Index, Visible);
    if (!A) {
      // An empty argument, or an option missing its value: kept as is.
      Index = Start + 1;
      Out.push_back(Text.str());
      continue;
    }
    unsigned ID = A->getOption().getID();
    bool Drop = false;
    if (ID != driver::options::OPT_INPUT) {
      StringRef Name = A->getSpelling();
      Drop = llvm::any_of(Globs, [&](const GlobPattern &G) {
        return G.match(Text) || G.match(Name);
      });
      if (!Drop && ID == driver::options::OPT_UNKNOWN) {
        Drop = true;
        if (Dropped)
          Dropped->push_back(Text.str());
      }
    }
    if (!Drop)
      Out.insert(Out.end(), Args.begin() + Start + 1, Args.begin() + Index + 1);
  }
  Args = std::move(Out);
}

std::vector<std::string> unknownArguments(
    const tooling::CompilationDatabase &DB, ArrayRef<std::string> Files,
    const std::function<std::vector<std::string>(StringRef)> &RemoveFor) {
  std::vector<std::string> Unknown;
  StringSet<> Seen;
  for (const std::string &F : Files) {
    std::vector<std::string> Remove = RemoveFor(F);
    for (tooling::CompileCommand &C : DB.getCompileCommands(F)) {
      std::vector<std::string> Dropped;
      adjustDatabaseCommand(C.CommandLine, Remove, &Dropped);
      for (std::string &D : Dropped)
        if (Seen.insert(D).second)
          Unknown.push_back(std::move(D));
    }
  }
  return Unknown;
}

std::string unknownArgumentsNote(ArrayRef<std::string> Unknown) {
  if (Unknown.empty())
    return "";
  const size_t Shown = 6;
  std::string Note =
      "dropped " + std::to_string(Unknown.size()) +
      (Unknown.size() == 1 ? " compiler flag" : " compiler flags") +
      " Clang does not know: ";
  Note += join(Unknown.take_front(Shown), ", ");
  if (Unknown.size() > Shown)
    Note += " and " + std::to_string(Unknown.size() - Shown) + " more";
  return Note;
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
