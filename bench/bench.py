#!/usr/bin/env python3
"""Benchmark (not a timed test): profiles every bundled cfg at 416x416 and at
8192x8192 and reports the median wall time of a whole `yoloflops` process as a
ratio to starting /bin/true, measured in the same run, plus the peak RSS.
Then the HTML report of yolov4 (issue 13: within 3x of /bin/true).

usage: bench/bench.py [--runs N] [YOLOFLOPS]

The ratio is what matters: a profiler that does arithmetic on shapes should
cost about as much as starting a process, at any input size.
"""
import argparse
import glob
import os
import shutil
import subprocess
import tempfile
import statistics
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


DEVNULL = os.open(os.devnull, os.O_WRONLY)


def measure(cmd, runs):
    """Median wall time of `runs` runs, started with posix_spawn."""
    times = []
    actions = [(os.POSIX_SPAWN_DUP2, DEVNULL, 1), (os.POSIX_SPAWN_DUP2, DEVNULL, 2)]
    for _ in range(runs):
        t = time.perf_counter()
        pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=actions)
        os.waitpid(pid, 0)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def peak_heap(cmd):
    """Peak heap bytes of one run (valgrind massif), or None without valgrind.
    (A child's ru_maxrss is useless here: it inherits this interpreter's
    high-water mark through spawn.)"""
    if not shutil.which("valgrind"):
        return None
    with tempfile.NamedTemporaryFile() as out:
        subprocess.run(["valgrind", "--tool=massif", "--massif-out-file=" + out.name] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        peaks = [int(l.split("=")[1]) + 0 for l in open(out.name) if l.startswith("mem_heap_B=")]
    return max(peaks) if peaks else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("binary", nargs="?", default=os.path.join(ROOT, "build", "yoloflops"))
    a = ap.parse_args()
    base = measure(["/bin/true"], a.runs)
    print("baseline /bin/true: %.3f ms (median of %d runs)" % (base * 1e3, a.runs))
    print("%-18s %-10s %-6s %9s %7s %11s" % ("cfg", "input", "format", "ms", "ratio", "peak heap"))
    worst = 0.0
    for cfg in sorted(glob.glob(os.path.join(ROOT, "cfg", "*.cfg"))):
        for size in ("416", "8192x8192"):
            for fmt in ("table", "json"):
                cmd = [a.binary, "-q", "--format", fmt, "--input", size, cfg]
                t = measure(cmd, a.runs)
                worst = max(worst, t / base)
                heap = peak_heap(cmd)
                print("%-18s %-10s %-6s %9.3f %7.2f %11s" % (os.path.basename(cfg), size, fmt, t * 1e3,
                                                            t / base, "-" if heap is None else heap))
    print("worst ratio to /bin/true: %.2f" % worst)
    # the HTML report (one page with every chart) of the largest bundled cfg
    # at its own size, against /bin/true and the table: runs interleaved, so
    # a busy moment of the machine weighs on all of them alike
    cfg = os.path.join(ROOT, "cfg", "yolov4.cfg")
    cmds = [["/bin/true"], [a.binary, "-q", "--format", "table", cfg],
            [a.binary, "-q", "--format", "html", cfg]]
    times = [[], [], []]
    for _ in range(a.runs):
        for k, cmd in enumerate(cmds):
            times[k].append(measure(cmd, 1))
    base, table, html = (statistics.median(t) for t in times)
    print("html yolov4.cfg: %.3f ms, %.2f x /bin/true (%.3f ms; the table: %.2f x)"
          % (html * 1e3, html / base, base * 1e3, table / base))


if __name__ == "__main__":
    main()
