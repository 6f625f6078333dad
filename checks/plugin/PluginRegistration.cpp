//===--- PluginRegistration.cpp - clang-tidy plugin entry -----------------===//
//
// Registers the lockcheck module with the clang-tidy that loads this plugin,
// after checking that the host was built from the same Clang major version:
// the plugin shares C++ classes (ClangTidyCheck, the AST) with its host, so a
// different version would crash or silently misbehave.
//
//===----------------------------------------------------------------------===//

#include "checks/LockcheckModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang/Basic/Version.h"
#include <cstdio>
#include <dlfcn.h>
#include <optional>
#include <string>
#include <unistd.h>

using namespace clang::tidy;

namespace {

std::optional<ClangTidyModuleRegistry::Add<lockcheck::LockcheckModule>>
    Registration;

/// The host's version string, or empty when it cannot be found. The symbol is
/// looked up in the global scope, which is the host executable and its
/// libraries, before any library this plugin itself depends on.
std::string hostClangVersion() {
  using VersionFn = std::string (*)();
  void *Sym = dlsym(RTLD_DEFAULT, "_ZN5clang19getClangFullVersionB5cxx11Ev");
  if (!Sym)
    return {};
  return reinterpret_cast<VersionFn>(Sym)();
}

/// Extracts the major version number from "... clang version 19.1.7 ...".
int majorVersionOf(const std::string &Full) {
  auto Pos = Full.find("version ");
  if (Pos == std::string::npos)
    return -1;
  return std::atoi(Full.c_str() + Pos + 8);
}

__attribute__((constructor)) void registerLockcheckPlugin() {
  std::string Host = hostClangVersion();
  int HostMajor = Host.empty() ? CLANG_VERSION_MAJOR : majorVersionOf(Host);
  if (HostMajor != CLANG_VERSION_MAJOR) {
    std::fprintf(stderr,
                 "error: LockcheckTidyModule was built for clang-tidy %s "
                 "(Clang %d) but is being loaded by %s; use clang-tidy-%d, "
                 "or rebuild lockcheck against this LLVM\n",
                 CLANG_VERSION_STRING, CLANG_VERSION_MAJOR, Host.c_str(),
                 CLANG_VERSION_MAJOR);
    std::fflush(stderr);
    _exit(1);
  }
  Registration.emplace("lockcheck-module",
                       "Adds lockcheck's lock and thread checks.");
}

} // namespace
