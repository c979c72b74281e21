"""Exercise 03 passes when the mirror matches the library's layout, field for field."""

import ctypes

import mirror  # the learner's mirror.py: the checker puts its folder on sys.path
import pytest

from part4_structs import InputRecordPy, glue_ctypes


def library_rows(type_name: str) -> list[tuple[str, int, int, int]]:
    return [(f, o, s, a) for t, f, o, s, a in glue_ctypes.layout() if t == type_name]


@pytest.mark.parametrize("type_name", ["ReadingValue", "Reading", "OutputRecord"])
def test_every_field_where_the_library_has_it(type_name):
    mine = getattr(mirror, type_name)
    for field, offset, size, _align in library_rows(type_name):
        if field == "-":
            continue
        assert hasattr(mine, field), f"{type_name}.{field} is missing from the mirror"
        got = getattr(mine, field)
        assert (got.offset, got.size) == (offset, size), (
            f"{type_name}.{field}: the mirror puts it at offset {got.offset} with size {got.size}; "
            f"the library has offset {offset}, size {size}"
        )
    assert ctypes.sizeof(mine) == library_rows(type_name)[0][2], f"sizeof({type_name}) differs"
    assert [name for name, _ in mine._fields_] == [f for f, *_ in library_rows(type_name) if f != "-"]


def test_a_real_result_reads_through_the_mirror():
    record = InputRecordPy(
        "sensor-A", origin=(10, 20), samples=[(1, 12.5), (2, 40.0)], thresholds=(0, 20, 40, 50), last=2.0
    )
    raw, _keepalive = glue_ctypes.to_ctypes(record)  # held until C has returned
    # C writes the library's OutputRecord: into memory of that size, whatever
    # the mirror says, so that a wrong mirror reads wrong values instead of
    # letting C write past its end (which crashes later, somewhere else).
    memory = glue_ctypes.OutputRecord()
    if ctypes.sizeof(mirror.OutputRecord) > ctypes.sizeof(memory):
        pytest.fail(f"sizeof(OutputRecord) is {ctypes.sizeof(mirror.OutputRecord)}, more than the library's")
    out = mirror.OutputRecord.from_buffer(memory)
    status = glue_ctypes.lib.transform_record(ctypes.byref(raw), 1.5, 0.0, 3, ctypes.byref(memory))
    assert status == 0
    try:
        assert out.total == 52.5 * 1.5
        assert list(out.alarm_counts) == [2, 1, 1, 0]
        assert out.last.kind == 2 and getattr(out.last, "as").value == 3.0
    finally:
        glue_ctypes.lib.free_output(ctypes.byref(memory))


def c_type(kind) -> str:
    """A ctypes type as the header would spell it: signedness and width count."""
    if issubclass(kind, ctypes.Array):
        return f"{c_type(kind._type_)}[{kind._length_}]"
    if issubclass(kind, (ctypes.Structure, ctypes.Union)):
        return kind.__name__
    if issubclass(kind, ctypes._Pointer):
        return f"{c_type(kind._type_)} *"
    if kind._type_ in "bhilqBHILQ":  # the integer codes: lower case is signed
        return f"{'u' if kind._type_.isupper() else ''}int{8 * ctypes.sizeof(kind)}_t"
    return {"d": "double", "f": "float", "z": "char *", "P": "void *"}.get(kind._type_, kind.__name__)


@pytest.mark.parametrize("type_name", ["ReadingValue", "Reading", "OutputRecord"])
def test_every_field_has_the_headers_type(type_name):
    """The same offsets are not enough: `int32_t` where the header says
    `uint32_t` lays out the same and reads a count above 2**31 as negative."""
    mine = dict(getattr(mirror, type_name)._fields_)
    for field, kind in getattr(glue_ctypes, type_name)._fields_:
        if field in mine:
            assert c_type(mine[field]) == c_type(kind), (
                f"{type_name}.{field}: the mirror says {c_type(mine[field])}, the header {c_type(kind)}"
            )
