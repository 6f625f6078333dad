//===--- SummaryExtractor.h - a translation unit's summary ------*- C++ -*-===//
//
// Builds the summary (Summary.h) of a parsed translation unit from the
// engines the checks already ran: the lockset of each function, its calls,
// blocking calls and accesses to globals, and the thread entries.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_SUMMARY_SUMMARYEXTRACTOR_H
#define LOCKCHECK_SUMMARY_SUMMARYEXTRACTOR_H

#include "checks/summary/Summary.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceLocation.h"
#include <string>
#include <vector>

namespace lockcheck {

struct LockModelOptions;

/// An absolute path and offset for \p Loc (its file location); invalid for
/// an invalid location or one in no file.
OrderPlace placeOf(clang::SourceLocation Loc, const clang::SourceManager &SM);

/// The summary of the translation unit of \p Ctx, with the model options
/// and the blocking functions (BlockingFunctions) the checks use.
TUSummary summarizeTranslationUnit(clang::ASTContext &Ctx,
                                   const LockModelOptions &Opts,
                                   const std::vector<std::string> &Blocking);

} // namespace lockcheck

#endif
