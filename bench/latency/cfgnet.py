"""Darknet cfg layers for the measurement scripts: shapes from the yoloflops binary's JSON
(env YOLOFLOPS, default build/yoloflops) and the keys the JSON does not carry (kernel
size, stride, groups, batch_normalize, activation, references) read from the cfg text.
Standard library only."""
import json
import os
import subprocess

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
YOLOFLOPS = os.environ.get("YOLOFLOPS", os.path.join(ROOT, "build", "yoloflops"))

_DEFAULT_ACT = {"convolutional": "logistic", "connected": "logistic", "shortcut": "linear",
                "scale_channels": "linear", "sam": "linear"}


def parse_cfg_sections(path):
    """[(header_line_number (1-based), section_name, {key: value})] in file order."""
    out = []
    cur = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for no, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].split(";", 1)[0].strip()
            if not line:
                continue
            if line.startswith("["):
                cur = (no, line.strip("[]").strip().lower(), {})
                out.append(cur)
            elif "=" in line and cur is not None:
                k, v = line.split("=", 1)
                cur[2][k.strip()] = v.strip()
    return out


def _int(d, k, default):
    try:
        return int(float(d.get(k, default)))
    except ValueError:
        return default


def _float(d, k, default):
    try:
        return float(d.get(k, default))
    except ValueError:
        return default


_NET_CACHE = {}


def load_net(cfg, width=None, height=None):
    """Per-image layer list for cfg at the given input size (batch is applied by the model)."""
    path = cfg
    key = (path, width, height)
    if key in _NET_CACHE:
        return _NET_CACHE[key]
    cmd = [YOLOFLOPS, "--format", "json", "-q"]
    if width:
        cmd += ["--input", "%dx%d" % (width, height or width)]
    cmd.append(path)
    js = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    sections = {no: (name, kv) for no, name, kv in parse_cfg_sections(path)}
    layers = []
    for L in js["layers"]:
        name, kv = sections.get(L["line"], (L["type"], {}))
        kind = L["type"]
        i, o = L["input"], L["output"]
        lay = {
            "index": L["index"], "kind": kind, "desc": L.get("description", ""),
            "in_w": i["width"], "in_h": i["height"], "in_c": i["channels"],
            "out_w": o["width"], "out_h": o["height"], "out_c": o["channels"],
            "n_in": i["width"] * i["height"] * i["channels"],
            "n_out": L["outputs"],
            "macs": L.get("macs_fused", L.get("macs", 0)),
            "params": L.get("params_fused", L.get("params", 0)),
            "k": _int(kv, "size", 1), "stride": _int(kv, "stride", 1),
            "groups": max(1, _int(kv, "groups", 1)),
            "filters": _int(kv, "filters", o["channels"]),
            "bn": _int(kv, "batch_normalize", 0),
            "act": kv.get("activation", _DEFAULT_ACT.get(kind, "linear")).strip().lower(),
            "n_inputs": 1,
        }
        if kind == "convolutional":
            lay["stride"] = _int(kv, "stride_x", lay["stride"]) if "stride_x" in kv else lay["stride"]
        if kind == "maxpool":
            lay["k"] = _int(kv, "size", lay["stride"])
        idx = L["index"]

        def absref(x):
            v = int(x.strip())
            return idx + v if v < 0 else v
        if kind == "route":
            lay["refs"] = [absref(x) for x in kv.get("layers", "").split(",") if x.strip()]
            lay["n_inputs"] = len(lay["refs"])
            lay["route_groups"] = max(1, _int(kv, "groups", 1))
            lay["group_id"] = _int(kv, "group_id", 0)
        if kind in ("shortcut", "sam", "scale_channels"):
            lay["refs"] = [idx - 1] + [absref(x) for x in kv.get("from", "").split(",") if x.strip()]
            lay["n_inputs"] = len(lay["refs"])
        if kind == "maxpool":
            lay["pad"] = _int(kv, "padding", lay["k"] - 1)
        if kind == "upsample":
            lay["stride"] = _int(kv, "stride", 2)
        if kind in ("yolo", "gaussian_yolo"):
            mask = [x for x in kv.get("mask", "").split(",") if x.strip()]
            lay["masks"] = len(mask) if mask else _int(kv, "num", 3)
            lay["classes"] = _int(kv, "classes", 80)
            lay["scale_xy"] = _float(kv, "scale_x_y", 1.0)
            lay["new_coords"] = _int(kv, "new_coords", 0)
        if kind == "region":
            lay["masks"] = _int(kv, "num", 5)
            lay["classes"] = _int(kv, "classes", 20)
        layers.append(lay)
    net = {"cfg": os.path.basename(path), "width": js["input"]["width"],
           "height": js["input"]["height"], "channels": js["input"]["channels"],
           "layers": layers}
    _NET_CACHE[key] = net
    return net
