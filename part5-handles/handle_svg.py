"""Draw a handle's bits and a pool's slots as an SVG, from real handles.

The script asks libhandles for real handles (create three Counters, release
the second, create a fourth, which reuses its slot) and draws what they
contain, so the picture shows the library's actual layout and policy.
``make outputs`` writes it to book/src/generated/part5/handles.svg.
"""

from html import escape

from part5_handles import Counter
from part5_handles.handle_bits import unpack

BAR_X, BAR_W, BIT_W = 40, 768, 12  # 64 bits, 12 px each


def text(x, y, words, **style) -> str:
    attributes = " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in style.items())
    return f'<text x="{x}" y="{y}" {attributes}>{escape(words)}</text>'


def main() -> None:
    a, b, c = Counter(1), Counter(2), Counter(3)
    stale = b.handle
    b.close()
    d = Counter(4)  # reuses b's slot, one generation later
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="850" height="470" viewBox="0 0 850 470" '
        'font-family="sans-serif" font-size="13">',
        text(
            BAR_X, 24, f"A handle is 64 bits: {d.handle:#018x}, the fourth Counter", font_weight="bold", font_size="15"
        ),
    ]
    fields = [
        ("kind", 8, "#f4cccc", ""),
        ("generation", 32, "#fff2cc", "which occupant of the slot"),
        ("slot index", 24, "#cfe2f3", "where in the pool"),
    ]
    parts = unpack(d.handle)
    values = [parts["kind"], parts["generation"], parts["index"]]
    x, bit = BAR_X, 63
    for (name, width, colour, meaning), value in zip(fields, values, strict=True):
        out.append(f'<rect x="{x}" y="40" width="{width * BIT_W}" height="46" fill="{colour}" stroke="#333"/>')
        out.append(text(x + 6, 58, f"{name}: {value}", font_weight="bold"))
        out.append(text(x + 6, 77, f"{width} bits" + (f", {meaning}" if meaning else ""), fill="#333"))
        out.append(text(x, 102, f"bit {bit}", fill="#666", font_size="11"))
        x, bit = x + width * BIT_W, bit - width
    out.append(text(BAR_X + BAR_W - 30, 102, "bit 0", fill="#666", font_size="11"))
    out.append(
        text(
            BAR_X,
            122,
            "kind 1 is a Config, kind 2 a Counter; generations start at 1, so 0 is never a handle",
            fill="#333",
        )
    )

    out.append(
        text(
            BAR_X,
            150,
            "The Counter pool after: create, create, create, release the second, create",
            font_weight="bold",
            font_size="15",
        )
    )
    slots = {}
    for name, counter in (("first", a), ("fourth (reused)", d), ("third", c)):
        p = unpack(counter.handle)
        slots[p["index"]] = (name, p["generation"], counter.value)
    for row, index in enumerate(sorted(slots)):
        name, generation, value = slots[index]
        y = 170 + row * 60
        out.append(f'<rect x="{BAR_X}" y="{y}" width="420" height="48" fill="#d9ead3" stroke="#333"/>')
        out.append(text(BAR_X + 8, y + 20, f"slot {index}   generation {generation}", font_weight="bold"))
        out.append(text(BAR_X + 8, y + 39, f"Counter({value}), the {name} one"))
    s = unpack(stale)
    out.append(f'<rect x="520" y="{170 + 60 * s["index"]}" width="290" height="48" fill="#f4cccc" stroke="#333"/>')
    out.append(text(528, 190 + 60 * s["index"], f"old handle {stale:#x}", font_weight="bold"))
    out.append(text(528, 209 + 60 * s["index"], f"slot {s['index']}, generation {s['generation']}: STALE"))
    out.append(
        f'<line x1="520" y1="{194 + 60 * s["index"]}" x2="462" y2="{194 + 60 * s["index"]}" stroke="#c00" stroke-width="2"/>'
    )
    out.append(
        text(BAR_X, 370, "The old handle names the right slot but an earlier generation, so the pool", fill="#333")
    )
    out.append(
        text(
            BAR_X,
            390,
            "refuses it (StaleHandleError) instead of reaching the Counter that lives there now.",
            fill="#333",
        )
    )
    out.append(
        text(
            BAR_X,
            420,
            "A slot whose generation would wrap is retired, never reused: no handle is issued twice.",
            fill="#333",
        )
    )
    out.append(text(BAR_X, 455, "Drawn from real handles issued by libhandles.", fill="#666", font_size="11"))
    out.append("</svg>")
    for counter in (a, c, d):
        counter.close()
    print("\n".join(out))


if __name__ == "__main__":
    main()
