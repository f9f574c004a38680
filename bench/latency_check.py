#!/usr/bin/env python3
"""Checks the latency model against measurements (issue 10, docs/latency.md "Accuracy").
Every figure reported is the C binary's; standard library only.

A. Published FPS (../shared/reference/latency/published_fps.json), leave one model size
   out: per (device, runtime, precision) group, for each cfg@size the group's eta_c and
   overhead are refit on its other model sizes (the fit of bench/latency_fit.py, with the
   runtime priors of the other groups), written as a fitted.json, and the C binary predicts
   the held-out rows with it (--fitted). MAPE and the share within +-10 % and +-25 %;
   in-sample (the built-in constants); uncalibrated (a group predicted from the other
   groups' medians); cross-model rows.
B. Per-layer CPU times (../shared/reference/measured/cpu_latency.json, and the larger cfgs
   of data/latency/measured/measured_*.json), runtime pytorch, device specs written from
   the measured peaks only: Spearman rho and top-5 overlap of the layer-time ranking, and
   the whole forward pass.

Targets (exit 1 when missed): LOO MAPE <= 20 % for every group with >= 4 rows; per layer
rho >= 0.9 and the whole forward within 20 % on every reference setup and larger cfg.
Exit 77 when ../shared is absent.

usage: bench/latency_check.py [--binary build/yoloflops] [--shared ../shared]
                              [--markdown FILE] [--update-docs]
"""
import argparse
import copy
import glob
import json
import math
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import latency_common as lc  # noqa: E402
import latency_fit as lf  # noqa: E402

MARK_BEGIN = "<!-- latency_check: begin (bench/latency_check.py --update-docs) -->"
MARK_END = "<!-- latency_check: end -->"

# The CPU setups of the reference measurements and the device spec a checker writes for
# each from ../shared/reference/measured (README and peaks.json); target: counts for the
# acceptance targets.
CPU_SETUPS = [
    ("1 thread, OpenBLAS", 1, "openblas", "fp32=115.6G,bandwidth=28G,name=zen4-1t,kind=cpu", True),
    ("1 thread, netlib, spec with gemm_fp32", 1, "netlib",
     "fp32=115.6G,gemm_fp32=6G,bandwidth=28G,name=zen4-1t-netlib,kind=cpu", True),
    ("2 threads", 2, "netlib", "fp32=233.9G,bandwidth=50G,name=zen4-2t,kind=cpu", True),
    ("1 thread, netlib, spec without gemm_fp32 (expected to fail)", 1, "netlib",
     "fp32=115.6G,bandwidth=28G,name=zen4-1t,kind=cpu", False),
    ("2 threads, bandwidth 28G (sensitivity)", 2, "netlib",
     "fp32=233.9G,bandwidth=28G,name=zen4-2t,kind=cpu", False),
]
OWN_SPECS = {1: "fp32=115.6G,bandwidth=28G,name=zen4-1t,kind=cpu",
             2: "fp32=233.9G,bandwidth=50G,name=zen4-2t,kind=cpu"}


def ape(pred, obs):
    return abs(pred / obs - 1.0) * 100.0


def summary(errs):
    if not errs:
        return None
    n = len(errs)
    return {"n": n, "mape": sum(errs) / n, "w10": 100.0 * sum(e <= 10 for e in errs) / n,
            "w25": 100.0 * sum(e <= 25 for e in errs) / n}


class Checker:
    def __init__(self, binary, shared):
        self.binary_path = binary
        self.data = lf.Data(lc.Binary(binary), shared)
        self.fitted = lc.load(os.path.join(lc.DATA, "fitted.json"))
        sh = self.fitted["shared"]
        self.shared = lf.shared_constants(sh["sat_outputs_per_gflops"], sh["k_half"]["gpu"],
                                          sh["eta_secondary"]["darknet"]["fp32"])
        self.fast = self.data.fast(self.shared)
        self.tmp = tempfile.mkdtemp(prefix="latency_check.")

    def c_fps(self, r, fitted=None):
        """The C binary's FPS of a published row (Darknet rows: with host NMS)."""
        path = None
        if fitted is not None:
            path = os.path.join(self.tmp, "fitted.json")
            with open(path, "w") as f:
                json.dump(fitted, f)
        js = lc.Binary(self.binary_path, path).run(
            os.path.join(self.data.zoo, r["cfg"]), device=r["device"], runtime=r["runtime"],
            precision=r["prec"], batch=r["batch"], size=(r["w"], r["h"]))
        lat = js["latency"][0]
        post = lat["nms"]["ms"] if r["runtime"] == "darknet" else 0.0
        return r["batch"] / ((lat["latency_ms"] + post) * 1e-3)

    def groups(self):
        by = {}
        for r in self.data.rows:
            by.setdefault(lc.group_key(r), []).append(r)
        return by

    def loo(self):
        res, detail = {}, []
        full = self.fitted["groups"]
        for key, grs in sorted(self.groups().items()):
            dev, rt, prec = key.split("/")
            others = {k: g for k, g in full.items() if k != key}
            prior = lc.prior_for(lc.runtime_priors(others, self.data.devs), self.data.devs[dev],
                                 rt, prec)
            units = sorted({r["unit"] for r in grs})
            errs = []
            for u in units if len(units) >= 2 else ():
                g = self.data.fit_group([r for r in grs if r["unit"] != u], self.fast, prior)
                fold = copy.deepcopy(self.fitted)
                fold["groups"][key] = g
                for r in grs:
                    if r["unit"] == u:
                        pf = self.c_fps(r, fold)
                        errs.append(ape(pf, r["fps"]))
                        detail.append((key, u, r["batch"], r["fps"], pf))
            res[key] = (summary(errs), len(grs), len(units))
        return res, detail

    def in_sample(self):
        out = {}
        for key, grs in self.groups().items():
            out[key] = summary([ape(self.c_fps(r), r["fps"]) for r in grs])
        return out

    def uncalibrated(self):
        """Each group predicted without its own fit: the other groups' medians."""
        out = {}
        for key, grs in sorted(self.groups().items()):
            others = {k: g for k, g in self.fitted["groups"].items() if k != key}
            fold = copy.deepcopy(self.fitted)
            fold["groups"] = others
            fold["runtime_defaults"] = lc.runtime_priors(others, self.data.devs)
            dev, rt, prec = key.split("/")
            if lc.prior_for(fold["runtime_defaults"], self.data.devs[dev], rt, prec)["eta_c"] is None:
                continue
            out[key] = summary([ape(self.c_fps(r, fold), r["fps"]) for r in grs])
        return out


# ------------------------------------------------------------------------------------------
# B. per-layer CPU times
# ------------------------------------------------------------------------------------------

def ranks(v):
    order = sorted(range(len(v)), key=lambda i: v[i])
    r = [0.0] * len(v)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2.0 + 1
        i = j + 1
    return r


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = math.sqrt(sum((x - ma) ** 2 for x in ra))
    vb = math.sqrt(sum((y - mb) ** 2 for y in rb))
    return cov / (va * vb)


def top_overlap(a, b, k=5):
    ta = set(sorted(range(len(a)), key=lambda i: -a[i])[:k])
    tb = set(sorted(range(len(b)), key=lambda i: -b[i])[:k])
    return len(ta & tb)


def cpu_case(binary, cfg, size, spec, meas_layers, whole_ms):
    js = lc.Binary(binary).run(cfg, spec=spec, runtime="pytorch", precision="fp32",
                               size=(size, size))
    pred = [L["latency_ms"] for L in js["layers"]]
    pv = [pred[i] for i, _ in meas_layers]
    mv = [m for _, m in meas_layers]
    total = js["latency"][0]["latency_ms"]
    return {"rho": spearman(pv, mv), "top5": top_overlap(pv, mv), "pred_ms": total,
            "whole_ms": whole_ms, "err": 100.0 * (total / whole_ms - 1.0)}


def cpu_reference(binary, shared):
    cl = lc.load(os.path.join(shared, "reference", "measured", "cpu_latency.json"))
    out = []
    for label, threads, blas, spec, target in CPU_SETUPS:
        key = "cpu_min_ms" if threads == 1 else "min_ms"
        for run in cl["runs"]:
            if run["threads"] != threads or run["blas"] != blas:
                continue
            meas = [(L["index"], L["time"][key]) for L in run["layers"]]
            c = cpu_case(binary, os.path.join(lc.ROOT, "cfg", run["cfg"]), run["size"], spec, meas,
                         run["whole_forward"][key])
            c.update(setup=label, model=run["model"], size=run["size"], spec=spec, target=target)
            out.append(c)
    return out


def cpu_own(binary):
    out = []
    for path in sorted(glob.glob(os.path.join(lc.DATA, "measured", "measured_*.json"))):
        m = lc.load(path)
        meas = [(L["index"], L["ms"]) for L in m["layers"]]
        c = cpu_case(binary, os.path.join(lc.ROOT, "cfg", m["cfg"]), m["size"],
                     OWN_SPECS[m["threads"]], meas, m["whole_forward_ms"])
        c.update(model=m["cfg"].replace(".cfg", ""), size=m["size"], threads=m["threads"],
                 spec=OWN_SPECS[m["threads"]], target=True,
                 blas="OpenBLAS" if "openblas" in m.get("blas", "") else "default")
        out.append(c)
    return out


# ------------------------------------------------------------------------------------------

def cells(s):
    return "| - | - | - |" if s is None else "| %.1f | %.0f | %.0f |" % (s["mape"], s["w10"], s["w25"])


def report(ck, binary, shared):
    lines, fails = [], []
    P = lines.append
    res, detail = ck.loo()
    ins = ck.in_sample()
    P("Leave one model size out: each held-out unit is one cfg at one input size (its batch 1 "
      "and batch 4 rows together); the group's eta_c and overhead are refit on its other units "
      "and the C binary predicts the held-out rows with them. Shared constants fitted on all "
      "rows: saturation %g outputs per GFLOP/s, Darknet fp32-in-fp16 efficiency %.2f. Darknet "
      "rows include host NMS (do_nms_sort, 1 %% of the candidates).\n" % (
          ck.shared["sat_outputs_per_gflops"], ck.shared["eta_secondary"]["darknet"]["fp32"]))
    P("| group (device/runtime/precision) | rows | model sizes | LOO MAPE % | within 10 % | "
      "within 25 % | in-sample MAPE % | target |")
    P("|---|---|---|---|---|---|---|---|")
    for key, (s, n, nu) in res.items():
        tgt = "n/a (< 4 rows)"
        if n >= 4:
            ok = s is not None and s["mape"] <= 20.0
            tgt = "pass" if ok else "FAIL"
            if not ok:
                fails.append("LOO MAPE of %s" % key)
        note = "" if nu >= 2 else " (one model size: no LOO)"
        P("| %s%s | %d | %d %s %.1f | %s |" % (key, note, n, nu, cells(s), ins[key]["mape"], tgt))
    allerr = summary([ape(pf, obs) for _, _, _, obs, pf in detail])
    P("| **all LOO rows** | %d | | **%.1f** | **%.0f** | **%.0f** | | |\n" % (
        allerr["n"], allerr["mape"], allerr["w10"], allerr["w25"]))
    P("Cross-model (the held-out model size is a cfg the rest of its group does not have):\n")
    P("| group | held out | batch | published FPS | predicted FPS | error % |")
    P("|---|---|---|---|---|---|")
    for key, unit, b, obs, pf in detail:
        others = {r["cfg"] for r in ck.data.rows if lc.group_key(r) == key and r["unit"] != unit}
        if unit.split("@")[0] + ".cfg" not in others:
            P("| %s | %s | %d | %.1f | %.1f | %+.1f |" % (key, unit, b, obs, pf, 100 * (pf / obs - 1)))
    P("\nUncalibrated (each group predicted from the medians of the other groups, as a device "
      "without published measurements is):\n")
    P("| group | rows | MAPE % | within 10 % | within 25 % |")
    P("|---|---|---|---|---|")
    for key, s in ck.uncalibrated().items():
        P("| %s | %d %s" % (key, s["n"], cells(s)))
    P("\nPer-layer CPU times (PyTorch, runtime `pytorch`, fp32, batch 1; specs from the measured "
      "peaks only):\n")
    P("| setup | device spec | model | size | Spearman rho | top-5 | predicted ms | whole forward ms "
      "| error % | target |")
    P("|---|---|---|---|---|---|---|---|---|---|")
    for c in cpu_reference(binary, shared):
        tgt = "-"
        if c["target"]:
            ok = c["rho"] >= 0.9 and abs(c["err"]) <= 20
            tgt = "pass" if ok else "FAIL"
            if not ok:
                fails.append("CPU %s %s@%d" % (c["setup"], c["model"], c["size"]))
        P("| %s | `%s` | %s | %d | %.3f | %d/5 | %.1f | %.1f | %+.1f | %s |" % (
            c["setup"], c["spec"], c["model"], c["size"], c["rho"], c["top5"], c["pred_ms"],
            c["whole_ms"], c["err"], tgt))
    own = cpu_own(binary)
    if own:
        P("\nLarger cfgs measured the same way on the reference machine type "
          "(data/latency/measured, bench/latency/measure_cfg_torch.py; not used for fitting):\n")
        P("| model | size | threads | BLAS | device spec | Spearman rho | top-5 | predicted ms | "
          "whole forward ms | error % | target |")
        P("|---|---|---|---|---|---|---|---|---|---|---|")
        for c in own:
            ok = c["rho"] >= 0.9 and abs(c["err"]) <= 20
            if not ok:
                fails.append("CPU %s@%d %d threads" % (c["model"], c["size"], c["threads"]))
            P("| %s | %d | %d | %s | `%s` | %.3f | %d/5 | %.1f | %.1f | %+.1f | %s |" % (
                c["model"], c["size"], c["threads"], c["blas"], c["spec"], c["rho"], c["top5"],
                c["pred_ms"], c["whole_ms"], c["err"], "pass" if ok else "FAIL"))
    return "\n".join(lines) + "\n", fails


def update_docs(text):
    path = os.path.join(lc.ROOT, "docs", "latency.md")
    doc = open(path).read()
    i, j = doc.index(MARK_BEGIN), doc.index(MARK_END)
    with open(path, "w") as f:
        f.write(doc[:i + len(MARK_BEGIN)] + "\n\n" + text + "\n" + doc[j:])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(lc.ROOT, "build", "yoloflops"))
    ap.add_argument("--shared", default=os.path.join(lc.ROOT, "..", "shared"))
    ap.add_argument("--markdown", help="write the tables to this file")
    ap.add_argument("--update-docs", action="store_true",
                    help="write the tables into docs/latency.md")
    a = ap.parse_args()
    if not os.path.isfile(os.path.join(a.shared, "reference", "latency", "published_fps.json")):
        print("latency_check: %s/reference not found, skipped" % a.shared)
        return 77
    ck = Checker(a.binary, a.shared)
    text, fails = report(ck, a.binary, a.shared)
    print(text)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text)
    if a.update_docs:
        update_docs(text)
    if fails:
        print("latency_check: targets missed: " + "; ".join(fails))
        return 1
    print("latency_check: every target met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
