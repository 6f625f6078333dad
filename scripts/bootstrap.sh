#!/usr/bin/env bash
# Sets up lockcheck on a fresh Debian 12 machine: installs what it needs
# (LLVM/Clang 19 from Debian), builds it, packages it as a .deb
# (build/lockcheck_<version>_<arch>.deb, see scripts/install-package.sh),
# and runs it on the bundled examples/ project, whose findings it prints.
#   LOCKCHECK_SKIP_EXAMPLE=1  build and package only
#   LOCKCHECK_BUILD_TESTS=OFF the product only: no GoogleTest, lit,
#                             clang-tidy or FileCheck (e.g. the Dockerfile)
set -euo pipefail
cd "$(dirname "$0")/.."
TESTS=${LOCKCHECK_BUILD_TESTS:-ON}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
# What the build needs; the LLVM 19 runtime packages the .deb depends on
# come with them.
packages="llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19 ninja-build
  cmake g++ libc6-dev"
if [ "$TESTS" != OFF ]; then
  # The tests: GoogleTest, lit's FileCheck, clang-tidy for the plugin,
  # clang-format for scripts/check-format.sh; git, jq and
  # clang-apply-replacements (clang-tools-19) for the commands of the docs
  # (scripts/check-docs.py) and the --diff gate's test.
  packages="$packages clang-tidy-19 llvm-19-tools libgtest-dev python3
    clang-format-19 git jq clang-tools-19"
fi
$SUDO apt-get update
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y \
  --no-install-recommends $packages

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DLOCKCHECK_BUILD_TESTS="$TESTS"
ninja -C build
# The .deb, from what was just built (no second build).
(cd build && cpack -G DEB)

if [ "${LOCKCHECK_SKIP_EXAMPLE:-0}" != 1 ]; then
  bash scripts/example.sh
fi
