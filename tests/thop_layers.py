#!/usr/bin/env python3
"""Per-layer thop parity: ../shared/tools/parity checks thop's totals; this
checks every layer. For each model in ../shared/reference/thop/results.json,
the ultralytics-thop 2.1.6 MACs and parameters of the PyTorch modules built
for Darknet layer i (module_list.i.*), unfused and fused, must equal our
layer i's macs/params and macs_fused/params_fused. Exit 77 without ../shared."""
import collections
import json
import os
import subprocess
import sys

binary, shared = sys.argv[1], sys.argv[2]
path = os.path.join(shared, "reference", "thop", "results.json")
if not os.path.exists(path):
    print("thop_layers: %s not found, skipping" % path)
    sys.exit(77)
VERSION = "2.1.6"
models = json.load(open(path))["models"]
bad = 0
for key, m in sorted(models.items()):
    cfg = os.path.join(shared, "reference", "zoo", os.path.basename(m["cfg"]))
    _, _, h, w = m["input"]
    p = subprocess.run([binary, "-q", "--format", "json", "--input", "%dx%d" % (w, h), cfg],
                       capture_output=True, text=True)
    if p.returncode:
        print("thop_layers: %s: %s" % (key, p.stderr.strip()))
        bad = 1
        continue
    ours = json.loads(p.stdout)["layers"]
    want = {}
    for kind, mods in (("", m["modules"]), ("_fused", m["modules_fused"])):
        macs, params = collections.Counter(), collections.Counter()
        for mod in mods:
            macs[mod["layer"]] += int(mod["macs"][VERSION])
            params[mod["layer"]] += int(mod["params"])
        want["macs" + kind], want["params" + kind] = macs, params
    diffs = ["layer %d %s: ours %s, thop %s" % (l["index"], f, l[f], want[f][l["index"]])
             for l in ours for f in want if l[f] != want[f][l["index"]]]
    print("thop_layers: %s: %s" % (key, "%d layers match" % len(ours) if not diffs else diffs[0]))
    bad |= bool(diffs)
sys.exit(bad)
