#!/usr/bin/env python3
"""How the whole-program merge grows with the number of translation units.

Generates --files synthetic translation units (gen_synthetic.py), analyses
them once into a shard (lockcheck --shard=1/1 --shard-out), then, for each
size in --sizes, builds a shard of the first N results and times
'lockcheck --merge' over it (--runs rounds, median CPU time, peak RSS).
Writes out/merge_scaling.dat (N, CPU s, peak RSS MiB) and, when gnuplot is
installed, out/merge_scaling.png; prints a table with the time and memory
per translation unit, which stay flat when the growth is linear.
"""

import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_bench as rb  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lockcheck", default=os.path.join(rb.REPO, "build", "bin", "lockcheck"))
    p.add_argument("--files", type=int, default=2000)
    p.add_argument("--sizes", default="250,500,1000,1500,2000")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("-j", "--jobs", type=int, default=2)
    p.add_argument("--work", default="/tmp/lockcheck-merge-scaling",
                   help="where the database and the shards go (kept between runs)")
    p.add_argument("--out", default=os.path.join(HERE, "out"))
    a = p.parse_args(argv)
    sizes = [int(s) for s in a.sizes.split(",")]
    if max(sizes) > a.files:
        print("error: a size is larger than --files", file=sys.stderr)
        return 2
    db = os.path.join(a.work, "db")
    full = os.path.join(a.work, "full")
    list_file = os.path.join(full, "shard-1-of-1", "files.txt")
    if not os.path.exists(list_file):
        shutil.rmtree(a.work, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(HERE, "gen_synthetic.py"),
                        "--files", str(a.files), "--functions", "6", "--statements", "10",
                        "--seed", "1", "--out", db], check=True, stdout=subprocess.DEVNULL)
        r = subprocess.run([a.lockcheck, "-p", db, "-j", str(a.jobs), "--no-cache", "--quiet",
                            "--shard=1/1", "--shard-out=" + full])
        if r.returncode != 0:
            print("error: the analysis of the database failed", file=sys.stderr)
            return 2
    lines = open(list_file).read().splitlines()
    header, files = lines[0], lines[1:]
    os.makedirs(a.out, exist_ok=True)
    rows = []
    for n in sizes:
        d = os.path.join(a.work, "n%d" % n, "shard-1-of-1")
        if not os.path.isdir(d):
            os.makedirs(d)
            with open(os.path.join(d, "files.txt"), "w") as f:
                f.write(header + "\n" + "\n".join(files[:n]) + "\n")
            for i in range(n):
                os.symlink(os.path.join(full, "shard-1-of-1", "%d.yaml" % i),
                           os.path.join(d, "%d.yaml" % i))
        cpus, rss = [], []
        for _ in range(a.runs):
            r = rb.measure([a.lockcheck, "--merge", os.path.dirname(d), "--quiet"], db, 3600)
            if r.code not in (0, 1):
                print("error: --merge failed:\n" + rb.tail(r.err), file=sys.stderr)
                return 2
            cpus.append(r.user + r.sys)
            rss.append(r.rss_kib / 1024.0)
        rows.append((n, rb.med(cpus), max(rss)))
    dat = os.path.join(a.out, "merge_scaling.dat")
    with open(dat, "w") as f:
        f.write("# translation units, merge CPU seconds (median of %d), peak RSS MiB\n" % a.runs)
        for n, c, m in rows:
            f.write("%d %.4f %.1f\n" % (n, c, m))
    print("| TUs | merge CPU s | per TU (ms) | peak RSS MiB | per TU (KiB) |")
    print("|---|---|---|---|---|")
    for n, c, m in rows:
        print("| %d | %.3f | %.2f | %.1f | %.1f |" % (n, c, 1000 * c / n, m, 1024 * m / n))
    if shutil.which("gnuplot"):
        png = os.path.join(a.out, "merge_scaling.png")
        script = ("set terminal png size 720,420; set output '%s';"
                  "set xlabel 'translation units'; set ylabel 'CPU seconds';"
                  "set y2label 'peak RSS (MiB)'; set ytics nomirror; set y2tics;"
                  "set key left top; set yrange [0:*]; set y2range [0:*];"
                  "plot '%s' using 1:2 with linespoints title 'merge CPU time' axes x1y1,"
                  " '' using 1:3 with linespoints title 'peak RSS' axes x1y2" % (png, dat))
        subprocess.run(["gnuplot", "-e", script], check=False)
        print("plot: %s" % png)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
