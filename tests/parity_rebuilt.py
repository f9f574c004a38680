#!/usr/bin/env python3
"""Parity for the reference entries whose cfg files the shared zoo does not
hold (AlexeyAB's cfg/yolov1/*.cfg). Their cfgs are rebuilt from the layer
parameters Darknet itself parsed (type, filters, size, stride, effective
padding, batch_normalize, classes, ...: the *inputs* recorded in
alexeyab.json), written to a temporary zoo, and ../shared/tools/parity then
checks our *outputs* (shapes, bflops, weights floats, totals) against
Darknet's. This covers [local], [detection], [crop] and standalone
[batchnorm], which no other zoo cfg uses. Exit 77 (skip) without ../shared."""
import json
import os
import subprocess
import sys
import tempfile

binary, shared = sys.argv[1], sys.argv[2]
ref = os.path.join(shared, "reference", "darknet", "alexeyab.json")
zoo = os.path.join(shared, "reference", "zoo")
if not os.path.exists(ref):
    print("parity_rebuilt: %s not found, skipping" % ref)
    sys.exit(77)


def section(l):
    t = l["type"]
    g = l.get
    if t == "convolutional":
        keys = dict(filters=l["n"], size=l["size"], stride_x=l["stride_x"], stride_y=l["stride_y"],
                    padding=l["pad"], groups=l["groups"], dilation=l["dilation"],
                    batch_normalize=l["batch_normalize"], xnor=g("xnor", 0), activation=l["activation"])
    elif t == "maxpool":
        keys = dict(size=l["size"], stride_x=l["stride_x"], stride_y=l["stride_y"], padding=l["pad"])
    elif t == "connected":
        keys = dict(output=l["n"], batch_normalize=g("batch_normalize", 0), activation=l["activation"])
    elif t == "local":
        keys = dict(filters=l["n"], size=l["size"], stride=l["stride"], pad=l["pad"],
                    activation=l["activation"])
    elif t == "detection":
        keys = dict(classes=l["classes"], coords=l["coords"], num=l["n"], side=l["w"])
    elif t == "crop":
        keys = dict(crop_width=l["out_w"], crop_height=l["out_h"])
    elif t in ("dropout", "batchnorm", "softmax", "cost", "avgpool"):
        keys = {}
    else:
        raise SystemExit("parity_rebuilt: no rule to rebuild a [%s]" % t)
    return "[%s]\n" % t + "".join("%s=%s\n" % kv for kv in keys.items())


entries = [e for e in json.load(open(ref))["cfgs"]
           if not os.path.exists(os.path.join(zoo, e["cfg"]))]
if not entries:
    print("parity_rebuilt: every reference cfg is in the zoo; nothing to rebuild")
    sys.exit(0)
with tempfile.TemporaryDirectory() as tmp:
    for e in entries:
        path = os.path.join(tmp, e["cfg"])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        text = "[net]\nwidth=%d\nheight=%d\nchannels=%d\n" % (e["width"], e["height"], e["channels"])
        with open(path, "w") as f:
            f.write(text + "".join(section(l) for l in e["layers"]))
    bad = 0
    for e in entries:
        p = subprocess.run([sys.executable, os.path.join(shared, "tools", "parity"), "--summary",
                            "--no-thop", "--zoo", tmp, "--only", e["cfg"], binary],
                           capture_output=True, text=True)
        print(p.stdout.strip())
        bad |= p.returncode != 0
sys.exit(1 if bad else 0)
