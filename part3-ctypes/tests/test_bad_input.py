"""The bad-input matrix: every case raises a precise, documented exception.

Each row runs on every route, so the three routes cannot disagree on a type
or a message. Nothing here may crash the interpreter or return a value.
"""

import re

import pytest

from part3_ctypes.errors import BufferTooSmallError, InvalidUtf8Error, NativePanicError

MIN64, MAX64 = -(2**63), 2**63 - 1
RANGE64 = re.escape(f"({MIN64}..{MAX64})")

# (function, args, exception, message pattern)
# ANCHOR: cases
CASES = [
    # wrong Python types
    ("add", ("2", 3), TypeError, r"^add\(\) argument 'a' must be int, not str$"),
    ("add", (2, 3.0), TypeError, r"^add\(\) argument 'b' must be int, not float$"),
    ("add", (True, 3), TypeError, r"^add\(\) argument 'a' must be int, not bool$"),
    ("add", (None, 3), TypeError, r"^add\(\) argument 'a' must be int, not NoneType$"),
    ("fib", (1.5,), TypeError, r"^fib\(\) argument 'n' must be int, not float$"),
    ("celsius_to_fahrenheit", ("21",), TypeError, r"must be float, not str$"),
    ("celsius_to_fahrenheit", (None,), TypeError, r"must be float, not NoneType$"),
    (
        "count_code_points",
        (None,),
        TypeError,
        r"^count_code_points\(\) argument 'text' must be str or bytes, not NoneType$",
    ),
    ("count_code_points", (bytearray(b"x"),), TypeError, r"must be str or bytes, not bytearray$"),
    ("format_reading", (b"sensor-A", 1.0), TypeError, r"^format_reading\(\) argument 'sensor' must be str, not bytes$"),
    ("format_reading", (None, 1.0), TypeError, r"argument 'sensor' must be str, not NoneType$"),
    ("format_reading", ("s", 1.0, 2.5), TypeError, r"argument 'buffer_size' must be int, not float$"),
    ("format_reading_alloc", (None, 1.0), TypeError, r"argument 'sensor' must be str, not NoneType$"),
    ("for_each_fib", (3, None), TypeError, r"^for_each_fib\(\) argument 'visit' must be callable, not NoneType$"),
    ("for_each_fib", ("3", print), TypeError, r"argument 'count' must be int, not str$"),
    # integers out of range for the C type (stock ctypes would wrap silently)
    ("add", (MAX64 + 1, 0), OverflowError, rf"^add\(\) argument 'a' must fit int64_t {RANGE64}, got {MAX64 + 1}$"),
    ("add", (0, MIN64 - 1), OverflowError, rf"argument 'b' must fit int64_t {RANGE64}, got {MIN64 - 1}$"),
    ("fib", (-1,), OverflowError, r"argument 'n' must fit uint32_t \(0\.\.4294967295\), got -1$"),
    ("fib", (2**32,), OverflowError, r"must fit uint32_t"),
    ("fib", (94,), OverflowError, r"^fib\(\) argument 'n' must be at most 93 \(FIB_MAX_N\), got 94$"),
    ("celsius_to_fahrenheit", (10**400,), OverflowError, r"too large to convert to float"),
    ("checked_div", (MIN64, -1), OverflowError, r"^checked_div\(\): the result does not fit its C type$"),
    ("for_each_fib", (95, print), OverflowError, r"^for_each_fib\(\): the result does not fit its C type$"),
    # embedded NUL: the C string would end early
    ("count_code_points", ("ab\0cd",), ValueError, r"argument 'text' contains a NUL byte at offset 2$"),
    # ANCHOR_END: cases
    ("count_code_points", (b"\0",), ValueError, r"contains a NUL byte at offset 0$"),
    ("format_reading", ("sensor\0A", 1.0), ValueError, r"argument 'sensor' contains a NUL byte at offset 6$"),
    ("format_reading_alloc", ("\0", 1.0), ValueError, r"argument 'sensor' contains a NUL byte at offset 0$"),
    # not UTF-8: found by the library, reported with the offset
    ("count_code_points", (b"ab\xffcd",), InvalidUtf8Error, r"not valid UTF-8 \(first bad byte at offset 2\)$"),
    ("count_code_points", (b"\xc3",), InvalidUtf8Error, r"first bad byte at offset 0\)$"),
    # a str that cannot be UTF-8 at all (a lone surrogate) never reaches C
    ("count_code_points", ("\ud800",), UnicodeEncodeError, r"surrogates not allowed"),
    ("format_reading", ("\udcff", 1.0), UnicodeEncodeError, r"surrogates not allowed"),
    # arithmetic errors reported through the status code
    ("checked_div", (1, 0), ZeroDivisionError, r"^checked_div\(\): division by zero$"),
    # bad lengths
    (
        "format_reading",
        ("sensor-A", 21.5, 5),
        BufferTooSmallError,
        r"^format_reading\(\): buffer too small, 20 bytes needed$",
    ),
    ("format_reading", ("sensor-A", 21.5, 0), BufferTooSmallError, r"20 bytes needed$"),
    ("format_reading", ("s", 1.0, -1), ValueError, r"argument 'buffer_size' must be >= 0, got -1$"),
    # a bug inside the library: the panic stops at the C boundary
    (
        "panic_demo",
        (),
        NativePanicError,
        r"^panic_demo\(\): the library panicked; the panic was caught at the C boundary$",
    ),
]


@pytest.mark.parametrize(("function", "args", "exception", "message"), CASES, ids=[f"{c[0]}{c[1]!r}" for c in CASES])
def test_bad_input_raises_precisely(route, function, args, exception, message):
    with pytest.raises(exception, match=message):
        getattr(route, function)(*args)


def test_buffer_too_small_says_how_much(route):
    with pytest.raises(BufferTooSmallError) as caught:
        route.format_reading("sensor-A", 21.5, buffer_size=19)
    assert caught.value.needed == 20
    assert route.format_reading("sensor-A", 21.5, buffer_size=caught.value.needed) == "sensor-A: 21.50 °C"


def test_invalid_utf8_carries_the_offset(route):
    with pytest.raises(InvalidUtf8Error) as caught:
        route.count_code_points("héllo".encode() + b"\x80")
    assert caught.value.offset == 6


def test_exceptions_are_also_builtin_types():
    assert issubclass(BufferTooSmallError, ValueError)
    assert issubclass(InvalidUtf8Error, ValueError)
    assert issubclass(NativePanicError, RuntimeError)


def test_a_visitor_exception_comes_back_to_the_caller(route):
    calls = []

    def visit(index, _term):
        calls.append(index)
        if index == 3:
            raise KeyError("sensor-A went away")

    with pytest.raises(KeyError, match="sensor-A went away"):
        route.for_each_fib(10, visit)
    assert calls == [0, 1, 2, 3]  # C was told to stop at the failing term


def test_a_wrong_visitor_signature_is_a_type_error(route):
    with pytest.raises(TypeError, match="positional argument"):
        route.for_each_fib(3, lambda: None)


def test_the_library_still_works_after_every_error(route):
    for function, args, exception, _ in CASES:
        with pytest.raises(exception):
            getattr(route, function)(*args)
    assert route.add(2, 3) == 5
    assert route.format_reading_alloc("sensor-A", 21.5) == "sensor-A: 21.50 °C"
