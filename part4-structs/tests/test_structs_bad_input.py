"""The bad-input matrix, at both boundaries.

Python -> user API: every field and argument with a wrong type, None, a value
out of its C type's range, an embedded NUL, a lone surrogate, bad lengths;
each raises the documented exception with a message naming the argument.
Values of the right type whose *meaning* is wrong reach the library, which
refuses them with a status code that becomes a precise exception.

Python -> C ABI: the exports called through the raw mirrors with NULL
pointers, unterminated and non-UTF-8 text, bad tags and lengths.
"""

import ctypes

import pytest

from part4_structs import InputRecordPy, RecordOverflowError, RecordValueError, transform
from part4_structs import glue_ctypes as b
from part4_structs.errors import Status

NAN, INF = float("nan"), float("inf")

# (keyword arguments to InputRecordPy, exception, message regex)
RECORD_ERRORS = [
    ({"name": 5}, TypeError, r"argument 'name' must be str, not int"),
    ({"name": None}, TypeError, r"argument 'name' must be str, not NoneType"),
    ({"name": b"sensor"}, TypeError, r"argument 'name' must be str, not bytes"),
    ({"name": "sen\0sor"}, ValueError, r"argument 'name' must not contain NUL"),
    ({"name": "sen\udc80sor"}, ValueError, r"argument 'name' is not encodable as UTF-8 \(lone surrogate at index 3\)"),
    ({"version": "2"}, TypeError, r"argument 'version' must be int, not str"),
    ({"version": True}, TypeError, r"argument 'version' must be int, not bool"),
    ({"version": None}, TypeError, r"argument 'version' must be int, not NoneType"),
    ({"version": 2.0}, TypeError, r"argument 'version' must be int, not float"),
    ({"version": -1}, OverflowError, r"argument 'version' must fit uint16_t \(0\.\.65535\), got -1"),
    ({"version": 70000}, OverflowError, r"argument 'version' must fit uint16_t \(0\.\.65535\), got 70000"),
    ({"origin": None}, TypeError, r"argument 'origin' must be a pair, not NoneType"),
    ({"origin": (1,)}, ValueError, r"argument 'origin' must have 2 items, got 1"),
    ({"origin": (1, 2**31)}, OverflowError, r"argument 'origin\[1\]' must fit int32_t"),
    ({"origin": (1.5, 2)}, TypeError, r"argument 'origin\[0\]' must be int, not float"),
    ({"samples": None}, TypeError, r"argument 'samples' must be a sequence, not NoneType"),
    ({"samples": "ab"}, TypeError, r"argument 'samples' must be a sequence, not str"),
    ({"samples": [(1,)]}, ValueError, r"argument 'samples\[0\]' must have 2 items, got 1"),
    ({"samples": [(1, 2.0), 3]}, TypeError, r"argument 'samples\[1\]' must be a pair, not int"),
    ({"samples": [(-1, 2.0)]}, OverflowError, r"argument 'samples\[0\]\.id' must fit uint32_t"),
    ({"samples": [(2**32, 2.0)]}, OverflowError, r"argument 'samples\[0\]\.id' must fit uint32_t"),
    ({"samples": [(1, "2.0")]}, TypeError, r"argument 'samples\[0\]\.weight' must be float, not str"),
    ({"samples": [(1, None)]}, TypeError, r"argument 'samples\[0\]\.weight' must be float, not NoneType"),
    ({"samples": [(1, 10**400)]}, OverflowError, r"argument 'samples\[0\]\.weight' is too large for a double"),
    ({"unit": None}, TypeError, r"argument 'unit' must be str, not NoneType"),
    ({"unit": "kilogram"}, ValueError, r"argument 'unit' must be at most 7 bytes of UTF-8, got 8"),
    ({"unit": "°C°C°"}, ValueError, r"argument 'unit' must be at most 7 bytes of UTF-8, got 8"),
    ({"unit": "k\0g"}, ValueError, r"argument 'unit' must not contain NUL"),
    ({"unit": "\ud800"}, ValueError, r"argument 'unit' is not encodable as UTF-8"),
    ({"thresholds": None}, TypeError, r"argument 'thresholds' must be a sequence, not NoneType"),
    ({"thresholds": (1, 2, 3)}, ValueError, r"argument 'thresholds' must have 4 items, got 3"),
    ({"thresholds": (1, 2, 3, 40000)}, OverflowError, r"argument 'thresholds\[3\]' must fit int16_t"),
    ({"thresholds": (1, 2, 3, "4")}, TypeError, r"argument 'thresholds\[3\]' must be int, not str"),
    ({"last": "7"}, TypeError, r"argument 'last' must be int \(a count\) or float \(a value\), not str"),
    ({"last": True}, TypeError, r"argument 'last' must be int \(a count\) or float \(a value\), not bool"),
    ({"last": None}, TypeError, r"argument 'last' must be int \(a count\) or float \(a value\), not NoneType"),
    ({"last": 2**63}, OverflowError, r"argument 'last' must fit int64_t"),
]


@pytest.mark.parametrize(("kwargs", "exception", "message"), RECORD_ERRORS, ids=[repr(k) for k, _, _ in RECORD_ERRORS])
def test_a_bad_field_is_refused_where_it_is_written(kwargs, exception, message):
    with pytest.raises(exception, match=rf"^InputRecordPy\(\) {message}"):
        InputRecordPy(**{"name": "sensor-A", **kwargs})


# (record keyword arguments, transform keyword arguments, exception, status name)
LIBRARY_REFUSALS = [
    ({"version": 0}, {}, RecordValueError, "BAD_VERSION"),
    ({"version": 256}, {}, RecordValueError, "BAD_VERSION"),
    ({"samples": [(1, NAN)]}, {}, RecordValueError, "NOT_FINITE"),
    ({"samples": [(1, 1.0), (2, -INF)]}, {}, RecordValueError, "NOT_FINITE"),
    ({"last": NAN}, {}, RecordValueError, "NOT_FINITE"),
    ({"last": INF}, {}, RecordValueError, "NOT_FINITE"),
    ({}, {"scale": NAN}, RecordValueError, "NOT_FINITE"),
    ({}, {"scale": INF}, RecordValueError, "NOT_FINITE"),
    ({}, {"min_weight": -INF}, RecordValueError, "NOT_FINITE"),
    ({}, {"top_n": 1001}, RecordValueError, "BAD_LENGTH"),
    ({"origin": (2**31 - 1, 0)}, {"scale": 2}, RecordOverflowError, "OVERFLOW"),
    ({"last": 1e300}, {"scale": 1e300}, RecordOverflowError, "OVERFLOW"),
    ({"samples": [(1, 1e308), (2, 1e308)]}, {}, RecordOverflowError, "OVERFLOW"),
]


@pytest.mark.parametrize(("record", "call", "exception", "status"), LIBRARY_REFUSALS)
def test_the_library_refuses_what_it_cannot_mean(route, record, call, exception, status):
    with pytest.raises(exception, match=rf"^transform_record\(\): .* \(STRUCTS_{status}\)$") as caught:
        transform(InputRecordPy("sensor-A", **record), **call, route=route)
    assert caught.value.status is Status[status]
    assert b.live_outputs() == 0, "a refused call allocated nothing"


def test_too_many_samples(route):
    record = InputRecordPy("big", samples=[(i, 1.0) for i in range(1_000_001)])
    with pytest.raises(RecordValueError, match=r"at most 1,000,000 samples .*\(STRUCTS_BAD_LENGTH\)$"):
        transform(record, route=route)


TRANSFORM_ERRORS = [
    ({"record": {"name": "x"}}, TypeError, r"^transform\(\) argument 'record' must be InputRecordPy, not dict$"),
    ({"record": None}, TypeError, r"^transform\(\) argument 'record' must be InputRecordPy, not NoneType$"),
    ({"scale": "1.5"}, TypeError, r"^transform\(\) argument 'scale' must be float, not str$"),
    ({"scale": None}, TypeError, r"^transform\(\) argument 'scale' must be float, not NoneType$"),
    ({"min_weight": True}, TypeError, r"^transform\(\) argument 'min_weight' must be float, not bool$"),
    (
        {"top_n": -1},
        OverflowError,
        r"^transform\(\) argument 'top_n' must fit size_t \(0\.\.18446744073709551615\), got -1$",
    ),
    ({"top_n": 2**64}, OverflowError, r"^transform\(\) argument 'top_n' must fit size_t"),
    ({"top_n": 2.0}, TypeError, r"^transform\(\) argument 'top_n' must be int, not float$"),
    ({"route": "fortran"}, ValueError, r"^unknown route 'fortran'; choose one of ctypes, cffi, minictypes$"),
]


@pytest.mark.parametrize(
    ("kwargs", "exception", "message"), TRANSFORM_ERRORS, ids=[repr(k) for k, _, _ in TRANSFORM_ERRORS]
)
def test_a_bad_transform_argument(kwargs, exception, message):
    arguments = {"record": InputRecordPy("sensor-A"), **kwargs}
    with pytest.raises(exception, match=message):
        transform(**arguments)


# ---------------------------------------------------------------- the C ABI itself


def good_raw() -> tuple[b.InputRecord, list]:
    return b.to_ctypes(InputRecordPy("sensor-A", samples=[(1, 2.0)]))


def call(raw, out=None) -> tuple[int, b.OutputRecord]:
    out = out if out is not None else b.OutputRecord()
    status = b.lib.transform_record(raw if raw is None else ctypes.byref(raw), 1.0, 0.0, 3, ctypes.byref(out))
    return status, out


def test_null_record_and_null_out():
    status, out = call(None)
    assert status == Status.NULL_ARGUMENT
    assert not out.title and not out.top, "the out record is emptied first, so free_output is safe"
    raw, _keep = good_raw()
    assert b.lib.transform_record(ctypes.byref(raw), 1.0, 0.0, 3, None) == Status.NULL_ARGUMENT


@pytest.mark.parametrize(
    ("change", "status"),
    [
        (lambda raw: setattr(raw, "name", None), Status.NULL_ARGUMENT),
        (lambda raw: setattr(raw, "name", b"\xff\xfe"), Status.INVALID_UTF8),
        (lambda raw: setattr(raw, "unit", b"kilogram"), Status.UNTERMINATED),  # 8 bytes, no room for NUL
        (lambda raw: setattr(raw, "unit", b"\xc3("), Status.INVALID_UTF8),
        (lambda raw: setattr(raw, "samples", None), Status.NULL_ARGUMENT),  # sample_count is still 1
        (lambda raw: setattr(raw, "sample_count", 1_000_001), Status.BAD_LENGTH),  # checked before the pointer
        (lambda raw: setattr(raw.last, "kind", 9), Status.BAD_TAG),
        (lambda raw: setattr(raw, "version", 0), Status.BAD_VERSION),
    ],
)
def test_a_bad_struct_is_refused_by_status(change, status):
    raw, _keep = good_raw()
    change(raw)
    got, out = call(raw)
    assert got == status
    assert not out.title and not out.top
    b.lib.free_output(ctypes.byref(out))  # harmless on an emptied record


def test_no_samples_with_a_null_pointer_is_fine():
    raw, _keep = good_raw()
    raw.samples, raw.sample_count = None, 0
    status, out = call(raw)
    assert status == Status.OK
    b.lib.free_output(ctypes.byref(out))


def test_free_output_twice_and_on_null():
    raw, _keep = good_raw()
    status, out = call(raw)
    assert status == Status.OK and b.live_outputs() == 1
    b.lib.free_output(ctypes.byref(out))
    assert not out.title and not out.top and out.top_count == 0
    b.lib.free_output(ctypes.byref(out))
    b.lib.free_output(None)
    assert b.live_outputs() == 0


def test_describe_input_reports_the_size_it_needs():
    raw, _keep = good_raw()
    needed = ctypes.c_size_t(0)
    small = ctypes.create_string_buffer(8)
    assert b.lib.describe_input(ctypes.byref(raw), small, 8, ctypes.byref(needed)) == Status.BUFFER_TOO_SMALL
    assert needed.value == len(b.describe_struct(raw)) + 1
    assert b.lib.describe_input(ctypes.byref(raw), None, 0, None) == Status.NULL_ARGUMENT
    assert b.lib.describe_input(ctypes.byref(raw), None, 5, ctypes.byref(needed)) == Status.NULL_ARGUMENT
    assert b.lib.describe_input(None, None, 0, ctypes.byref(needed)) == Status.NULL_ARGUMENT


def test_ctypes_itself_would_wrap_silently():
    """Why the user API checks ranges: the raw mirror wraps without a word."""
    raw = b.InputRecord()
    raw.version = 70000
    assert raw.version == 70000 - 65536
