//===--- ThrowModel.cpp - standard calls documented to throw --------------===//

#include "checks/model/ThrowModel.h"
#include "checks/model/BlockingModel.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace lockcheck {

namespace {

/// When a listed function throws.
enum class When {
  Always,
  /// The first parameter is a position and the call passes it explicitly
  /// (`s.substr(3)`, `s.erase(2, 1)`; not `s.erase(it)`, not `s.substr()`).
  Position,
  /// The first argument is a std::variant (`std::get` on a tuple, a pair or
  /// an array does not throw).
  VariantArgument,
  /// The argument is not a pointer (`std::any_cast<T>(&a)` returns null).
  NotPointerArgument,
  /// A constructor that takes a locale name (copies do not throw).
  NamedLocale,
};

struct Entry {
  llvm::StringLiteral Name;
  When Condition;
};

// The table. Members are listed with their class, operators with
// `operator()`, constructors with the class name twice.
constexpr Entry Table[] = {
    // Bounds-checked element access: std::out_of_range.
    {"std::vector::at", When::Always},
    {"std::deque::at", When::Always},
    {"std::array::at", When::Always},
    {"std::basic_string::at", When::Always},
    {"std::basic_string_view::at", When::Always},
    {"std::map::at", When::Always},
    {"std::unordered_map::at", When::Always},
    {"std::bitset::test", When::Always},
    // Positions into a string: std::out_of_range.
    {"std::basic_string::substr", When::Position},
    {"std::basic_string::compare", When::Position},
    {"std::basic_string::insert", When::Position},
    {"std::basic_string::erase", When::Position},
    {"std::basic_string::replace", When::Position},
    {"std::basic_string_view::substr", When::Position},
    {"std::basic_string_view::compare", When::Position},
    // Conversions: std::invalid_argument, std::out_of_range,
    // std::overflow_error.
    {"std::stoi", When::Always},
    {"std::stol", When::Always},
    {"std::stoul", When::Always},
    {"std::stoll", When::Always},
    {"std::stoull", When::Always},
    {"std::stof", When::Always},
    {"std::stod", When::Always},
    {"std::stold", When::Always},
    {"std::bitset::to_ulong", When::Always},
    {"std::bitset::to_ullong", When::Always},
    // Checked access to sum types: std::bad_optional_access,
    // std::bad_variant_access, std::bad_any_cast.
    {"std::optional::value", When::Always},
    {"std::get", When::VariantArgument},
    {"std::any_cast", When::NotPointerArgument},
    // An empty std::function: std::bad_function_call.
    {"std::function::operator()", When::Always},
    // Rethrowing what another thread or a handler stored.
    {"std::future::get", When::Always},
    {"std::shared_future::get", When::Always},
    {"std::rethrow_exception", When::Always},
    {"std::rethrow_if_nested", When::Always},
    {"std::throw_with_nested", When::Always},
    // Locales: std::runtime_error, std::bad_cast.
    {"std::locale::locale", When::NamedLocale},
    {"std::use_facet", When::Always},
};

std::string listedName(const FunctionDecl *FD) {
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  if (MD && MD->getOverloadedOperator() == OO_Call)
    return plainQualifiedName(MD->getParent()) + "::operator()";
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD)) {
    std::string Class = plainQualifiedName(Ctor->getParent());
    return Class + "::" + Ctor->getParent()->getName().str();
  }
  return plainQualifiedName(FD);
}

bool isStdRecord(QualType T, llvm::StringRef Name) {
  T = T.getNonReferenceType();
  const auto *RD = T->getAsCXXRecordDecl();
  return RD && plainQualifiedName(RD) == Name;
}

bool holds(When Condition, const FunctionDecl *FD,
           llvm::ArrayRef<const Expr *> Args) {
  switch (Condition) {
  case When::Always:
    return true;
  case When::Position:
    return FD->getNumParams() > 0 &&
           FD->getParamDecl(0)->getType()->isIntegerType() && !Args.empty() &&
           !isa<CXXDefaultArgExpr>(Args[0]);
  case When::VariantArgument:
    return !Args.empty() && isStdRecord(Args[0]->getType(), "std::variant");
  case When::NotPointerArgument:
    return !Args.empty() && !Args[0]->getType()->isPointerType();
  case When::NamedLocale: {
    const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD);
    return Ctor && !Ctor->isCopyOrMoveConstructor() && !Args.empty() &&
           !isStdRecord(Args[0]->getType(), "std::locale");
  }
  }
  return false;
}

} // namespace

llvm::StringRef documentedThrowingCall(const Expr *Call) {
  const FunctionDecl *FD = nullptr;
  llvm::SmallVector<const Expr *, 4> Args;
  if (const auto *CE = dyn_cast_or_null<CallExpr>(Call)) {
    FD = CE->getDirectCallee();
    auto A = CE->arguments();
    // An operator call lists the object as its first argument.
    if (isa<CXXOperatorCallExpr>(CE) && isa_and_nonnull<CXXMethodDecl>(FD) &&
        CE->getNumArgs() > 0)
      Args.append(std::next(A.begin()), A.end());
    else
      Args.append(A.begin(), A.end());
  } else if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(Call)) {
    FD = CE->getConstructor();
    Args.append(CE->arg_begin(), CE->arg_end());
  }
  if (!FD || !FD->isInStdNamespace()) {
    if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
        !MD || !MD->getParent()->isInStdNamespace())
      return {};
  }
  std::string Name = listedName(FD);
  for (const Entry &E : Table)
    if (Name == E.Name.data())
      return holds(E.Condition, FD, Args) ? llvm::StringRef(E.Name)
                                          : llvm::StringRef();
  return {};
}

} // namespace lockcheck
