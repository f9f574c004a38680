#!/usr/bin/env python3
"""Copies the measured figures the training analysis is checked against into
tests/data/training_reference.json, so a clone without ../shared still checks
them (tests/darknet_mem.py --offline, tests/pytorch_mem.py --offline):

* "reference": every run of ../shared/reference/darknet-mem/darknet_cpu_alloc.json
  (AlexeyAB 59596d78, CPU build; all its cfgs are bundled in cfg/): the run's
  settings, its totals (live, network block, workspace, stopbackward deltas,
  the resize target's total) and the [net] lines the bundled cfg lacks that
  change what Darknet allocates (policy/steps: the schedule arrays).
* "harness": the prototype's own runs of the same Darknet build over cfgs and
  settings the reference lacks (a harness counting the bytes live after
  parse_network_cfg_custom): totals and per-layer bytes. Runs of the
  synthetic cfgs (copied to tests/data/darknet-mem/) are checked offline;
  the others need ../shared/reference/zoo.

* "pytorch": ../shared/reference/measured/training_memory.json, PyTorch
  training steps of yolov3-tiny (CPU, torch 1.13): per row and setup the peak
  one step reaches (the larger of the first step's and a steady step's,
  absolute: parameters + BN buffers + input + growth), gradient and
  optimizer-state bytes.

Figures only, no cfg text of the reference; rerun when the data changes:

    python3 tools/copy_training_reference.py SHARED HARNESS_RUNS_JSON \
        > tests/data/training_reference.json
"""
import json
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
shared, harness = sys.argv[1], sys.argv[2]
ref = json.load(open(os.path.join(shared, "reference", "darknet-mem", "darknet_cpu_alloc.json")))
zoo = os.path.join(shared, "reference", "zoo")
bundled = {f for f in os.listdir(os.path.join(ROOT, "cfg")) if f.endswith(".cfg")}
synthetic = os.path.join(ROOT, "tests", "data", "darknet-mem")
SCHEDULE = ("policy", "steps", "scales", "seq_scales")


def net_lines(path):
    """The zoo cfg's schedule keys of [net] (the bundled cfgs have none)."""
    out, in_net = [], False
    for raw in open(path):
        line = re.sub(r"\s", "", raw)
        if not line or line[0] in "#;":
            continue
        if line[0] == "[":
            if in_net:
                break
            in_net = line in ("[net]", "[network]")
            continue
        key = line.split("=", 1)[0]
        if in_net and key in SCHEDULE:
            out.append(line)
    return out


def mode(run):
    if "mode" in run:
        return run["mode"]
    return "train" if run["parse_args"][0] == 0 else "infer"


def totals(run):
    return {"total": run["live_bytes"], "net": run["net_bytes"],
            "workspace": run.get("workspace_alloc_bytes", run.get("post_bytes", 0)),
            "frozen_deltas": run.get("after_layer_bytes", 0), "sigfpe": bool(run.get("sigfpe", 0))}


out = {"note": "copied by tools/copy_training_reference.py: Darknet CPU-build allocations "
               "(AlexeyAB 59596d78) measured by ../shared/reference/darknet-mem (reference) and "
               "by the prototype's harness (harness); PyTorch training steps measured by "
               "../shared/reference/measured (pytorch); bytes",
       "reference": [], "harness": [], "pytorch": []}
for r in ref["runs"]:
    if r["cfg"] not in bundled:
        continue
    e = {"cfg": r["cfg"], "width": r["width"], "height": r["height"], "mode": mode(r),
         "label": r["label"], "overrides": r["overrides"],
         "net_lines": net_lines(os.path.join(zoo, r["cfg"]))}
    e.update(totals(r))
    if r.get("resize"):
        e["resize"] = {"to": r["resize"]["to"], "total": r["resize"]["live_bytes"],
                       "workspace": r["resize"]["workspace_alloc_bytes"]}
    out["reference"].append(e)
for r in json.load(open(harness))["runs"]:
    path = r["cfg_path"]
    name = os.path.basename(path)
    local = os.path.exists(os.path.join(synthetic, name))
    e = {"cfg": name if local else os.path.relpath(path, zoo), "synthetic": local,
         "width": r.get("width"), "height": r.get("height"), "mode": mode(r),
         "overrides": r.get("overrides", []), "layers": [x["bytes"] for x in r["layers"]]}
    e.update(totals(r))
    out["harness"].append(e)
measured = json.load(open(os.path.join(shared, "reference", "measured", "training_memory.json")))
for r in measured["rows"]:
    fixed = r["param_bytes"] + r["bn_buffer_bytes"] + r["input_bytes"]
    for setup in ("t2_prof", "t1_prof"):
        p = r[setup]
        peak = max(fixed + p["step1_peak_growth_bytes"],
                   fixed + p["grad_bytes"] + p["optimizer_state_bytes"] +
                   p["steady_peak_growth_bytes"])
        out["pytorch"].append({"cfg": r["model"] + ".cfg", "size": r["size"],
                               "batch": r["batch"], "optimizer": r["optimizer"],
                               "setup": setup[:2], "peak": peak, "gradients": p["grad_bytes"],
                               "optimizer_state": p["optimizer_state_bytes"],
                               "saved_for_backward": p["saved_for_backward_bytes"]})
# one run a line: small diffs when figures change
sys.stdout.write("{\n \"note\": %s,\n" % json.dumps(out["note"]))
keys = ("reference", "harness", "pytorch")
for k in keys:
    sys.stdout.write(" \"%s\": [\n" % k)
    sys.stdout.write(",\n".join("  " + json.dumps(e, separators=(",", ":")) for e in out[k]))
    sys.stdout.write("\n ]%s\n" % ("," if k != keys[-1] else ""))
sys.stdout.write("}\n")
