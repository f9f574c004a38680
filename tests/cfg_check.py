#!/usr/bin/env python3
"""The bundled cfg/ files: they are exactly what tools/gencfg.py writes, and
(when ../shared is present) each agrees layer by layer with the AlexeyAB cfg of
the same name: type, output shape, params, weights floats, MACs and bflops."""
import json
import os
import subprocess
import sys

binary, root = sys.argv[1], sys.argv[2]
bad = subprocess.run([sys.executable, os.path.join(root, "tools", "gencfg.py"), "--check",
                      os.path.join(root, "cfg")]).returncode


def profile(path):
    p = subprocess.run([binary, "-q", "--format", "json", path], capture_output=True, text=True)
    if p.returncode:
        raise SystemExit("cfg_check: %s: %s" % (path, p.stderr.strip()))
    return json.loads(p.stdout)


zoo = os.path.join(root, "..", "shared", "reference", "zoo")
keys = ("type", "output", "params", "params_fused", "weights_file_floats", "macs", "macs_fused", "bflops")
compared = 0
for name in sorted(os.listdir(os.path.join(root, "cfg"))):
    ours = profile(os.path.join(root, "cfg", name))
    if not os.path.exists(os.path.join(zoo, name)):
        print("cfg_check: %s: %d layers, no reference cfg to compare" % (name, len(ours["layers"])))
        continue
    theirs = profile(os.path.join(zoo, name))
    compared += 1
    if ours["input"] != theirs["input"] or len(ours["layers"]) != len(theirs["layers"]):
        print("cfg_check: %s: input or layer count differs" % name)
        bad = 1
        continue
    for a, b in zip(ours["layers"], theirs["layers"]):
        if [a[k] for k in keys] != [b[k] for k in keys]:
            print("cfg_check: %s: layer %d differs" % (name, a["index"]))
            bad = 1
            break
    else:
        print("cfg_check: %s matches the reference cfg layer by layer (%d layers)" % (name, len(ours["layers"])))
if bad:
    sys.exit(1)
if compared == 0:
    print("cfg_check: ../shared absent; only the generator check ran")
