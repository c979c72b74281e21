"""``Counter`` through handles: the second kind of object in libhandles."""

import ctypes
from ctypes import byref

from . import glue_ctypes
from .glue_ctypes import lib
from .resource import HandleResource

INT64 = (-(2**63), 2**63 - 1)


def _int64(value, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if not INT64[0] <= value <= INT64[1]:
        raise OverflowError(f"{name} must fit int64_t ({INT64[0]}..{INT64[1]}), got {int(value)}")
    return int(value)


# ANCHOR: counter
class Counter(HandleResource):
    """A count of events that lives in libhandles; safe to share between threads."""

    __slots__ = ()
    _release = lib.counter_release

    def __new__(cls, start: int = 0) -> "Counter":
        handle = glue_ctypes.HANDLE()
        lib.counter_create(_int64(start, "start"), byref(handle))
        return cls._adopt(handle.value)

    @property
    def value(self) -> int:
        out = ctypes.c_int64()
        lib.counter_value(self.handle, byref(out))
        return out.value

    def increment(self, by: int = 1) -> int:
        """Adds ``by`` (atomically, in the library) and returns the new count."""
        out = ctypes.c_int64()
        lib.counter_increment(self.handle, _int64(by, "by"), byref(out))
        return out.value

    def __repr__(self) -> str:
        return "<Counter closed>" if self.closed else f"<Counter value={self.value}>"


# ANCHOR_END: counter
