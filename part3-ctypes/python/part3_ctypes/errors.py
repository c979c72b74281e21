"""Status codes from libscalars, and the Python exceptions they become.

C has no exceptions: a function reports failure with a number. Turning that
number into the right exception is binding work, done once here for every
route. The numbers mirror ``SCALARS_*`` in ``include/scalars.h`` (a test
compares them).
"""

from enum import IntEnum


# ANCHOR: status
class Status(IntEnum):
    """``scalars_status``: the result of every fallible libscalars function."""

    OK = 0
    NULL_ARGUMENT = 1
    DIVISION_BY_ZERO = 2
    OVERFLOW = 3
    INVALID_UTF8 = 4
    BUFFER_TOO_SMALL = 5
    PANIC = 6


# ANCHOR_END: status


class ScalarsError(Exception):
    """Base of the errors that have no exact built-in counterpart."""


class InvalidUtf8Error(ScalarsError, ValueError):
    """Text handed to the library was not UTF-8; ``offset`` is the first bad byte."""

    def __init__(self, message: str, offset: int | None) -> None:
        super().__init__(message)
        self.offset = offset


class BufferTooSmallError(ScalarsError, ValueError):
    """The caller's buffer was too small; ``needed`` is the size required."""

    def __init__(self, message: str, needed: int) -> None:
        super().__init__(message)
        self.needed = needed


class NativePanicError(ScalarsError, RuntimeError):
    """A bug inside the library was caught at the boundary (a Rust panic)."""


# ANCHOR: check
def check(status: int, function: str, out: int | None = None) -> None:
    """Raise the exception for a non-OK ``status`` returned by ``function``.

    ``out`` is the value of the function's last out-parameter, which carries
    the detail for two statuses: the bad byte's offset for INVALID_UTF8 and
    the required size for BUFFER_TOO_SMALL.
    """
    if status == Status.OK:
        return
    where = f"{function}()"
    if status == Status.DIVISION_BY_ZERO:
        raise ZeroDivisionError(f"{where}: division by zero")
    if status == Status.OVERFLOW:
        raise OverflowError(f"{where}: the result does not fit its C type")
    if status == Status.INVALID_UTF8:
        raise InvalidUtf8Error(f"{where}: text is not valid UTF-8 (first bad byte at offset {out})", out)
    if status == Status.BUFFER_TOO_SMALL:
        raise BufferTooSmallError(f"{where}: buffer too small, {out} bytes needed", out or 0)
    if status == Status.NULL_ARGUMENT:
        raise ValueError(f"{where}: a required pointer was NULL")
    if status == Status.PANIC:
        raise NativePanicError(f"{where}: the library panicked; the panic was caught at the C boundary")
    raise ScalarsError(f"{where}: unknown status {status}")


# ANCHOR_END: check
