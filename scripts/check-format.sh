#!/usr/bin/env bash
# Fails when a C++ source of lockcheck (checks/, merge/, tool/, unittests/)
# is not formatted as clang-format-19 (LLVM style, .clang-format) would
# format it.
# Run `scripts/check-format.sh --fix` to format them in place.
set -euo pipefail
cd "$(dirname "$0")/.."
CF=${CLANG_FORMAT:-clang-format-19}
if ! command -v "$CF" >/dev/null; then
  echo "check-format: $CF not found (scripts/bootstrap.sh installs it)" >&2
  exit 2
fi
mapfile -t files < <(git ls-files 'checks/*.cpp' 'checks/*.h' 'tool/*.cpp' \
  'tool/*.h' 'merge/*.cpp' 'merge/*.h' 'unittests/*.cpp' 'unittests/*.h' \
  2>/dev/null ||
  find checks merge tool unittests -name '*.cpp' -o -name '*.h')
if [ "${1:-}" = --fix ]; then
  "$CF" -i "${files[@]}"
  exit 0
fi
"$CF" --dry-run --Werror "${files[@]}"
echo "check-format: ${#files[@]} files formatted"
