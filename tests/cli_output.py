#!/usr/bin/env python3
"""What the command line does with the world around it, where golden files
cannot reach: failed writes, closed pipes, FIFOs, hostile file names.

- stdout to /dev/full, or closed: exit 3 and one error line, nothing else;
- stderr to /dev/full when there is a warning to write: exit 3, not 0;
- a closed pipe: killed by SIGPIPE like any Unix filter (the shell says 141);
  when SIGPIPE is ignored by the caller: exit 3 with "Broken pipe";
- a FIFO without a writer as a cfg, a .weights file, or the file of --budget,
  --device-spec or --fitted: refused at once (exit 2);
- a file name or section with terminal escapes: printed with '?' instead;
- check -f csv with a '"' in the path: the field is quoted and escaped.

usage: cli_output.py YOLOFLOPS ROOT
"""
import csv
import io
import os
import signal
import subprocess
import sys
import tempfile

binary, root = sys.argv[1], sys.argv[2]
cfg = os.path.join(root, "cfg", "yolov3-tiny.cfg")
failures = []


def check(name, ok, detail=""):
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, (": " + detail) if detail and not ok else ""))
    if not ok:
        failures.append(name)


def run(args, **kw):
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([binary] + args, timeout=20, **kw)


# Failed writes.
with open("/dev/full", "wb") as full:
    for fmt in ("table", "json", "jsonl", "csv", "md"):
        p = run(["-f", fmt, cfg], stdout=full)
        err = p.stderr.decode()
        check("/dev/full -f %s exits 3" % fmt, p.returncode == 3, "exit %d" % p.returncode)
        check("/dev/full -f %s says why in one line" % fmt,
              err.count("\n") == 1 and "No space left on device" in err, err)
for args in (["diff", cfg, cfg], ["check", os.path.join(root, "tests/data/tiny-head.cfg"),
                                  os.path.join(root, "tests/data/tiny-match.weights")],
             ["--help"], ["--version"]):
    with open("/dev/full", "wb") as full:
        p = run(args, stdout=full)
    check("/dev/full %s exits 3" % args[0], p.returncode == 3, "exit %d" % p.returncode)
p = subprocess.run("exec %s %s >&-" % (binary, cfg), shell=True, capture_output=True, timeout=20)
check("closed stdout exits 3", p.returncode == 3, "exit %d: %s" % (p.returncode, p.stderr))


# Closed pipes: the read end is closed before yoloflops writes anything.
def closed_pipe(ignore):
    r, w = os.pipe()
    os.close(r)
    pre = (lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN)) if ignore else None
    p = subprocess.run([binary, cfg], stdout=w, stderr=subprocess.PIPE, timeout=20,
                       preexec_fn=pre)
    os.close(w)
    return p


p = closed_pipe(False)
check("closed pipe ends by SIGPIPE", p.returncode == -signal.SIGPIPE and not p.stderr,
      "exit %d: %s" % (p.returncode, p.stderr))
p = closed_pipe(True)
check("closed pipe with SIGPIPE ignored exits 3 with EPIPE",
      p.returncode == 3 and b"Broken pipe" in p.stderr, "exit %d: %s" % (p.returncode, p.stderr))

with tempfile.TemporaryDirectory() as tmp:
    # FIFOs without a writer would block a plain open() forever.
    fifo = os.path.join(tmp, "fifo.cfg")
    os.mkfifo(fifo)
    p = run([fifo])
    check("FIFO cfg refused", p.returncode == 2 and b"not a regular file" in p.stderr,
          "exit %d: %s" % (p.returncode, p.stderr))
    p = run(["check", cfg, fifo])
    check("FIFO .weights refused", p.returncode == 2 and b"not a regular file" in p.stderr,
          "exit %d: %s" % (p.returncode, p.stderr))
    for opts in (["--budget", fifo], ["--device-spec", fifo],
                 ["--fitted", fifo, "--device", "jetson-nano"]):
        p = run(opts + [cfg])
        check("FIFO %s refused" % opts[0], p.returncode == 2 and b"not a regular file" in p.stderr,
              "exit %d: %s" % (p.returncode, p.stderr))

    # A warning lost on stderr: the exit code says so.
    warned = os.path.join(tmp, "warned.cfg")
    with open(warned, "w") as f:
        f.write("[net]\nwidth=8\nheight=8\nchannels=1\n[convolutional]\nsize=1\nfliters=3\n")
    with open("/dev/full", "wb") as full:
        p = run(["-s", warned], stdout=subprocess.DEVNULL, stderr=full)
    check("a failed stderr write exits 3", p.returncode == 3, "exit %d" % p.returncode)
    p = run(["-s", warned], stdout=subprocess.DEVNULL)
    check("the same cfg warns and exits 0", p.returncode == 0 and b"warning" in p.stderr,
          "exit %d: %s" % (p.returncode, p.stderr))

    # Terminal escapes in a file name and in a section name never reach stderr.
    evil = os.path.join(tmp, "a\x1b]0;pwned\x07\x1b[2Jb.cfg")
    with open(evil, "w") as f:
        f.write("[net]\nwidth=8\nheight=8\nchannels=1\n[conv\x1b[31m]\nsize=1\n")
    p = run([evil])
    check("escapes replaced in messages", p.returncode == 2 and b"\x1b" not in p.stderr
          and b"\x07" not in p.stderr and b"?" in p.stderr, repr(p.stderr))
    with open(evil, "w") as f:
        f.write("[net]\nwidth=8\nheight=8\nchannels=1\n[convolutional]\nsize=1\nfli\x1bters=3\n")
    p = run([evil])
    check("escapes replaced in warnings", p.returncode == 0 and b"\x1b" not in p.stderr
          and b"warning" in p.stderr, repr(p.stderr))

    # CSV fields are quoted and escaped wherever they come from.
    quoted = os.path.join(tmp, 'my "best", run.weights')
    with open(os.path.join(root, "tests/data/tiny-match.weights"), "rb") as src, \
            open(quoted, "wb") as dst:
        dst.write(src.read())
    p = run(["check", "-f", "csv", os.path.join(root, "tests/data/tiny-head.cfg"), quoted])
    rows = list(csv.reader(io.StringIO(p.stdout.decode())))
    check("check -f csv escapes the path", p.returncode == 0 and len(rows) == 2
          and rows[1][1] == quoted, p.stdout.decode())

print("cli output: %d failed" % len(failures))
sys.exit(1 if failures else 0)
