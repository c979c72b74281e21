"""Status codes from libstructs, and the Python exceptions they become.

The library is the one authority on what a record *means* (a version in
range, finite weights, a terminated unit); it reports a refusal as a number,
and this module turns the number into a precise exception, the same for
every route. The numbers mirror ``STRUCTS_*`` in ``include/structs.h`` (a
test compares them).
"""

from enum import IntEnum

from .header import LIMITS


# ANCHOR: status
class Status(IntEnum):
    """``STRUCTS_*``: the result of every fallible libstructs function."""

    OK = 0
    NULL_ARGUMENT = 1
    INVALID_UTF8 = 2
    UNTERMINATED = 3
    BAD_VERSION = 4
    BAD_LENGTH = 5
    NOT_FINITE = 6
    OVERFLOW = 7
    BAD_TAG = 8
    BUFFER_TOO_SMALL = 9
    PANIC = 10


# ANCHOR_END: status


class StructsError(Exception):
    """Base of every error libstructs reports."""

    status: Status


class RecordValueError(StructsError, ValueError):
    """The library refused a value of the record or an argument."""


class RecordOverflowError(StructsError, OverflowError):
    """A result does not fit its C type (a scaled origin, a total)."""


class NativePanicError(StructsError, RuntimeError):
    """A bug inside the library was caught at the boundary (a Rust panic)."""


# What each refusal means, in the words a caller can act on.
MESSAGES = {
    Status.NULL_ARGUMENT: (RecordValueError, "a required pointer was NULL"),
    Status.INVALID_UTF8: (RecordValueError, "name or unit is not valid UTF-8"),
    Status.UNTERMINATED: (RecordValueError, "unit has no NUL terminator within its 8 bytes"),
    Status.BAD_VERSION: (RecordValueError, f"version must be 1 to {LIMITS['STRUCTS_MAX_VERSION']}"),
    Status.BAD_LENGTH: (
        RecordValueError,
        f"at most {LIMITS['STRUCTS_MAX_SAMPLES']:,} samples and top_n at most {LIMITS['STRUCTS_MAX_TOP']}",
    ),
    Status.NOT_FINITE: (RecordValueError, "scale, min_weight, every weight and a value reading must be finite"),
    Status.OVERFLOW: (RecordOverflowError, "a scaled result does not fit its C type"),
    Status.BAD_TAG: (RecordValueError, "the reading's kind is neither READING_COUNT nor READING_VALUE"),
    Status.BUFFER_TOO_SMALL: (RecordValueError, "the buffer is too small"),
    Status.PANIC: (NativePanicError, "the library panicked; the panic was caught at the C boundary"),
}


# ANCHOR: check
def check(status: int, function: str) -> None:
    """Raise the exception for a non-OK ``status`` returned by ``function``."""
    if status == Status.OK:
        return
    try:
        status = Status(status)
    except ValueError:
        raise StructsError(f"{function}(): unknown status {status}") from None
    kind, meaning = MESSAGES[status]
    error = kind(f"{function}(): {meaning} (STRUCTS_{status.name})")
    error.status = status
    raise error


# ANCHOR_END: check
