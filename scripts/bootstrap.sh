#!/usr/bin/env bash
# Sets up lockcheck on a fresh Debian 12 machine: installs what it needs
# (LLVM/Clang 19 from Debian), builds it, and runs it on the bundled
# examples/ project, whose findings it prints.
#   LOCKCHECK_SKIP_EXAMPLE=1  build only
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
  llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19 clang-tidy-19 \
  llvm-19-tools ninja-build cmake g++ libgtest-dev python3 libc6-dev \
  clang-format-19

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
ninja -C build

if [ "${LOCKCHECK_SKIP_EXAMPLE:-0}" != 1 ]; then
  bash scripts/example.sh
fi
