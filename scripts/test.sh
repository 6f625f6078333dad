#!/usr/bin/env bash
# Runs the whole test suite: the engine unit tests (GoogleTest) and the lit
# tests (every check through both front ends, the tool, the benchmark
# harness's smoke test). Builds first if needed.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release || exit 2
fi
ninja -C build || exit 2

LIT=/usr/lib/llvm-19/build/utils/lit/lit.py
status=0
rm -f build/unittests.json build/lit-results.json
build/bin/lockcheck-unittests --gtest_output=json:build/unittests.json || status=1
python3 "$LIT" -sv build/test --output build/lit-results.json || status=1

# One closing line for both runners: "N passed, N failed".
python3 - <<'PY'
import json, os
passed = failed = 0
if os.path.exists("build/unittests.json"):
    u = json.load(open("build/unittests.json"))
    failed += u.get("failures", 0)
    passed += u.get("tests", 0) - u.get("failures", 0) - u.get("disabled", 0)
if os.path.exists("build/lit-results.json"):
    for t in json.load(open("build/lit-results.json")).get("tests", []):
        if t["code"] in ("PASS", "XFAIL"):
            passed += 1
        elif t["code"] not in ("UNSUPPORTED",):
            failed += 1
print("%d passed, %d failed" % (passed, failed))
PY
exit $status
