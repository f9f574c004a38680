"""Shared by bench/latency_fit.py and bench/latency_check.py (standard library only).

The kernels of a run and their terms at efficiency 1 come from the C binary
(`yoloflops --format json --kernels`), so what is fitted and evaluated is the C
implementation's decomposition. `total_s` re-times those terms under other constants
with the formula of `timed()` in src/analysis/latency.c (docs/latency.md section 3);
`Row.check` asserts that it reproduces the C total, so the two cannot drift apart.
"""
import bisect
import json
import math
import os
import statistics
import subprocess

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
DATA = os.path.join(ROOT, "data", "latency")


def load(path):
    with open(path) as f:
        return json.load(f)


def devices():
    return {d["id"]: d for d in load(os.path.join(DATA, "devices.json"))["devices"]}


def spec_value(dev, key):
    v = dev["spec"].get(key)
    return v["value"] if isinstance(v, dict) else v


def first_peak(dev):
    """The peak element-wise work is counted against (latency.c first_peak)."""
    for k in ("fp32", "fp16", "int8"):
        if spec_value(dev, k):
            return spec_value(dev, k)
    return 1.0


# ------------------------------------------------------------------------------------------
# the C binary
# ------------------------------------------------------------------------------------------

class Binary:
    def __init__(self, path, fitted=None):
        self.path = path
        self.fitted = fitted

    def run(self, cfg, device=None, spec=None, runtime=None, precision=None, batch=1,
            size=None, kernels=False, extra=()):
        cmd = [self.path, "-q", "--format", "json"]
        if device:
            cmd += ["--device", device]
        if spec:
            cmd += ["--device-spec", spec]
        if runtime:
            cmd += ["--runtime", runtime]
        if precision:
            cmd += ["--precision", precision]
        if batch != 1:
            cmd += ["--batch", str(batch)]
        if size:
            cmd += ["--input", "%dx%d" % size]
        if kernels:
            cmd.append("--kernels")
        if self.fitted:
            cmd += ["--fitted", self.fitted]
        cmd += list(extra) + [cfg]
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError("%s: %s" % (" ".join(cmd), out.stderr.strip()))
        return json.loads(out.stdout)


# ------------------------------------------------------------------------------------------
# re-timing the C terms
# ------------------------------------------------------------------------------------------

class Consts:
    def __init__(self, eta_c, eta_m, eta_sec, overhead_us, sat, first_peak, k_half):
        self.eta_c, self.eta_m, self.eta_sec = eta_c, eta_m, eta_sec
        self.ov = overhead_us * 1e-6
        self.wsat = sat * first_peak / 1e9
        self.k_half = k_half


def timed(k, c):
    """Seconds of one kernel (latency.c timed())."""
    div = c.eta_sec if k["work"] == "secondary" else 1.0 if k["work"] == "gemm" else c.eta_c
    tc = k["compute_s"] / div
    if k["reduction"] > 0 and c.k_half > 0:
        tc *= 1.0 + c.k_half / k["reduction"]
    tm = k["memory_s"] / c.eta_m
    u = c.wsat / k["parallel"] if (c.wsat > k["parallel"] and k["work"] != "elementwise") else 1.0
    core = max(tc, tm) * u if k["work"] == "serial" else max(tc * u, tm)
    return core + k["link_s"] + k["launches"] * c.ov + k["fixed_s"]


class Row:
    """One run of the C binary: its kernels, the constants it used, its results."""

    def __init__(self, js):
        lat = js["latency"][0]
        self.kernels = [k for L in js["layers"] for k in L.get("kernels", [])]
        self.kernels += [k for x in lat["outside_layers"] for k in x.get("kernels", [])]
        # time outside the kernels that no efficiency changes: first touch, invocation
        self.fixed_s = sum(x["latency_ms"] for x in lat["outside_layers"]
                           if x["name"] != "input") * 1e-3
        self.ms = lat["latency_ms"]
        self.nms_s = lat["nms"]["ms"] * 1e-3
        self.batch = lat["batch"]
        self.constants = {k: v["value"] for k, v in lat["constants"].items()}
        self.layer_ms = [L["latency_ms"] for L in js["layers"]]

    def total_s(self, c):
        return self.fixed_s + sum(timed(k, c) for k in self.kernels)

    def check(self, first_peak_value, eta_m=None):
        k = self.constants
        c = Consts(k["eta_compute"], eta_m or k["eta_memory"], k["eta_secondary"],
                   k["overhead_us"], k["saturation"], first_peak_value, k["k_half"])
        py = self.total_s(c) * 1e3
        if abs(py / self.ms - 1) > 1e-9:
            raise AssertionError("the Python re-timing (%.9f ms) differs from the C total "
                                 "(%.9f ms): bench/latency_common.py timed() no longer mirrors "
                                 "src/analysis/latency.c" % (py, self.ms))


class Fast:
    """A row's time as a function of (eta_c, overhead) alone, other constants fixed
    (eta_sec None: secondary work runs at eta_c):
    t = K + L x overhead + sum_i max(a_i / eta_c, c_i), evaluated in O(log n) with the
    kernels sorted by a_i / c_i (the eta_c at which each turns memory-bound)."""

    def __init__(self, row, eta_m, eta_sec, sat, first_peak_value, k_half, post_s=0.0):
        const, launches, pairs = row.fixed_s + post_s, 0.0, []
        wsat = sat * first_peak_value / 1e9
        for k in row.kernels:
            launches += k["launches"]
            const += k["link_s"] + k["fixed_s"]
            tc = k["compute_s"]
            if k["reduction"] > 0 and k_half > 0:
                tc *= 1.0 + k_half / k["reduction"]
            tm = k["memory_s"] / eta_m
            u = wsat / k["parallel"] if (wsat > k["parallel"] and k["work"] != "elementwise") else 1.0
            if k["work"] == "gemm" or (k["work"] == "secondary" and eta_sec):
                t = tc / (eta_sec if k["work"] == "secondary" else 1.0)
                const += max(t * u, tm)
            elif k["work"] == "serial":
                pairs.append((tc * u, tm * u))
            else:
                pairs.append((tc * u, tm))
        pairs = [(a, c) for a, c in pairs if a > 0 or c > 0]
        pairs.sort(key=lambda p: p[0] / p[1] if p[1] > 0 else math.inf)
        self.ratio = [a / c if c > 0 else math.inf for a, c in pairs]
        self.c_prefix = [0.0]
        for _, c in pairs:
            self.c_prefix.append(self.c_prefix[-1] + c)
        self.a_suffix = [0.0] * (len(pairs) + 1)
        for i in range(len(pairs) - 1, -1, -1):
            self.a_suffix[i] = self.a_suffix[i + 1] + pairs[i][0]
        self.const, self.launches = const, launches

    def seconds(self, eta, overhead_us):
        j = bisect.bisect_right(self.ratio, eta)  # kernels before j are memory-bound at eta
        return (self.const + self.launches * overhead_us * 1e-6 + self.c_prefix[j] +
                self.a_suffix[j] / eta)


# ------------------------------------------------------------------------------------------
# published rows and their groups
# ------------------------------------------------------------------------------------------

RUNTIMES = ("tensorrt", "darknet", "opencv", "ncnn", "onnxruntime", "pytorch")

# memory efficiency per runtime: set, not fitted (the published rows are compute- and
# overhead-bound and cannot separate it); docs/latency.md
ETA_M = {"tensorrt": 0.8, "darknet": 0.7, "opencv": 0.8, "ncnn": 0.6, "onnxruntime": 0.6,
         "pytorch": 0.7}

# Darknet rows are demo FPS of unknown scope: the detection thread runs the network, pulls
# the yolo outputs to the host and runs get_network_boxes + do_nms_sort (1 % kept)
DARKNET_POST = {"style": "darknet", "keep": 0.01}


def runtime_of(framework):
    fw = framework.lower()
    for name in RUNTIMES:
        if fw.startswith(name):
            return name
    raise ValueError(framework)


def published_rows(path):
    rows = []
    for i, r in enumerate(load(path)):
        if not r.get("cfg_in_zoo"):
            continue
        rows.append({"i": i, "device": r["device"], "runtime": runtime_of(r["framework"]),
                     "prec": r["precision"], "batch": r["batch"], "cfg": r["cfg_in_zoo"],
                     "w": r["width"], "h": r["height"], "fps": r["fps"],
                     "unit": "%s@%d" % (r["cfg_in_zoo"].replace(".cfg", ""), r["width"])})
    return rows


def group_key(r):
    return "%s/%s/%s" % (r["device"], r["runtime"], r["prec"])


def row_run(binary, zoo, r):
    """The C binary's run of a published row, with its kernels."""
    return Row(binary.run(os.path.join(zoo, r["cfg"]), device=r["device"], runtime=r["runtime"],
                          precision=r["prec"], batch=r["batch"], size=(r["w"], r["h"]),
                          kernels=True))


def post_s(r, row):
    return row.nms_s if r["runtime"] == "darknet" else 0.0


# ------------------------------------------------------------------------------------------
# fitting a group: Nelder-Mead on (log eta_c, log overhead)
# ------------------------------------------------------------------------------------------

def nelder_mead(f, x0, step, iters=400, tol=1e-10):
    n = len(x0)
    pts = [list(x0)]
    for i in range(n):
        p = list(x0)
        p[i] += step[i]
        pts.append(p)
    vals = [f(p) for p in pts]
    for _ in range(iters):
        order = sorted(range(n + 1), key=lambda i: vals[i])
        pts = [pts[i] for i in order]
        vals = [vals[i] for i in order]
        if abs(vals[-1] - vals[0]) < tol:
            break
        cen = [sum(p[j] for p in pts[:-1]) / n for j in range(n)]
        xr = [cen[j] + (cen[j] - pts[-1][j]) for j in range(n)]
        fr = f(xr)
        if fr < vals[0]:
            xe = [cen[j] + 2 * (cen[j] - pts[-1][j]) for j in range(n)]
            fe = f(xe)
            if fe < fr:
                pts[-1], vals[-1] = xe, fe
            else:
                pts[-1], vals[-1] = xr, fr
        elif fr < vals[-2]:
            pts[-1], vals[-1] = xr, fr
        else:
            xc = [cen[j] + 0.5 * (pts[-1][j] - cen[j]) for j in range(n)]
            fc = f(xc)
            if fc < vals[-1]:
                pts[-1], vals[-1] = xc, fc
            else:
                for i in range(1, n + 1):
                    pts[i] = [pts[0][j] + 0.5 * (pts[i][j] - pts[0][j]) for j in range(n)]
                    vals[i] = f(pts[i])
    i = min(range(n + 1), key=lambda i: vals[i])
    return pts[i], vals[i]


OV_MIN, OV_MAX = 0.5, 500.0   # per-kernel overhead bounds, microseconds
ETA_MIN = 0.005
PRIOR_W = 0.05                # log-space pull towards the runtime median, per group


def is_tc_peak(dev, prec, runtime_rules):
    """The precision's peak is a tensor-core one (cannot be beaten by Winograd)."""
    tc = runtime_rules.get("tensor_cores", True)
    fp16, notc = spec_value(dev, "fp16") or 0, spec_value(dev, "fp16_notc") or 0
    if prec == "fp16":
        return bool(notc) and tc and fp16 > notc
    if prec == "int8":
        return dev["kind"] == "gpu" and (spec_value(dev, "int8") or 0) > 2.5 * (spec_value(dev, "fp32") or 0)
    return False


def eta_max(dev, prec, runtime_rules):
    """1 on tensor-core peaks, 2 elsewhere (Winograd-type algorithms do fewer
    multiplications than the direct count)."""
    return 1.0 if is_tc_peak(dev, prec, runtime_rules) else 2.0


def fit_group(rows, fast, emax, eta_m, prior=None, ov_fixed=5.0):
    """Least squares on log(FPS) of one group's rows (fast: {row index: Fast}); with a
    single model size, eta_c only (overhead from the runtime prior)."""
    units = {r["unit"] for r in rows}
    fit_ov = len(units) >= 2
    prior = prior or {}
    ov_fixed = prior.get("overhead_us") or ov_fixed

    def params(x):
        eta = min(emax, max(ETA_MIN, math.exp(x[0])))
        ov = min(OV_MAX, max(OV_MIN, math.exp(x[1]))) if fit_ov else ov_fixed
        return eta, ov

    def loss(x):
        eta, ov = params(x)
        s = 0.0
        for r in rows:
            e = math.log(r["batch"] / fast[r["i"]].seconds(eta, ov) / r["fps"])
            s += e * e
        if prior.get("eta_c"):
            s += PRIOR_W * math.log(eta / prior["eta_c"]) ** 2
        if fit_ov and prior.get("overhead_us"):
            s += PRIOR_W * math.log(ov / prior["overhead_us"]) ** 2
        return s

    best = None
    for eta0 in (0.1, 0.5, min(emax, 1.2)):
        for ov0 in (3.0, 20.0):
            x, v = nelder_mead(loss, [math.log(eta0), math.log(ov0)], [0.5, 0.7], iters=200)
            if best is None or v < best[1]:
                best = (x, v)
    x, v = best
    eta, ov = params(x)
    return {"eta_c": eta, "overhead_us": ov, "eta_m": eta_m, "n_rows": len(rows),
            "n_units": len(units), "overhead_fitted": fit_ov, "eta_c_at_bound": eta >= emax * 0.999,
            "rms_log_error": math.sqrt(v / max(1, len(rows))), "loss": v}


def runtime_priors(groups, devs):
    """Defaults for uncalibrated devices: medians of the fitted groups of a runtime, per
    'runtime/kind/class' and per 'runtime/kind'."""
    by = {}
    for key, g in groups.items():
        dev, rt, prec = key.split("/")
        d = devs[dev]
        for k in ("%s/%s" % (rt, d["kind"]), "%s/%s/%s" % (rt, d["kind"], d["class"])):
            by.setdefault(k, []).append((key, prec, g))
    out = {}
    for k, lst in sorted(by.items()):
        rt = k.split("/")[0]
        fitted_ov = [g["overhead_us"] for _, _, g in lst if g.get("overhead_fitted")]
        d = {"overhead_us": statistics.median(fitted_ov) if fitted_ov else None,
             "eta_m": ETA_M.get(rt, 0.7), "eta_c": {}, "from_groups": sorted(x for x, _, _ in lst)}
        for prec in ("fp32", "fp16", "int8"):
            v = [g["eta_c"] for _, p, g in lst if p == prec]
            if v:
                d["eta_c"][prec] = statistics.median(v)
        out[k] = d
    return out


def prior_for(priors, dev, rt, prec):
    out = {"overhead_us": None, "eta_c": None}
    for k in ("%s/%s" % (rt, dev["kind"]), "%s/%s/%s" % (rt, dev["kind"], dev["class"])):
        pr = priors.get(k)
        if pr:
            if pr.get("overhead_us") is not None:
                out["overhead_us"] = pr["overhead_us"]
            if pr.get("eta_c", {}).get(prec) is not None:
                out["eta_c"] = pr["eta_c"][prec]
    return out
