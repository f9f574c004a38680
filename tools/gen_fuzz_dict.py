#!/usr/bin/env python3
"""Writes the libFuzzer dictionaries from the source, so they hold every
section name and every key the core reads (and nothing stale):

    python3 tools/gen_fuzz_dict.py          # rewrites tests/fuzz/*.dict
    python3 tools/gen_fuzz_dict.py --check  # exit 1 when they are out of date (ctest)
"""
import glob
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
src = "".join(open(p).read() for p in sorted(glob.glob(os.path.join(ROOT, "src/core/**/*.c"),
                                                       recursive=True)))
sections = set(s for row in re.findall(r"\.sections = \(const char \*const\[\]\)\{([^}]*)\}", src)
               for s in re.findall(r'"([^"]+)"', row)) | {"net", "network"}
# macro rows (PASS, LOSS, REC) name their sections as trailing string arguments
for m in re.finditer(r"^(?:PASS|LOSS)\((.*)\)$", src, re.M):
    sections |= set(re.findall(r'"([A-Za-z_0-9]+)"', m.group(1))[1:])
for m in re.finditer(r"^REC\((\w+),", src, re.M):
    sections.add(m.group(1))
sections = sorted(sections)
keys = set()
for m in re.finditer(r'yf_key_(?:int|flag|float|str|darknet_str|ints|refs|mask|floats|has|line)\(\s*c,\s*"([^"]+)"', src):
    keys.add(m.group(1))
for m in re.finditer(r"static const char \*const (?:\w+)\[\] = \{([^}]*)\}", src):
    if "NULL" in m.group(1):
        keys |= set(re.findall(r'"([A-Za-z_0-9]+)"', m.group(1)))
keys -= set(sections)
lines = ["# libFuzzer dictionary, written by tools/gen_fuzz_dict.py: every section and key"]
lines += ['"[%s]\\x0a"' % s for s in sections]
lines += ['"%s="' % k for k in sorted(keys)]
lines += ['"#"', '";"', '","', '"-1"', '"0"', '"1"', '"2"', '"65536"', '"1048576"',
          '"99999999999999999999"', '"1e999"', '"0x10"', '"\\x0d"', '"\\x0a"']
cfg_dict = "\n".join(lines) + "\n"
budget_dict = "\n".join(['"{"', '"}"', '"\\""', '":"', '","', '"max_increase"', '"%"', '"1e999"',
                         '"MiB"', '"G"', '"null"', '"true"', '"-0"', '"min_"'] +
                        ['"max_%s"' % b.replace('-', '_') for b in re.findall(r'X\(\w+, "\w+", "[^"]*", "([a-z-]+)"',
                                                             open(os.path.join(ROOT, "src/figures/figures.def")).read())]) + "\n"
out = {"cfg.dict": cfg_dict, "budget.dict": budget_dict}
stale = []
for name, text in out.items():
    path = os.path.join(ROOT, "tests", "fuzz", name)
    old = open(path).read() if os.path.exists(path) else ""
    if "--check" in sys.argv:
        if old != text:
            stale.append(name)
    elif old != text:
        open(path, "w").write(text)
if stale:
    print("out of date: %s (run tools/gen_fuzz_dict.py)" % ", ".join(stale))
    sys.exit(1)
print("fuzz dictionaries: %d sections, %d keys" % (len(sections), len(keys)))
