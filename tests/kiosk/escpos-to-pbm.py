#!/usr/bin/env python3
"""Rebuilds the printed image from ESC/POS bytes (ESC @, GS v 0 raster blocks, GS V cut) as a
PBM, so a test can read the ticket back (zbarimg for its QR). Also checks the framing:
exit 1 with a message when the bytes are not ESC/POS as layso prints it.
usage: escpos-to-pbm.py JOB.bin OUT.pbm"""
import sys

data = open(sys.argv[1], "rb").read()
if not data.startswith(b"\x1b@"):
    sys.exit("escpos: does not start with ESC @")
rows, width, i, cut = [], None, 2, False
while i < len(data):
    if data[i:i + 3] == b"\x1dv0":
        xl, xh, yl, yh = data[i + 4:i + 8]
        w, h = xl + 256 * xh, yl + 256 * yh
        if width not in (None, w):
            sys.exit("escpos: raster blocks of different widths")
        width = w
        block = data[i + 8:i + 8 + w * h]
        if len(block) != w * h:
            sys.exit("escpos: truncated raster block")
        rows += [block[r * w:(r + 1) * w] for r in range(h)]
        i += 8 + w * h
    elif data[i:i + 2] == b"\x1dV":
        cut = True
        break
    else:
        i += 1   # feed and other short commands between blocks
if width is None or not rows:
    sys.exit("escpos: no GS v 0 raster")
if not cut:
    sys.exit("escpos: no GS V cut")
with open(sys.argv[2], "wb") as out:
    out.write(b"P4\n%d %d\n" % (width * 8, len(rows)))
    out.write(b"".join(rows))
print("%d x %d dots" % (width * 8, len(rows)))
