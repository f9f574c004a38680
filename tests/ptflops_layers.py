#!/usr/bin/env python3
"""Per-layer ptflops parity: for every model of ../shared/reference/thop/ptflops.json,
unfused and fused, the MACs ptflops 0.7.6's module hooks counted for each Darknet
layer (its modules grouped by module_list index) must equal yoloflops'
macs_ptflops / macs_ptflops_fused with --ptflops-backend pytorch_no_functional,
exactly; and the pytorch backend's total must equal those hooks plus the MACs
ptflops counted in patched functionals. Exit 77 (skip) without ../shared."""
import json
import os
import subprocess
import sys
from collections import defaultdict

binary, shared, root = sys.argv[1], sys.argv[2], sys.argv[3]
ref = os.path.join(shared, "reference", "thop", "ptflops.json")
if not os.path.exists(ref):
    print("ptflops_layers: %s not found, skipping" % ref)
    sys.exit(77)
with open(ref) as f:
    models = json.load(f)["models"]
zoo = os.path.join(shared, "reference", "zoo")
bad = checked = 0
for name, m in models.items():
    w, h = m["size"]
    cfg = os.path.join(zoo, m["cfg"])
    for backend in ("pytorch_no_functional", "pytorch"):
        out = subprocess.run([binary, "-q", "-f", "json", "-i", "%dx%d" % (w, h),
                              "--ptflops-backend", backend, cfg],
                             capture_output=True, text=True, check=True).stdout
        layers = json.loads(out)["layers"]
        for variant, key in (("unfused", "macs_ptflops"), ("fused", "macs_ptflops_fused")):
            ref_v = m[variant][backend]
            hooks = defaultdict(int)
            for mod in ref_v["modules"]:
                hooks[int(mod["name"].split(".")[1])] += int(mod["macs"])
            if backend == "pytorch_no_functional":
                for layer in layers:
                    checked += 1
                    if layer[key] != hooks.get(layer["index"], 0):
                        bad += 1
                        print("MISMATCH %s %s layer %d %s: %d != %d" % (
                            name, variant, layer["index"], layer["type"], layer[key],
                            hooks.get(layer["index"], 0)))
            total = sum(hooks.values()) + int(ref_v["functional_and_tensor_op_macs"])
            ours = sum(layer[key] for layer in layers)
            checked += 1
            if ours != total or ours != ref_v["macs"]:
                bad += 1
                print("MISMATCH %s %s %s total: %d != %d" % (name, variant, backend, ours, total))
print("ptflops layers: %d checked, %d mismatched" % (checked, bad))
sys.exit(1 if bad or not checked else 0)
