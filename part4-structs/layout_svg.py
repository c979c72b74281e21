"""Draw InputRecord's bytes as an SVG, padding included, from the real layout.

The picture is generated from the library's own layout probe (the rows the
tests check against the C compiler), so it cannot drift from the code:
``make outputs`` writes it to book/src/generated/part4/input_record.svg.
"""

import sys
from html import escape

from part4_structs import glue_ctypes

STRUCT = sys.argv[1] if len(sys.argv) > 1 else "InputRecord"
ROW_BYTES = 8  # one row per 8 bytes: the widest alignment in the record
CELL_W, CELL_H, LEFT, TOP = 84, 46, 64, 40
COLOURS = ["#cfe2f3", "#d9ead3", "#fff2cc", "#f4cccc", "#d9d2e9", "#fce5cd", "#d0e0e3", "#ead1dc"]
C_TYPES = {
    "name": "const char *",
    "version": "uint16_t",
    "origin": "Point (2 × int32_t)",
    "unit": "char[8]",
    "thresholds": "int16_t[4]",
    "samples": "const Sample *",
    "sample_count": "size_t",
    "last": "Reading (tag + union)",
}


def main() -> None:
    rows = [r for r in glue_ctypes.layout() if r[0] == STRUCT]
    size = next(r[3] for r in rows if r[1] == "-")
    fields = [r for r in rows if r[1] != "-"]
    owner = [None] * size  # which field each byte belongs to; None is padding
    for index, (_, _, offset, length, _) in enumerate(fields):
        owner[offset : offset + length] = [index] * length
    lines = size // ROW_BYTES
    width, height = LEFT + ROW_BYTES * CELL_W + 20, TOP + lines * CELL_H + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="sans-serif" font-size="12">',
        "<defs><pattern id='pad' width='8' height='8' patternUnits='userSpaceOnUse' patternTransform='rotate(45)'>"
        "<rect width='8' height='8' fill='#ffffff'/><line x1='0' y1='0' x2='0' y2='8' stroke='#999' stroke-width='3'/>"
        "</pattern></defs>",
        f'<text x="{LEFT}" y="22" font-size="14" font-weight="bold">{STRUCT}: {size} bytes, '
        f"{size - sum(o is not None for o in owner)} of them padding (hatched)</text>",
    ]
    for line in range(lines):
        y = TOP + line * CELL_H
        out.append(f'<text x="{LEFT - 8}" y="{y + 28}" text-anchor="end" fill="#555">{line * ROW_BYTES}</text>')
        start = line * ROW_BYTES
        # Merge the bytes of one field (or one gap) on this line into one box.
        column = 0
        while column < ROW_BYTES:
            index = owner[start + column]
            run = 1
            while column + run < ROW_BYTES and owner[start + column + run] == index:
                run += 1
            x = LEFT + column * CELL_W
            fill = "url(#pad)" if index is None else COLOURS[index % len(COLOURS)]
            out.append(f'<rect x="{x}" y="{y}" width="{run * CELL_W}" height="{CELL_H}" fill="{fill}" stroke="#333"/>')
            if index is not None:
                name = fields[index][1]
                first = fields[index][2] == start + column
                label = name if first else f"{name} (cont.)"
                out.append(f'<text x="{x + 6}" y="{y + 18}" font-weight="bold">{escape(label)}</text>')
                if first:
                    out.append(f'<text x="{x + 6}" y="{y + 36}" fill="#333">{escape(C_TYPES.get(name, ""))}</text>')
            else:
                out.append(
                    f'<text x="{x + run * CELL_W / 2}" y="{y + 28}" text-anchor="middle" fill="#333" '
                    f'paint-order="stroke" stroke="#fff" stroke-width="4">padding</text>'
                )
            column += run
    out.append(
        f'<text x="{LEFT}" y="{height - 8}" fill="#555">Each row is 8 bytes; the numbers on the left are offsets. '
        "Drawn from libstructs' layout probe.</text>"
    )
    out.append("</svg>")
    print("\n".join(out))


if __name__ == "__main__":
    main()
