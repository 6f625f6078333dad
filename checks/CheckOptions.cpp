//===--- CheckOptions.cpp - boolean and integer check options -------------===//

#include "checks/CheckOptions.h"

using namespace clang::tidy;

namespace lockcheck {

bool getBoolOption(const ClangTidyCheck::OptionsView &Options,
                   llvm::StringRef Name, bool Default) {
  std::string V = llvm::StringRef(Options.get(Name, "")).trim().lower();
  if (V == "true" || V == "1")
    return true;
  if (V == "false" || V == "0")
    return false;
  return Default;
}

unsigned getUnsignedOption(const ClangTidyCheck::OptionsView &Options,
                           llvm::StringRef Name, unsigned Default) {
  std::string V = Options.get(Name, "").str();
  unsigned N;
  if (llvm::StringRef(V).trim().getAsInteger(10, N))
    return Default;
  return N;
}

void storeBoolOption(const ClangTidyCheck::OptionsView &Options,
                     ClangTidyOptions::OptionMap &Opts, llvm::StringRef Name,
                     bool Value) {
  Options.store(Opts, Name, Value ? "true" : "false");
}

void storeUnsignedOption(const ClangTidyCheck::OptionsView &Options,
                         ClangTidyOptions::OptionMap &Opts,
                         llvm::StringRef Name, unsigned Value) {
  Options.store(Opts, Name, std::to_string(Value));
}

ExceptionPathMode
getExceptionPathOption(const ClangTidyCheck::OptionsView &Options,
                       llvm::StringRef Name, ExceptionPathMode Default) {
  return parseExceptionPathMode(Options.get(Name, "")).value_or(Default);
}

void storeExceptionPathOption(const ClangTidyCheck::OptionsView &Options,
                              ClangTidyOptions::OptionMap &Opts,
                              llvm::StringRef Name, ExceptionPathMode Value) {
  Options.store(Opts, Name, exceptionPathModeName(Value));
}

} // namespace lockcheck
