#!/usr/bin/env python3
"""Fits the latency model's constants and writes data/latency/fitted.json
(docs/latency.md, section "Fitting"). Standard library only; about a minute.

1. PyTorch-on-a-CPU element-wise costs (FLOP-equivalents per element) and fixed costs
   per op from data/latency/measured/microbench_torch.json, the first-touch constants
   from microbench_forward.json (measured on the reference machine type with
   bench/latency/microbench_*.py; independent of the evaluated per-layer times).
2. Every row of ../shared/reference/latency/published_fps.json is run through the C
   binary (`--kernels`): its kernels' terms at efficiency 1. Shared constants (the
   saturation size and the GPU short-reduction constant: a grid over all groups;
   Darknet's fp32 efficiency inside fp16 runs: leave-one-model-size-out over the Darknet
   groups), then per (device, runtime, precision) group eta_c and overhead_us minimising
   sum(log^2(FPS_pred / FPS_pub)) with a weak pull towards the runtime's median; eta_m
   per runtime is set, not fitted.
3. Runtime defaults for uncalibrated devices: medians of the fitted groups.

usage: bench/latency_fit.py [--binary build/yoloflops] [--shared ../shared] [--out FILE]
"""
import argparse
import json
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import latency_common as lc  # noqa: E402

# one-thread conv peak of the measured machine (../shared/reference/measured/README.md:
# best conv 115.6 GFLOP/s): converts ns per element into FLOP-equivalents
CPU_PEAK_1T = 115.6e9
SAT_GRID = (0.0, 5.0, 10.0, 20.0, 40.0)
KHALF_GRID = (0.0, 8.0, 16.0, 32.0, 64.0)
ETA_SEC_GRID = (0.3, 0.45, 0.6, 0.8, 1.0)
K_HALF_CPU = 16.0  # CPUs: one AVX-512 vector of fp32 lanes (oneDNN blocks channels by 16)


def pytorch_cpu_table(path):
    mb = lc.load(path)
    rows = [r for r in mb["runs"]["1"] if r["elements"] >= 100000]
    tiny = [r for r in mb["runs"]["1"] if r["elements"] < 100000]

    def ns(op):
        return statistics.median(r[op + "_ms"] * 1e6 / r["elements"] for r in rows)

    P = CPU_PEAK_1T * 1e-9  # FLOP per ns
    tab = {"leaky": ns("leaky") * P, "relu": ns("relu") * P, "logistic": ns("logistic") * P,
           "swish": ns("swish") * P, "mish": ns("mish") * P, "hard_mish": ns("leaky") * P * 2,
           "bn": ns("bn") * P, "bias": ns("add") * P, "add": ns("add") * P,
           "concat": ns("cat2") / 2.0 * P,  # cat2 is timed per element of one of two inputs
           "copy": ns("copy") * P, "upsample": ns("upsample2") / 4.0 * P,
           "default": ns("add") * P}
    # max-pooling per output element: b k + c k^2 (least squares, no intercept: a free
    # intercept comes out negative)
    pts = [(2, ns("maxpool2s2") * 4.0), (2, ns("maxpool2s1pad") - ns("pad")), (3, ns("maxpool3s1")),
           (5, ns("maxpool5s1")), (9, ns("maxpool9s1")), (13, ns("maxpool13s1"))]
    sxx = sum(k * k for k, _ in pts)
    sxy = sum(k ** 3 for k, _ in pts)
    syy = sum(k ** 4 for k, _ in pts)
    bx = sum(k * y for k, y in pts)
    by = sum(k * k * y for k, y in pts)
    det = sxx * syy - sxy * sxy
    tab["pool_out"] = 0.0
    tab["pool_row"] = (bx * syy - by * sxy) / det * P
    tab["pool_win"] = (sxx * by - sxy * bx) / det * P
    tab["pool_fit_points_ns"] = pts
    fx = {}
    if tiny:  # fixed cost per op: a tiny tensor's time minus its per-element cost
        t = tiny[0]
        for op, key in (("leaky", "act"), ("bn", "bn"), ("add", "add"), ("cat2", "concat"),
                        ("upsample2", "upsample"), ("copy", "copy")):
            fx[key] = max(0.0, t[op + "_ms"] * 1e3 - t["elements"] * ns(op) * 1e-3)
    over = min(fx.values()) if fx else 2.0
    tab["fixed_us"] = {k: round(v - over, 2) for k, v in fx.items() if v - over > 0.5}
    tab["overhead_us"] = round(over, 2)
    tab["source"] = ("data/latency/measured/microbench_torch.json, 1 thread, medians over "
                     "tensors >= 1e5 elements; ns/element x %.1f GFLOP/s" % (CPU_PEAK_1T / 1e9))
    return tab


def fresh_constants(path):
    """PyTorch on Linux: whole forward minus the sum of its ops timed alone, per page
    written, on synthetic nets: (page cost us, share of written pages that are fresh)."""
    mb = lc.load(path)
    per_page_us = [r["gap_ms"] * 1e3 / (r["written_bytes"] / 4096.0) for r in mb["runs"]]
    page_us = statistics.median(r["page_fault_us"] for r in mb["runs"] if r["threads"] == 1)
    return page_us, statistics.median(per_page_us) / page_us


class Data:
    """Published rows with their C runs; Fast re-timers per set of shared constants."""

    def __init__(self, binary, shared_dir):
        self.devs = lc.devices()
        self.rts = lc.load(os.path.join(lc.DATA, "runtimes.json"))["runtimes"]
        self.zoo = os.path.join(shared_dir, "reference", "zoo")
        self.rows = lc.published_rows(os.path.join(shared_dir, "reference", "latency",
                                                   "published_fps.json"))
        self.runs = {}
        for r in self.rows:
            run = lc.row_run(binary, self.zoo, r)
            run.check(lc.first_peak(self.devs[r["device"]]))
            self.runs[r["i"]] = run

    def fast(self, shared, rows=None):
        out = {}
        for r in rows or self.rows:
            dev = self.devs[r["device"]]
            es = shared["eta_secondary"].get(r["runtime"], {}).get("fp32")
            out[r["i"]] = lc.Fast(self.runs[r["i"]], lc.ETA_M.get(r["runtime"], 0.7),
                                  es if r["prec"] != "fp32" else None,
                                  shared["sat_outputs_per_gflops"], lc.first_peak(dev),
                                  shared["k_half"][dev["kind"]] if dev["kind"] in shared["k_half"] else 0.0,
                                  lc.post_s(r, self.runs[r["i"]]))
        return out

    def emax(self, r):
        return lc.eta_max(self.devs[r["device"]], r["prec"], self.rts[r["runtime"]]["rules"])

    def fit_group(self, rows, fast, prior=None):
        r = rows[0]
        ov = lc.spec_value(self.devs[r["device"]], "overhead_us") or 5.0
        return lc.fit_group(rows, fast, self.emax(r), lc.ETA_M.get(r["runtime"], 0.7), prior, ov)

    def fit_all(self, fast, exclude_units=(), priors=None):
        by = {}
        for r in self.rows:
            if r["unit"] not in exclude_units:
                by.setdefault(lc.group_key(r), []).append(r)
        groups, tot = {}, 0.0
        for key, grs in sorted(by.items()):
            dev, rt, prec = key.split("/")
            prior = lc.prior_for(priors or {}, self.devs[dev], rt, prec)
            groups[key] = self.fit_group(grs, fast, prior)
            tot += groups[key]["loss"]
        return groups, tot


def shared_constants(sat, kh, es):
    return {"sat_outputs_per_gflops": sat, "k_half": {"gpu": kh, "cpu": K_HALF_CPU},
            "eta_secondary": {"darknet": {"fp32": es}}}


def fit_shared(data, verbose=True):
    best = None
    for sat in SAT_GRID:
        for kh in KHALF_GRID:
            _, tot = data.fit_all(data.fast(shared_constants(sat, kh, 0.6)))
            if verbose:
                print("  sat=%5.1f k_half=%5.1f loss=%.4f" % (sat, kh, tot))
            if best is None or tot < best[0]:
                best = (tot, sat, kh)
    _, sat, kh = best
    dk = [r for r in data.rows if r["runtime"] == "darknet"]
    best2 = None
    for es in ETA_SEC_GRID:  # chosen by leave-one-model-size-out error over the Darknet groups
        fast = data.fast(shared_constants(sat, kh, es), dk)
        by = {}
        for r in dk:
            by.setdefault(lc.group_key(r), []).append(r)
        tot = 0.0
        for key, grs in by.items():
            units = sorted({r["unit"] for r in grs})
            for u in units if len(units) >= 2 else ():
                g = data.fit_group([r for r in grs if r["unit"] != u], fast)
                for r in grs:
                    if r["unit"] == u:
                        t = fast[r["i"]].seconds(g["eta_c"], g["overhead_us"])
                        tot += math.log(r["batch"] / t / r["fps"]) ** 2
        if verbose:
            print("  darknet eta_fp32=%.2f LOO loss=%.4f" % (es, tot))
        if best2 is None or tot < best2[0]:
            best2 = (tot, es)
    shared = shared_constants(sat, kh, best2[1])
    fast = data.fast(shared)
    g1, _ = data.fit_all(fast)
    groups, _ = data.fit_all(fast, priors=lc.runtime_priors(g1, data.devs))
    return groups, shared


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(lc.ROOT, "build", "yoloflops"))
    ap.add_argument("--shared", default=os.path.join(lc.ROOT, "..", "shared"))
    ap.add_argument("--out", default=os.path.join(lc.DATA, "fitted.json"))
    a = ap.parse_args()
    measured = os.path.join(lc.DATA, "measured")
    tab = pytorch_cpu_table(os.path.join(measured, "microbench_torch.json"))
    data = Data(lc.Binary(a.binary), a.shared)
    groups, shared = fit_shared(data)
    page_us, frac = fresh_constants(os.path.join(measured, "microbench_forward.json"))
    shared["fresh_fraction"] = {"pytorch": frac}
    shared["fresh_page_us"] = {"pytorch": page_us}
    out = {"schema": 1,
           "about": "Fitted constants of the latency model, written by bench/latency_fit.py "
                    "(docs/latency.md). groups: per 'device/runtime/precision' eta_c (compute "
                    "efficiency at that precision's peak), overhead_us (per kernel launch), eta_m "
                    "(memory efficiency, per runtime, set, not fitted). shared: constants common "
                    "to all groups. runtime_defaults: medians for uncalibrated devices. tables: "
                    "element-wise costs (FLOP-equivalents per element) of PyTorch on a CPU.",
           "data": "../shared/reference/latency/published_fps.json, data/latency/measured",
           "darknet_post": lc.DARKNET_POST,
           "eta_m_per_runtime": lc.ETA_M,
           "shared": shared,
           "groups": groups,
           "runtime_defaults": lc.runtime_priors(groups, data.devs),
           "tables": {"pytorch_cpu_ew_cost": tab}}
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("shared:", json.dumps(shared))
    for k, g in sorted(groups.items()):
        print("%-36s eta_c=%.3f%s overhead=%.1fus%s rows=%d units=%d rms_log=%.3f" % (
            k, g["eta_c"], "*" if g["eta_c_at_bound"] else " ", g["overhead_us"],
            "" if g["overhead_fitted"] else "(prior)", g["n_rows"], g["n_units"],
            g["rms_log_error"]))
    print("wrote", os.path.relpath(a.out))


if __name__ == "__main__":
    main()
