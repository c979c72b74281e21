"""The part's central test: one layout, five witnesses.

For every struct and every field, offset, size and alignment must agree
between (1) a C compiler compiling include/structs.h (layout/layout.c,
built by the Makefile), (2) the Rust library (its probe, structs_layout),
(3) the ctypes mirrors in glue_ctypes.py, (4) the same mirrors laid out by
mini-ctypes (Part III's _ctypes in Rust), and (5) the C compiler again as
cffi's API mode saw it. A disagreement names the struct and the field.

Then the values: a distinct value written into every field from Python
must be exactly what the library reads back (describe_input).
"""

import ctypes
import subprocess

import pytest

from part4_structs import InputRecordPy, glue_cffi_api, glue_ctypes, glue_minictypes, load
from part4_structs._paths import REPO_DIR

LAYOUT_C = REPO_DIR / "target" / "release" / "structs-layout-c"


def c_compiler_rows() -> list[tuple]:
    if not LAYOUT_C.exists():
        pytest.fail(f"{LAYOUT_C} is missing: `make build` compiles part4-structs/layout/layout.c")
    lines = subprocess.run([str(LAYOUT_C)], capture_output=True, text=True, check=True).stdout.splitlines()
    return [(t, f, int(o), int(s), int(a)) for t, f, o, s, a in (line.split() for line in lines)]


WITNESSES = {
    "Rust (structs_layout)": glue_ctypes.layout,
    "ctypes (the mirrors)": glue_ctypes.mirror_layout,
    "mini-ctypes (the same mirrors)": glue_minictypes.mirror_layout,
    "cffi (the compiler, via the API-mode extension)": glue_cffi_api.compiler_layout,
}


def mismatches(expected: list[tuple], got: list[tuple]) -> list[str]:
    """One line per field whose offset, size or alignment differs, naming it."""
    by_field = {(row[0], row[1]): row[2:] for row in got}
    problems = []
    for type_name, field, *numbers in expected:
        name = type_name if field == "-" else f"{type_name}.{field}"
        if (type_name, field) not in by_field:
            problems.append(f"{name}: missing")
            continue
        for what, want, have in zip(("offset", "size", "align"), numbers, by_field[type_name, field], strict=True):
            if want != have:
                problems.append(f"{name}: {what} is {have}, the C compiler says {want}")
    extra = set(by_field) - {(row[0], row[1]) for row in expected}
    problems += [f"{t}.{f}: not in the header" for t, f in sorted(extra)]
    return problems


@pytest.mark.parametrize("witness", list(WITNESSES))
def test_every_field_agrees_with_the_c_compiler(witness):
    expected = c_compiler_rows()
    assert len(expected) == 29, "layout.c prints 6 structs and 23 fields"
    assert mismatches(expected, WITNESSES[witness]()) == []


def test_a_wrong_mirror_is_named_field_by_field():
    """The check above can fail, and says where: a mirror with two fields swapped."""

    class Sample(ctypes.Structure):
        _fields_ = [("weight", ctypes.c_double), ("id", ctypes.c_uint32)]

    rows = [r for r in glue_ctypes.mirror_layout() if r[0] != "Sample"]
    rows += [("Sample", "-", 0, ctypes.sizeof(Sample), ctypes.alignment(Sample))]
    rows += [
        ("Sample", n, getattr(Sample, n).offset, getattr(Sample, n).size, ctypes.alignment(t))
        for n, t in Sample._fields_
    ]
    assert mismatches(c_compiler_rows(), rows) == [
        "Sample.id: offset is 8, the C compiler says 0",
        "Sample.weight: offset is 0, the C compiler says 8",
    ]


def test_the_padding_the_book_draws():
    rows = {(t, f): (o, s) for t, f, o, s, _ in c_compiler_rows()}
    assert rows["InputRecord", "version"] == (8, 2)
    assert rows["InputRecord", "origin"][0] == 12, "2 bytes of padding after version"
    assert rows["InputRecord", "samples"][0] == 40, "4 bytes of padding after thresholds"
    assert rows["Sample", "weight"][0] == 8, "4 bytes of padding after id"


# Every field a distinct value, and every value what the library reads.
KNOWN = InputRecordPy(
    "sensor-Ω7",
    version=65535,
    origin=(-(2**31), 2**31 - 1),
    samples=[(0, -1.0), (1, 1.0), (2**32 - 1, 0.5), (7, -0.0)],
    unit="abcdefg",
    thresholds=(-(2**15), -1, 1, 2**15 - 1),
    last=-(2**63),
)
KNOWN_TEXT = (
    "name='sensor-Ω7' version=65535 origin=(-2147483648, 2147483647) unit='abcdefg' "
    "thresholds=[-32768, -1, 1, 32767] samples=[(0, -1.0), (1, 1.0), (4294967295, 0.5), (7, -0.0)] "
    "last=count:-9223372036854775808"
)


def test_the_library_reads_back_every_value_written(route):
    assert load(route).describe(KNOWN) == KNOWN_TEXT


# (how to set it on a ctypes InputRecord, which C field it is, the element's offset within it, size)
INTEGER_FIELDS = [
    (lambda raw, v: setattr(raw, "version", v), ("InputRecord", "version"), 0, 2),
    (lambda raw, v: setattr(raw.origin, "y", v), ("InputRecord", "origin"), 4, 4),
    (lambda raw, v: raw.thresholds.__setitem__(3, v), ("InputRecord", "thresholds"), 6, 2),
    (lambda raw, v: setattr(raw, "sample_count", v), ("InputRecord", "sample_count"), 0, 8),
    (lambda raw, v: setattr(raw.last, "kind", v), ("InputRecord", "last"), 0, 4),
]


@pytest.mark.parametrize("value", [-1, 1, 0])
def test_setting_a_field_writes_exactly_the_bytes_the_compiler_placed_it_at(value):
    """CPython's own ctypes tests set fields to -1, 1 and 0 and compare raw bytes."""
    offsets = {(t, f): o for t, f, o, _, _ in c_compiler_rows()}
    for setter, c_field, inner, size in INTEGER_FIELDS:
        raw = glue_ctypes.InputRecord()
        setter(raw, value)  # ctypes wraps -1 into an unsigned field: all bits set
        memory = bytes((ctypes.c_ubyte * ctypes.sizeof(raw)).from_address(ctypes.addressof(raw)))
        start = offsets[c_field] + inner
        expected = bytearray(ctypes.sizeof(raw))
        expected[start : start + size] = (value % 2 ** (8 * size)).to_bytes(size, "little")
        assert memory == bytes(expected), f"{c_field[0]}.{c_field[1]} (+{inner}) = {value}"


def test_header_defines_match_the_python_status_enum():
    from part4_structs.errors import Status
    from part4_structs.header import defines

    statuses = {
        k: v
        for k, v in defines().items()
        if k.startswith("STRUCTS_") and k.removeprefix("STRUCTS_") in Status.__members__
    }
    assert statuses == {f"STRUCTS_{s.name}": s.value for s in Status}
