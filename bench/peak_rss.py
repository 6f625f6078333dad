#!/usr/bin/env python3
"""Peak memory of a lockcheck run, the parent and its workers apart.

    python3 bench/peak_rss.py [--interval S] -- lockcheck -p DIR -j 1 --no-cache --quiet

Runs the command (its standard output is discarded) and polls, every
--interval seconds (default 0.02), the peak resident set size (VmHWM in
/proc/PID/status) of the process and of each of its child processes (the
workers). Prints one line:

    parent_kib P  largest_worker_kib W  workers N  run_maxrss_kib M  cpu_s C  exit E

P and W are the last values polled, so a rise in the last moments of a
process can be missed; M is the run's ru_maxrss from wait4 (the largest of
the process and every child it waited for: exact, but not telling which),
C its user + sys CPU seconds (children included). Linux only (/proc).

Exit status: 0 when the command ran (whatever its own exit status), 2 when it
could not be started.
"""

import argparse
import os
import subprocess
import sys
import time


def hwm_kib(pid):
    """VmHWM of pid in KiB, 0 when it is gone."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    """The child processes of every thread of pid (workers are started from
    the parent's threads)."""
    out = []
    try:
        for task in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, task)) as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def main(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--interval", type=float, default=0.02)
    p.add_argument("command", nargs=argparse.REMAINDER)
    a = p.parse_args(argv)
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not cmd:
        print("error: no command", file=sys.stderr)
        return 2
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    except OSError as e:
        print("error: cannot run %s: %s" % (cmd[0], e), file=sys.stderr)
        return 2
    parent = 0
    workers = {}
    while True:
        pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            break
        parent = max(parent, hwm_kib(proc.pid))
        for c in children(proc.pid):
            workers[c] = max(workers.get(c, 0), hwm_kib(c))
        time.sleep(a.interval)
    print("parent_kib %d  largest_worker_kib %d  workers %d  run_maxrss_kib %d  cpu_s %.2f  exit %d"
          % (parent, max(workers.values(), default=0), len(workers), ru.ru_maxrss,
             ru.ru_utime + ru.ru_stime, os.waitstatus_to_exitcode(status)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
