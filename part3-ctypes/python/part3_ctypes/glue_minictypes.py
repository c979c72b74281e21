"""Route 4: mini-ctypes, our own Layer 2 module (``part3-ctypes/minictypes``).

The same shape as ``glue_ctypes``: a library, a table of declared
signatures, functions that check their arguments and turn status codes into
exceptions. What differs is underneath: every call goes through Rust code in
this repository (libloading + libffi) instead of CPython's ``_ctypes``.
"""

import contextlib

import minictypes as mc

from . import _checks, header
from ._paths import library_path
from ._visitor import Visit, VisitorGuard
from .errors import BufferTooSmallError, check

# ANCHOR: load
lib = mc.CDLL(str(library_path()))
# ANCHOR_END: load

FIB_MAX_N = header.defines()["FIB_MAX_N"]

# int32_t (*fib_visitor)(uint32_t index, uint64_t term, void *user_data)
FIB_VISITOR = mc.CFUNCTYPE(mc.c_int32, mc.c_uint32, mc.c_uint64, mc.c_void_p)

# ANCHOR: signatures
# name: (argtypes, restype). Out-parameters are caller-allocated buffers.
SIGNATURES = {
    "add": ([mc.c_int64, mc.c_int64], mc.c_int64),
    "fib": ([mc.c_uint32], mc.c_uint64),
    "noop": ([], None),
    "celsius_to_fahrenheit": ([mc.c_double], mc.c_double),
    "checked_div": ([mc.c_int64, mc.c_int64, mc.c_buffer], mc.c_int32),
    "count_code_points": ([mc.c_char_p, mc.c_buffer], mc.c_int32),
    "format_reading": ([mc.c_char_p, mc.c_double, mc.c_void_p, mc.c_uint64, mc.c_buffer], mc.c_int32),
    "format_reading_alloc": ([mc.c_char_p, mc.c_double], mc.c_void_p),
    "free_string": ([mc.c_void_p], None),
    "for_each_fib": ([mc.c_uint32, FIB_VISITOR, mc.c_void_p], mc.c_int32),
    "panic_demo": ([], mc.c_int32),
}

for _name, (_argtypes, _restype) in SIGNATURES.items():
    _function = lib[_name]
    _function.argtypes = _argtypes
    _function.restype = _restype
# ANCHOR_END: signatures


def _out(buffer: mc.Buffer, *, signed: bool) -> int:
    """The integer C wrote into an 8-byte out buffer (little-endian here)."""
    return int.from_bytes(buffer.raw, "little", signed=signed)


def add(a: int, b: int) -> int:
    """a + b as int64_t; wraps on overflow as the header documents."""
    return lib.add(_checks.int_arg(a, "add", "a", "int64_t"), _checks.int_arg(b, "add", "b", "int64_t"))


def fib(n: int) -> int:
    """The n-th Fibonacci number; OverflowError past FIB_MAX_N (93)."""
    n = _checks.int_arg(n, "fib", "n", "uint32_t")
    if n > FIB_MAX_N:
        raise OverflowError(f"fib() argument 'n' must be at most {FIB_MAX_N} (FIB_MAX_N), got {n}")
    return lib.fib(n)


def noop() -> None:
    """Calls a C function that does nothing."""
    lib.noop()


def celsius_to_fahrenheit(celsius: float) -> float:
    """Degrees Celsius to degrees Fahrenheit."""
    return lib.celsius_to_fahrenheit(_checks.float_arg(celsius, "celsius_to_fahrenheit", "celsius"))


def checked_div(a: int, b: int) -> int:
    """a / b truncated toward zero, as C does: checked_div(-7, 2) == -3."""
    out = mc.create_string_buffer(8)
    status = lib.checked_div(
        _checks.int_arg(a, "checked_div", "a", "int64_t"), _checks.int_arg(b, "checked_div", "b", "int64_t"), out
    )
    check(status, "checked_div")
    return _out(out, signed=True)


def count_code_points(text: str | bytes) -> int:
    """Number of Unicode code points; InvalidUtf8Error for bytes that are not UTF-8."""
    out = mc.create_string_buffer(8)
    status = lib.count_code_points(_checks.text_arg(text, "count_code_points", "text", allow_bytes=True), out)
    check(status, "count_code_points", _out(out, signed=False))
    return _out(out, signed=False)


def format_reading(sensor: str, celsius: float, buffer_size: int | None = None) -> str:
    """ "<sensor>: <celsius> °C", written by C into a buffer Python owns."""
    data = _checks.text_arg(sensor, "format_reading", "sensor")
    value = _checks.float_arg(celsius, "format_reading", "celsius")
    needed = mc.create_string_buffer(8)
    if buffer_size is None:
        with contextlib.suppress(BufferTooSmallError):  # the expected answer to a size query
            check(lib.format_reading(data, value, None, 0, needed), "format_reading", _out(needed, signed=False))
        buffer_size = _out(needed, signed=False)
    size = _checks.buffer_size_arg(buffer_size, "format_reading")
    buf = mc.create_string_buffer(size)
    check(lib.format_reading(data, value, buf, size, needed), "format_reading", _out(needed, signed=False))
    return buf.value.decode("utf-8")


def format_reading_alloc(sensor: str, celsius: float) -> str:
    """The same text, in memory the library allocates and we must give back."""
    data = _checks.text_arg(sensor, "format_reading_alloc", "sensor")
    pointer = lib.format_reading_alloc(data, _checks.float_arg(celsius, "format_reading_alloc", "celsius"))
    if pointer is None:
        raise MemoryError("format_reading_alloc() returned NULL")
    try:
        return mc.string_at(pointer).decode("utf-8")  # copy out...
    finally:
        lib.free_string(pointer)  # ...then free with the library's own allocator


def for_each_fib(count: int, visit: Visit) -> None:
    """Calls ``visit(index, term)`` for the first ``count`` terms; truthy stops."""
    count = _checks.int_arg(count, "for_each_fib", "count", "uint32_t")
    guard = VisitorGuard(visit)
    callback = FIB_VISITOR(guard)  # alive for the whole call: C may call it until it returns
    status = lib.for_each_fib(count, callback, None)
    guard.reraise()
    check(status, "for_each_fib")


def panic_demo() -> None:
    """Makes the library panic; raises NativePanicError."""
    check(lib.panic_demo(), "panic_demo")
