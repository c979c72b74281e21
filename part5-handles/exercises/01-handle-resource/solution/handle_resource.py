"""Exercise 01: a Python object that owns one handle and gives it back exactly once."""

import ctypes
import weakref
from ctypes import byref

from part5_handles import glue_ctypes


class Resource:
    """Owns one handle; `release` is the library function that gives it back."""

    def __init__(self, handle: int, release) -> None:
        self._handle = handle
        # The finaliser holds the handle and the function, never self.
        self._finalizer = weakref.finalize(self, release, handle)
        # ex: mistake 1: "a handle is released once"
        # | self._release = release
        # ex: end

    @property
    def handle(self) -> int:
        # ex: starter
        # | # TODO: once closed, raise ValueError(f"this {type(self).__name__} is closed")
        # ex: mistake 2: "is a stale Counter handle"
        # | pass  # no check here: a read after close reaches the library
        # ex: solution
        if not self._finalizer.alive:
            raise ValueError(f"this {type(self).__name__} is closed")
        # ex: end
        return self._handle

    def close(self) -> None:
        """Release the handle; a second call does nothing."""
        # ex: starter
        # | # TODO
        # ex: mistake 1: "a handle is released once"
        # | self._finalizer.detach()
        # | self._release(self._handle)  # every time: a second close releases again
        # ex: solution
        self._finalizer()  # calls release(handle) the first time only
        # ex: end

    @property
    def closed(self) -> bool:
        # ex: starter
        # | return False  # TODO
        # ex: solution
        return not self._finalizer.alive
        # ex: end

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        # ex: starter
        # | pass  # TODO: close, also when the block raised (and let the exception through)
        # ex: mistake 3: "DID NOT RAISE"
        # | self.close()
        # | return True  # swallows the block's exception
        # ex: solution
        self.close()  # returning None lets the block's exception through
        # ex: end


class Counter(Resource):
    """A Counter in libhandles."""

    def __init__(self, start: int = 0) -> None:
        handle = glue_ctypes.HANDLE()
        glue_ctypes.lib.counter_create(start, byref(handle))
        # quietly(): a finaliser runs inside the garbage collector, where it must not raise.
        super().__init__(handle.value, glue_ctypes.quietly(glue_ctypes.lib.counter_release))

    @property
    def value(self) -> int:
        out = ctypes.c_int64()
        glue_ctypes.lib.counter_value(self.handle, byref(out))
        return out.value
