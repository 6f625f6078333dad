#!/usr/bin/env python3
"""Runs a command with its standard error on a pseudo-terminal.

    on_terminal.py [--stdout] COMMAND [ARG]...

so that lockcheck believes a person is watching (progress line, summary).
Prints what the command wrote on standard output, then "--- stderr ---" and
what it wrote on the terminal, with carriage returns shown as <CR> and
escape characters as <ESC> (one line per line the terminal received), then
"exit=N". With --stdout, standard output is a terminal too (another one),
shown the same way.
"""
import os
import pty
import select
import subprocess
import sys


def show(data):
    text = data.decode("utf-8", "replace")
    return text.replace("\r\n", "\n").replace("\r", "<CR>").replace("\x1b", "<ESC>")


def main():
    args = sys.argv[1:]
    stdout_too = args and args[0] == "--stdout"
    if stdout_too:
        args = args[1:]
    master, slave = pty.openpty()
    out_master = out_slave = None
    if stdout_too:
        out_master, out_slave = pty.openpty()
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                            stdout=out_slave if stdout_too else subprocess.PIPE,
                            stderr=slave)
    os.close(slave)
    if stdout_too:
        os.close(out_slave)
    chunks = {master: [], out_master: []}
    open_fds = [master] + ([out_master] if stdout_too else [])
    while open_fds:
        ready, _, _ = select.select(open_fds, [], [])
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the terminal's other end is closed
                data = b""
            if not data:
                open_fds.remove(fd)
            else:
                chunks[fd].append(data)
    if stdout_too:
        out = show(b"".join(chunks[out_master]))
        os.close(out_master)
    else:
        out = proc.stdout.read().decode("utf-8", "replace")
    rc = proc.wait()
    os.close(master)
    sys.stdout.write(out)
    if out and not out.endswith("\n"):
        sys.stdout.write("\n")
    err = show(b"".join(chunks[master]))
    sys.stdout.write("--- stderr ---\n" + err)
    if err and not err.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.write("exit=%d\n" % rc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
