//===--- Console.cpp - progress and wording -------------------------------===//

#include "tool/Console.h"
#include "tool/Findings.h"

using namespace llvm;

namespace lockcheck {

std::string plural(size_t N, StringRef One, StringRef Many) {
  return (Twine(N) + " " + (N == 1 ? One : Many)).str();
}

std::string displayPath(StringRef Path, StringRef CWD) {
  if (isUnder(Path, CWD) && Path.size() > CWD.size())
    return Path.substr(CWD.rtrim('/').size() + 1).str();
  return Path.str();
}

} // namespace lockcheck
