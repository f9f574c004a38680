#!/usr/bin/env python3
"""Writes the small synthetic .weights files the golden cases use, for
tests/data/tiny-head.cfg (202 floats: conv 4 3x3 on 3 channels = 4 + 108,
head conv 18 1x1 on 4 channels = 18 + 72). Run from this folder."""
import struct


def weights(name, floats, major=0, minor=2, revision=5, seen=1000, extra=b""):
    with open(name, "wb") as f:
        if major * 10 + minor >= 2:
            f.write(struct.pack("<iiiQ", major, minor, revision, seen))
        else:
            f.write(struct.pack("<iiiI", major, minor, revision, seen))
        f.write(struct.pack("<%df" % floats, *([0.5] * floats)))
        f.write(extra)


weights("tiny-match.weights", 202)
weights("tiny-old-header.weights", 202, major=0, minor=1, revision=0)
weights("tiny-short.weights", 150)        # ends inside layer 1
weights("tiny-long.weights", 210)
weights("tiny-trailing.weights", 202, extra=b"\x01\x02")
weights("tiny-classes2.weights", 202 + 15)  # head conv 21 filters: 3 anchors x (4 + 1) more
weights("tiny-partial.weights", 112)      # exactly layer #0: a backbone, as Darknet's partial
weights("tiny-transposed.weights", 202, major=1001, minor=0)  # connected weights transposed
with open("tiny-truncated-header.weights", "wb") as f:
    f.write(struct.pack("<ii", 0, 2))
open("tiny-empty.weights", "wb").close()
with open("not-weights.weights", "w") as f:
    f.write("[net]\nwidth=416\nheight=416\nchannels=3\n")
