#!/usr/bin/env python3
"""Time and memory of lockcheck against Clang's parse and clang-tidy.

For every translation unit of a compilation database this runs, interleaved
(round r: file 1 all configurations, file 2 all configurations, ...; repeated
--runs times, after --warmup untimed rounds):

  floor          <clang> <the file's own flags> -fsyntax-only <file>
  lockcheck      <lockcheck> <file> -p <dir> [--lockcheck-arg ...]  (exit 0 or 1 = success)
  baseline       the same with --baseline <another lockcheck>  (only with --baseline)
  tidy-plugin    <clang-tidy> -p <dir> --load=<plugin> -checks='-*,lockcheck-*' <file>
  tidy-upstream  <clang-tidy> -p <dir> --allow-enabling-analyzer-alpha-checkers
                 -checks='-*,bugprone-unused-raii,bugprone-spuriously-wake-up-functions,
                 concurrency-*,clang-analyzer-alpha.unix.PthreadLock,
                 clang-analyzer-unix.BlockInCriticalSection' <file>

Each command is started with subprocess and reaped with os.wait4(), whose
rusage gives that child's own peak resident set size (ru_maxrss) and CPU time;
wall time is measured around start and reap.  The table shows, per file (when
there are few files) and in total, the median wall time, its ratio to the
floor, the peak RSS and its ratio to the floor's.

A configuration whose binary (or plugin) is missing is skipped with a message.
--parallel-check also compares 'lockcheck -p DIR -j 1' with '-j 2' over the
whole database.

Exit status: 0 when the harness ran (even if lockcheck or clang-tidy failed on
some file: that is reported in the table), 2 on a harness error (bad
arguments, missing database, the floor command failing).
"""

import argparse
import fnmatch
import json
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

UPSTREAM_CHECKS = ("-*,bugprone-unused-raii,bugprone-spuriously-wake-up-functions,"
                   "concurrency-*,clang-analyzer-alpha.unix.PthreadLock,"
                   "clang-analyzer-unix.BlockInCriticalSection")
PLUGIN_CHECKS = "-*,lockcheck-*"
ALL_CONFIGS = ["floor", "lockcheck", "tidy-plugin", "tidy-upstream"]
# Optional: a second lockcheck binary (--baseline), e.g. the build before a change,
# measured interleaved with the others so that both see the same machine load.
OPTIONAL_CONFIGS = ["baseline"]
WARNING_RE = re.compile(r": (warning|error): ")


class HarnessError(Exception):
    pass


def log(msg=""):
    print(msg, flush=True)


# ---------------------------------------------------------------- database

def load_compdb(path):
    """Return (builddir, entries) of a compile_commands.json or its directory."""
    path = os.path.abspath(path)
    if os.path.isdir(path):
        dbfile = os.path.join(path, "compile_commands.json")
    else:
        dbfile = path
    if not os.path.isfile(dbfile):
        raise HarnessError("no compilation database at %s" % dbfile)
    try:
        with open(dbfile, encoding="utf-8") as f:
            raw = json.load(f)
    except (OSError, ValueError) as e:
        raise HarnessError("cannot read %s: %s" % (dbfile, e))
    if not isinstance(raw, list):
        raise HarnessError("%s: expected a JSON array" % dbfile)
    entries, seen = [], set()
    for i, e in enumerate(raw):
        try:
            directory = e["directory"]
            file = e["file"]
            if "arguments" in e:
                args = list(e["arguments"])
            else:
                args = shlex.split(e["command"])
        except (KeyError, TypeError) as ex:
            raise HarnessError("%s: entry %d lacks %s" % (dbfile, i, ex))
        file = os.path.normpath(os.path.join(directory, file))
        if file in seen:  # several commands for one file: benchmark the first
            continue
        seen.add(file)
        entries.append({"directory": directory, "file": file, "args": args})
    return os.path.dirname(dbfile), entries


def select(entries, pattern):
    """Keep the entries whose file matches pattern.

    're:REGEX' searches REGEX in the absolute path.  Anything else is a glob
    matched against the absolute path and against the base name; if that glob
    selects nothing, it is tried as a regular expression (re.search)."""
    if not pattern:
        return entries
    if pattern.startswith("re:"):
        try:
            rx = re.compile(pattern[3:])
        except re.error as e:
            raise HarnessError("bad regular expression %r: %s" % (pattern[3:], e))
        return [e for e in entries if rx.search(e["file"])]
    out = [e for e in entries
           if fnmatch.fnmatch(e["file"], pattern)
           or fnmatch.fnmatch(os.path.basename(e["file"]), pattern)]
    if out:
        return out
    try:
        rx = re.compile(pattern)
    except re.error:
        return []
    return [e for e in entries if rx.search(e["file"])]


# Options that do not matter (or are harmful) for -fsyntax-only.
DROP_WITH_VALUE = {"-o", "-MF", "-MT", "-MQ", "-MJ", "--serialize-diagnostics"}
DROP_ALONE = {"-c", "-S", "-E", "-MD", "-MMD", "-M", "-MM", "-MP", "--"}


def syntax_only_flags(entry):
    """The entry's compiler flags without the compiler, output and source."""
    args = entry["args"][1:]
    directory = entry["directory"]
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a in DROP_WITH_VALUE:
            skip = True
            continue
        if a in DROP_ALONE or (a.startswith("-o") and len(a) > 2 and not a.startswith("-obj")):
            continue
        if not a.startswith("-") and os.path.normpath(os.path.join(directory, a)) == entry["file"]:
            continue
        out.append(a)
    return out


# ---------------------------------------------------------------- running

def which(path):
    """Resolve a program name or path; None if not an executable file."""
    if os.sep in path:
        return os.path.abspath(path) if os.path.isfile(path) and os.access(path, os.X_OK) else None
    return shutil.which(path)


class Result:
    def __init__(self, wall, rss_kib, user, sys_, code, out, err, timed_out=False):
        self.wall = wall
        self.rss_kib = rss_kib
        self.user = user
        self.sys = sys_
        self.code = code
        self.out = out
        self.err = err
        self.timed_out = timed_out

    def warnings(self):
        return sum(1 for line in (self.out + "\n" + self.err).splitlines()
                   if WARNING_RE.search(line))


def measure(cmd, cwd, timeout):
    """Run cmd; return a Result with wall time and the child's own rusage."""
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe:
        t0 = time.perf_counter()
        try:
            p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=fo,
                                 stderr=fe, start_new_session=True)
        except OSError as e:
            return Result(0.0, 0, 0.0, 0.0, 127, "", "cannot run %s: %s" % (cmd[0], e))
        timed_out = []

        def kill():
            timed_out.append(True)
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass
        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        try:
            while True:
                try:
                    _, status, ru = os.wait4(p.pid, 0)
                    break
                except InterruptedError:
                    continue
        except BaseException:  # ^C: the child runs in its own session, end it too
            if timer:
                timer.cancel()
            kill()
            os.waitpid(p.pid, 0)
            p.returncode = -signal.SIGKILL
            raise
        wall = time.perf_counter() - t0
        if timer:
            timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        fo.seek(0)
        fe.seek(0)
        out = fo.read().decode("utf-8", "replace")
        err = fe.read().decode("utf-8", "replace")
    return Result(wall, ru.ru_maxrss, ru.ru_utime, ru.ru_stime, p.returncode, out, err,
                  bool(timed_out))


# ---------------------------------------------------------------- configurations

def no_cache(lockcheck):
    """['--no-cache'] for a lockcheck that keeps a cache (every timed run must
    analyse its file, not read a result cached by the warm-up round)."""
    try:
        text = subprocess.run([lockcheck, "--help"], capture_output=True, text=True,
                              timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return ["--no-cache"] if "--no-cache" in text else []


class Config:
    def __init__(self, name, ok_codes, build):
        self.name = name
        self.ok_codes = ok_codes
        self.build = build  # entry -> (argv, cwd)


def make_configs(a, builddir, wanted):
    """Return ([Config], [skip message])."""
    configs, skipped = [], []
    clang = which(a.clang)
    if "floor" in wanted:
        if not clang:
            raise HarnessError("floor compiler '%s' not found (use --clang)" % a.clang)
        # clang++ parses a .c file as C++: the C driver for C files.
        cc = which(re.sub(r"\+\+", "", os.path.basename(clang))) or clang
        configs.append(Config("floor", {0}, lambda e: (
            [cc if e["file"].endswith(".c") else clang] + syntax_only_flags(e)
            + ["-fsyntax-only", e["file"]], e["directory"])))
    lockcheck = which(a.lockcheck)
    if "lockcheck" in wanted:
        if lockcheck:
            nc = no_cache(lockcheck)
            configs.append(Config("lockcheck", {0, 1}, lambda e: (
                [lockcheck, e["file"], "-p", builddir] + nc + a.lockcheck_arg,
                e["directory"])))
        else:
            skipped.append("skip: lockcheck: no executable at %s (not built yet?)" % a.lockcheck)
    if "baseline" in wanted:
        baseline = which(a.baseline)
        if baseline:
            bnc = no_cache(baseline)
            configs.append(Config("baseline", {0, 1}, lambda e: (
                [baseline, e["file"], "-p", builddir] + bnc + a.lockcheck_arg,
                e["directory"])))
        else:
            skipped.append("skip: baseline: no executable at %s" % a.baseline)
    tidy = which(a.clang_tidy)
    if "tidy-plugin" in wanted:
        plugin = os.path.abspath(a.plugin)
        if not tidy:
            skipped.append("skip: tidy-plugin: clang-tidy '%s' not found" % a.clang_tidy)
        elif not os.path.isfile(plugin):
            skipped.append("skip: tidy-plugin: no plugin at %s (not built yet?)" % a.plugin)
        else:
            r = measure([tidy, "--load=" + plugin, "-checks=" + PLUGIN_CHECKS, "--list-checks"],
                        builddir, 60)
            listed = [l.strip() for l in r.out.splitlines() if l.strip().startswith("lockcheck-")]
            if r.code != 0 or not listed:
                skipped.append("skip: tidy-plugin: clang-tidy cannot load %s or it registers "
                               "no lockcheck-* check (exit %d):\n%s"
                               % (plugin, r.code, indent((r.err or r.out).strip())))
            else:
                configs.append(Config("tidy-plugin", {0}, lambda e: (
                    [tidy, "-p", builddir, "--load=" + plugin, "-checks=" + PLUGIN_CHECKS,
                     e["file"]], e["directory"])))
    if "tidy-upstream" in wanted:
        if not tidy:
            skipped.append("skip: tidy-upstream: clang-tidy '%s' not found" % a.clang_tidy)
        else:
            extra = [] if a.no_alpha else ["--allow-enabling-analyzer-alpha-checkers"]
            r = measure([tidy] + extra + ["-checks=" + UPSTREAM_CHECKS, "--list-checks"],
                        builddir, 60)
            listed = [l.strip() for l in r.out.splitlines()
                      if l.startswith("    ") and not l.strip().startswith("clang-analyzer-core.")]
            ncore = sum(1 for l in r.out.splitlines() if l.strip().startswith("clang-analyzer-core."))
            skipped.append("note: tidy-upstream enables: %s (+%d clang-analyzer-core.* "
                           "dependencies)" % (", ".join(listed), ncore))
            configs.append(Config("tidy-upstream", {0}, lambda e: (
                [tidy, "-p", builddir] + extra + ["-checks=" + UPSTREAM_CHECKS, e["file"]],
                e["directory"])))
    return configs, skipped


def busy_note(load, when):
    ncpu = os.cpu_count() or 1
    if load > 0.5 * ncpu:
        log("note: the machine is busy %s (1-minute load average %.2f on %d CPU(s)): "
            "timings will be noisy; prefer x_floor_cpu, or rerun when idle" % (when, load, ncpu))


def indent(text, pre="    "):
    return "\n".join(pre + l for l in text.splitlines())


def tail(text, n=15):
    lines = text.strip().splitlines()
    return "\n".join(lines[-n:])


# ---------------------------------------------------------------- statistics

def med(xs):
    return statistics.median(xs) if xs else None


def fmt(x, spec):
    return "-" if x is None else format(x, spec)


def ratio(a, b):
    return a / b if a is not None and b else None


def run_per_file(a, entries, configs):
    """Interleaved runs; returns {file: {config: {...}}}."""
    data = {e["file"]: {c.name: {"wall": [], "rss_kib": [], "user": [], "sys": [],
                                 "codes": [], "warnings": None, "failed": False,
                                 "timed_out": False}
                        for c in configs} for e in entries}
    reported = set()
    rounds = a.warmup + a.runs
    for rnd in range(rounds):
        timed = rnd >= a.warmup
        label = "run %d/%d" % (rnd - a.warmup + 1, a.runs) if timed else \
            "warm-up %d/%d" % (rnd + 1, a.warmup)
        if a.verbose:
            log("# %s" % label)
        for e in entries:
            # Alternate the order between rounds so no configuration always
            # runs right after the same neighbour.
            order = configs if rnd % 2 == 0 else list(reversed(configs))
            for c in order:
                cmd, cwd = c.build(e)
                r = measure(cmd, cwd, a.timeout)
                d = data[e["file"]][c.name]
                ok = r.code in c.ok_codes and not r.timed_out
                if not ok:
                    d["failed"] = True
                    d["timed_out"] |= r.timed_out
                    key = (e["file"], c.name)
                    if c.name == "floor":
                        raise HarnessError(
                            "floor command failed (exit %d) on %s:\n  %s\n%s"
                            % (r.code, e["file"], " ".join(map(shlex.quote, cmd)),
                               indent(tail(r.err or r.out))))
                    if key not in reported:
                        reported.add(key)
                        why = "timed out after %ss" % a.timeout if r.timed_out else \
                            "exit %d" % r.code
                        log("FAILED: %s on %s (%s):\n  %s\n%s"
                            % (c.name, e["file"], why, " ".join(map(shlex.quote, cmd)),
                               indent(tail(r.err or r.out))))
                if d["warnings"] is None:
                    d["warnings"] = r.warnings()
                if timed:
                    d["wall"].append(r.wall)
                    d["rss_kib"].append(r.rss_kib)
                    d["user"].append(r.user)
                    d["sys"].append(r.sys)
                    d["codes"].append(r.code)
                if a.verbose:
                    log("#   %-14s %-40s %7.3fs %7.1f MiB exit %d"
                        % (c.name, os.path.basename(e["file"]), r.wall,
                           r.rss_kib / 1024.0, r.code))
    return data


def summarize(entries, configs, data):
    """Per-file rows and TOTAL rows (dicts)."""
    rows = []
    names = [c.name for c in configs]
    for e in entries:
        f = e["file"]
        floor = data[f].get("floor")
        fmed = med(floor["wall"]) if floor and not floor["failed"] else None
        frss = max(floor["rss_kib"]) if floor and floor["rss_kib"] else None
        fcpu = med([u + s for u, s in zip(floor["user"], floor["sys"])]) \
            if floor and not floor["failed"] else None
        for n in names:
            d = data[f][n]
            ok = not d["failed"] and d["wall"]
            m = med(d["wall"]) if ok else None
            rss = max(d["rss_kib"]) if ok else None
            rows.append({"file": f, "config": n, "ok": "%d/1" % (1 if ok else 0),
                         "runs": len(d["wall"]),
                         "median_s": m, "min_s": min(d["wall"]) if ok else None,
                         "max_s": max(d["wall"]) if ok else None,
                         "x_floor": ratio(m, fmed),
                         "maxrss_mib": rss / 1024.0 if rss else None,
                         "x_floor_rss": ratio(rss, frss),
                         "cpu_s": med([u + s for u, s in zip(d["user"], d["sys"])]) if ok else None,
                         "x_floor_cpu": ratio(med([u + s for u, s in zip(d["user"], d["sys"])])
                                              if ok else None, fcpu),
                         "warnings": None if d["failed"] else d["warnings"],
                         "failed": d["failed"]})
    totals = []
    for n in names:
        # Files on which this configuration (and the floor) succeeded.
        good = [e["file"] for e in entries
                if not data[e["file"]][n]["failed"] and data[e["file"]][n]["wall"]]
        nruns = min((len(data[f][n]["wall"]) for f in good), default=0)
        per_round = [sum(data[f][n]["wall"][i] for f in good) for i in range(nruns)]
        m = med(per_round)
        rss = max((max(data[f][n]["rss_kib"]) for f in good), default=None)
        fm = frss = fcpu = None

        def cpu_sums(cfg):
            return [sum(data[f][cfg]["user"][i] + data[f][cfg]["sys"][i] for f in good)
                    for i in range(nruns)]
        if "floor" in names and good:
            fl = [sum(data[f]["floor"]["wall"][i] for f in good) for i in range(nruns)]
            fm = med(fl)
            frss = max(max(data[f]["floor"]["rss_kib"]) for f in good)
            fcpu = med(cpu_sums("floor"))
        cpu = cpu_sums(n)
        warns = sum(data[f][n]["warnings"] or 0 for f in good)
        totals.append({"file": "TOTAL", "config": n, "ok": "%d/%d" % (len(good), len(entries)),
                       "runs": nruns, "median_s": m,
                       "min_s": min(per_round) if per_round else None,
                       "max_s": max(per_round) if per_round else None,
                       "x_floor": ratio(m, fm),
                       "maxrss_mib": rss / 1024.0 if rss else None,
                       "x_floor_rss": ratio(rss, frss),
                       "cpu_s": med(cpu), "x_floor_cpu": ratio(med(cpu), fcpu),
                       "min_cpu_s": min(cpu) if cpu else None,
                       "warnings": warns if good else None,
                       "failed": len(good) < len(entries)})
    return rows, totals


COLUMNS = [("file", "<", None), ("config", "<", None), ("ok", ">", None),
           ("median_s", ">", ".3f"), ("min_s", ">", ".3f"), ("max_s", ">", ".3f"),
           ("x_floor", ">", ".2f"), ("cpu_s", ">", ".3f"), ("x_floor_cpu", ">", ".2f"),
           ("maxrss_mib", ">", ".1f"),
           ("x_floor_rss", ">", ".2f"), ("warnings", ">", "d")]
HEADERS = {"maxrss_mib": "maxrss_MiB"}
LEGEND = """\
ok           files on which the configuration succeeded (floor: exit 0; lockcheck: 0 or 1)
median_s     median wall seconds over the timed runs (TOTAL: median of per-run sums over files)
min_s max_s  fastest and slowest run
x_floor      median_s / median_s of floor (TOTAL: over the same files)
cpu_s        median user+sys CPU seconds of the process (TOTAL: of per-run sums)
x_floor_cpu  cpu_s / cpu_s of floor: less disturbed than x_floor when the machine is busy
maxrss_MiB   peak resident set size (TOTAL: the largest over files)
x_floor_rss  maxrss_MiB / maxrss_MiB of floor
warnings     lines with ': warning: ' or ': error: ' in the first run's output"""


def print_table(rows):
    cells = []
    for r in rows:
        line = []
        for key, _, spec in COLUMNS:
            v = r[key]
            if key == "file":
                v = os.path.basename(v) if v != "TOTAL" else v
            elif spec:
                v = fmt(v, spec)
            elif v is None:
                v = "-"
            if r.get("failed") and key == "median_s" and r["median_s"] is None:
                v = "FAILED"
            line.append(str(v))
        cells.append(line)
    heads = [HEADERS.get(k, k) for k, _, _ in COLUMNS]
    widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, h in enumerate(heads)]

    def render(vals):
        out = []
        for (key, align, _), w, v in zip(COLUMNS, widths, vals):
            out.append(v.ljust(w) if align == "<" else v.rjust(w))
        return "  ".join(out).rstrip()
    log(render(heads))
    prev = None
    for c, r in zip(cells, rows):
        if prev is not None and r["file"] != prev:
            log("")
        prev = r["file"]
        log(render(c))


# ---------------------------------------------------------------- -j check

def parallel_check(a, builddir, nfiles):
    lockcheck = which(a.lockcheck)
    log("")
    log("== parallel check: lockcheck -p %s -j 1 vs -j 2 (whole database, %d file(s), "
        "%d CPU(s)) ==" % (builddir, nfiles, os.cpu_count() or 0))
    if not lockcheck:
        log("skip: parallel check: no lockcheck executable at %s (not built yet?)" % a.lockcheck)
        return {"skipped": "lockcheck missing"}
    jobs = [1, 2]
    res = {j: [] for j in jobs}
    rss = {j: [] for j in jobs}
    outs = {}
    for rnd in range(a.warmup + a.runs):
        order = jobs if rnd % 2 == 0 else list(reversed(jobs))
        for j in order:
            cmd = [lockcheck, "-p", builddir, "-j", str(j)] + no_cache(lockcheck) + \
                a.lockcheck_arg
            r = measure(cmd, builddir, a.timeout)
            if r.code not in (0, 1) or r.timed_out:
                why = "timed out after %ss" % a.timeout if r.timed_out else "exit %d" % r.code
                log("skip: parallel check: '%s' failed (%s); its stderr:"
                    % (" ".join(map(shlex.quote, cmd)), why))
                log(indent(tail(r.err, 40) or "(empty)"))
                return {"skipped": "lockcheck %s" % why, "stderr": r.err[-4000:]}
            outs.setdefault(j, sorted(l for l in (r.out + "\n" + r.err).splitlines()
                                      if WARNING_RE.search(l)))
            if rnd >= a.warmup:
                res[j].append(r.wall)
                rss[j].append(r.rss_kib)
    out = {"jobs": {}}
    for j in jobs:
        out["jobs"][str(j)] = {"wall": res[j], "median_s": med(res[j]),
                               "maxrss_mib": max(rss[j]) / 1024.0}
        log("  -j %d: median %.3f s  (min %.3f, max %.3f)  maxrss %.1f MiB  %d warning line(s)"
            % (j, med(res[j]), min(res[j]), max(res[j]), max(rss[j]) / 1024.0, len(outs[j])))
    sp = ratio(med(res[1]), med(res[2]))
    out["speedup"] = sp
    out["same_findings"] = outs[1] == outs[2]
    log("  speed-up -j 2 vs -j 1: %sx  (ideal 2.00x on 2 idle cores)" % fmt(sp, ".2f"))
    if not out["same_findings"]:
        log("  note: the warning lines of -j 1 and -j 2 differ (non-deterministic output?)")
    return out


# ---------------------------------------------------------------- main

def parse_args(argv):
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--compdb", required=True,
                   help="compile_commands.json or the directory holding it")
    p.add_argument("--lockcheck", default=os.path.join(REPO, "build", "bin", "lockcheck"),
                   help="lockcheck executable (default: <repo>/build/bin/lockcheck)")
    p.add_argument("--plugin", default=os.path.join(REPO, "build", "lib",
                                                    "LockcheckTidyModule.so"),
                   help="clang-tidy plugin (default: <repo>/build/lib/LockcheckTidyModule.so)")
    p.add_argument("--lockcheck-arg", action="append", default=[], metavar="ARG",
                   help="extra argument appended to every lockcheck (and baseline) command, "
                        "repeatable; e.g. --lockcheck-arg=--checks=-*,lockcheck-* for a project "
                        "whose .clang-tidy disables the lockcheck checks")
    p.add_argument("--baseline", metavar="LOCKCHECK",
                   help="a second lockcheck executable (e.g. the build before a change), "
                        "measured as configuration 'baseline', interleaved with the others")
    p.add_argument("--clang-tidy", default="clang-tidy-19", help="default clang-tidy-19")
    p.add_argument("--clang", default="clang++-19", help="floor compiler (default clang++-19)")
    p.add_argument("--runs", type=int, default=5, help="timed rounds (default 5)")
    p.add_argument("--warmup", type=int, default=1,
                   help="untimed rounds first, to warm caches (default 1)")
    p.add_argument("--files", metavar="PATTERN",
                   help="only these files: a glob on the path or base name "
                        "('synth_00[01].cpp'), or 're:REGEX' searched in the path; "
                        "a glob that selects nothing is tried as a regex")
    p.add_argument("--configs",
                   help="comma-separated subset of %s (default: all; baseline only with "
                        "--baseline)" % ",".join(ALL_CONFIGS + OPTIONAL_CONFIGS))
    p.add_argument("--no-alpha", action="store_true",
                   help="tidy-upstream without --allow-enabling-analyzer-alpha-checkers "
                        "(clang-analyzer-alpha.unix.PthreadLock then does not run)")
    p.add_argument("--parallel-check", action="store_true",
                   help="also compare 'lockcheck -p DIR -j 1' and '-j 2' over the whole database")
    p.add_argument("--parallel-only", action="store_true",
                   help="only the -j comparison (implies --parallel-check)")
    p.add_argument("--per-file", choices=["auto", "yes", "no"], default="auto",
                   help="per-file rows (auto: when at most 8 files)")
    p.add_argument("--timeout", type=float, default=600,
                   help="seconds before a command is killed and counted as failed (default 600)")
    p.add_argument("--json", metavar="OUT", help="write all measurements to this JSON file")
    p.add_argument("-v", "--verbose", action="store_true", help="print every measurement")
    a = p.parse_args(argv)
    if a.runs < 1:
        p.error("--runs must be >= 1")
    if a.warmup < 0:
        p.error("--warmup must be >= 0")
    if a.configs is None:
        a.configs = ",".join(ALL_CONFIGS + (["baseline"] if a.baseline else []))
    wanted = [c.strip() for c in a.configs.split(",") if c.strip()]
    bad = [c for c in wanted if c not in ALL_CONFIGS + OPTIONAL_CONFIGS]
    if bad:
        p.error("unknown configuration(s) %s; choose from %s"
                % (bad, ALL_CONFIGS + OPTIONAL_CONFIGS))
    if "baseline" in wanted and not a.baseline:
        p.error("configuration 'baseline' needs --baseline LOCKCHECK")
    a.wanted = wanted
    if a.parallel_only:
        a.parallel_check = True
        a.wanted = []
    return a


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        builddir, entries = load_compdb(a.compdb)
        entries = select(entries, a.files)
        if not entries:
            raise HarnessError("no translation unit selected from %s" % a.compdb)
        configs, skipped = make_configs(a, builddir, a.wanted)
        log("lockcheck benchmark: %d translation unit(s) from %s/compile_commands.json"
            % (len(entries), builddir))
        log("runs: %d timed (+%d warm-up), interleaved; %d CPU(s); load average %.2f"
            % (a.runs, a.warmup, os.cpu_count() or 0, os.getloadavg()[0]))
        for msg in skipped:
            log(msg)
        result = {"compdb": os.path.join(builddir, "compile_commands.json"),
                  "runs": a.runs, "warmup": a.warmup, "messages": skipped,
                  "configs": {}, "files": {}, "total": {}}
        if configs:
            log("commands (first file):")
            for c in configs:
                cmd, cwd = c.build(entries[0])
                s = " ".join(shlex.quote(x) for x in cmd)
                log("  %-14s %s" % (c.name, s))
                result["configs"][c.name] = {"command": cmd, "cwd": cwd}
            busy_note(os.getloadavg()[0], "before the runs")
            data = run_per_file(a, entries, configs)
            busy_note(os.getloadavg()[0], "after the runs")
            rows, totals = summarize(entries, configs, data)
            per_file = a.per_file == "yes" or (a.per_file == "auto" and len(entries) <= 8)
            log("")
            print_table((rows if per_file else []) + totals)
            log("")
            log(LEGEND)
            for r in rows:
                result["files"].setdefault(r["file"], {})[r["config"]] = dict(
                    r, **{k: data[r["file"]][r["config"]][k]
                          for k in ("wall", "rss_kib", "user", "sys", "codes")})
            for t in totals:
                result["total"][t["config"]] = t
        elif not a.parallel_check:
            log("nothing to measure: every configuration was skipped")
        if a.parallel_check:
            result["parallel"] = parallel_check(a, builddir, len(entries))
        if a.json:
            d = os.path.dirname(os.path.abspath(a.json))
            os.makedirs(d, exist_ok=True)
            with open(a.json, "w", encoding="utf-8") as f:
                json.dump(result, f, indent=2)
                f.write("\n")
        return 0
    except HarnessError as e:
        sys.stdout.flush()
        sys.stderr.write("run_bench: error: %s\n" % e)
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("run_bench: interrupted\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
