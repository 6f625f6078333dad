//===--- BinaryIOTest.cpp - YAML traits read and written as binary --------===//
//
// A worker process sends its result to the parent in the binary form of the
// YAML documents (tool/BinaryIO.h): what is read back must be what was
// written, field for field (compared through the YAML form), and a
// truncated or corrupt message must be an error, never a crash.

#include "tool/BinaryIO.h"
#include "TestAST.h"
#include "checks/model/BlockingModel.h"
#include "checks/model/LockModel.h"
#include "checks/summary/SummaryExtractor.h"
#include "checks/summary/SummaryIO.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "gtest/gtest.h"

using namespace lockcheck;

namespace {

template <typename T> std::string yaml(T &Value) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  llvm::yaml::Output Out(OS);
  Out << Value;
  return Text;
}

/// A summary with most kinds of facts: locks, calls under a lock, a thread
/// start, shared accesses, a blocking call.
TUSummary richSummary() {
  ParsedTU P = parseWithMocks(R"cpp(
#include <mutex>
#include <thread>
#include <unistd.h>
std::mutex m, n;
int counter;
void helper() { counter++; }
void worker() {
  std::lock_guard<std::mutex> g(m);
  helper();
  sleep(1);
  std::lock_guard<std::mutex> h(n);
}
void start() {
  std::thread t(worker);
  counter = 2;
  t.join();
}
)cpp");
  LockModelOptions Opts;
  return summarizeTranslationUnit(P.AST->getASTContext(), Opts,
                                  parseNameList(defaultBlockingFunctions()));
}

TEST(BinaryIOTest, SummaryRoundTrip) {
  TUSummary S = richSummary();
  ASSERT_FALSE(S.Functions.empty());
  ASSERT_FALSE(S.Starts.empty());
  std::string Binary = toBinary(S);
  TUSummary Back;
  BinaryInput In(Binary);
  ASSERT_TRUE(In.read(Back)) << In.errorMessage();
  std::string Text = yaml(S);
  EXPECT_EQ(Text, yaml(Back));
  for (const char *Key : {"Acquires:", "Held:", "Blocking:", "Accesses:",
                          "Calls:", "Starts:", "TakenAt:"})
    EXPECT_NE(Text.find(Key), std::string::npos) << Key << " in\n" << Text;
}

TEST(BinaryIOTest, DiagnosticRoundTrip) {
  using namespace clang::tooling;
  DiagnosticMessage Message;
  Message.Message = "'x' is written without holding 'm'";
  Message.FilePath = "/src/a.cpp";
  Message.FileOffset = 120;
  llvm::cantFail(Message.Fix["/src/a.cpp"].add(
      Replacement("/src/a.cpp", 118, 0, "std::lock_guard g(m); ")));
  FileByteRange Range;
  Range.FilePath = "/src/a.cpp";
  Range.FileOffset = 120;
  Range.Length = 5;
  Message.Ranges.push_back(Range);
  DiagnosticMessage Note;
  Note.Message = "'x' is read here holding 'm'";
  Note.FilePath = "/src/b.cpp";
  Note.FileOffset = 7;
  std::vector<Diagnostic> Diagnostics = {
      Diagnostic("lockcheck-unguarded-write", Message, {Note, Note},
                 Diagnostic::Error, "/build"),
      Diagnostic("clang-diagnostic-error", Note, {}, Diagnostic::Warning, "")};
  std::string Binary = toBinary(Diagnostics);
  std::vector<Diagnostic> Back;
  BinaryInput In(Binary);
  ASSERT_TRUE(In.read(Back)) << In.errorMessage();
  EXPECT_EQ(yaml(Diagnostics), yaml(Back));
  ASSERT_EQ(Back.size(), 2u);
  EXPECT_EQ(Back[0].DiagLevel, Diagnostic::Error);
  EXPECT_EQ(Back[0].Notes.size(), 2u);
  EXPECT_EQ(Back[0].Message.Fix.size(), 1u);
}

TEST(BinaryIOTest, TruncatedOrCorruptIsAnError) {
  TUSummary S = richSummary();
  std::string Binary = toBinary(S);
  // Every proper prefix lacks the end of the outermost mapping.
  for (size_t N = 0; N < Binary.size(); ++N) {
    TUSummary Back;
    BinaryInput In(llvm::StringRef(Binary).take_front(N));
    EXPECT_FALSE(In.read(Back)) << "prefix of " << N << " bytes";
  }
  // A wrong node kind, or a count beyond the data.
  std::string Corrupt = Binary;
  Corrupt[0] = 'X';
  TUSummary Back;
  EXPECT_FALSE(BinaryInput(Corrupt).read(Back));
  Corrupt = Binary;
  Corrupt[1] = '\xff';
  EXPECT_FALSE(BinaryInput(Corrupt).read(Back));
  // A mapping where a sequence is expected.
  std::vector<std::string> List;
  BinaryInput Wrong(Binary);
  EXPECT_FALSE(Wrong.read(List));
  EXPECT_FALSE(Wrong.errorMessage().empty());
}

} // namespace
