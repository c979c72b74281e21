"""The cffi glue for libstructs (Layer 1), API mode: the same five functions
as ``glue_ctypes.py``, so the user API runs on either route unchanged.

There are no mirrors to write: ``cffi_build.py`` compiled an extension
module against ``include/structs.h``, so the C compiler itself laid out
every struct and checked every declaration. What stays the caller's job is
lifetime: a struct field assigned an ``ffi.new`` object keeps *no*
reference to it (ctypes would, in ``_objects``), so the keepalive below is
not optional here.
"""

from ._structs_cffi import ffi, lib
from .errors import Status, check
from .header import LIMITS

READING_COUNT = LIMITS["READING_COUNT"]
READING_VALUE = LIMITS["READING_VALUE"]


# ANCHOR: to_cffi
def to_cffi(record) -> tuple[object, list]:
    """The C ``InputRecord`` for an ``InputRecordPy``, and what it points into."""
    name = ffi.new("char[]", record.name_bytes)
    samples = ffi.new("Sample[]", [(s.id, s.weight) for s in record.samples])
    kind, member = (READING_VALUE, "value") if isinstance(record.last, float) else (READING_COUNT, "count")
    raw = ffi.new(
        "InputRecord *",
        {
            "name": name,
            "version": record.version,
            "origin": record.origin,
            "unit": record.unit_bytes,
            "thresholds": list(record.thresholds),
            "samples": samples,
            "sample_count": len(record.samples),
            "last": {"kind": kind, "as": {member: record.last}},
        },
    )
    return raw, [name, samples]


# ANCHOR_END: to_cffi


def new_output(record, scale: float, min_weight: float, top_n: int):
    raw, keepalive = to_cffi(record)
    out = ffi.new("OutputRecord *")
    status = lib.transform_record(raw, scale, min_weight, top_n, out)
    del keepalive
    check(status, "transform_record")
    return out


def free(out) -> None:
    lib.free_output(out)


def read(out) -> dict:
    member = getattr(out.last, "as")
    return {
        "title": ffi.string(out.title).decode("utf-8"),
        "top": [(out.top[i].id, out.top[i].weight) for i in range(out.top_count)],
        "origin": (out.origin.x, out.origin.y),
        "total": out.total,
        "alarm_counts": tuple(out.alarm_counts),
        "last": member.count if out.last.kind == READING_COUNT else member.value,
    }


def describe(record) -> str:
    raw, _keepalive = to_cffi(record)
    needed = ffi.new("size_t *")
    status = lib.describe_input(raw, ffi.NULL, 0, needed)
    if status != Status.BUFFER_TOO_SMALL:
        check(status, "describe_input")
    buffer = ffi.new("char[]", needed[0])
    check(lib.describe_input(raw, buffer, len(buffer), needed), "describe_input")
    return ffi.string(buffer).decode("utf-8")


def live_outputs() -> int:
    return lib.live_outputs()


def compiler_layout() -> list[tuple[str, str, int, int, int]]:
    """The layout as the C compiler that built this route's extension saw it."""
    from .glue_ctypes import mirror_layout  # only for the list of types and fields

    rows = []
    for type_name, field, *_ in mirror_layout():
        if field == "-":
            rows.append((type_name, "-", 0, ffi.sizeof(type_name), ffi.alignof(type_name)))
        else:
            c_type = dict(ffi.typeof(type_name).fields)[field].type
            rows.append((type_name, field, ffi.offsetof(type_name, field), ffi.sizeof(c_type), ffi.alignof(c_type)))
    return rows
