"""``HandleResource``: a Python object that owns one handle (Layer 1, user API).

The series' Part V calls this the resource class: it holds the integer the
library handed out, gives it back exactly once, and never lets Python code
use it afterwards. Subclasses (``Config``, ``Counter``) add the methods.
"""

import weakref
from collections.abc import Callable

from .glue_ctypes import quietly


# ANCHOR: resource
class HandleResource:
    """Owns one handle. ``close()`` releases it (again does nothing); so
    does a ``with`` block, and, as a safety net, collection of the object."""

    __slots__ = ("__weakref__", "_finalizer", "_handle")

    # The library function (through the glue) that releases this kind of handle; set by subclasses.
    _release: Callable[[int], object]

    def __new__(cls, *args, **kwargs):
        # Only a subclass's own __new__ makes an instance, through _adopt(),
        # with a handle the library issued: an instance without one would
        # have nothing to release.
        raise TypeError(f"{cls.__name__} cannot be created directly: use Config(...) or Counter(...)")

    @classmethod
    def _adopt(cls, handle: int):
        """A new instance owning ``handle``, which the library just issued."""
        self = object.__new__(cls)
        # Set here once, past __setattr__, which refuses them afterwards.
        object.__setattr__(self, "_handle", handle)
        # The finaliser holds the handle and the release function, never
        # self: holding self would keep the object alive forever. It runs
        # inside the garbage collector, so it must never raise: quietly().
        object.__setattr__(self, "_finalizer", weakref.finalize(self, quietly(cls._release), handle))
        return self

    def __setattr__(self, name, value):
        # The handle is the library's, and only _adopt sets it: a handle
        # replaced by Python code (`config._handle = None`) would reach the
        # library as whatever it was replaced with.
        if name in HandleResource.__slots__:
            raise AttributeError(f"{type(self).__name__}.{name} is set once, from the handle the library issued")
        super().__setattr__(name, value)

    def __delattr__(self, name):
        if name in HandleResource.__slots__:
            raise AttributeError(f"{type(self).__name__}.{name} cannot be deleted")
        super().__delattr__(name)

    @property
    def handle(self) -> int:
        """The handle, for calls into the library; a ValueError once closed."""
        if not self._finalizer.alive:
            raise ValueError(f"this {type(self).__name__} is closed: its handle was released")
        return self._handle

    def close(self) -> None:
        """Release the handle. Idempotent: a second call does nothing.

        Unlike the finaliser, close() reports a refusal: if the library says
        the handle is stale, someone else released this object's handle.
        """
        if self._finalizer.detach() is not None:  # not yet closed: now it is
            type(self)._release(self._handle)

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()  # also when the block raised


# ANCHOR_END: resource
