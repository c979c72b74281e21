"""What scalars.h promises, checked on the library itself (through ctypes),
for every input class the promise covers, not one example."""

import ctypes
import math
import sys

from hypothesis import example, given
from hypothesis import strategies as st

from part3_ctypes.errors import Status
from part3_ctypes.glue_ctypes import lib

# A second handle with no errcheck, so the raw status and out-values show.
raw = ctypes.CDLL(lib._name)
raw.format_reading.argtypes = [
    ctypes.c_char_p,
    ctypes.c_double,
    ctypes.c_char_p,
    ctypes.c_size_t,
    ctypes.POINTER(ctypes.c_size_t),
]
raw.format_reading.restype = ctypes.c_int32
raw.celsius_to_fahrenheit.argtypes, raw.celsius_to_fahrenheit.restype = [ctypes.c_double], ctypes.c_double


@given(st.floats(allow_nan=False))
@example(2e307)  # 9 × c overflows; 1.8 × c does not
@example(-(sys.float_info.max / 1.8))
@example(sys.float_info.max)  # the answer itself does not fit
def test_fahrenheit_is_infinite_only_when_the_answer_is(celsius):
    exact = celsius * 1.8 + 32.0 if math.isinf(celsius) else float(celsius) / 5 * 9 + 32  # no overflow before the end
    got = raw.celsius_to_fahrenheit(celsius)
    if abs(exact) <= sys.float_info.max:
        assert math.isfinite(got), f"{celsius} °C gave {got}, but {exact} fits a double"
        assert got == exact or math.isclose(got, exact, rel_tol=1e-15, abs_tol=1e-300)
    else:
        assert got == math.copysign(math.inf, exact)


def format_reading(sensor: bytes, buf_len: int) -> tuple[int, int]:
    needed = ctypes.c_size_t(12345)  # a value the library must overwrite
    buffer = ctypes.create_string_buffer(buf_len) if buf_len else None
    status = raw.format_reading(sensor, 21.5, buffer, buf_len, ctypes.byref(needed))
    return status, needed.value


def test_needed_always_receives_a_value():
    size = len("sensor-A: 21.50 °C".encode()) + 1
    assert format_reading(b"sensor-A", 0) == (Status.BUFFER_TOO_SMALL, size)
    assert format_reading(b"sensor-A", 64) == (Status.OK, size)
    assert format_reading(b"sensor-\xff", 64) == (Status.INVALID_UTF8, 0)
    assert format_reading(None, 64) == (Status.NULL_ARGUMENT, 0)
