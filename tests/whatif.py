#!/usr/bin/env python3
"""What-if edits (--classes, --width, --set) are what Darknet computes on the
edited cfg:

1. every what-if profile equals the profile of the cfg that --emit-cfg
   writes for it (every total, every layer figure and shape), for the
   bundled cfgs and, with ../shared, for every cfg of the zoo;
2. --classes N on a cfg equals Darknet's own figures for the zoo's cfg that
   differs from it only in classes (yolov3.cfg --classes 20 is
   yolov3-voc.cfg): per layer from ../shared/reference/darknet/alexeyab.json,
   and in total from tests/data/reference_totals.json (no ../shared needed).

usage: whatif.py YOLOFLOPS ROOT [SHARED]
"""
import json
import os
import subprocess
import sys
import tempfile

binary, root = sys.argv[1], sys.argv[2]
shared = sys.argv[3] if len(sys.argv) > 3 else os.path.join(root, "..", "shared")
zoo = os.path.join(shared, "reference", "zoo")
bad = checked = 0

WHATIFS = [["--classes", "20"], ["--classes", "1"], ["--width", "0.5"], ["--width", "0.75"],
           ["--width", "1.25", "--width-divisor", "4"], ["--set", "net.width=320"],
           ["--classes", "3", "--width", "0.5", "--set", "-1.ignore_thresh=0.5"]]


def run(args):
    return subprocess.run([binary, "-q", *args], capture_output=True, text=True)


def fail(msg):
    global bad
    bad += 1
    print("FAIL:", msg)


def comparable(doc):
    """Everything the profile says about the network, not about its edits."""
    layers = []
    for l in doc["layers"]:
        l = dict(l)
        l.pop("changed")
        l.pop("line")
        layers.append(l)
    return {"totals": doc["totals"], "layers": layers, "input": doc["input"]}


def emitted_equals(cfg, whatif):
    global checked
    p = run(["-f", "json", *whatif, cfg])
    lines = [l for l in p.stderr.splitlines() if ": note: the cfg as edited by" not in l]
    if p.returncode == 2 and len(lines) == 1 and "error:" in lines[0]:
        return "refused"  # a clean refusal (no head for --classes, a broken shortcut, ...)
    if p.returncode != 0:
        fail("%s %s: exit %d: %s" % (cfg, " ".join(whatif), p.returncode, p.stderr))
        return "bad"
    edited = json.loads(p.stdout)
    e = run(["--emit-cfg", *whatif, cfg])
    if e.returncode != 0:
        fail("%s %s --emit-cfg: exit %d: %s" % (cfg, " ".join(whatif), e.returncode, e.stderr))
        return "bad"
    with tempfile.NamedTemporaryFile("w", suffix=".cfg") as f:
        f.write(e.stdout)
        f.flush()
        q = run(["-f", "json", f.name])
        again = run(["--emit-cfg", f.name])
    checked += 1
    if q.returncode != 0:
        fail("%s %s: the emitted cfg does not profile: %s" % (cfg, " ".join(whatif), q.stderr))
        return "bad"
    if again.stdout != e.stdout:
        fail("%s %s: the emitted cfg does not emit itself" % (cfg, " ".join(whatif)))
    a, b = comparable(edited), comparable(json.loads(q.stdout))
    if a != b:
        where = "totals" if a["totals"] != b["totals"] else "layers"
        fail("%s %s: the profile differs from the emitted cfg's (%s)" % (cfg, " ".join(whatif),
                                                                        where))
        return "bad"
    if not edited["changes"] and whatif[0] in ("--classes", "--width"):
        return "same"
    return "ok"


# 1. emitted cfgs, bundled and zoo
cfgs = sorted(os.path.join(root, "cfg", f) for f in os.listdir(os.path.join(root, "cfg")))
have_zoo = os.path.isdir(zoo)
if have_zoo:
    cfgs += sorted(os.path.join(zoo, f) for f in os.listdir(zoo) if f.endswith(".cfg"))
tally = {}
for cfg in cfgs:
    if run(["-s", cfg]).returncode != 0:
        continue  # a zoo cfg yoloflops refuses as Darknet does
    for w in WHATIFS:
        r = emitted_equals(cfg, w)
        tally[r] = tally.get(r, 0) + 1
print("emitted cfgs: %s over %d cfgs x %d what-ifs" % (tally, len(cfgs), len(WHATIFS)))

# 2. Darknet's figures for the cfg that differs only in classes
with open(os.path.join(root, "tests", "data", "reference_totals.json")) as f:
    for r in json.load(f).get("whatif", []):
        p = run(["-s", "-f", "json", "-i", "%dx%d" % (r["width"], r["height"]), *r["edit"],
                 os.path.join(root, "cfg", r["cfg"])])
        t = json.loads(p.stdout)["totals"]
        checked += 1
        # Darknet keeps each layer's BFLOPs as a float: the sum agrees to 1e-6
        # relative, and its printed total (a float running sum) exactly
        if t["weights_file_floats"] != r["weights_file_floats"] or \
                abs(t["bflops"] - r["total_bflops_double_sum"]) > 1e-6 * t["bflops"] or \
                "%.3f" % t["bflops_darknet"] != r["total_bflops_printed"]:
            fail("%s %s: %s floats, %.9f BFLOPs; Darknet on %s: %s, %.9f" % (
                r["cfg"], " ".join(r["edit"]), t["weights_file_floats"], t["bflops"],
                r["reference_cfg"], r["weights_file_floats"], r["total_bflops_double_sum"]))

# zoo cfgs that differ only in classes (yolov2-tiny-voc.cfg also has other filters)
PAIRS = [("yolov3.cfg", "20", "yolov3-voc.cfg"), ("yolov2.cfg", "20", "yolov2-voc.cfg"),
         ("tiny-yolo.cfg", "20", "tiny-yolo-voc.cfg"), ("yolo.cfg", "20", "yolo-voc.cfg")]
ref_path = os.path.join(shared, "reference", "darknet", "alexeyab.json")
if have_zoo and os.path.exists(ref_path):
    with open(ref_path) as f:
        ref = {c["cfg"]: c for c in json.load(f)["cfgs"]}
    for src, classes, target in PAIRS:
        if target not in ref:
            continue
        want = ref[target]
        p = run(["-f", "json", "--classes", classes, "-i",
                 "%dx%d" % (want["width"], want["height"]), os.path.join(zoo, src)])
        got = json.loads(p.stdout)
        if len(got["layers"]) != len(want["layers"]):
            fail("%s --classes %s: %d layers, %s has %d" % (src, classes, len(got["layers"]),
                                                            target, len(want["layers"])))
            continue
        for g, w in zip(got["layers"], want["layers"]):
            checked += 1
            mine = (g["output"]["width"], g["output"]["height"], g["output"]["channels"],
                    g["weights_file_floats"])
            theirs = (w["out_w"], w["out_h"], w["out_c"], w["weights_floats"])
            if mine != theirs or abs(g["bflops"] - w["bflops"]) > 1e-6 * max(1, w["bflops"]):
                fail("%s --classes %s layer %d: %s %.9f, Darknet on %s: %s %.9f" % (
                    src, classes, g["index"], mine, g["bflops"], target, theirs, w["bflops"]))
        print("%s --classes %s = %s (Darknet, %d layers)" % (src, classes, target,
                                                             len(want["layers"])))

print("whatif: %d checks, %d failed" % (checked, bad))
sys.exit(1 if bad else 0)
