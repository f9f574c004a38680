#!/usr/bin/env python3
"""Darknet CPU-build allocations, byte for byte (AlexeyAB 59596d78):

  darknet_mem.py YOLOFLOPS SHARED
      every run of SHARED/reference/darknet-mem/darknet_cpu_alloc.json with its
      zoo cfg, per layer and in total (inference: darknet_cpu_bytes; training:
      train_darknet_cpu_bytes and the network block, workspace and
      stopbackward deltas), the random=1 resize runs, and the harness runs of
      tests/data/training_reference.json on zoo cfgs. Exit 77 without SHARED.
  darknet_mem.py --offline YOLOFLOPS
      tests/data/training_reference.json without ../shared: the reference totals on
      the bundled cfgs (with the [net] schedule lines they lack) and the
      harness runs of the synthetic cfgs in tests/data/darknet-mem, per layer.

Overrides are inserted right after [net], as the measurements did (Darknet
reads the first copy of a key). Standard library only.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

args = [a for a in sys.argv[1:] if a != "--offline"]
offline = "--offline" in sys.argv
binary = args[0]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
shared = None if offline else args[1]
if not offline and not os.path.isdir(os.path.join(shared, "reference", "darknet-mem")):
    print("skipped: no %s/reference/darknet-mem" % shared)
    sys.exit(77)
data = json.load(open(os.path.join(root, "tests", "data", "training_reference.json")))
tmp = tempfile.mkdtemp(prefix="darknet_mem.")
bad = checked = 0


def with_lines(path, lines):
    if not lines:
        return path
    out, done = [], False
    for raw in open(path).read().splitlines(True):
        out.append(raw)
        if not done and re.sub(r"\s", "", raw) in ("[net]", "[network]"):
            out += [x + "\n" for x in lines]
            done = True
    dst = os.path.join(tmp, "cfg%d.cfg" % checked)
    with open(dst, "w") as f:
        f.write("".join(out))
    return dst


def run(path, width, height, train, extra=()):
    cmd = [binary, "-q", "-f", "json", "--columns",
           "train_darknet_cpu_bytes" if train else "darknet_cpu_bytes"]
    if width:
        cmd += ["-i", "%dx%d" % (width, height)]
    if train:
        cmd += ["--train", *extra]
    p = subprocess.run(cmd + [path], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit("%s: exit %d: %s" % (" ".join(cmd), p.returncode, p.stderr))
    return json.loads(p.stdout)


def expect(what, got, want):
    global bad, checked
    checked += 1
    if got != want:
        bad += 1
        print("MISMATCH %s: got %r, want %r" % (what, got, want))


def check(label, path, e, layers=None, extra=("--no-random",)):
    """e: the run's settings and totals; layers: per-layer bytes or None."""
    train = e["mode"] == "train"
    j = run(with_lines(path, e.get("net_lines", []) + e["overrides"]), e.get("width"),
            e.get("height"), train, extra)
    key = "train_darknet_cpu_bytes" if train else "darknet_cpu_bytes"
    expect(label + " total", j["totals"][key], e["total"])
    if layers is not None:
        got = [x[key] for x in j["layers"]]
        diff = [i for i, (a, b) in enumerate(zip(got, layers)) if a != b]
        expect(label + " layers" + (" (first at #%d)" % diff[0] if diff else ""),
               (len(got), diff[:5]), (len(layers), []))
    if train:
        b = j["training"]["darknet_cpu"]["breakdown"]
        for k in ("net", "workspace", "frozen_deltas"):
            expect(label + " " + k, b.get(k, 0), e[k])
        expect(label + " sigfpe", j["training"]["darknet_cpu"]["sigfpe"], e["sigfpe"])
    return j


def label_of(e):
    return "%s@%sx%s %s %s" % (e["cfg"], e.get("width"), e.get("height"), e["mode"],
                               " ".join(e["overrides"]))


def random_start(label, path, e, want_layers=None):
    """Training from the run's size starts at the random=1 maximum: what
    resize_network() leaves there equals a parse at that size."""
    z = e["resize"]
    j = check(label + " random start", path, dict(e, total=z["total"], workspace=z["workspace"]),
              want_layers, extra=())
    t = j["training"]
    expect(label + " random start size", [t["train_width"], t["train_height"]],
           e["resize"]["to"])


if offline:
    for e in data["reference"]:
        path = os.path.join(root, "cfg", e["cfg"])
        check(label_of(e), path, e)
        if e.get("resize"):
            random_start(label_of(e), path, e)
    for e in data["harness"]:
        if e["synthetic"]:
            path = os.path.join(root, "tests", "data", "darknet-mem", e["cfg"])
            check(label_of(e), path, e, e["layers"])
else:
    zoo = os.path.join(shared, "reference", "zoo")
    ref = json.load(open(os.path.join(shared, "reference", "darknet-mem",
                                      "darknet_cpu_alloc.json")))
    for r in ref["runs"]:
        e = {"cfg": r["cfg"], "width": r["width"], "height": r["height"],
             "mode": r.get("mode") or ("train" if r["parse_args"][0] == 0 else "infer"),
             "overrides": r["overrides"], "total": r["live_bytes"], "net": r["net_bytes"],
             "workspace": r["workspace_alloc_bytes"], "frozen_deltas": r["after_layer_bytes"],
             "sigfpe": False}
        path = os.path.join(zoo, r["cfg"])
        check(label_of(e), path, e, [x["bytes"] for x in r["layers"]])
        if r.get("resize"):
            z = r["resize"]
            e["resize"] = {"to": z["to"], "total": z["live_bytes"],
                           "workspace": z["workspace_alloc_bytes"]}
            random_start(label_of(e), path, e, z["layer_bytes"])
    for e in data["harness"]:
        if not e["synthetic"]:
            check(label_of(e), os.path.join(zoo, e["cfg"]), e, e["layers"])
print("darknet memory%s: %d checked, %d mismatched" % (" (offline)" if offline else "",
                                                     checked, bad))
sys.exit(1 if bad or not checked else 0)
