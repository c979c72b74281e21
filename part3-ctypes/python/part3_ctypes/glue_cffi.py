"""The calling code both cffi routes share.

In cffi the code that *calls* is the same in ABI and API mode: ``lib.add(2, 3)``,
``ffi.new("int64_t *")``. What differs is how ``lib`` was made: parsed from
the header at run time and reached through libffi (ABI mode), or compiled
into a generated extension module that calls C directly (API mode).
"""

from collections.abc import Callable
from typing import Any

from . import _checks
from ._visitor import Visit, VisitorGuard
from .errors import Status, check


def functions(ffi: Any, lib: Any) -> dict[str, Callable[..., Any]]:
    """The route's public functions, by name, for one ``ffi`` / ``lib`` pair.

    Plain functions (closures over ``ffi`` and ``lib``), not methods: a wrong
    call then reads ``add() takes 2 positional arguments``, as on every route.
    """

    # ANCHOR: scalars
    def add(a: int, b: int) -> int:
        """a + b as int64_t; wraps on overflow as the header documents."""
        return lib.add(_checks.int_arg(a, "add", "a", "int64_t"), _checks.int_arg(b, "add", "b", "int64_t"))

    def fib(n: int) -> int:
        """The n-th Fibonacci number; OverflowError past FIB_MAX_N."""
        n = _checks.int_arg(n, "fib", "n", "uint32_t")
        if n > lib.FIB_MAX_N:  # the header's #define, read by cdef
            raise OverflowError(f"fib() argument 'n' must be at most {lib.FIB_MAX_N} (FIB_MAX_N), got {n}")
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
        out = ffi.new("int64_t *")  # owned by Python, freed with `out`
        a = _checks.int_arg(a, "checked_div", "a", "int64_t")
        b = _checks.int_arg(b, "checked_div", "b", "int64_t")
        check(lib.checked_div(a, b, out), "checked_div")
        return out[0]

    # ANCHOR_END: checked_div

    def count_code_points(text: str | bytes) -> int:
        """Number of Unicode code points; InvalidUtf8Error for bytes that are not UTF-8."""
        out = ffi.new("uint64_t *")
        data = _checks.text_arg(text, "count_code_points", "text", allow_bytes=True)
        check(lib.count_code_points(data, out), "count_code_points", out[0])
        return out[0]

    # ANCHOR: format_reading
    def format_reading(sensor: str, celsius: float, buffer_size: int | None = None) -> str:
        """ "<sensor>: <celsius> °C", written by C into a buffer Python owns."""
        data = _checks.text_arg(sensor, "format_reading", "sensor")
        value = _checks.float_arg(celsius, "format_reading", "celsius")
        needed = ffi.new("size_t *")
        if buffer_size is None:
            status = lib.format_reading(data, value, ffi.NULL, 0, needed)
            if status != Status.BUFFER_TOO_SMALL:  # the expected answer to a size query
                check(status, "format_reading", needed[0])
            buffer_size = needed[0]
        size = _checks.buffer_size_arg(buffer_size, "format_reading")
        buf = ffi.new("char[]", size)  # zero-filled, owned and freed by Python
        check(lib.format_reading(data, value, buf, size, needed), "format_reading", needed[0])
        return ffi.string(buf).decode("utf-8")

    # ANCHOR_END: format_reading

    # ANCHOR: format_reading_alloc
    def format_reading_alloc(sensor: str, celsius: float) -> str:
        """The same text, in memory the library allocates and we must give back."""
        data = _checks.text_arg(sensor, "format_reading_alloc", "sensor")
        value = _checks.float_arg(celsius, "format_reading_alloc", "celsius")
        # ffi.gc ties the free to the Python object: freed even if decoding fails.
        owned = ffi.gc(lib.format_reading_alloc(data, value), lib.free_string)
        if owned == ffi.NULL:
            raise MemoryError("format_reading_alloc() returned NULL")
        text = ffi.string(owned).decode("utf-8")  # copy out...
        ffi.release(owned)  # ...then free now rather than at garbage collection
        return text

    # ANCHOR_END: format_reading_alloc

    # ANCHOR: for_each_fib
    def for_each_fib(count: int, visit: Visit) -> None:
        """Calls ``visit(index, term)`` for the first ``count`` terms; truthy stops."""
        count = _checks.int_arg(count, "for_each_fib", "count", "uint32_t")
        guard = VisitorGuard(visit)
        # The cdata callback must stay alive while C may call it: this local
        # keeps it for the whole call.
        callback = ffi.callback("fib_visitor", guard)
        status = lib.for_each_fib(count, callback, ffi.NULL)
        guard.reraise()
        check(status, "for_each_fib")

    # ANCHOR_END: for_each_fib

    def panic_demo() -> None:
        """Makes the library panic; raises NativePanicError."""
        check(lib.panic_demo(), "panic_demo")

    public = (add, fib, noop, celsius_to_fahrenheit, checked_div, count_code_points)
    public += (format_reading, format_reading_alloc, for_each_fib, panic_demo)
    for function in public:
        function.__qualname__ = function.__name__  # "add()", not "functions.<locals>.add()"
    return {function.__name__: function for function in public}
