#!/usr/bin/env bash
# Installs the .deb scripts/bootstrap.sh built (build/lockcheck_*.deb) with
# apt, which brings in its runtime dependencies (Debian 12's libclang-cpp19,
# libllvm19 and Clang's builtin headers), then runs the installed
# /usr/bin/lockcheck on the examples/ project from outside the source tree
# and checks it reports what build/bin/lockcheck reports.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
debs=(build/lockcheck_*.deb)
if [ ! -f "${debs[0]}" ] || [ "${#debs[@]}" -ne 1 ]; then
  echo "install-package: expected one build/lockcheck_*.deb (scripts/bootstrap.sh makes it)" >&2
  exit 2
fi
# --reinstall: a package of the same version from an earlier build must not
# stand in for this one.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --reinstall \
  --no-install-recommends "./${debs[0]}"
echo "== $(command -v lockcheck): $(lockcheck --version | head -1)"

if [ ! -f examples/build/compile_commands.json ]; then
  cmake -S examples -B examples/build -G Ninja \
    -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_C_COMPILER=clang-19 >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
(cd "$out" && /usr/bin/lockcheck -p "$SRC/examples/build" --quiet \
  > installed.txt) || status=$?
(cd "$out" && "$SRC/build/bin/lockcheck" -p "$SRC/examples/build" --quiet \
  > built.txt) || true
if [ "$status" -ne 1 ] || ! diff -u "$out/built.txt" "$out/installed.txt"; then
  echo "install-package: the installed lockcheck (exit $status) does not" \
    "report what build/bin/lockcheck reports on examples/" >&2
  exit 1
fi
echo "== /usr/bin/lockcheck -p examples/build: $(grep -c 'warning:' "$out/installed.txt") findings, as build/bin/lockcheck"
