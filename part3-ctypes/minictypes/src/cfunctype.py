"""CFUNCTYPE as ctypes has it: a Python function (so a class body can hold
it, as CPython's tests do), which makes each prototype once. Two calls with
the same types give the same callback type, so a callback made from one is
accepted where the other was declared. `_make` is callback.rs's constructor,
set by lib.rs when the module is installed."""

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
