"""Status codes from libhandles, and the Python exceptions they become.

The library reports every failure as a number and keeps its message for
``handles_last_error``; this module turns both into one precise exception.
The Config contract's errors become ``ConfigError`` with the Config core's
own message, so this route says exactly what Parts I and VII say.
"""

from enum import IntEnum


class Status(IntEnum):
    """``HANDLES_*``: the result of every fallible libhandles function."""

    OK = 0
    NULL_ARGUMENT = 1
    INVALID_HANDLE = 2
    STALE_HANDLE = 3
    WRONG_KIND = 4
    POOL_FULL = 5
    INVALID_TEXT = 6
    OVERFLOW = 7
    PANIC = 8
    BUFFER_TOO_SMALL = 9
    TIMEOUT_RANGE = 20
    URL_TOO_LONG = 21
    URL_CHARACTER = 22
    URL_NOT_UNICODE = 23
    URL_SHAPE = 24
    URL_SCHEME = 25
    URL_EMPTY_HOST = 26
    URL_HOST = 27
    URL_PORT = 28
    HTTPS_WITHOUT_SSL = 29


# The contract's errors: every status from TIMEOUT_RANGE on.
CONFIG_ERRORS = frozenset(s for s in Status if s >= Status.TIMEOUT_RANGE)


class ConfigError(ValueError):
    """A Config value the contract refuses (a ValueError), as in Parts I and VII."""


# ANCHOR: errors
class HandleError(ValueError):
    """The library refused a handle."""


class InvalidHandleError(HandleError):
    """0, forged, or never issued by the library."""


class StaleHandleError(HandleError):
    """Issued, but its object has been released since."""


class WrongKindError(HandleError):
    """A handle to another kind of object (a Counter's where a Config's is expected)."""


# ANCHOR_END: errors


class NativePanicError(RuntimeError):
    """A bug inside the library was caught at the boundary (a Rust panic)."""


EXCEPTIONS = {
    Status.INVALID_HANDLE: InvalidHandleError,
    Status.STALE_HANDLE: StaleHandleError,
    Status.WRONG_KIND: WrongKindError,
    Status.POOL_FULL: MemoryError,
    Status.OVERFLOW: OverflowError,
    Status.PANIC: NativePanicError,
    Status.NULL_ARGUMENT: ValueError,
    Status.INVALID_TEXT: ValueError,
    Status.BUFFER_TOO_SMALL: ValueError,
}


def error_for(status: int, function: str, message: str) -> Exception:
    """The exception for a non-OK ``status`` of ``function``, with the library's message."""
    status = Status(status)
    if status in CONFIG_ERRORS:
        return ConfigError(message)  # the contract's words, exactly
    return EXCEPTIONS.get(status, RuntimeError)(f"{function}(): {message}")
