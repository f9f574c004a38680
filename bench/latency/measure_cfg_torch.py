#!/usr/bin/env python3
"""Measure per-layer and whole-forward CPU times of a Darknet cfg run as a PyTorch model,
following the method of ../../shared/reference/measured/README.md (conv+BN+act as one module,
route with one input = alias, several = torch.cat, groups = channel view, size-2 stride-1
max-pool = ZeroPad2d + MaxPool2d, yolo = identity, BN statistics set from the input).
Used to check the model on larger cfgs than the reference measured (yolov4, yolov4-csp).

usage: python3 measure_cfg_torch.py CFG SIZE THREADS [REPS]
         -> ../../data/latency/measured/measured_<cfg>_<size>_t<threads>.json
Needs Debian's python3-torch; for 1 thread run with OpenBLAS first in the library path
(LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp) as the reference did.
"""
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cfgnet  # noqa: E402


def act_fn(a):
    return {"leaky": lambda x: F.leaky_relu(x, 0.1), "relu": F.relu, "mish": F.mish,
            "swish": F.silu, "logistic": torch.sigmoid, "linear": None}.get(a, None)


class Layer(nn.Module):
    def __init__(self, L, net):
        super().__init__()
        self.L = L
        k = L["kind"]
        self.act = act_fn(L["act"])
        if k == "convolutional":
            pad = L["k"] // 2
            self.conv = nn.Conv2d(L["in_c"], L["filters"], L["k"], L["stride"], pad, groups=L["groups"],
                                  bias=not L["bn"])
            self.bn = nn.BatchNorm2d(L["filters"]) if L["bn"] else None
        elif k == "maxpool":
            if L["k"] == 2 and L["stride"] == 1:
                self.pool = nn.Sequential(nn.ZeroPad2d((0, 1, 0, 1)), nn.MaxPool2d(2, 1))
            else:
                self.pool = nn.MaxPool2d(L["k"], L["stride"], (L["k"] - 1) // 2)

    def forward(self, xs):
        L = self.L
        k = L["kind"]
        if k == "convolutional":
            y = self.conv(xs[0])
            if self.bn is not None:
                y = self.bn(y)
            return self.act(y) if self.act else y
        if k == "maxpool":
            return self.pool(xs[0])
        if k == "upsample":
            return F.interpolate(xs[0], scale_factor=L["stride"], mode="nearest")
        if k == "route":
            if len(xs) == 1:
                x = xs[0]
                g = L.get("route_groups", 1)
                if g > 1:
                    c = x.shape[1] // g
                    return x[:, L.get("group_id", 0) * c:(L.get("group_id", 0) + 1) * c]
                return x
            return torch.cat(xs, 1)
        if k == "shortcut":
            y = xs[0]
            for z in xs[1:]:
                y = y + z
            return self.act(y) if self.act else y
        return xs[0]  # yolo and others: identity


def inputs_of(L, outs, x0):
    if L["kind"] in ("route", "shortcut"):
        return [outs[i] for i in L["refs"]]
    return [outs[L["index"] - 1] if L["index"] > 0 else x0]


def last_uses(layers):
    last = {}
    for m in layers:
        L = m.L
        refs = L["refs"] if L["kind"] in ("route", "shortcut") else [L["index"] - 1]
        for r in refs:
            last[r] = L["index"]
    return last


def run_all(layers, x0, record=None, last=None):
    """forward; outputs are dropped after their last consumer (as PyTorch Darknet ports keep
    only the routed outputs), so the allocator can reuse their memory."""
    outs = []
    for m in layers:
        xs = inputs_of(m.L, outs, x0)
        if record is not None:
            record.append(xs)
        outs.append(m(xs))
        if last is not None and record is None:
            i = m.L["index"]
            for j in range(len(outs)):
                if outs[j] is not None and last.get(j, -1) <= i and j != i:
                    outs[j] = None
    return outs


def clock(threads):
    return time.process_time_ns if threads == 1 else time.perf_counter_ns


def tmin(fn, reps, threads):
    c = clock(threads)
    fn()
    best = 1e30
    for _ in range(reps):
        t0 = c()
        fn()
        best = min(best, c() - t0)
    return best / 1e6


def main():
    cfg, size, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    reps = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = cfgnet.load_net(cfg, size, size)
    layers = nn.ModuleList([Layer(L, net) for L in net["layers"]])
    x0 = torch.randn(1, 3, size, size)
    with torch.no_grad():
        # BN statistics from the input (one train-mode pass, momentum 1) so activations stay O(1)
        for m in layers.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.momentum = 1.0
        layers.train()
        run_all(layers, x0)
        layers.eval()
        rec = []
        run_all(layers, x0, rec)
        last = last_uses(layers)
        whole = tmin(lambda: run_all(layers, x0, None, last), max(3, reps // 2), threads)
        whole_keep_all = tmin(lambda: run_all(layers, x0), 3, threads)
        per = []
        for m, xs in zip(layers, rec):
            per.append(tmin(lambda: m(xs), reps, threads))
    out = {"cfg": os.path.basename(cfg), "size": size, "threads": threads, "torch": torch.__version__,
           "blas": os.environ.get("LD_LIBRARY_PATH", "default"), "reps": reps,
           "timer": "process CPU time (1 thread) / wall (2 threads), min",
           "whole_forward_ms": whole, "whole_forward_keep_all_outputs_ms": whole_keep_all,
           "sum_of_layers_ms": sum(per),
           "layers": [{"index": L["index"], "type": L["kind"], "desc": L["desc"], "ms": t}
                      for L, t in zip(net["layers"], per)]}
    name = "measured_%s_%d_t%d.json" % (os.path.basename(cfg).replace(".cfg", ""), size, threads)
    with open(os.path.join(HERE, "..", "..", "data", "latency", "measured", name), "w") as f:
        json.dump(out, f, indent=1)
    print("%s %d t%d: whole %.1f ms (keeping all outputs %.1f), sum of layers %.1f ms -> %s" % (
        cfg, size, threads, whole, whole_keep_all, sum(per), name))


if __name__ == "__main__":
    main()
