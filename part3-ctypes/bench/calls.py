"""The calls the benchmark measures, by route and function name.

``CALLS[route][name]`` is a zero-argument callable making one call. The raw
routes call the declared library directly (what each Layer 2 module costs);
``ctypes+checks`` adds our Layer 1 argument checks on top. ``minictypes``
is this repository's own Layer 2 module (part3-ctypes/minictypes).
"""

import ctypes

import minictypes
from part3_ctypes import glue_cffi_abi, glue_cffi_api, glue_ctypes, glue_minictypes


def python_fib(n: int) -> int:
    """The pure-Python baseline of the series' Fibonacci timing table."""
    current, following = 0, 1
    for _ in range(n):
        current, following = following, current + following
    return current


def _calls(lib) -> dict:
    return {"add": lambda: lib.add(1, 2), "fib(30)": lambda: lib.fib(30), "noop": lambda: lib.noop()}


def _making(module) -> dict:
    """Making C data that Python owns, and letting it go: a scalar, as in
    `n = c_int32()` before `byref(n)`, and a small struct."""

    class Point(module.Structure):
        _fields_ = [("x", module.c_int32), ("y", module.c_int32)]

    scalar = module.c_int32
    return {"c_int32(5)": lambda: scalar(5), "Point(1, 2)": lambda: Point(1, 2)}


CALLS = {
    # The cost of the measuring loop itself: one call of a Python lambda.
    "harness": {"empty lambda": lambda: None},
    "ctypes": {**_calls(glue_ctypes.lib), **_making(ctypes)},
    "cffi ABI": _calls(glue_cffi_abi.lib),
    "cffi API": _calls(glue_cffi_api.lib),
    "minictypes": {**_calls(glue_minictypes.lib), **_making(minictypes)},
    "ctypes+checks": _calls(glue_ctypes),
    "pure Python": {"fib(30)": lambda: python_fib(30)},
}
