//===--- TestAST.h - parse a snippet for the engine unit tests --*- C++ -*-===//
//
// One way for every unit test to build an AST from a code snippet against
// the mock system headers (test/Inputs/mock) and get its TUAnalysis.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_UNITTESTS_TESTAST_H
#define LOCKCHECK_UNITTESTS_TESTAST_H

#include "checks/analysis/TUAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"
#include <memory>
#include <string>
#include <vector>

namespace lockcheck {

struct ParsedTU {
  std::unique_ptr<clang::ASTUnit> AST;
  std::shared_ptr<TUAnalysis> TU;

  /// The definition of the function named \p Name. Qualified: the mock
  /// headers define functions with the same names.
  const clang::FunctionDecl *function(llvm::StringRef Name) {
    using namespace clang::ast_matchers;
    std::string Q = Name.contains("::") ? Name.str() : "::" + Name.str();
    auto M = match(functionDecl(hasName(Q), isDefinition()).bind("f"),
                   AST->getASTContext());
    return M.empty() ? nullptr : M.front().getNodeAs<clang::FunctionDecl>("f");
  }
};

/// Parses \p Code as C (`-std=c11`) or C++ (\p CxxStd) with the mock system
/// headers only; expects no error.
inline ParsedTU parseWithMocks(llvm::StringRef Code, bool C = false,
                               const char *CxxStd = "-std=c++17") {
  ParsedTU P;
  std::vector<std::string> Args = {C ? "-std=c11" : CxxStd, "-nostdinc",
                                   "-isystem", LOCKCHECK_MOCK_DIR};
  if (!C)
    Args.push_back("-nostdinc++");
  P.AST = clang::tooling::buildASTFromCodeWithArgs(Code, Args,
                                                   C ? "input.c" : "input.cpp");
  EXPECT_TRUE(P.AST);
  EXPECT_FALSE(P.AST->getDiagnostics().hasErrorOccurred());
  P.TU = TUAnalysis::get(P.AST->getASTContext());
  return P;
}

} // namespace lockcheck

#endif
