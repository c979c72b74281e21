"""Route 1: ctypes. Layer 1 glue over the ready-made ``_ctypes`` extension.

``CDLL`` loads libscalars; the ``SIGNATURES`` table tells ``_ctypes`` what
each symbol takes and returns (it cannot read the header); ``errcheck`` turns
status codes into exceptions. ``_ctypes`` then marshals every call through
libffi at run time.
"""

import contextlib
import ctypes
from ctypes import (
    CFUNCTYPE,
    POINTER,
    byref,
    c_char,
    c_char_p,
    c_double,
    c_int32,
    c_int64,
    c_size_t,
    c_uint32,
    c_uint64,
    c_void_p,
)
from typing import Any

from . import _checks, header
from ._paths import library_path
from ._visitor import Visit, VisitorGuard
from .errors import BufferTooSmallError, check

# ANCHOR: load
lib = ctypes.CDLL(str(library_path()))
# ANCHOR_END: load

# The header's #define: ctypes cannot read it, so take it from the file.
FIB_MAX_N = header.defines()["FIB_MAX_N"]

# ANCHOR: visitor_type
# int32_t (*fib_visitor)(uint32_t index, uint64_t term, void *user_data)
FIB_VISITOR = CFUNCTYPE(c_int32, c_uint32, c_uint64, c_void_p)
# ANCHOR_END: visitor_type


# ANCHOR: errcheck
def _errcheck(status: int, function: Any, args: tuple) -> tuple:
    """Called by ctypes after every status-returning call.

    The last argument is the out-parameter (a ctypes instance or ``byref``);
    on INVALID_UTF8 / BUFFER_TOO_SMALL it holds the detail ``check`` reports.
    """
    if status != 0:
        out = getattr(args[-1], "value", None) if args else None
        check(status, function.__name__, out)
    return args


# ANCHOR_END: errcheck


# ANCHOR: signatures
# name: (argtypes, restype, errcheck) - one row per symbol of scalars.h.
SIGNATURES = {
    "add": ([c_int64, c_int64], c_int64, None),
    "fib": ([c_uint32], c_uint64, None),
    "noop": ([], None, None),
    "celsius_to_fahrenheit": ([c_double], c_double, None),
    "checked_div": ([c_int64, c_int64, POINTER(c_int64)], c_int32, _errcheck),
    "count_code_points": ([c_char_p, POINTER(c_uint64)], c_int32, _errcheck),
    "format_reading": ([c_char_p, c_double, POINTER(c_char), c_size_t, POINTER(c_size_t)], c_int32, _errcheck),
    # c_void_p, NOT c_char_p: ctypes would turn a c_char_p result into bytes
    # and drop the pointer, leaving nothing to hand back to free_string().
    "format_reading_alloc": ([c_char_p, c_double], c_void_p, None),
    "free_string": ([c_void_p], None, None),
    "for_each_fib": ([c_uint32, FIB_VISITOR, c_void_p], c_int32, _errcheck),
    "panic_demo": ([], c_int32, _errcheck),
}

for _name, (_argtypes, _restype, _errcheck_fn) in SIGNATURES.items():
    _function = getattr(lib, _name)
    _function.argtypes = _argtypes
    _function.restype = _restype
    if _errcheck_fn is not None:
        _function.errcheck = _errcheck_fn
# ANCHOR_END: signatures


# ANCHOR: scalars
def add(a: int, b: int) -> int:
    """a + b as int64_t; wraps on overflow as the header documents."""
    return lib.add(_checks.int_arg(a, "add", "a", "int64_t"), _checks.int_arg(b, "add", "b", "int64_t"))


def fib(n: int) -> int:
    """The n-th Fibonacci number; OverflowError past FIB_MAX_N (93)."""
    n = _checks.int_arg(n, "fib", "n", "uint32_t")
    if n > FIB_MAX_N:
        raise OverflowError(f"fib() argument 'n' must be at most {FIB_MAX_N} (FIB_MAX_N), got {n}")
    return lib.fib(n)


# ANCHOR_END: scalars


def noop() -> None:
    """Calls a C function that does nothing."""
    lib.noop()


def celsius_to_fahrenheit(celsius: float) -> float:
    """Degrees Celsius to degrees Fahrenheit."""
    return lib.celsius_to_fahrenheit(_checks.float_arg(celsius, "celsius_to_fahrenheit", "celsius"))


# ANCHOR: checked_div
def checked_div(a: int, b: int) -> int:
    """a / b truncated toward zero, as C does: checked_div(-7, 2) == -3."""
    out = c_int64()
    lib.checked_div(
        _checks.int_arg(a, "checked_div", "a", "int64_t"),
        _checks.int_arg(b, "checked_div", "b", "int64_t"),
        byref(out),  # a pointer to `out`, valid for this call only
    )  # errcheck has already raised if the status was not OK
    return out.value


# ANCHOR_END: checked_div


# ANCHOR: count_code_points
def count_code_points(text: str | bytes) -> int:
    """Number of Unicode code points; InvalidUtf8Error for bytes that are not UTF-8."""
    out = c_uint64()
    # Passing the c_uint64 itself where argtypes says POINTER(c_uint64):
    # ctypes applies byref() for us, and errcheck can read out.value.
    lib.count_code_points(_checks.text_arg(text, "count_code_points", "text", allow_bytes=True), out)
    return out.value


# ANCHOR_END: count_code_points


# ANCHOR: format_reading
def format_reading(sensor: str, celsius: float, buffer_size: int | None = None) -> str:
    """ "<sensor>: <celsius> °C", written by C into a buffer Python owns.

    With ``buffer_size=None`` the size is asked for first (a NULL buffer of
    size 0), then exactly that much is allocated. A ``buffer_size`` that is
    too small raises BufferTooSmallError, whose ``.needed`` says how much.
    """
    data = _checks.text_arg(sensor, "format_reading", "sensor")
    value = _checks.float_arg(celsius, "format_reading", "celsius")
    needed = c_size_t()
    if buffer_size is None:
        with contextlib.suppress(BufferTooSmallError):  # the expected answer to a size query
            lib.format_reading(data, value, None, 0, needed)
        buffer_size = needed.value
    size = _checks.buffer_size_arg(buffer_size, "format_reading")
    buf = ctypes.create_string_buffer(size)  # zero-filled, owned and freed by Python
    lib.format_reading(data, value, buf, size, needed)
    return buf.value.decode("utf-8")


# ANCHOR_END: format_reading


# ANCHOR: format_reading_alloc
def format_reading_alloc(sensor: str, celsius: float) -> str:
    """The same text, in memory the library allocates and we must give back."""
    data = _checks.text_arg(sensor, "format_reading_alloc", "sensor")
    pointer = lib.format_reading_alloc(data, _checks.float_arg(celsius, "format_reading_alloc", "celsius"))
    if pointer is None:  # NULL: the only cause left after our checks is allocation
        raise MemoryError("format_reading_alloc() returned NULL")
    try:
        return ctypes.string_at(pointer).decode("utf-8")  # copy out...
    finally:
        lib.free_string(pointer)  # ...then free with the library's own allocator


# ANCHOR_END: format_reading_alloc


# ANCHOR: for_each_fib
def for_each_fib(count: int, visit: Visit) -> None:
    """Calls ``visit(index, term)`` for the first ``count`` terms; truthy stops."""
    count = _checks.int_arg(count, "for_each_fib", "count", "uint32_t")
    guard = VisitorGuard(visit)
    # `callback` must stay alive while C may call it: this local does that
    # for the duration of the call (C keeps no pointer afterwards).
    callback = FIB_VISITOR(guard)
    status_error = None
    try:
        lib.for_each_fib(count, callback, None)
    except Exception as error:  # noqa: BLE001 - a visitor's own error wins
        status_error = error
    guard.reraise()
    if status_error is not None:
        raise status_error


# ANCHOR_END: for_each_fib


def panic_demo() -> None:
    """Makes the library panic; raises NativePanicError."""
    lib.panic_demo()
