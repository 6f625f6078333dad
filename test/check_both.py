#!/usr/bin/env python3
"""Runs one test source through both lockcheck front ends.

    check_both.py [tool paths] [--fix-out=FILE] [--opt=ARG]... SOURCE -- ARGS

1. `lockcheck SOURCE -- ARGS` and `clang-tidy --load=PLUGIN
   -checks='-*,lockcheck-*' SOURCE -- ARGS` must print the same diagnostics
   (file:line:col: level: message [check]); the tool's output is printed for
   FileCheck.
2. The tool's exit status must follow its contract: 1 with findings, 0
   without.
3. With --fix-out=FILE: SOURCE, without its RUN/CHECK comments, is copied to
   FILE and fixed by `lockcheck --fix`, and to a second copy fixed by
   `clang-tidy --fix`; both results must be identical, and FILE must compile
   with `clang -fsyntax-only ARGS`. A second `lockcheck --fix` on a copy of
   FILE must change nothing: one run applies every fix there is to apply.
   The test then FileChecks FILE.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

DIAG = re.compile(r"^(.*?):(\d+):(\d+): (warning|error|note): (.*)$")
CHECK_COMMENT = re.compile(r"//\s*(RUN|CHECK|FIXED|[A-Z0-9-]+-(CHECK|FIXED))[A-Z-]*:.*$")


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    return p.returncode, p.stdout, p.stderr


def diagnostics(text, source, alias):
    out = []
    for line in text.splitlines():
        m = DIAG.match(line)
        if not m:
            continue
        path = m.group(1)
        if alias and os.path.abspath(path) == os.path.abspath(alias):
            path = source
        out.append("%s:%s:%s: %s: %s" % (os.path.basename(path), m.group(2),
                                         m.group(3), m.group(4), m.group(5)))
    return out


def fail(msg):
    sys.stderr.write("check_both: " + msg + "\n")
    sys.exit(1)


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        fail("usage: check_both.py [options] SOURCE -- ARGS")
    split = argv.index("--")
    ap = argparse.ArgumentParser()
    ap.add_argument("--lockcheck", required=True)
    ap.add_argument("--clang-tidy", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--clang", required=True)
    ap.add_argument("--fix-out")
    ap.add_argument("--opt", action="append", default=[],
                    help="option passed to both front ends (e.g. --config=...)")
    ap.add_argument("source")
    ns = ap.parse_args(argv[:split])
    args = argv[split + 1:]

    tool = [ns.lockcheck, "--quiet"] + ns.opt
    tidy = [ns.clang_tidy, "--load=" + ns.plugin, "--quiet"] + ns.opt
    if not any(o.startswith("--checks") or o.startswith("--config") for o in ns.opt):
        tidy.append("-checks=-*,lockcheck-*")

    rc_tool, out_tool, err_tool = run(tool + [ns.source, "--"] + args)
    rc_tidy, out_tidy, err_tidy = run(tidy + [ns.source, "--"] + args)
    sys.stdout.write(out_tool)

    d_tool = diagnostics(out_tool, ns.source, None)
    d_tidy = diagnostics(out_tidy, ns.source, None)
    if d_tool != d_tidy:
        fail("the two front ends disagree\n--- lockcheck:\n%s\n--- clang-tidy:\n%s\n"
             % ("\n".join(d_tool), "\n".join(d_tidy)))
    if rc_tidy != 0 and not any(": error:" in l for l in d_tidy):
        fail("clang-tidy failed (%d):\n%s" % (rc_tidy, err_tidy))
    has_error = any(" error: " in l for l in d_tool)
    has_warning = any(" warning: " in l for l in d_tool)
    expected = 2 if has_error and "clang-diagnostic" in out_tool else (
        1 if has_warning or has_error else 0)
    if rc_tool != expected:
        fail("lockcheck exited %d, expected %d\n%s" % (rc_tool, expected, err_tool))

    if ns.fix_out:
        with open(ns.source) as f:
            text = f.read()
        clean = "\n".join(CHECK_COMMENT.sub("", l).rstrip() if CHECK_COMMENT.search(l) else l
                          for l in text.split("\n"))
        base, ext = os.path.splitext(ns.fix_out)
        if not ext:
            ext = os.path.splitext(ns.source)[1]
            ns.fix_out += ext
        tidy_out = base + ".tidy" + ext
        for path in (ns.fix_out, tidy_out):
            with open(path, "w") as f:
                f.write(clean)
        rc, o, e = run([ns.lockcheck, "--quiet", "--fix"] + ns.opt +
                       [ns.fix_out, "--"] + args)
        if rc not in (0, 1):
            fail("lockcheck --fix failed (%d):\n%s%s" % (rc, o, e))
        rc, o, e = run(tidy + ["--fix", tidy_out, "--"] + args)
        if rc != 0:
            fail("clang-tidy --fix failed (%d):\n%s%s" % (rc, o, e))
        with open(ns.fix_out) as a, open(tidy_out) as b:
            if a.read() != b.read():
                r = subprocess.run(["diff", "-u", ns.fix_out, tidy_out],
                                   stdout=subprocess.PIPE, universal_newlines=True)
                fail("the front ends fixed the file differently:\n" + r.stdout)
        rc, o, e = run([ns.clang, "-fsyntax-only"] + args + [ns.fix_out])
        if rc != 0:
            fail("the fixed file does not compile:\n%s%s" % (o, e))
        again = base + ".again" + ext
        shutil.copyfile(ns.fix_out, again)
        rc, o, e = run([ns.lockcheck, "--quiet", "--fix"] + ns.opt +
                       [again, "--"] + args)
        if rc not in (0, 1):
            fail("the second lockcheck --fix failed (%d):\n%s%s" % (rc, o, e))
        r = subprocess.run(["diff", "-u", ns.fix_out, again],
                           stdout=subprocess.PIPE, universal_newlines=True)
        if r.returncode != 0:
            fail("a second --fix changed the fixed file:\n" + r.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
