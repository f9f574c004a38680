#!/usr/bin/env python3
"""Whole forward vs the sum of its ops timed alone, for small synthetic Darknet-like nets
(NOT the models of ../../shared/reference/measured, so the result can be tested there).

The gap is attributed to first-touch page faults of freshly mapped output buffers; with the
measured cost per fault (fresh_page_us) it gives the share of written bytes that land in fresh
pages (fresh_fraction), a PyTorch-on-Linux constant of the model.  Writes microbench_forward.json.

Needs Debian's python3-torch.  usage: python3 microbench_forward.py [threads ...]  (default 1 2)
"""
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def tmin(fn, reps):
    fn()
    best = 1e30
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        fn()
        best = min(best, time.perf_counter_ns() - t0)
    return best / 1e6


def page_fault_us(mib=64, reps=7):
    n = int(mib * 2 ** 20 / 4)
    pre = torch.empty(n)
    fresh = tmin(lambda: torch.zeros(n), reps)
    reuse = tmin(lambda: pre.zero_(), reps)
    return (fresh - reuse) * 1e3 / (mib * 256)


class Net(nn.Module):
    """conv-bn-leaky chain with stride-2 convs, a max-pool, a residual add and a concat."""

    def __init__(self, widths):
        super().__init__()
        self.ops = []
        c = 3
        for i, w in enumerate(widths):
            s = 2 if i % 2 == 0 else 1
            self.ops.append(("conv", nn.Conv2d(c, w, 3, s, 1, bias=False)))
            self.ops.append(("bn", nn.BatchNorm2d(w)))
            self.ops.append(("act", None))
            c = w
        for i, (k, m) in enumerate(self.ops):
            if m is not None:
                self.add_module("m%d" % i, m)

    def run(self, x, record=None):
        skip = None
        for i, (k, m) in enumerate(self.ops):
            if k == "act":
                y = F.leaky_relu(x, 0.1)
            else:
                y = m(x)
            if record is not None:
                record.append((k, m, x))
            x = y
            if k == "act" and i % 9 == 8:
                if skip is not None and skip.shape == x.shape:
                    if record is not None:
                        record.append(("add", None, (x, skip)))
                    x = x + skip
                if record is not None:
                    record.append(("cat", None, (x, x)))
                x = torch.cat([x, x], 1)[:, : x.shape[1]]
                if record is not None:
                    record.append(("pool", None, x))
                x = F.max_pool2d(x, 3, 1, 1)
                skip = x
        return x


def one(net, k, m, x):
    if k == "act":
        return F.leaky_relu(x, 0.1)
    if k == "add":
        return x[0] + x[1]
    if k == "cat":
        return torch.cat(list(x), 1)
    if k == "pool":
        return F.max_pool2d(x, 3, 1, 1)
    return m(x)


def main():
    threads = [int(a) for a in sys.argv[1:]] or [1, 2]
    res = {"torch": torch.__version__, "runs": []}
    with torch.no_grad():
        for t in threads:
            torch.set_num_threads(t)
            pf = page_fault_us()
            for size, widths in ((320, [16, 32, 64, 64, 128, 128, 256, 256]),
                                 (416, [32, 32, 64, 64, 128, 128, 256, 256]),
                                 (608, [16, 32, 32, 64, 64, 128, 128, 256])):
                torch.manual_seed(0)
                net = Net(widths).eval()
                x = torch.randn(1, 3, size, size)
                rec = []
                net.run(x, rec)
                whole = tmin(lambda: net.run(x), 12)
                parts = []
                written = 0
                for k, m, inp in rec:
                    parts.append(tmin(lambda: one(net, k, m, inp), 12))
                    written += one(net, k, m, inp).numel() * 4
                s = sum(parts)
                row = {"threads": t, "size": size, "widths": widths, "whole_ms": whole,
                       "sum_ops_ms": s, "gap_ms": whole - s, "written_bytes": written,
                       "page_fault_us": pf,
                       "fresh_fraction": max(0.0, (whole - s) * 1e3 / pf / (written / 4096.0))}
                res["runs"].append(row)
                print("threads %d size %d: whole %.2f ms, sum of ops %.2f ms, gap %.2f ms, written %.1f MB, "
                      "page fault %.2f us -> fresh fraction %.3f" % (t, size, whole, s, whole - s,
                                                                     written / 1e6, pf, row["fresh_fraction"]))
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "..", "data", "latency", "measured", "microbench_forward.json"), "w") as f:
        json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
