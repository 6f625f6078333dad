#!/usr/bin/env python3
"""Scaling curves: cost of lockcheck vs Clang's parse as inputs grow.

Two series, each measured with run_bench.py (configurations floor and
lockcheck, --json) on inputs made by gen_synthetic.py:

  size   one file holding ONE function of K statement units, K in --sizes
         (default 50,100,200,400,800): the cost-vs-function-size curve;
  files  N files of --functions functions of --statements units each,
         N in --file-counts (default 1,2,4,8): total time vs database size.

Writes <out>/scaling.dat (gnuplot data, two blocks: 'index 0' = size,
'index 1' = files), <out>/scaling.gp and, when gnuplot is installed,
<out>/scaling.png.  Inputs and per-point JSON go to <out>/scaling/.
If lockcheck is not built, its columns are NaN and only the floor is plotted.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def ints(text):
    try:
        vals = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("expected comma-separated integers: %r" % text)
    if not vals or min(vals) < 1:
        raise argparse.ArgumentTypeError("expected positive integers: %r" % text)
    return vals


def run(cmd):
    print("$ " + " ".join(cmd), flush=True)
    r = subprocess.run(cmd)
    if r.returncode != 0:
        sys.exit("scaling: command failed with exit %d" % r.returncode)


def point(a, name, gen_args):
    """Generate one input set, benchmark it; return the numbers of one row."""
    d = os.path.join(a.out, "scaling", name)
    run([sys.executable, os.path.join(HERE, "gen_synthetic.py"), "--out", d,
         "--seed", str(a.seed)] + gen_args)
    js = os.path.join(a.out, "scaling", name + ".json")
    cmd = [sys.executable, os.path.join(HERE, "run_bench.py"), "--compdb", d,
           "--configs", "floor,lockcheck", "--runs", str(a.runs), "--warmup", str(a.warmup),
           "--per-file", "no", "--json", js, "--clang", a.clang]
    if a.lockcheck:
        cmd += ["--lockcheck", a.lockcheck]
    run(cmd)
    with open(js, encoding="utf-8") as f:
        res = json.load(f)
    with open(os.path.join(d, "synthetic_manifest.json"), encoding="utf-8") as f:
        lines = sum(x["lines"] for x in json.load(f)["files"])
    tot = res["total"]

    def get(cfg, key):
        v = tot.get(cfg, {}).get(key)
        return float("nan") if v is None else float(v)
    wall_key, cpu_key = ("min_s", "min_cpu_s") if a.stat == "min" else ("median_s", "cpu_s")
    fl, lc = get("floor", wall_key), get("lockcheck", wall_key)
    fc, lcc = get("floor", cpu_key), get("lockcheck", cpu_key)
    return {"floor_s": fl, "lockcheck_s": lc, "x_floor": lc / fl if fl else float("nan"),
            "floor_mib": get("floor", "maxrss_mib"), "lockcheck_mib": get("lockcheck", "maxrss_mib"),
            "overhead_s": lc - fl, "lines": lines,
            "floor_cpu_s": fc, "lockcheck_cpu_s": lcc, "overhead_cpu_s": lcc - fc}


# Column numbers (from 2) are used by the gnuplot script: keep the order.
COLS = ["floor_s", "lockcheck_s", "x_floor", "floor_mib", "lockcheck_mib", "overhead_s", "lines",
        "floor_cpu_s", "lockcheck_cpu_s", "overhead_cpu_s"]


def num(v):
    if isinstance(v, int):
        return str(v)
    return "NaN" if v != v else "%.4f" % v


def write_dat(path, size_rows, file_rows, a):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# lockcheck scaling data, written by bench/scaling.py "
                "(runs=%d, warmup=%d, seed=%d)\n" % (a.runs, a.warmup, a.seed))
        f.write("# *_s: %s wall seconds of the whole run (TOTAL row of run_bench.py); "
                "*_cpu_s: %s user+sys seconds; *_mib: peak RSS; lines: source lines; "
                "NaN = not measured (lockcheck missing or failed)\n" % (a.stat, a.stat))
        f.write("# index 0: one function of K statement units (x = K)\n")
        f.write("# K " + " ".join(COLS) + "\n")
        for x, r in size_rows:
            f.write("%d %s\n" % (x, " ".join(num(r[c]) for c in COLS)))
        f.write("\n\n")
        f.write("# index 1: N files x %d functions x %d statement units (x = N)\n"
                % (a.functions, a.statements))
        f.write("# N " + " ".join(COLS) + "\n")
        for x, r in file_rows:
            f.write("%d %s\n" % (x, " ".join(num(r[c]) for c in COLS)))


def write_plot(a, have_lockcheck):
    gp = os.path.join(a.out, "scaling.gp")
    dat = os.path.join(a.out, "scaling.dat")
    png = os.path.join(a.out, "scaling.png")

    # columns: wall 2 3 7, CPU 9 10 11
    cf, cl, co = (9, 10, 11) if a.plot_cpu else (2, 3, 7)
    what = "CPU (user+sys)" if a.plot_cpu else "wall"

    def series(index):
        s = ["'%s' index %d using 1:%d with linespoints lw 2 pt 7 title 'clang -fsyntax-only (floor)'"
             % (dat, index, cf)]
        if have_lockcheck:
            s.append("'%s' index %d using 1:%d with linespoints lw 2 pt 5 title 'lockcheck'"
                     % (dat, index, cl))
            s.append("'%s' index %d using 1:%d axes x1y2 with linespoints lw 1 dt 2 pt 6 "
                     "title 'lockcheck - floor (right axis)'" % (dat, index, co))
        return ", \\\n     ".join(s)
    note = "" if have_lockcheck else " (lockcheck not built: floor only)"
    y2 = ("set y2tics\nset ytics nomirror\nset y2label 'lockcheck - floor (s)'"
          if have_lockcheck else "")
    text = """# gnuplot script written by bench/scaling.py
set terminal pngcairo size 1200,500 font ",10"
set output '{png}'
set datafile missing 'NaN'
set key top left
set grid
set multiplot layout 1,2 title 'lockcheck scaling{note}'
set title 'one function of K statements'
set xlabel 'K (statement units in the function)'
set ylabel '{stat} {what} time (s)'
{y2}
plot {s0}
set title 'N files x {m} functions x {k} statements'
set xlabel 'N (translation units)'
set ylabel '{stat} total {what} time (s)'
plot {s1}
unset multiplot
""".format(png=png, note=note, s0=series(0), s1=series(1), m=a.functions, k=a.statements,
           what=what, y2=y2, stat=a.stat)
    with open(gp, "w", encoding="utf-8") as f:
        f.write(text)
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        print("scaling: gnuplot not found (apt-get install -y gnuplot-nox); "
              "wrote %s, no PNG" % gp)
        return
    r = subprocess.run([gnuplot, gp])
    if r.returncode != 0:
        sys.exit("scaling: gnuplot failed (exit %d) on %s" % (r.returncode, gp))
    print("scaling: wrote %s" % png)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=os.path.join(HERE, "out"),
                   help="output directory (default bench/out)")
    p.add_argument("--sizes", type=ints, default=[50, 100, 200, 400, 800],
                   help="statement units of the single function (default 50,100,200,400,800)")
    p.add_argument("--file-counts", type=ints, default=[1, 2, 4, 8],
                   help="numbers of files (default 1,2,4,8)")
    p.add_argument("--functions", type=int, default=10,
                   help="functions per file in the files series (default 10)")
    p.add_argument("--statements", type=int, default=20,
                   help="statement units per function in the files series (default 20)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--runs", type=int, default=3, help="timed runs per point (default 3)")
    p.add_argument("--warmup", type=int, default=1, help="untimed runs per point (default 1)")
    p.add_argument("--lockcheck", help="lockcheck executable (default: run_bench.py's default)")
    p.add_argument("--clang", default="clang++-19")
    p.add_argument("--no-plot", action="store_true", help="do not run gnuplot")
    p.add_argument("--stat", choices=["median", "min"], default="median",
                   help="statistic over the runs for the time columns (default median; "
                        "min is steadier when other work shares the machine)")
    p.add_argument("--plot-cpu", action="store_true",
                   help="plot CPU (user+sys) time instead of wall time (steadier on a busy machine)")
    a = p.parse_args()
    a.out = os.path.abspath(a.out)
    os.makedirs(os.path.join(a.out, "scaling"), exist_ok=True)

    size_rows = [(k, point(a, "size_%d" % k, ["--single-function", "--statements", str(k)]))
                 for k in a.sizes]
    file_rows = [(n, point(a, "files_%d" % n,
                           ["--files", str(n), "--functions", str(a.functions),
                            "--statements", str(a.statements)]))
                 for n in a.file_counts]
    dat = os.path.join(a.out, "scaling.dat")
    write_dat(dat, size_rows, file_rows, a)
    print("scaling: wrote %s" % dat)
    with open(dat, encoding="utf-8") as f:
        sys.stdout.write(f.read())
    have = any(r["lockcheck_s"] == r["lockcheck_s"] for _, r in size_rows + file_rows)
    if not a.no_plot:
        write_plot(a, have)
    return 0


if __name__ == "__main__":
    sys.exit(main())
