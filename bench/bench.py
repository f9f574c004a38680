#!/usr/bin/env python3
"""Benchmark (not a timed test): the median wall time of whole `yoloflops`
processes as a ratio to starting /bin/true, measured in the same run, for
every kind of job the tool does, plus the peak heap of the worst cases.

usage: bench/bench.py [--runs N] [--quick] [--no-heap] [--only GROUP] [YOLOFLOPS]

Groups: profile (every bundled cfg at 416 and 8192x8192), formats, whatif,
sweep (1,000 input sizes), training, device (a latency estimate on one
preset, three presets, a user spec, --by stage, for every bundled cfg),
worst (a 1 MB cfg in every format, its diff, 1,000 cfgs in one call), html
(the yolov4 page, interleaved with /bin/true and the table). The ratio is what matters: a profiler that
does arithmetic on shapes should cost about as much as starting a process,
at any input size. Targets (docs/reliability.md): a profile within 3x (also
with --device or --train), a 1,000-size sweep within 10x.
"""
import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
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
        peaks = [int(l.split("=")[1]) for l in open(out.name) if l.startswith("mem_heap_B=")]
    return max(peaks) if peaks else None


def big_cfg(path):
    """A cfg of about 1 MB (the largest a cfg may be): 4,000 layers of
    3x3 convs with their keys, padded with comments."""
    with open(path, "w") as f:
        f.write("[net]\nwidth=64\nheight=64\nchannels=3\n\n")
        for i in range(4000):
            f.write("# %s\n[convolutional]\nbatch_normalize=1\nfilters=%d\nsize=3\nstride=1\n"
                    "pad=1\nactivation=leaky\n\n" % ("x" * 150, 16 + (i % 4) * 8))
    return path


def cases(binary, groups, tmp):
    cfg = lambda name: os.path.join(ROOT, "cfg", name)
    v4 = cfg("yolov4.cfg")
    out = []
    if "profile" in groups:
        for c in sorted(glob.glob(os.path.join(ROOT, "cfg", "*.cfg"))):
            for size in ("416", "8192x8192"):
                for fmt in ("table", "json"):
                    out.append(("profile", "%s %s %s" % (os.path.basename(c), size, fmt),
                                ["-q", "-f", fmt, "-i", size, c], False))
    if "formats" in groups:
        for fmt in ("csv", "md", "jsonl"):
            out.append(("formats", "yolov4 " + fmt, ["-q", "-f", fmt, v4], False))
    if "whatif" in groups:
        for args in (["--classes", "20"], ["--width", "0.5"], ["--set", "net.width=608"],
                     ["--classes", "3", "--emit-cfg"], ["-p", "int8", "--keep-fp16",
                                                         "first,heads"]):
            out.append(("whatif", "yolov4 " + " ".join(args), ["-q"] + args + [v4], False))
    if "sweep" in groups:
        for fmt in ("table", "csv", "json", "md"):
            out.append(("sweep", "yolov4 1,000 sizes " + fmt,
                        ["-q", "-f", fmt, "-i", "32:32000:32", v4], False))
        out.append(("sweep", "yolov4 320:1280:32", ["-q", "-i", "320:1280:32", v4], False))
    if "training" in groups:
        out.append(("training", "yolov4 --train", ["-q", "--train", v4], False))
        out.append(("training", "yolov4 --train --memory 8GiB",
                    ["-q", "--train", "--memory", "8GiB", v4], False))
    if "device" in groups:
        devices = [("--device jetson-nano", ["--device", "jetson-nano"]),
                   ("--device nano,xavier-nx,rtx-3090", ["--device", "nano,xavier-nx,rtx-3090"]),
                   ("--device-spec (pytorch)", ["--device-spec", "fp32=115.6G,bandwidth=28G",
                                                "--runtime", "pytorch"]),
                   ("--device rpi5 --by stage", ["--device", "rpi5", "--by", "stage"])]
        for c in sorted(glob.glob(os.path.join(ROOT, "cfg", "*.cfg"))):
            for label, opts in devices:
                for fmt in ("table", "json"):
                    out.append(("device", "%s %s %s" % (os.path.basename(c), label, fmt),
                                ["-q", "-f", fmt] + opts + [c], False))
    if "worst" in groups:
        big = big_cfg(os.path.join(tmp, "big.cfg"))
        for fmt in ("table", "json", "csv", "md"):
            out.append(("worst", "1 MB cfg " + fmt, ["-q", "-f", fmt, big], True))
        out.append(("worst", "1 MB cfg diff json", ["diff", "-q", "-f", "json", big, big], True))
        many = [cfg("yolov3-tiny.cfg")] * 1000
        out.append(("worst", "1,000 cfgs jsonl", ["-q", "-s", "-f", "jsonl"] + many, True))
        out.append(("worst", "yolov4 table", ["-q", v4], True))
    return [(g, name, [binary] + args, heap) for g, name, args, heap in out]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--quick", action="store_true", help="10 runs each")
    ap.add_argument("--no-heap", action="store_true", help="skip valgrind massif")
    ap.add_argument("--only", action="append", help="a group (repeatable)")
    ap.add_argument("binary", nargs="?", default=os.path.join(ROOT, "build", "yoloflops"))
    a = ap.parse_args()
    runs = 10 if a.quick else a.runs
    groups = a.only or ["profile", "formats", "whatif", "sweep", "training", "device", "worst",
                        "html"]
    base = measure(["/bin/true"], max(runs, 50))
    print("baseline /bin/true: %.3f ms (median of %d runs)" % (base * 1e3, max(runs, 50)))
    print("%-9s %-42s %9s %7s %11s" % ("group", "case", "ms", "ratio", "peak heap"))
    worst = {}
    with tempfile.TemporaryDirectory() as tmp:
        for group, name, cmd, heap in cases(a.binary, groups, tmp):
            n = max(3, runs // 10) if group == "worst" else runs
            t = measure(cmd, n)
            h = peak_heap(cmd) if heap and not a.no_heap else None
            worst[group] = max(worst.get(group, 0), t / base)
            print("%-9s %-42s %9.3f %7.2f %11s" % (group, name, t * 1e3, t / base,
                                                    "-" if h is None else h))
            sys.stdout.flush()
    print("worst ratio to /bin/true per group: " +
          ", ".join("%s %.2f" % (g, r) for g, r in worst.items()))
    # the HTML report (one page with every chart) of the largest bundled cfg
    # at its own size, against /bin/true and the table: runs interleaved, so
    # a busy moment of the machine weighs on all of them alike
    if "html" in groups:
        cfg = os.path.join(ROOT, "cfg", "yolov4.cfg")
        cmds = [["/bin/true"], [a.binary, "-q", "--format", "table", cfg],
                [a.binary, "-q", "--format", "html", cfg]]
        times = [[], [], []]
        for _ in range(runs):
            for k, cmd in enumerate(cmds):
                times[k].append(measure(cmd, 1))
        base, table, html = (statistics.median(t) for t in times)
        print("html yolov4.cfg: %.3f ms, %.2f x /bin/true (%.3f ms; the table: %.2f x)"
              % (html * 1e3, html / base, base * 1e3, table / base))


if __name__ == "__main__":
    main()
