#!/usr/bin/env python3
"""The default table fits 120 columns: every line of stdout, for every
bundled cfg (and the shared zoo when it is there), plain, with a device,
with training and a memory size, with budgets, as a diff and as a sweep.
Counted in characters (UTF-8 '·' is one column).

usage: table_width.py YOLOFLOPS ROOT
"""
import glob
import os
import subprocess
import sys

binary, root = sys.argv[1], sys.argv[2]
cfgs = sorted(glob.glob(os.path.join(root, "cfg", "*.cfg")))
zoo = os.path.join(root, "..", "shared", "reference", "zoo")
cfgs += sorted(glob.glob(os.path.join(zoo, "*.cfg")))
runs = [
    [],
    ["--device", "jetson-nano"],
    ["--device", "jetson-nano,rtx-3090", "--min-fps", "1000"],
    ["--train", "--memory", "8GiB", "--device", "rtx-2080ti"],
    ["--max-gflops", "1", "--max-peak-memory", "1KiB"],
    ["--classes", "3"],
]
env = dict(os.environ, LC_ALL="C.UTF-8")
failures, lines = [], 0


def check(args):
    global lines
    p = subprocess.run([binary, "-q"] + args, capture_output=True, env=env)
    for n, raw in enumerate(p.stdout.decode("utf-8").splitlines(), 1):
        lines += 1
        if len(raw) > 120 and len(failures) < 20:
            failures.append("%s line %d: %d columns: %s" % (" ".join(args), n, len(raw), raw[:90]))


for cfg in cfgs:
    for extra in runs:
        check(extra + [cfg])
check(["diff", os.path.join(root, "cfg", "yolov3.cfg"), os.path.join(root, "cfg", "yolov4.cfg")])
check(["diff", "--device", "jetson-nano", os.path.join(root, "cfg", "yolov3-tiny.cfg"),
       os.path.join(root, "cfg", "yolov4-tiny.cfg")])
check(["-i", "320:1280:32", "--device", "jetson-nano", os.path.join(root, "cfg", "yolov4.cfg")])
for f in failures:
    print("FAIL " + f)
print("table width: %d lines of %d cfgs, %d wider than 120 columns" % (lines, len(cfgs), len(failures)))
sys.exit(1 if failures else 0)
