#!/usr/bin/env python3
"""Whole-database cost of lockcheck, with the merge and the cache.

Over one compilation database this measures, serially and interleaved over
--runs rounds (medians of CPU time, user + sys, of the process and the
workers it waits for):

  floor        clang -fsyntax-only over every file of the database, one after
               the other (the parse alone)
  full         lockcheck -p DIR -j 1 --no-cache      (every file, then the merge)
  merge        lockcheck --merge SHARD                (the merge and the report
               alone, over the results of one --shard=1/1 run)
  incremental  lockcheck -p DIR -j 1 --cache-dir=C after a full run filled C and
               one file (--touch, default: the first) got a comment appended
               (the file is restored afterwards)

and prints the ratios: full/floor (budget 1.10), merge/full (budget 0.05),
incremental/full (budget 0.10), peak RSS of full against the largest peak
RSS of the floor's files (budget 1.0), and whether the incremental run's
findings are those of the full run.

Exit status 0 when the harness ran, 2 on a harness error.
"""

import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_bench as rb  # noqa: E402


def cpu(r):
    return r.user + r.sys


def checked(r, what):
    """r, or a HarnessError when lockcheck did not run to its end."""
    if r.code not in (0, 1) or r.timed_out:
        raise rb.HarnessError("%s failed (exit %d):\n%s" % (what, r.code, rb.tail(r.err)))
    return r


def findings(r):
    return [l for l in r.out.splitlines() if rb.WARNING_RE.search(l)]


def main(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--compdb", required=True, help="build directory or compile_commands.json")
    p.add_argument("--lockcheck", default=os.path.join(rb.REPO, "build", "bin", "lockcheck"))
    p.add_argument("--clang", default="clang++-19")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--touch", metavar="PATTERN",
                   help="the file edited for the incremental run (default: the first)")
    p.add_argument("--timeout", type=float, default=3600)
    a = p.parse_args(argv)
    try:
        builddir, entries = rb.load_compdb(a.compdb)
    except rb.HarnessError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    lockcheck = rb.which(a.lockcheck)
    clang = rb.which(a.clang)
    if not lockcheck or not clang:
        print("error: lockcheck (%s) or clang (%s) not found" % (a.lockcheck, a.clang),
              file=sys.stderr)
        return 2
    cc = rb.which(os.path.basename(clang).replace("++", "")) or clang
    touch = rb.select(entries, a.touch)[0]["file"] if a.touch else entries[0]["file"]
    work = tempfile.mkdtemp(prefix="lockcheck-wp-")
    rows = {k: [] for k in ("floor", "full", "merge", "incremental", "nochange")}
    rss = {"floor": 0, "full": 0}
    same = True
    try:
        for rnd in range(a.runs):
            floor_cpu = 0.0
            for e in entries:
                comp = cc if e["file"].endswith(".c") else clang
                r = rb.measure([comp] + rb.syntax_only_flags(e) + ["-fsyntax-only", e["file"]],
                               e["directory"], a.timeout)
                if r.code != 0:
                    print("error: the floor failed on %s:\n%s" % (e["file"], rb.tail(r.err)),
                          file=sys.stderr)
                    return 2
                floor_cpu += cpu(r)
                rss["floor"] = max(rss["floor"], r.rss_kib)
            rows["floor"].append(floor_cpu)

            full = checked(rb.measure([lockcheck, "-p", builddir, "-j", "1", "--no-cache",
                                       "--quiet"], builddir, a.timeout), "the full run")
            rows["full"].append(cpu(full))
            rss["full"] = max(rss["full"], full.rss_kib)

            shard = os.path.join(work, "shard%d" % rnd)
            checked(rb.measure([lockcheck, "-p", builddir, "-j", "1", "--no-cache", "--quiet",
                                "--shard=1/1", "--shard-out=" + shard], builddir, a.timeout),
                    "the shard run")
            merge = checked(rb.measure([lockcheck, "--merge", shard, "--quiet"], builddir,
                                       a.timeout), "--merge")
            rows["merge"].append(cpu(merge))
            same = same and findings(merge) == findings(full)

            cache = os.path.join(work, "cache%d" % rnd)
            checked(rb.measure([lockcheck, "-p", builddir, "-j", "1", "--cache-dir=" + cache,
                                "--quiet"], builddir, a.timeout), "the run filling the cache")
            nochange = checked(rb.measure([lockcheck, "-p", builddir, "-j", "1",
                                           "--cache-dir=" + cache, "--quiet"], builddir,
                                          a.timeout), "the cached run")
            rows["nochange"].append(cpu(nochange))
            saved = open(touch, "rb").read()
            try:
                with open(touch, "ab") as f:
                    f.write(b"\n// touched by bench/whole_program.py\n")
                inc = checked(rb.measure([lockcheck, "-p", builddir, "-j", "1",
                                          "--cache-dir=" + cache, "--quiet"], builddir,
                                         a.timeout), "the incremental run")
            finally:
                with open(touch, "wb") as f:
                    f.write(saved)
            rows["incremental"].append(cpu(inc))
            same = same and findings(inc) == findings(full) == findings(nochange)
    except rb.HarnessError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(work, ignore_errors=True)

    m = {k: rb.med(v) for k, v in rows.items()}
    print("database: %s (%d files); touched: %s; %d run(s); CPU seconds (median)"
          % (builddir, len(entries), os.path.relpath(touch, builddir), a.runs))
    print("| measure | CPU s | ratio | budget |")
    print("|---|---|---|---|")
    print("| clang -fsyntax-only, every file | %.2f | | |" % m["floor"])
    print("| lockcheck, whole database incl. merge | %.2f | %.3f of the floor | 1.10 |"
          % (m["full"], m["full"] / m["floor"]))
    print("| the merge and report alone (--merge) | %.3f | %.3f of the full run | 0.05 |"
          % (m["merge"], m["merge"] / m["full"]))
    print("| re-run, nothing changed (cache) | %.3f | %.3f of the full run | |"
          % (m["nochange"], m["nochange"] / m["full"]))
    print("| re-run after touching one file (cache) | %.3f | %.3f of the full run | 0.10 |"
          % (m["incremental"], m["incremental"] / m["full"]))
    print("| peak RSS, full run / largest file's parse | %.0f / %.0f MiB | %.2f | 1.0 |"
          % (rss["full"] / 1024.0, rss["floor"] / 1024.0, rss["full"] / rss["floor"]))
    print("findings identical (full, --merge, cached, incremental): %s" % ("yes" if same else "NO"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
