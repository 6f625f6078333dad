//===--- ThrowModel.h - standard calls documented to throw ------*- C++ -*-===//
//
// The one table of standard-library calls that are documented to throw for a
// reason other than resource exhaustion: bounds-checked access (`at()`,
// `std::basic_string::substr` with a position), conversions (`std::stoi`),
// checked access to sum types (`std::optional::value`, `std::get` on a
// std::variant, `std::any_cast`), calls that rethrow (`std::future::get`,
// `std::rethrow_exception`). Calls that throw only std::bad_alloc or
// std::system_error (allocation, thread creation, locking) are not listed:
// code bases without exceptions make them too.
//
// ThrowAnalysis asks this model; no engine matches these names itself.
//
//===----------------------------------------------------------------------===//

#ifndef LOCKCHECK_MODEL_THROWMODEL_H
#define LOCKCHECK_MODEL_THROWMODEL_H

#include "clang/AST/Expr.h"
#include "llvm/ADT/StringRef.h"

namespace lockcheck {

/// The qualified name (without template arguments or inline namespaces, as
/// listed in the table) of the standard function \p Call calls when the
/// call, with these arguments, is documented to throw; an empty string
/// otherwise. \p Call is a CallExpr or a CXXConstructExpr.
llvm::StringRef documentedThrowingCall(const clang::Expr *Call);

} // namespace lockcheck

#endif
