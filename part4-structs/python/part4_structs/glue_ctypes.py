"""The ctypes glue for libstructs (Layer 1): mirrors, signatures, keepalive.

A *mirror* is a ``ctypes.Structure`` (or ``Union``) whose ``_fields_`` list
the C fields in the header's order with the header's types: ctypes then
computes the same offsets and padding a C compiler does. Nothing checks a
mirror against the header; tests/test_structs_layout.py does, field by field.
Every name here is the C name.
"""

import ctypes
from ctypes import (
    POINTER,
    Structure,
    Union,
    byref,
    c_char,
    c_char_p,
    c_double,
    c_int16,
    c_int32,
    c_int64,
    c_size_t,
    c_uint16,
    c_uint32,
)

from ._paths import library_path
from .errors import Status, check
from .header import LIMITS

READING_COUNT = LIMITS["READING_COUNT"]
READING_VALUE = LIMITS["READING_VALUE"]


# ANCHOR: mirrors
class Point(Structure):
    _fields_ = [("x", c_int32), ("y", c_int32)]


class Sample(Structure):
    # 4 bytes of padding after id: ctypes inserts them, as C does.
    _fields_ = [("id", c_uint32), ("weight", c_double)]


class ReadingValue(Union):
    _fields_ = [("count", c_int64), ("value", c_double)]


class Reading(Structure):
    # `as` is a Python keyword: read it with getattr(reading, "as").
    _fields_ = [("kind", c_uint32), ("as", ReadingValue)]


class InputRecord(Structure):
    _fields_ = [
        ("name", c_char_p),
        ("version", c_uint16),
        ("origin", Point),  # nested by value: its 8 bytes are inside the record
        ("unit", c_char * 8),  # inline array
        ("thresholds", c_int16 * 4),
        ("samples", POINTER(Sample)),
        ("sample_count", c_size_t),
        ("last", Reading),
    ]


class OutputRecord(Structure):
    _fields_ = [
        ("title", c_char_p),  # the library's memory: read, never freed here
        ("top", POINTER(Sample)),
        ("top_count", c_size_t),
        ("origin", Point),
        ("total", c_double),
        ("alarm_counts", c_uint32 * 4),
        ("last", Reading),
    ]


class LayoutEntry(Structure):
    _fields_ = [
        ("type_name", c_char_p),
        ("field", c_char_p),
        ("offset", c_size_t),
        ("size", c_size_t),
        ("align", c_size_t),
    ]


# ANCHOR_END: mirrors

# ANCHOR: signatures
lib = ctypes.CDLL(str(library_path()))

# name: (argtypes, restype), for every function of the header.
SIGNATURES = {
    "transform_record": ([POINTER(InputRecord), c_double, c_double, c_size_t, POINTER(OutputRecord)], c_int32),
    "free_output": ([POINTER(OutputRecord)], None),
    "describe_input": ([POINTER(InputRecord), c_char_p, c_size_t, POINTER(c_size_t)], c_int32),
    "live_outputs": ([], c_size_t),
    "structs_layout": ([POINTER(LayoutEntry), c_size_t], c_size_t),
}
for _name, (_argtypes, _restype) in SIGNATURES.items():
    getattr(lib, _name).argtypes = _argtypes
    getattr(lib, _name).restype = _restype
# ANCHOR_END: signatures


# ANCHOR: to_ctypes
def to_ctypes(record) -> tuple[InputRecord, list]:
    """The C struct for an ``InputRecordPy``, and every object it points into.

    The struct holds raw addresses of the name's bytes and of the samples
    array; C reads them during the call. The second value keeps those
    objects alive: the caller holds it until the call returns. (ctypes also
    records what a field points to in the struct's ``_objects``, but only
    when the pointer was assigned from a ctypes object; an address that
    went through an int is kept alive by nobody. The list says it openly.)
    """
    samples = (Sample * len(record.samples))(*[Sample(s.id, s.weight) for s in record.samples])
    # The tag says which member of the union is written, and so which C reads.
    if isinstance(record.last, float):
        last = Reading(kind=READING_VALUE, **{"as": ReadingValue(value=record.last)})
    else:
        last = Reading(kind=READING_COUNT, **{"as": ReadingValue(count=record.last)})
    raw = InputRecord(
        name=record.name_bytes,
        version=record.version,
        origin=Point(*record.origin),
        unit=record.unit_bytes,
        thresholds=(c_int16 * 4)(*record.thresholds),
        samples=samples,  # an array converts to a pointer to its first element
        sample_count=len(samples),
        last=last,
    )
    return raw, [record.name_bytes, samples]


# ANCHOR_END: to_ctypes


# ---------------------------------------------------------------- the route
# The user API (api.py) calls these five functions on whichever route it uses.


# ANCHOR: transform
def new_output(record, scale: float, min_weight: float, top_n: int) -> OutputRecord:
    """Calls transform_record; the returned struct owns library memory until ``free``."""
    raw, keepalive = to_ctypes(record)
    out = OutputRecord()
    status = lib.transform_record(byref(raw), scale, min_weight, top_n, byref(out))
    del keepalive  # C has returned: nothing points into these objects any more
    check(status, "transform_record")
    return out


def free(out: OutputRecord) -> None:
    lib.free_output(byref(out))


# ANCHOR_END: transform


def read(out: OutputRecord) -> dict:
    """Every field, copied into Python values."""
    last = out.last
    member = getattr(last, "as")
    return {
        "title": out.title.decode("utf-8"),
        "top": [(out.top[i].id, out.top[i].weight) for i in range(out.top_count)],
        "origin": (out.origin.x, out.origin.y),
        "total": out.total,
        "alarm_counts": tuple(out.alarm_counts),
        "last": member.count if last.kind == READING_COUNT else member.value,
    }


def describe(record) -> str:
    """What the library reads in the struct this route builds for ``record``."""
    raw, _keepalive = to_ctypes(record)  # alive until describe_struct returns
    return describe_struct(raw)


def describe_struct(raw: InputRecord) -> str:
    """What the library reads in ``raw``, as text (``describe_input``)."""
    needed = c_size_t(0)
    buffer = ctypes.create_string_buffer(0)  # the first call asks for the size
    # Asked again while the text outgrows the buffer: a struct pointing into
    # freed memory (what describe_struct is for) may read differently each time.
    while (status := lib.describe_input(byref(raw), buffer, len(buffer), byref(needed))) == Status.BUFFER_TOO_SMALL:
        buffer = ctypes.create_string_buffer(needed.value)
    check(status, "describe_input")
    return buffer.value.decode("utf-8", "replace")


def live_outputs() -> int:
    return lib.live_outputs()


def layout() -> list[tuple[str, str, int, int, int]]:
    """The library's layout probe: (type, field or "-", offset, size, align) rows."""
    rows = (LayoutEntry * lib.structs_layout(None, 0))()
    lib.structs_layout(rows, len(rows))
    return [(r.type_name.decode(), r.field.decode() or "-", r.offset, r.size, r.align) for r in rows]


def mirror_layout() -> list[tuple[str, str, int, int, int]]:
    """The same rows, as the ctypes mirrors above lay the structs out."""
    rows = []
    for mirror in (Point, Sample, ReadingValue, Reading, InputRecord, OutputRecord):
        rows.append((mirror.__name__, "-", 0, ctypes.sizeof(mirror), ctypes.alignment(mirror)))
        for name, c_type in mirror._fields_:
            field = getattr(mirror, name)
            rows.append((mirror.__name__, name, field.offset, field.size, ctypes.alignment(c_type)))
    return rows
