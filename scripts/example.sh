#!/usr/bin/env bash
# Runs the lockcheck just built (build/bin/lockcheck) on the bundled
# examples/ project and prints its findings: the last step of
# scripts/bootstrap.sh. Exit status 0 when lockcheck ran, findings or not.
set -euo pipefail
cd "$(dirname "$0")/.."

cmake -S examples -B examples/build -G Ninja \
  -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_C_COMPILER=clang-19 >/dev/null
echo "== lockcheck -p examples/build"
# Exit status 1 means findings, which the example is there to show.
status=0
build/bin/lockcheck -p examples/build || status=$?
if [ "$status" -gt 1 ]; then
  echo "lockcheck failed on the example (exit $status)" >&2
  exit "$status"
fi
