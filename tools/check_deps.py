#!/usr/bin/env python3
"""Checks the shape of the program from its object files (nm), as a test:

1. No dependency circle between source files: if a file uses another's
   symbols (functions or data), the other never uses it back, directly or
   through others.
2. The library (libyoloflops.a) never prints to stdout, exits, aborts or
   reads the environment, and keeps no mutable global state (no writable
   data or bss symbols).

usage: check_deps.py LIBRARY [CLI_OBJECT...]
"""
import subprocess
import sys
from collections import defaultdict


def symbols(path):
    """{member: (defined set, undefined set, writable data set)} from objdump -t,
    which names each symbol's section: writable state lives in .data or .bss
    (not .data.rel.ro, which is read-only after relocation)."""
    out = subprocess.run(["objdump", "-t", path], capture_output=True, text=True,
                         check=True).stdout
    table = defaultdict(lambda: (set(), set(), set()))
    member = path.rsplit("/", 1)[-1]
    for line in out.splitlines():
        if line.endswith("file format elf64-x86-64") or ":     file format" in line:
            member = line.split(":")[0].strip()
            continue
        parts = line.split()
        if len(parts) < 4 or not all(c in "0123456789abcdef" for c in parts[0]):
            continue
        name, section = parts[-1], parts[-3]
        d, u, w = table[member]
        if section == "*UND*":
            u.add(name)
            continue
        if " g " in line or " g\t" in line or line[17] == "g":
            d.add(name)
        if "O" in parts[1:-3] and (section in (".data", ".bss") or
                                    section.startswith((".data.", ".bss.")) and
                                    not section.startswith(".data.rel.ro")):
            w.add(name)
    return table


def cycles(edges):
    """Strongly connected components with more than one member (Tarjan)."""
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in list(edges):
        if v not in index:
            visit(v)
    return out


def main():
    lib = sys.argv[1]
    extra = [p for arg in sys.argv[2:] for p in arg.split(";") if p]  # CMake lists
    table = dict(symbols(lib))
    lib_members = set(table)
    for obj in extra:
        table.update(symbols(obj))
    owner = {}
    for member, (defined, _, _) in table.items():
        for s in defined:
            owner[s] = member
    edges = defaultdict(set)
    for member, (_, undefined, _) in table.items():
        edges[member]
        for s in undefined:
            if s in owner and owner[s] != member:
                edges[member].add(owner[s])
    bad = 0
    for comp in cycles(edges):
        print("circle:", " <-> ".join(c.replace(".c.o", ".c") for c in comp))
        bad += 1
    forbidden = {"printf", "puts", "putchar", "exit", "_exit", "abort", "getenv", "fprintf",
                 "vfprintf", "fputs", "fwrite", "perror", "setlocale"}
    for member in sorted(lib_members):
        defined, undefined, writable = table[member]
        for s in sorted(undefined & forbidden):
            print("library file %s uses %s" % (member, s))
            bad += 1
        for s in sorted(writable):
            if s.startswith(("__odr_asan", "__asan", "__ubsan", "__sancov")):
                continue  # a sanitizer's own bookkeeping, not the library's state
            print("library file %s has mutable global state: %s" % (member, s))
            bad += 1
    print("deps: %d files, %d edges, %d problems" % (len(table), sum(map(len, edges.values())), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
