#!/usr/bin/env python3
"""Copies the reference *totals* for the bundled cfgs (cfg/*.cfg, which equal
AlexeyAB's files of the same name) from ../shared/reference into
tests/data/reference_totals.json, so a clone without ../shared still checks
its numbers (tests/reference_totals.py). Figures only, a few KB; rerun when
the reference data changes:

    python3 tools/copy_reference.py [SHARED] > tests/data/reference_totals.json
"""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
args = [a for a in sys.argv[1:] if not a.startswith("--")]
shared = args[0] if args else os.path.join(ROOT, "..", "shared")
ref = os.path.join(shared, "reference")
bundled = {f for f in os.listdir(os.path.join(ROOT, "cfg")) if f.endswith(".cfg")}


def load(*path):
    with open(os.path.join(ref, *path)) as f:
        return json.load(f)


out = {"note": "copied by tools/copy_reference.py from ../shared/reference: Darknet totals "
               "(darknet/alexeyab.json, darknet/size_sweep.json), ultralytics-thop 2.1.6 totals "
               "(thop/results.json) and ptflops 0.7.6 totals (thop/ptflops.json) for the cfgs "
               "bundled in cfg/; whatif: Darknet's totals for a zoo cfg that a bundled cfg "
               "becomes with a what-if edit",
       "darknet": [], "thop": [], "ptflops": []}
seen = set()
for doc in (load("darknet", "alexeyab.json"), load("darknet", "size_sweep.json")):
    for c in doc["cfgs"]:
        # size-sweep entries are the cfg with width/height rewritten: yolov4_608x608.cfg
        cfg = c["cfg"].split("_")[0] + ".cfg" if "x" in c["cfg"].split("_")[-1] else c["cfg"]
        if c.get("fork", "alexeyab") != "alexeyab" or cfg not in bundled:
            continue
        key = (cfg, c["width"], c["height"])
        if key in seen:
            continue
        seen.add(key)
        out["darknet"].append({"cfg": cfg, "width": c["width"], "height": c["height"],
                               "total_bflops_printed": c["total_bflops_printed"],
                               "total_bflops_double_sum": c["total_bflops_double_sum"],
                               "weights_file_floats": c["weights_file_floats"]})
for name, m in load("thop", "results.json")["models"].items():
    cfg = m["cfg"].rsplit("/", 1)[-1]
    if cfg not in bundled:
        continue
    t = m["thop"]["2.1.6"]
    out["thop"].append({"cfg": cfg, "width": m["input"][3], "height": m["input"][2],
                        "params": t["unfused"]["params"], "params_fused": t["fused"]["params"],
                        "macs": t["unfused"]["macs"], "macs_fused": t["fused"]["macs"]})
for name, m in (load("thop", "ptflops.json")["models"].items() if "--ptflops" in sys.argv else []):
    if m["cfg"] not in bundled:
        continue
    for fused in ("unfused", "fused"):
        for backend, v in m[fused].items():
            out["ptflops"].append({"cfg": m["cfg"], "width": m["size"][0], "height": m["size"][1],
                                   "backend": backend, "fused": fused == "fused",
                                   "macs": v["macs"]})
# what-ifs: a bundled cfg edited by yoloflops equals a zoo cfg Darknet measured
WHATIF = [("yolov3.cfg", ["--classes", "20"], "yolov3-voc.cfg")]
out["whatif"] = []
darknet = {c["cfg"]: c for c in load("darknet", "alexeyab.json")["cfgs"]}
for cfg, edit, target in WHATIF:
    c = darknet[target]
    out["whatif"].append({"cfg": cfg, "edit": edit, "reference_cfg": target,
                          "width": c["width"], "height": c["height"],
                          "total_bflops_printed": c["total_bflops_printed"],
                          "total_bflops_double_sum": c["total_bflops_double_sum"],
                          "weights_file_floats": c["weights_file_floats"]})
for k in ("darknet", "thop", "ptflops"):
    out[k].sort(key=lambda e: tuple(str(v) for v in e.values()))
json.dump(out, sys.stdout, indent=1)
sys.stdout.write("\n")
