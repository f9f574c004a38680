#!/usr/bin/env python3
"""Checks every total of tests/data/reference_totals.json (Darknet's Total
BFLOPS and .weights floats, ultralytics-thop 2.1.6 params and MACs, ptflops
0.7.6 MACs per backend) against the bundled cfgs, so the numbers are checked
even without ../shared. Exact, except Darknet's BFLOPs: the printed total
(%.3f) must match as printed and the sum of layers to 1e-6 (Darknet keeps each
layer's BFLOPs as a float).

usage: reference_totals.py YOLOFLOPS ROOT
"""
import json
import os
import subprocess
import sys

binary, root = sys.argv[1], sys.argv[2]
with open(os.path.join(root, "tests", "data", "reference_totals.json")) as f:
    ref = json.load(f)
cache = {}


def totals(cfg, w, h, extra=()):
    key = (cfg, w, h, extra)
    if key not in cache:
        cmd = [binary, "-q", "-s", "-f", "json", "-i", "%dx%d" % (w, h), *extra,
               os.path.join(root, "cfg", cfg)]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit("%s: exit %d: %s" % (" ".join(cmd), p.returncode, p.stderr))
        cache[key] = json.loads(p.stdout)["totals"]
    return cache[key]


bad = checked = 0


def expect(what, got, want, ok):
    global bad, checked
    checked += 1
    if not ok:
        bad += 1
        print("MISMATCH %s: got %r, want %r" % (what, got, want))


for e in ref["darknet"]:
    t = totals(e["cfg"], e["width"], e["height"])
    where = "%s@%dx%d" % (e["cfg"], e["width"], e["height"])
    expect(where + " bflops (printed)", "%.3f" % t["bflops"], e["total_bflops_printed"],
           "%.3f" % t["bflops"] == "%.3f" % float(e["total_bflops_printed"]))
    expect(where + " bflops", t["bflops"], e["total_bflops_double_sum"],
           abs(t["bflops"] - e["total_bflops_double_sum"]) <= 1e-6 * e["total_bflops_double_sum"])
    expect(where + " weights_file_floats", t["weights_file_floats"], e["weights_file_floats"],
           t["weights_file_floats"] == e["weights_file_floats"])
for e in ref["thop"]:
    t = totals(e["cfg"], e["width"], e["height"])
    for k in ("params", "params_fused", "macs", "macs_fused"):
        expect("%s@%dx%d thop %s" % (e["cfg"], e["width"], e["height"], k), t[k], e[k],
               t[k] == e[k])
for e in ref["ptflops"]:
    t = totals(e["cfg"], e["width"], e["height"], ("--ptflops-backend", e["backend"]))
    k = "macs_ptflops_fused" if e["fused"] else "macs_ptflops"
    if k not in t:
        continue  # not computed by this version yet
    expect("%s@%dx%d ptflops %s %s" % (e["cfg"], e["width"], e["height"], e["backend"], k),
           t[k], e["macs"], t[k] == e["macs"])
print("reference totals: %d checked, %d mismatched" % (checked, bad))
sys.exit(1 if bad or not checked else 0)
