#!/usr/bin/env python3
"""Micro-benchmark of PyTorch CPU element-wise ops that cpu_latency.json does not cover
(Mish, swish/SiLU, logistic, shortcut add) next to ones it does (leaky, BN, max-pool,
upsample, cat), so their per-element costs can be expressed relative to leaky.

Not part of the model: a measurement record.  Needs Debian's python3-torch (1.13.1), the
same build as ../../shared/reference/measured.  Writes microbench_torch.json.

usage: python3 microbench_torch.py [threads ...]     (default: 1 2)
"""
import json, os, platform, sys, time

import torch
import torch.nn.functional as F

SHAPES = [(1, 64, 152, 152), (1, 128, 76, 76), (1, 256, 38, 38), (1, 512, 19, 19), (1, 64, 8, 8)]
REPS = 30


def tmin(fn, reps=REPS):
    fn(); fn()
    best = 1e30
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        fn()
        best = min(best, time.perf_counter_ns() - t0)
    return best / 1e6  # ms


def bench(threads):
    torch.set_num_threads(threads)
    out = []
    for shp in SHAPES:
        x = torch.randn(*shp)
        y = torch.randn(*shp)
        c = shp[1]
        bn = torch.nn.BatchNorm2d(c).eval()
        conv1 = torch.nn.Conv2d(c, c, 1, bias=False).eval()
        conv3 = torch.nn.Conv2d(c, c, 3, padding=1, bias=False).eval()
        with torch.no_grad():
            bn.running_mean.normal_(); bn.running_var.uniform_(0.5, 2)
            ops = {
                "leaky": lambda: F.leaky_relu(x, 0.1),
                "relu": lambda: F.relu(x),
                "logistic": lambda: torch.sigmoid(x),
                "swish": lambda: F.silu(x),
                "swish_mul": lambda: x * torch.sigmoid(x),
                "mish": lambda: F.mish(x),
                "mish_composite": lambda: x * torch.tanh(F.softplus(x)),
                "bn": lambda: bn(x),
                "add": lambda: x + y,
                "cat2": lambda: torch.cat([x, y], 1),
                "maxpool2s2": lambda: F.max_pool2d(x, 2, 2),
                "maxpool2s1pad": lambda: F.max_pool2d(F.pad(x, (0, 1, 0, 1)), 2, 1),
                "pad": lambda: F.pad(x, (0, 1, 0, 1)),
                "maxpool3s1": lambda: F.max_pool2d(x, 3, 1, 1),
                "maxpool5s1": lambda: F.max_pool2d(x, 5, 1, 2),
                "maxpool9s1": lambda: F.max_pool2d(x, 9, 1, 4),
                "maxpool13s1": lambda: F.max_pool2d(x, 13, 1, 6),
                "upsample2": lambda: F.interpolate(x, scale_factor=2, mode="nearest"),
                "copy": lambda: x.clone(),
                "view": lambda: x[:, : c // 2],
                "conv1x1": lambda: conv1(x),
                "conv3x3": lambda: conv3(x),
            }
            row = {"shape": list(shp), "elements": x.numel(),
                   "conv1x1_macs": x.numel() * c, "conv3x3_macs": x.numel() * c * 9}
            for k, fn in ops.items():
                row[k + "_ms"] = tmin(fn)
        out.append(row)
    return out


def main():
    threads = [int(a) for a in sys.argv[1:]] or [1, 2]
    res = {"torch": torch.__version__, "machine": platform.processor() or platform.machine(),
           "cpus": os.cpu_count(), "reps": REPS, "timer": "perf_counter_ns, min of reps",
           "runs": {}}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name") or line.startswith("cpu family") or line.startswith("model\t"):
                    res.setdefault("cpuinfo", []).append(line.strip())
    except OSError:
        pass
    for t in threads:
        res["runs"][str(t)] = bench(t)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "..", "data", "latency", "measured", "microbench_torch.json"), "w") as f:
        json.dump(res, f, indent=1)
    for t, rows in res["runs"].items():
        print("threads", t)
        for r in rows:
            n = r["elements"]
            print("  %-18s" % (r["shape"],), " ".join("%s=%.2f" % (k[:-3], r[k] * 1e6 / n)
                                                    for k in r if k.endswith("_ms")), " (ns/elem)")


if __name__ == "__main__":
    main()
