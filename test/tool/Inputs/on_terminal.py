#!/usr/bin/env python3
"""Runs a command with its standard error on a pseudo-terminal.

    on_terminal.py COMMAND [ARG]...

so that lockcheck believes a person is watching (progress line, summary).
Prints what the command wrote on standard output, then "--- stderr ---" and
what it wrote on the terminal, with carriage returns shown as <CR> and
escape characters as <ESC> (one line per line the terminal received), then
"exit=N".
"""
import os
import pty
import subprocess
import sys


def main():
    master, slave = pty.openpty()
    proc = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not data:
            break
        chunks.append(data)
    out = proc.stdout.read()
    rc = proc.wait()
    os.close(master)
    sys.stdout.write(out.decode("utf-8", "replace"))
    err = b"".join(chunks).decode("utf-8", "replace")
    err = err.replace("\r\n", "\n").replace("\r", "<CR>").replace("\x1b", "<ESC>")
    sys.stdout.write("--- stderr ---\n" + err)
    if err and not err.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.write("exit=%d\n" % rc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
