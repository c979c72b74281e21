"""CFUNCTYPE as ctypes has it: a Python function (so a class body can hold
it, as CPython's tests do), which makes each prototype once. Two calls with
the same types give the same callback type, so a callback made from one is
accepted where the other was declared. `_make` is callback.rs's constructor,
set by lib.rs when the module is installed.

`_CFuncPtr` is the abstract type of every function object; lib.rs
registers the two types that make them (`ForeignFunction`, `Callback`)."""

from abc import ABCMeta

_made = {}


def CFUNCTYPE(restype, *argtypes, default=None):
    """CFUNCTYPE(restype, *argtypes, default=0): the type of a C function
    pointer that calls a Python callable; `default` is what C gets back if
    the callable raises (integer results only)."""
    key = (restype, argtypes, default)
    try:
        return _made[key]
    except KeyError:
        made = _made[key] = _make(restype, *argtypes, default=default)  # noqa: F821
        return made
    except TypeError:  # an unhashable argument: refused by _make, or made anew
        return _make(restype, *argtypes, default=default)  # noqa: F821


class _CFuncPtr(metaclass=ABCMeta):  # noqa: B024 (ABCMeta for register(), not abstract methods)
    """The type of every C function object: a library's function
    (`lib.add`), a callback (`PROTO(f)`), a function pointer
    (`PROTO(address)`). `isinstance(f, _CFuncPtr)` tells one, as in ctypes.
    It is abstract, as ctypes' is: a prototype makes function objects
    (in mini-ctypes, a prototype is not a class), so `_CFuncPtr` makes none
    and has no memory to make one from."""

    __slots__ = ()

    def __new__(cls, *args, **kwargs):
        raise TypeError("abstract class")

    @classmethod
    def from_param(cls, value):
        """A C function object passes as itself; nothing else is one."""
        if isinstance(value, cls):
            return value
        raise TypeError(f"expected a C function object (_CFuncPtr), not {type(value).__name__}")

    @classmethod
    def _abstract(cls, *args, **kwargs):
        raise TypeError("abstract class")

    # No memory makes a function object: a prototype makes them.
    from_address = from_buffer = from_buffer_copy = in_dll = _abstract
