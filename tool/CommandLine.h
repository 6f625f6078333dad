//===--- CommandLine.h - lockcheck's options --------------------*- C++ -*-===//
//
// The command-line options of the lockcheck tool (each one --help lists),
// their parsing, with errors in plain words, and the exit codes a CI gate
// relies on (docs/user-guide.md).
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_TOOL_COMMANDLINE_H
#define LOCKCHECK_TOOL_COMMANDLINE_H

#include "tool/Output.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <string>

namespace lockcheck {

/// Exit codes: the contract a CI gate relies on (docs/user-guide.md).
enum ExitCode {
  ExitClean = 0,    ///< every file analysed, no (new) finding
  ExitFindings = 1, ///< every file analysed, (new) findings reported
  ExitError = 2,    ///< a usage error, or some input could not be analysed
};

/// The options, as parsed by parseOptions.
namespace cli {
enum OutputFormat { FormatText, FormatSarif, FormatJson };
extern llvm::cl::OptionCategory Category;
extern llvm::cl::OptionCategory InternalCategory;
extern llvm::cl::list<std::string> Sources;
extern llvm::cl::opt<std::string> BuildPath;
extern llvm::cl::list<std::string> Excludes;
extern llvm::cl::opt<unsigned> Jobs;
extern llvm::cl::opt<std::string> Checks;
extern llvm::cl::opt<bool> ListChecks;
extern llvm::cl::opt<std::string> Explain;
extern llvm::cl::opt<std::string> Config;
extern llvm::cl::opt<std::string> ConfigFile;
extern llvm::cl::opt<bool> DumpConfig;
extern llvm::cl::opt<bool> DumpModel;
extern llvm::cl::opt<bool> VerifyConfig;
extern llvm::cl::opt<OutputFormat> Format;
extern llvm::cl::opt<std::string> OutputFile;
extern llvm::cl::opt<std::string> SarifRoot;
extern llvm::cl::opt<std::string> BaselineFile;
extern llvm::cl::opt<std::string> WriteBaselineFile;
extern llvm::cl::opt<std::string> LineFilterJson;
extern llvm::cl::opt<std::string> DiffRevision;
extern llvm::cl::opt<bool> Fix;
extern llvm::cl::opt<std::string> FormatStyle;
extern llvm::cl::opt<std::string> SarifHelpBase;
extern llvm::cl::opt<std::string> ExportFixes;
extern llvm::cl::opt<std::string> HeaderFilter;
extern llvm::cl::opt<std::string> ExcludeHeaderFilter;
extern llvm::cl::opt<bool> SystemHeaders;
extern llvm::cl::opt<std::string> WarningsAsErrors;
extern llvm::cl::list<std::string> ExtraArgs;
extern llvm::cl::list<std::string> ExtraArgsBefore;
extern llvm::cl::list<std::string> RemoveArgs;
extern llvm::cl::opt<bool> ShowProgress;
extern llvm::cl::opt<bool> Quiet;
extern llvm::cl::opt<bool> UseColor;
extern llvm::cl::opt<std::string> CacheDir;
extern llvm::cl::opt<bool> NoCache;
extern llvm::cl::opt<std::string> ShardOption;
extern llvm::cl::opt<std::string> ShardOut;
extern llvm::cl::opt<bool> MergeShards;
extern llvm::cl::opt<bool> WorkerMode;
extern llvm::cl::opt<std::string> WorkerExternalApi;
extern llvm::cl::opt<std::string> DebugCrashOn;
} // namespace cli

/// --version's text.
void printVersion(llvm::raw_ostream &OS);
/// Whether to colour what is written to \p OS (--use-color, NO_COLOR, a
/// terminal).
bool useColor(const llvm::raw_ostream &OS);
/// Starts a "lockcheck: error: " line on standard error.
llvm::raw_ostream &error();
/// Parses the command line; prints the errors in plain words and returns
/// false on a usage error.
bool parseOptions(int argc, const char **argv);
/// The messages of the compiler driver about the arguments after "--", one
/// "lockcheck: error:" line each.
void reportCompilerArgumentErrors(llvm::StringRef Raw);
/// Reads the compiler arguments after "--" into \p Compilations (null when
/// there are none; \p argc then counts the arguments before "--") and parses
/// the options, messages coloured as NO_COLOR says until --use-color is
/// known. Prints the errors and returns false on a usage error.
bool parseCommandLine(
    int &argc, const char **argv,
    std::unique_ptr<clang::tooling::CompilationDatabase> &Compilations);

} // namespace lockcheck

#endif
