#!/usr/bin/env python3
"""ctest wrapper around ../shared/tools/parity: every reference entry whose cfg
is in the shared zoo must match exactly (Darknet shapes, bflops, weights
floats, totals; thop params and MACs). Entries whose cfg file the zoo does not
hold (the yolov1/ subfolder) are reported as skipped. Skips the whole test
(exit 77) when ../shared is absent, so the repository stands on its own."""
import os
import subprocess
import sys

binary, shared = sys.argv[1], sys.argv[2]
tool = os.path.join(shared, "tools", "parity")
if not os.path.exists(tool):
    print("parity: %s not found, skipping" % tool)
    sys.exit(77)
p = subprocess.run([sys.executable, tool, "--summary", binary], capture_output=True, text=True)
print(p.stdout, p.stderr, sep="")
diffs = [l for l in p.stdout.splitlines() if l.startswith("DIFF")]
missing = [l for l in diffs if l.endswith("cfg not found in %s" % os.path.join(shared, "tools", "..", "reference", "zoo"))
           or "cfg not found in" in l]
real = [l for l in diffs if l not in missing]
matched = sum(int(l.split()[2]) for l in p.stdout.splitlines() if l.startswith("parity ") and " match" in l)
print("parity: %d matched, %d mismatched, %d skipped (cfg not in the shared zoo)" % (matched, len(real), len(missing)))
if p.returncode not in (0, 1) or real or matched == 0:
    sys.exit(1)
