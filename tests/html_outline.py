#!/usr/bin/env python3
"""The structure of an HTML report, for golden files (tests/golden/html-*):
reads a page on stdin and prints its outline — sections, headers, figures,
charts, tables and lists with their ids and classes, the switch labels, the
table headers, and counts (rows, list items, bars, points, hit columns) —
but no coordinate, colour or number, so a golden changes when the page's
structure changes, not when a figure moves by a pixel.

usage: yoloflops -f html ... | tests/html_outline.py
Exits 1 when the page is not one whole document (doctype to </html>).
"""
import sys
from html.parser import HTMLParser

SHOWN = {"section", "header", "figure", "figcaption", "table", "svg", "ul", "h1", "h2", "h3",
         "footer", "p", "main"}
TEXT = {"h1", "h2", "h3", "label", "th"}
VOID = {"meta", "input", "br", "img", "link", "rect", "circle", "path", "polyline"}


class Outline(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.stack = []     # open elements: (tag, attrs, record or None)
        self.text = None    # collecting text for a TEXT element
        self.counts = None  # counters of the innermost svg group or table/list

    def line(self, depth, s):
        self.out.append("  " * depth + s)

    def depth(self):
        return sum(1 for _, _, r in self.stack if r is not None)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = tag + ("#" + a["id"] if "id" in a else "") + \
            "".join("." + c for c in a.get("class", "").split())
        record = None
        inside_svg = any(t == "svg" for t, _, _ in self.stack)
        if tag in ("style", "script"):
            self.line(self.depth(), tag)
        elif tag == "input":
            self.line(self.depth(), "input.%s%s" % (a.get("class", ""),
                                                     " checked" if "checked" in a else ""))
        elif tag == "g" and inside_svg and "class" in a:
            record = {"name": name, "counts": {}}
        elif tag == "path" and inside_svg and self.record():
            d = a.get("d", "")
            cls = a.get("class", "")
            bars = len(cls) == 2 and cls[0] in "ka" and cls[1].isdigit()
            key = "bars" if bars else "path." + cls if cls else "path"
            self.count(key, d.count("M") if key == "bars" else 1)
        elif tag in ("rect", "circle", "polyline", "text") and inside_svg and self.record():
            self.count(tag + ("." + a["class"].split()[0] if "class" in a else ""), 1)
        elif tag in ("tr", "li") and self.record():
            in_head = any(t == "thead" for t, _, _ in self.stack)
            self.count("thead tr" if in_head else tag, 1)
        elif (tag in SHOWN and tag not in TEXT) or "id" in a:
            record = {"name": name, "counts": {}}
        if record is not None:
            self.line(self.depth(), record["name"])
        in_body = tag == "th" and not any(t == "thead" for t, _, _ in self.stack)
        if tag in TEXT and not in_body:
            self.text = []
        if tag not in VOID:
            self.stack.append((tag, a, record))

    def record(self):
        for _, _, r in reversed(self.stack):
            if r is not None:
                return r
        return None

    def count(self, key, n):
        r = self.record()
        r["counts"][key] = r["counts"].get(key, 0) + n

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            t, a, r = self.stack.pop()
            if t in TEXT and self.text is not None:
                text = " ".join("".join(self.text).split())
                self.line(self.depth(), "%s: %s" % (t, text))
                self.text = None
            if r is not None and r["counts"]:
                self.line(self.depth() + 1, ", ".join(
                    "%d %s" % (n, k) for k, n in sorted(r["counts"].items())))
            if t == tag:
                break

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)


def main():
    page = sys.stdin.read()
    if not page.startswith("<!DOCTYPE html>\n") or not page.endswith("</html>\n"):
        print("not a whole HTML document", file=sys.stderr)
        return 1
    o = Outline()
    o.feed(page)
    o.close()
    print("\n".join(o.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
