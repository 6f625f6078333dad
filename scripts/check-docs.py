#!/usr/bin/env python3
"""Runs the commands shown in the documentation and compares their output.

Usage: check-docs.py --lockcheck BIN --plugin SO --repo DIR --work DIR
                     [--exclude NAME.md]... [--update] FILE.md|DIR...

Every fenced ```console block of the given Markdown files is run: each
`$ command` line (continued on the next lines while it ends with a backslash
or has an open quote) runs with bash, and what it prints (its standard
output, then its standard error: the order in which a terminal shows a
tool's findings and then its closing messages) must be the lines below it,
up to the next `$` line. The
commands run in a copy of the repository's examples/ configured with
`cmake -S . -B build -G Ninja`, which the documentation calls /tmp/proj; the
blocks of one file run in order in the same copy, so a block sees what the
blocks before it did. `lockcheck` is the build's, first on PATH, and $P is
the clang-tidy plugin.

What varies from run to run is normalised on both sides:
- the copies' paths are written as the documentation names them (/tmp/proj);
- the plugin's path is written $P;
- a number followed by " s" (a duration: "in 3.53 s") compares equal to any
  other;
- an expected line "..." (indentation allowed) stands for any number of
  lines, and "..." within a line for any text up to the end of the line.

An HTML comment right before a block (blank lines between allowed) says how
to treat it, one per comment, several comments allowed:
  <!-- docs-test: skip (reason) -->   not run; listed with the reason
  <!-- docs-test: run: COMMAND -->     run COMMAND first (not shown; it must
                                       succeed)
  <!-- docs-test: cd /tmp/proj2 -->    run the block in another fresh,
                                       configured copy of examples/ (kept for
                                       the later blocks that name it);
                                       "cd repo": a copy of the repository's
                                       examples/ and scripts/ whose
                                       build/bin/lockcheck is the build's,
                                       written /src/lockcheck
  <!-- docs-test: as COMMAND (why) --> run COMMAND instead of the block's
                                       first command
  <!-- docs-test: file PATH -->        the block is the content of PATH (in
                                       /tmp/proj, or the copy of a "cd"
                                       mark): written there, for the blocks
                                       after it

Blocks of commands that are not ```console (```sh, ```bash, ```shell, and
```yaml blocks with CI steps) must carry "skip" or "file": nothing goes
untested in silence. A ```console block without a `$` line is an error.

The script prints what it ran and what it skipped, and exits 1 when an
output differs or a block is neither run nor marked.
"""

import argparse
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys

MARK = re.compile(r"^\s*<!--\s*docs-test:\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
DURATION = re.compile(r"\b\d+(?:\.\d+)? s\b")
COMMAND_LANGS = {"sh", "bash", "shell"}
# Where the documentation has lockcheck's checkout ("cd repo").
REPO = "/src/lockcheck"


class Environment:
    """The copies of examples/ the blocks run in, by the name the docs use."""

    def __init__(self, args):
        self.args = args
        self.copies = {}  # doc name -> real path

    def get(self, name):
        if name in self.copies:
            return self.copies[name]
        real = os.path.join(self.args.work,
                            "repo" if name == "repo" else
                            name.strip("/").replace("/", "_"))
        if os.path.exists(real):
            shutil.rmtree(real)
        ignore = shutil.ignore_patterns("build", ".lockcheck-cache")
        examples = os.path.join(self.args.repo, "examples")
        if name == "repo":
            shutil.copytree(examples, os.path.join(real, "examples"),
                            ignore=ignore)
            shutil.copytree(os.path.join(self.args.repo, "scripts"),
                            os.path.join(real, "scripts"))
            os.makedirs(os.path.join(real, "build", "bin"))
            os.symlink(os.path.abspath(self.args.lockcheck),
                       os.path.join(real, "build", "bin", "lockcheck"))
        else:
            shutil.copytree(examples, real, ignore=ignore)
            subprocess.run(["cmake", "-S", ".", "-B", "build", "-G", "Ninja"],
                           cwd=real, check=True, stdout=subprocess.DEVNULL)
        self.copies[name] = real
        return real

    def to_doc(self, text):
        """Real paths in \\p text written as the documentation names them."""
        for name, real in sorted(self.copies.items(),
                                 key=lambda kv: -len(kv[1])):
            text = text.replace(real, REPO if name == "repo" else name)
        return text.replace(os.path.abspath(self.args.plugin), "$P")

    def to_real(self, text):
        for name, real in sorted(self.copies.items(),
                                 key=lambda kv: -len(kv[0])):
            if name != "repo":
                text = re.sub(re.escape(name) + r"(?![\w.-])", real, text)
        return text


def split_commands(lines):
    """[(command, [expected lines])] of a console block."""
    commands = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("$ "):
            if commands:
                commands[-1][1].append(line)
            else:
                return None  # output before any command
            i += 1
            continue
        command = line[2:]
        i += 1
        while i < len(lines) and incomplete(command):
            command += "\n" + lines[i]
            i += 1
        commands.append((command, [], i))
    return commands


def incomplete(command):
    if command.rstrip().endswith("\\"):
        return True
    try:
        shlex.split(command)
    except ValueError:
        return True
    return False


def matches(expected, actual):
    pattern = ""
    for line in expected:
        if line.strip() == "...":
            pattern += r"(?:[^\n]*\n)*?"
        else:
            literal = re.escape(DURATION.sub("<N> s", line.rstrip()))
            pattern += literal.replace(re.escape("..."), r"[^\n]*") + r"\n"
    text = "".join(DURATION.sub("<N> s", l.rstrip()) + "\n" for l in actual)
    return re.fullmatch(pattern, text) is not None


def run_block(env, where, lines, marks, failures, updates, offset):
    cwd_name = "/tmp/proj"
    instead = None
    for mark in marks:
        if mark.startswith("cd "):
            cwd_name = mark[3:].strip()
        elif mark.startswith("as "):
            instead = re.sub(r"\s*\([^)]*\)\s*$", "", mark[3:]).strip()
    cwd = env.get(cwd_name)
    for mark in marks:
        if mark.startswith("run:"):
            setup = env.to_real(mark[4:].strip())
            result = subprocess.run(["bash", "-c", setup], cwd=cwd,
                                    env=env.vars, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True)
            if result.returncode != 0:
                failures.append("%s: the set-up command '%s' failed:\n%s" %
                                (where, mark[4:].strip(), result.stdout))
                return
    commands = split_commands(lines)
    if not commands:
        failures.append("%s: a console block without a '$ ' command line "
                        "(mark it <!-- docs-test: skip (why) --> or make it "
                        "a ```text block)" % where)
        return
    status = 0
    for index, (command, expected, first) in enumerate(commands):
        shown = command.replace("\n", "\n  ")
        run = instead if index == 0 and instead else command
        print("ran     %s: $ %s" % (where, shown))
        result = subprocess.run(
            ["bash", "-c", "(exit %d); %s" % (status, env.to_real(run))],
            cwd=cwd, env=env.vars, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, timeout=600)
        status = result.returncode
        actual = env.to_doc(result.stdout + result.stderr).splitlines()
        while expected and not expected[-1].strip() and (
                not actual or actual[-1].strip()):
            expected = expected[:-1]
        if not matches(expected, actual):
            if env.args.update and not any("..." in l for l in expected):
                updates.append((offset + first, offset + first + len(expected),
                                actual))
            diff = "\n".join(difflib.unified_diff(
                expected, actual, "documented", "printed", lineterm=""))
            failures.append("%s: the output of '$ %s' differs:\n%s" %
                            (where, shown, diff))


def check_file(path, env, failures):
    updates = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    name = os.path.relpath(path, env.args.repo)
    marks = []
    i = 0
    while i < len(lines):
        line = lines[i]
        mark = MARK.match(line)
        if mark:
            marks.append(mark.group(1))
            i += 1
            continue
        fence = FENCE.match(line)
        if not fence:
            if line.strip():
                marks = []
            i += 1
            continue
        indent, lang = fence.group(1), fence.group(2)
        start = i + 1
        end = start
        while end < len(lines) and lines[end].rstrip() != indent + "```":
            end += 1
        block = [l[len(indent):] if l.startswith(indent) else l.lstrip()
                 for l in lines[start:end]]
        where = "%s:%d" % (name, start)
        skip = [m for m in marks if m.startswith("skip")]
        files = [m for m in marks if m.startswith("file ")]
        is_ci_yaml = lang == "yaml" and any(
            re.match(r"\s*(-\s+)?(run|script):", l) for l in block)
        if skip:
            reason = skip[0][4:].strip().strip("()") or "no reason given"
            print("skipped %s: %s" % (where, reason))
        elif files:
            where_to = ([m[3:].strip() for m in marks if m.startswith("cd ")]
                        or ["/tmp/proj"])[-1]
            target = os.path.join(env.get(where_to), files[0][5:].strip())
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as f:
                f.write("\n".join(block) + "\n")
            if lang in COMMAND_LANGS:
                os.chmod(target, 0o755)
            print("wrote   %s: %s" % (where, files[0][5:].strip()))
        elif lang == "console":
            run_block(env, where, block, marks, failures, updates, start)
        elif lang in COMMAND_LANGS or is_ci_yaml:
            failures.append("%s: a ```%s block of commands that is neither "
                            "run nor marked (<!-- docs-test: skip (why) --> "
                            "or a ```console block)" % (where, lang))
        marks = []
        i = end + 1
    if updates:
        for begin, stop, actual in sorted(updates, reverse=True):
            lines[begin:stop] = actual
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lockcheck", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--update", action="store_true",
                        help="write the printed output into the files where "
                        "it differs (blocks without '...'), to review")
    parser.add_argument("--exclude", action="append", default=[],
                        help="a file name to leave out (repeatable)")
    parser.add_argument("files", nargs="+",
                        help="Markdown files, or directories: their *.md")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    paths = []
    for path in args.files:
        if os.path.isdir(path):
            paths += sorted(os.path.join(path, f) for f in os.listdir(path)
                            if f.endswith(".md"))
        else:
            paths.append(path)
    failures = []
    for path in paths:
        if os.path.basename(path) in args.exclude:
            print("skipped %s: excluded" % os.path.relpath(path, args.repo))
            continue
        env = Environment(args)
        env.vars = dict(os.environ)
        env.vars["PATH"] = (os.path.dirname(os.path.abspath(args.lockcheck)) +
                            os.pathsep + env.vars.get("PATH", ""))
        env.vars["P"] = os.path.abspath(args.plugin)
        env.vars["LC_ALL"] = "C"
        env.vars.pop("NO_COLOR", None)
        check_file(path, env, failures)
    for failure in failures:
        print("\nFAILED " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
