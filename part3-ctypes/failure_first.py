"""What goes wrong without argtypes and restype: run it and see.

``make outputs`` runs this and the book includes what it printed. Every
call below uses a bare ``CDLL`` (nothing declared), the way a first ctypes
script usually starts, then shows the answer our glue gives.
"""

import ctypes

from part3_ctypes import glue_ctypes
from part3_ctypes._paths import library_path


def bare() -> ctypes.CDLL:
    """A fresh handle with no argtypes or restype set on any function."""
    return ctypes.CDLL(str(library_path()))


def attempt(label: str, call) -> None:
    try:
        print(f"{label:<58} -> {call()!r}")
    except Exception as error:  # noqa: BLE001 - showing the failure is the point
        print(f"{label:<58} -> {type(error).__name__}: {error}")


# ANCHOR: wrong
lib = bare()
attempt("celsius_to_fahrenheit(100.0)   # nothing declared", lambda: lib.celsius_to_fahrenheit(100.0))

lib = bare()
attempt("celsius_to_fahrenheit(c_double(100.0))  # no restype", lambda: lib.celsius_to_fahrenheit(ctypes.c_double(100)))

lib = bare()
lib.celsius_to_fahrenheit.restype = ctypes.c_double
attempt("celsius_to_fahrenheit(100)     # restype, no argtypes", lambda: lib.celsius_to_fahrenheit(100))

lib = bare()
lib.add.argtypes = [ctypes.c_int64, ctypes.c_int64]
attempt("add(2**40, 1)                  # argtypes, no restype", lambda: lib.add(2**40, 1))

lib = bare()
attempt("add(2**40, 1)                  # nothing declared", lambda: lib.add(2**40, 1))

lib = bare()
lib.add.argtypes, lib.add.restype = [ctypes.c_int64, ctypes.c_int64], ctypes.c_int64
attempt("add(2**64 + 5, 0)              # both declared", lambda: lib.add(2**64 + 5, 0))

lib = bare()
lib.fib.argtypes, lib.fib.restype = [ctypes.c_uint32], ctypes.c_uint64
attempt("fib(-1)                        # both declared", lambda: lib.fib(-1))
# ANCHOR_END: wrong

print()
# ANCHOR: fixed
attempt("glue_ctypes.celsius_to_fahrenheit(100.0)", lambda: glue_ctypes.celsius_to_fahrenheit(100.0))
attempt("glue_ctypes.celsius_to_fahrenheit(100)", lambda: glue_ctypes.celsius_to_fahrenheit(100))
attempt("glue_ctypes.add(2**40, 1)", lambda: glue_ctypes.add(2**40, 1))
attempt("glue_ctypes.add(2**64 + 5, 0)", lambda: glue_ctypes.add(2**64 + 5, 0))
attempt("glue_ctypes.fib(-1)", lambda: glue_ctypes.fib(-1))
# ANCHOR_END: fixed
