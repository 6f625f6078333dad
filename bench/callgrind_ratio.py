#!/usr/bin/env python3
"""Instruction counts (valgrind --tool=callgrind) of lockcheck against
`clang -fsyntax-only` on the same translation units.

Unlike run_bench.py's timings, instruction counts do not depend on the load of
the machine: use this for before/after comparisons on a busy machine.

    python3 bench/callgrind_ratio.py --compdb DIR --files PATTERN \\
        [--lockcheck build/bin/lockcheck] [--baseline OLD_LOCKCHECK] \\
        [--lockcheck-arg ARG]... [--out DIR]

Prints, per file, the total Ir of each configuration and its ratio to the
floor, and the exact commands run. The callgrind.out files are kept in --out
(bench/out/callgrind by default) for callgrind_annotate.
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_bench import load_compdb, select, syntax_only_flags, which  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def callgrind(cmd, cwd, outfile):
    full = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + outfile] + cmd
    p = subprocess.run(full, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    m = re.search(r"I\s+refs:\s+([\d,]+)", p.stderr)
    if not m:
        sys.exit("callgrind gave no count for: %s\n%s" % (" ".join(full), p.stderr[-2000:]))
    return int(m.group(1).replace(",", "")), " ".join(full)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--compdb", required=True)
    ap.add_argument("--files", required=True, help="glob or re:REGEX, as run_bench.py")
    ap.add_argument("--clang", default="clang++-19")
    ap.add_argument("--lockcheck", default=os.path.join(HERE, "..", "build", "bin", "lockcheck"))
    ap.add_argument("--baseline", help="another lockcheck binary (before a change)")
    ap.add_argument("--lockcheck-arg", action="append", default=[])
    ap.add_argument("--out", default=os.path.join(HERE, "out", "callgrind"))
    a = ap.parse_args()
    builddir, entries = load_compdb(a.compdb)
    entries = select(entries, a.files)
    if not entries:
        sys.exit("no file of the database matches %r" % a.files)
    os.makedirs(a.out, exist_ok=True)
    clang = which(a.clang)
    tools = [("lockcheck", os.path.abspath(a.lockcheck))]
    if a.baseline:
        tools.insert(0, ("baseline", os.path.abspath(a.baseline)))
    print("%-40s %-10s %16s %8s" % ("file", "config", "Ir", "x_floor"))
    for e in entries:
        base = re.sub(r"[^A-Za-z0-9_.]", "_", e["file"].lstrip(os.sep))
        rows = []
        # A C file is parsed as C++ by clang++: use the C driver for it.
        cc = clang
        if e["file"].endswith(".c"):
            cc = which(re.sub(r"\+\+", "", os.path.basename(clang))) or clang
        floor, cmd = callgrind([cc] + syntax_only_flags(e) + ["-fsyntax-only", e["file"]],
                               e["directory"], os.path.join(a.out, base + ".floor.out"))
        rows.append(("floor", floor, cmd))
        for name, exe in tools:
            ir, cmd = callgrind([exe, e["file"], "-p", builddir] + a.lockcheck_arg,
                                e["directory"], os.path.join(a.out, base + "." + name + ".out"))
            rows.append((name, ir, cmd))
        for name, ir, cmd in rows:
            print("%-40s %-10s %16s %8.3f" % (os.path.basename(e["file"]), name,
                                              format(ir, ","), ir / floor), flush=True)
        for name, ir, cmd in rows:
            print("  %s: (cd %s && %s)" % (name, e["directory"], cmd), flush=True)


if __name__ == "__main__":
    main()
