"""Layers 2 and 3: the typesupport's capsules convert every field kind both
ways, the C library's bytes round-trip, bad bytes are refused whole, and
every C message made is finalised."""

import ctypes
import struct
import sys

import pytest
from demo_msgs.msg import DemoStatus, Reading
from hybrid_strategies import statuses
from hypothesis import given, settings


@settings(max_examples=150, deadline=None)
@given(statuses)
def test_python_to_c_to_bytes_to_c_to_python_is_the_same_message(support, status):
    ts = support[DemoStatus]
    status_code, back = ts.from_bytes(ts.to_bytes(status))
    assert status_code == 0
    assert back == status


def test_the_wire_format_is_cdr_little_endian(support):
    data = support[Reading].to_bytes(Reading(sensor="ab", value=1.5, sequence=7))
    # header; string: length 3 (NUL counted), "ab\0"; pad to 8; double; uint32
    assert data == bytes([0, 1, 0, 0]) + struct.pack("<I", 3) + b"ab\0" + b"\0" + struct.pack("<dI", 1.5, 7)


@pytest.mark.parametrize(
    ("corrupt", "status"),
    [
        (lambda d: d[:3], 3),  # HYBRID_TRUNCATED: not even a header
        (lambda d: b"\x01\x00" + d[2:], 4),  # HYBRID_BAD_HEADER: big-endian CDR
        (lambda d: d[:-1], 3),  # the last field cut short
        (lambda d: d[:4] + struct.pack("<I", 2**31) + d[8:], 5),  # a string longer than its bound of 16
        (lambda d: d[:4] + struct.pack("<I", 0) + d[8:], 6),  # HYBRID_BAD_VALUE: a string without its NUL
        (lambda d: d[:4] + struct.pack("<I", 3) + b"abc" + d[11:], 6),  # ... its last byte not NUL
    ],
)
def test_bad_bytes_are_refused_and_the_message_keeps_its_value(support, corrupt, status):
    ts = support[Reading]
    good = ts.to_bytes(Reading(sensor="ab", value=1.5, sequence=7))
    code, message = ts.from_bytes(corrupt(good))
    assert (code, message) == (status, None)


def test_a_forged_sequence_count_allocates_nothing(support):
    ts = support[DemoStatus]
    data = bytearray(ts.to_bytes(DemoStatus()))
    # history's count sits after the fixed fields; forge every uint32 that is 0 into 2**30 in turn:
    # whichever is a count, the reader must refuse it (truncated), never allocate 8 GiB.
    for offset in range(4, len(data) - 3, 4):
        if data[offset : offset + 4] == b"\0\0\0\0":
            forged = bytes(data[:offset]) + struct.pack("<I", 2**30) + bytes(data[offset + 4 :])
            code, _ = ts.from_bytes(forged)
            assert code in (0, 3, 5, 6)


def test_a_bool_other_than_0_or_1_is_refused(support):
    ts = support[DemoStatus]
    data = bytearray(ts.to_bytes(DemoStatus(node_name="", unit="")))
    # level (1 byte) at 4; node_name: count at 8, "\0" at 12; unit: count at 16, "\0" at 20; active at 21
    assert data[21] == 1
    data[21] = 2
    assert ts.from_bytes(bytes(data)) == (6, None)


def test_convert_from_py_rechecks_what_went_around_the_setters(support):
    ts = support[DemoStatus]
    status = DemoStatus()
    status._level = 300  # around the property: the C side still refuses it
    c_message = ts.create()
    try:
        with pytest.raises(ValueError, match=r"^level must be from 0 to 255, got 300$"):
            ts.from_py(status, c_message)
        with pytest.raises(TypeError, match=r"^the message must be demo_msgs.msg.DemoStatus, not Reading$"):
            ts.from_py(Reading(), c_message)
    finally:
        ts.destroy(c_message)


def test_bytes_that_are_not_utf8_come_back_as_an_error_not_a_wrong_str(support):
    ts = support[Reading]
    good = ts.to_bytes(Reading(sensor="ab"))
    bad = good.replace(b"ab\0", b"\xff\xfe\0")
    c_message = ts.create()
    try:
        assert ts.deserialize(c_message, bad, len(bad)) == 0  # C keeps bytes as they are
        with pytest.raises(UnicodeDecodeError):
            ts.to_py(c_message)
    finally:
        ts.destroy(c_message)


def test_every_c_message_is_finalised(support, c_library):
    before = c_library.hybrid_live_messages()
    ts = support[DemoStatus]
    status = DemoStatus(recent=[Reading()] * 8, tags=["a"] * 3)
    for _ in range(200):
        ts.from_bytes(ts.to_bytes(status))
        ts.from_bytes(b"\0\1\0\0")  # a refused message too
    assert c_library.hybrid_live_messages() == before


def test_reference_counts_are_unchanged_over_10000_round_trips(support):
    ts = support[Reading]
    reading = Reading(sensor="sensor-B", value=2.5)
    sensor = reading.sensor
    before = (sys.getrefcount(reading), sys.getrefcount(sensor), sys.getrefcount(Reading))
    for _ in range(10_000):
        ts.from_bytes(ts.to_bytes(reading))
    assert (sys.getrefcount(reading), sys.getrefcount(sensor), sys.getrefcount(Reading)) == before


def test_a_capsule_is_named_after_its_function(support):
    api = ctypes.pythonapi
    api.PyCapsule_GetName.restype = ctypes.c_char_p
    api.PyCapsule_GetName.argtypes = [ctypes.py_object]
    assert api.PyCapsule_GetName(DemoStatus._CONVERT_FROM_PY) == b"demo_msgs/msg/DemoStatus.convert_from_py"
