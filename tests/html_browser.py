#!/usr/bin/env python3
"""The HTML report in a real browser (headless Chromium from Debian's
`chromium` package): pages for yolov3-tiny, yolov4 (the largest bundled
cfg), a diff, a size sweep, training memory, a generated 1,000-layer cfg and
yolov4 on --device jetson-nano (roofline and time per stage).

For each page the test
- fails on any console message (errors, CSP violations, uncaught
  exceptions: the page itself never logs), read from Chromium's log;
- runs a check script appended to a copy of the page, which reports from the
  rendered DOM: that the page's own script ran, every chart's size, the bars,
  points, hit columns and segments actually drawn (visible, non-empty
  boxes), the rows of every table, that each figure switch shows exactly its
  own group, that a click sorts the layer table, that a tooltip appears;
- compares those counts with what the JSON output of the same command says
  (bars: slots whose largest value is above 0, as the renderer aggregates);
- writes screenshots, light and dark (--force-dark-mode), next to the pages
  in OUT (build/html-test): the artifacts to look at.

usage: html_browser.py YOLOFLOPS ROOT OUT
Skips (exit 77) when Chromium is missing, unless the browser is required:
YF_REQUIRE_BROWSER=1 (scripts/test sets it, so CI always runs this test) or
a CI environment (CI set and not "false" or "0").
"""
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

MAX_SLOTS = 460  # YF_HTML_MAX_SLOTS
# the totals a sweep shows by default (yf_sweep_columns, src/render/fmt.c)
SWEEP_DEFAULTS = ("params", "bflops", "gflops", "peak_activation_bytes", "darknet_cpu_bytes",
                  "boxes")

CHECK = r"""
<script>
(function () {
  var d = document, r = {js: d.documentElement.getAttribute('data-yf-js') === '1', charts: []};
  function shown(el) {
    for (var p = el; p && p.tagName !== 'svg'; p = p.parentElement)
      if (getComputedStyle(p).display === 'none') return false;
    return true;
  }
  function drawn(el) { var b = el.getBBox(); return shown(el) && b.width > 0 && b.height > 0; }
  d.querySelectorAll('figure.yf-chart').forEach(function (f) {
    var c = {id: f.id, svgs: 0, groups: 0, bars: 0, hits: 0, points: 0, segs: 0};
    f.querySelectorAll('svg').forEach(function (s) {
      var b = s.getBoundingClientRect(); if (b.width > 300 && b.height > 40) c.svgs++;
    });
    f.querySelectorAll('g.fg').forEach(function (g) { if (shown(g)) c.groups++; });
    f.querySelectorAll('g.bars path').forEach(function (p) {
      if (drawn(p)) c.bars += (p.getAttribute('d').match(/M/g) || []).length;
    });
    c.hits = f.querySelectorAll('g.hits rect').length;
    f.querySelectorAll('g.pts circle').forEach(function (p) { if (drawn(p)) c.points++; });
    f.querySelectorAll('rect.seg').forEach(function (p) { if (drawn(p)) c.segs++; });
    r.charts.push(c);
  });
  r.tables = {};
  d.querySelectorAll('table[id]').forEach(function (t) { r.tables[t.id] = t.tBodies[0].rows.length; });
  var f = d.querySelector('figure.yf-bars');
  if (f) {
    r.switch = [];
    var first = f.querySelector(':scope > input:checked');
    f.querySelectorAll(':scope > input').forEach(function (i) {
      i.click();
      var g = Array.prototype.filter.call(f.querySelectorAll('g.fg'), shown);
      r.switch.push([i.className, g.map(function (x) { return x.getAttribute('class'); })]);
    });
    first.click();
  }
  var t = d.querySelector('table.yf-layers');
  if (t) {
    var ths = t.tHead.rows[0].cells, col = -1;
    for (var k = 0; k < ths.length; k++) if (ths[k].textContent === 'MACs') col = k;
    var b = col >= 0 ? ths[col].querySelector('button') : null;
    r.sortable = !!b;
    if (b) {
      b.click();
      var rows = t.tBodies[0].rows, v = function (row) {
        return Number(row.cells[col].textContent.replace(/,/g, ''));
      };
      r.sorted = true;
      for (var k = 1; k < rows.length; k++) if (v(rows[k - 1]) < v(rows[k])) r.sorted = false;
      r.sort_order = ths[col].getAttribute('aria-sort');
    }
  }
  var h = d.querySelector('g.hits rect');
  if (h) {
    h.dispatchEvent(new MouseEvent('mouseover', {bubbles: true, clientX: 50, clientY: 50}));
    var tip = d.getElementById('yf-tip');
    r.tip = tip && tip.style.display === 'block' ? tip.textContent.slice(0, 60) : null;
  }
  var pre = d.createElement('pre');
  pre.id = 'yf-test';
  pre.textContent = JSON.stringify(r);
  d.body.appendChild(pre);
})();
</script>
"""


def required():
    ci = os.environ.get("CI", "")
    return os.environ.get("YF_REQUIRE_BROWSER") == "1" or (ci and ci.lower() not in ("false", "0"))


def chromium():
    for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def run_browser(browser, args, url, log):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--hide-scrollbars",
             "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0",
             "--virtual-time-budget=10000"]
    with tempfile.TemporaryDirectory() as profile:
        p = subprocess.run([browser] + flags + ["--user-data-dir=" + profile] + args + [url],
                           capture_output=True, text=True, timeout=180)
    with open(log, "w") as f:
        f.write(p.stderr)
    console = [l for l in p.stderr.splitlines() if ":CONSOLE" in l]
    return p, console


def slots(n, series):
    cap = MAX_SLOTS // series
    k = -(-n // cap) if n > cap else 1
    return k, -(-n // k) if n else 0


def bar_count(values, series):
    """values[s][i]: the default figure of item i in series s (None: absent)."""
    n = len(values[0])
    k, m = slots(n, series)
    total = 0
    for s in range(series):
        for j in range(m):
            vals = [v for v in values[s][j * k:(j + 1) * k] if v is not None]
            total += bool(vals) and max(vals) > 0
    return total, m


class Failure(Exception):
    pass


def expect(cond, msg):
    if not cond:
        raise Failure(msg)


def chart(result, cid):
    for c in result["charts"]:
        if c["id"] == cid:
            return c
    raise Failure("chart %s missing" % cid)


def check_profile(result, doc, index=0):
    sid = "s%d" % index
    layers = doc["layers"]
    n = len(layers)
    bars, m = bar_count([[l["macs"] for l in layers]], 1)
    c = chart(result, sid + "-bars")
    expect(c["svgs"] == 1, "%s: the bar chart is not drawn" % sid)
    expect(c["groups"] == 1, "%s: %d figure groups shown, want 1" % (sid, c["groups"]))
    expect(c["bars"] == bars, "%s: %d MACs bars drawn, want %d" % (sid, c["bars"], bars))
    expect(c["hits"] == m, "%s: %d hit columns, want %d" % (sid, c["hits"], m))
    c = chart(result, sid + "-mem")
    expect(c["svgs"] == 2, "%s: the memory charts are not drawn" % sid)
    expect(c["hits"] == m, "%s: %d memory columns, want %d" % (sid, c["hits"], m))
    expect(c["segs"] == 3, "%s: %d memory bars, want 3" % (sid, c["segs"]))
    expect(result["tables"].get(sid + "-layers") == n, "%s: layer rows" % sid)
    for cls, groups in result["switch"]:
        want = "fg " + cls
        expect(groups == [want], "%s: switch %s shows %s" % (sid, cls, groups))
    expect(result.get("sortable") and result.get("sorted"), "%s: the layer table does not sort"
           % sid)
    return "%d layers, %d bars in %d columns" % (n, bars, m)


def check_diff(result, doc):
    pairs = doc["layers"]
    values = [[p[side]["macs"] if p[side] else None for p in pairs] for side in ("before", "after")]
    bars, m = bar_count(values, 2)
    c = chart(result, "s0-bars")
    expect(c["svgs"] == 1 and c["groups"] == 1, "diff: the bar chart is not drawn")
    expect(c["bars"] == bars, "diff: %d bars drawn, want %d" % (c["bars"], bars))
    expect(c["hits"] == m, "diff: %d hit columns, want %d" % (c["hits"], m))
    listed = sum(p["status"] != "same" for p in pairs)
    expect(result["tables"].get("s0-pairs") == listed, "diff: pair rows")
    return "%d pairs, %d bars" % (len(pairs), bars)


def check_sweep(result, doc):
    rows = doc["sweep"]["rows"]
    figures = len(SWEEP_DEFAULTS)
    ok = [r for r in rows if r["totals"] is not None]
    expect(all(f in ok[0]["totals"] for f in SWEEP_DEFAULTS), "sweep: a default total is gone")
    c = chart(result, "s0-sweep")
    expect(c["svgs"] == 1, "sweep: not drawn")
    expect(c["points"] == len(ok) * figures, "sweep: %d points drawn, want %d"
           % (c["points"], len(ok) * figures))
    expect(result["tables"].get("s0-sizes") == len(rows), "sweep: size rows")
    return "%d sizes x %d totals = %d points" % (len(ok), figures, c["points"])


def check_train(result, doc):
    tr = doc["training"]
    segs = sum(1 for r in ("darknet_gpu", "darknet_cpu", "pytorch")
               for v in tr[r]["breakdown"].values() if v > 0)
    segs += tr["memory_limit"] is not None  # Darknet CPU's data loader estimate
    c = chart(result, "s0-train")
    expect(c["svgs"] == 1 and c["segs"] == segs, "training: %d segments drawn, want %d"
           % (c["segs"], segs))
    return check_profile(result, doc) + ", %d memory segments" % segs


def check_device(result, doc):
    what = check_profile(result, doc)
    lat = doc["latency"][0]
    points = sum(1 for l in doc["layers"] if (l.get("intensity") or 0) > 0
                 and (l.get("bytes_moved") or 0) > 0 and (l.get("latency_ms") or 0) > 0)
    c = chart(result, "s0-roofline")
    expect(c["svgs"] == 1, "device: the roofline is not drawn")
    expect(c["points"] == points, "device: %d roofline points drawn, want %d"
           % (c["points"], points))
    c = chart(result, "s0-stages")
    expect(c["svgs"] == 1 and c["segs"] == len(lat["stages"]),
           "device: %d stage bars drawn, want %d" % (c["segs"], len(lat["stages"])))
    return what + ", %d roofline points, %d stages" % (points, len(lat["stages"]))


def thousand_layers():
    """A 1,000-layer cfg: five stages of residual blocks, a head, pools."""
    out = ["[net]\nwidth=416\nheight=416\nchannels=3\n"]
    conv = "[convolutional]\nbatch_normalize=1\nfilters=%d\nsize=%d\nstride=%d\npad=1\nactivation=leaky\n"
    out.append(conv % (16, 3, 1))
    n, filters = 1, 16
    for stage in range(5):
        filters *= 2
        out.append(conv % (filters, 3, 2))
        n += 1
        for _ in range(64):
            out += [conv % (filters // 2, 1, 1), conv % (filters, 3, 1),
                    "[shortcut]\nfrom=-3\nactivation=linear\n"]
            n += 3
    out.append("[convolutional]\nsize=1\nstride=1\npad=1\nfilters=255\nactivation=linear\n")
    out.append("[yolo]\nmask=3,4,5\nanchors=10,14,23,27,37,58,81,82,135,169,344,319\n"
               "classes=80\nnum=6\n")
    n += 2
    out += ["[maxpool]\nsize=2\nstride=1\n"] * (1000 - n)
    return "\n".join(out)


def main():
    binary, root, outdir = sys.argv[1], sys.argv[2], sys.argv[3]
    browser = chromium()
    if not browser:
        if required():
            print("html_browser: chromium is required (YF_REQUIRE_BROWSER=1 or CI) but missing: "
                  "./scripts/setup --test installs it")
            return 1
        print("html_browser: skipped, no chromium (./scripts/setup --test installs it)")
        return 77
    os.makedirs(outdir, exist_ok=True)
    big = os.path.join(outdir, "layers1000.cfg")
    with open(big, "w") as f:
        f.write(thousand_layers())
    pages = [
        ("yolov3-tiny", ["cfg/yolov3-tiny.cfg"], check_profile, True),
        ("yolov4", ["cfg/yolov4.cfg"], check_profile, True),
        ("diff", ["diff", "-i", "416", "cfg/yolov3.cfg", "cfg/yolov3-spp.cfg"], check_diff, True),
        ("sweep", ["-i", "320:1280:32", "cfg/yolov4-tiny.cfg"], check_sweep, False),
        ("train", ["--batch", "64", "--subdivisions", "16", "--memory", "8GiB",
                   "cfg/yolov4.cfg"], check_train, False),
        ("layers1000", [big], check_profile, True),
        ("device", ["--device", "jetson-nano", "cfg/yolov4.cfg"], check_device, True),
    ]
    failed = 0
    for name, args, check, dark in pages:
        page = os.path.join(outdir, name + ".html")
        def yoloflops(fmt, *extra):
            diff = args[0] == "diff"
            cmd = [binary] + (["diff"] if diff else []) + ["-q", "-f", fmt] + list(extra)
            return cmd + (args[1:] if diff else args)

        with open(page, "wb") as f:
            subprocess.run(yoloflops("html"), cwd=root, stdout=f, check=True)
        doc = json.loads(subprocess.run(yoloflops("json", *(["--all"] if args[0] == "diff" else [])),
                                        cwd=root, capture_output=True, text=True,
                                        check=True).stdout)
        size = os.path.getsize(page)
        html = open(page, encoding="utf-8").read()
        checked = os.path.join(outdir, name + ".check.html")
        with open(checked, "w", encoding="utf-8") as f:
            f.write(html.replace("</body>", CHECK + "</body>"))
        try:
            expect(html.count("</html>") == 1, "not one whole page")
            expect(not re.search(r"https?:|<link|<img|@import|url\(", html),
                   "a reference to something outside the page")
            if name in ("yolov4", "device"):
                expect(size < 1 << 20, "%s page is %d bytes, over 1 MB" % (name, size))
            p, console = run_browser(browser, ["--dump-dom"], "file://" + checked,
                                     os.path.join(outdir, name + ".log"))
            expect(p.returncode == 0, "chromium failed (%d): see %s.log" % (p.returncode, name))
            expect(not console, "console messages: " + " | ".join(console[:5]))
            m = re.search(r'<pre id="yf-test">(.*?)</pre>', p.stdout, re.S)
            expect(m, "the check script did not run")
            result = json.loads(m.group(1).replace("&lt;", "<").replace("&gt;", ">")
                                .replace("&quot;", '"').replace("&amp;", "&"))
            expect(result["js"], "the page's own script did not run")
            if "class=\"yf-chart yf-bars\"" in html:
                expect(result.get("tip"), "no tooltip on hovering a bar")
            what = check(result, doc)
            for theme in (["", "--force-dark-mode"] if dark else [""]):
                png = os.path.join(outdir, name + ("-dark" if theme else "") + ".png")
                flags = ["--screenshot=" + png, "--window-size=1280,2400"] + ([theme] if theme else [])
                p, console = run_browser(browser, flags, "file://" + page,
                                         os.path.join(outdir, name + ".shot.log"))
                expect(p.returncode == 0 and os.path.exists(png), "no screenshot " + png)
                expect(not console, "console messages: " + " | ".join(console[:5]))
            print("ok   %-12s %8d bytes  %s" % (name, size, what))
        except Failure as e:
            failed += 1
            print("FAIL %-12s %s" % (name, e))
    print("screenshots and pages: %s" % outdir)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
