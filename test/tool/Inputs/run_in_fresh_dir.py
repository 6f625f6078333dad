#!/usr/bin/env python3
"""Runs a command in a new empty directory outside the build tree.

    run_in_fresh_dir.py FILE=TEXT... -- COMMAND [ARG]...

Creates the directory in the system's temporary directory (the build tree
has a compile_commands.json that lockcheck would find in a parent
directory), writes each FILE with TEXT in it, runs COMMAND there with its
standard error on its standard output, prints "exit=N", and removes the
directory. Fails if a parent of the directory has a compile_commands.json.
"""
import os
import shutil
import subprocess
import sys
import tempfile


def main(argv):
    split = argv.index("--")
    files, cmd = argv[:split], argv[split + 1:]
    root = tempfile.mkdtemp(prefix="lockcheck-test-")
    try:
        d = os.path.dirname(root)
        while True:
            if os.path.exists(os.path.join(d, "compile_commands.json")):
                sys.exit("run_in_fresh_dir.py: %s has a compile_commands.json" % d)
            if os.path.dirname(d) == d:
                break
            d = os.path.dirname(d)
        for spec in files:
            name, text = spec.split("=", 1)
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text + "\n")
        rc = subprocess.call(cmd, cwd=root, stderr=subprocess.STDOUT)
        sys.stdout.flush()
        print("exit=%d" % rc)
    finally:
        shutil.rmtree(root)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
