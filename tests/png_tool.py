#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads the PNG screenshots of the browser test without third-party modules.

usage: png_tool.py stats FILE            -> "WIDTH HEIGHT DISTINCT_COLOURS NON_WHITE_SHARE"
       png_tool.py crop FILE OUT Y0 Y1   -> rows Y0..Y1-1 of FILE as a new PNG (to look at parts)

Only what Chromium writes is supported: 8-bit RGB or RGBA, not interlaced.
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('not a PNG file')
    pos, idat, width = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b'IHDR':
            width, height, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError('unsupported PNG: depth %d colour %d' % (depth, colour))
            channels = 3 if colour == 2 else 4
        elif kind == b'IDAT':
            idat.append(body)
        elif kind == b'IEND':
            break
    raw = zlib.decompress(b''.join(idat))
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def write_png(path, width, channels, rows):
    raw = b''.join(b'\x00' + r for r in rows)
    colour = 2 if channels == 3 else 6

    def chunk(kind, body):
        return struct.pack('>I', len(body)) + kind + body + struct.pack('>I', zlib.crc32(kind + body))

    with open(path, 'wb') as out:
        out.write(b'\x89PNG\r\n\x1a\n')
        out.write(chunk(b'IHDR', struct.pack('>IIBBBBB', width, len(rows), 8, colour, 0, 0, 0)))
        out.write(chunk(b'IDAT', zlib.compress(raw, 6)))
        out.write(chunk(b'IEND', b''))


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    width, height, channels, rows = read_png(path)
    if cmd == 'stats':
        colours, non_white = set(), 0
        for r in rows:
            for x in range(0, len(r), channels):
                px = r[x:x + 3]
                colours.add(px)
                non_white += px != b'\xff\xff\xff'
        print(width, height, len(colours), '%.4f' % (non_white / (width * height)))
    elif cmd == 'crop':
        y0, y1 = int(sys.argv[4]), int(sys.argv[5])
        write_png(sys.argv[3], width, channels, rows[y0:min(y1, height)])
    else:
        raise SystemExit('unknown command ' + cmd)


if __name__ == '__main__':
    main()
