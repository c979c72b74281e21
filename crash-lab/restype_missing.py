"""Mistake: a function that returns a pointer, called with no `restype`.

ctypes assumes every result is a C `int`: 32 bits. A heap address needs 64,
so the upper half is cut off, and the truncated number is not an address
this process owns. Reading through it crashes.
Found by: the crash itself (SIGSEGV). Fix: `restype = c_void_p`, then free it.
Taught in: Part III, failure first.
"""

import ctypes

from _lab import LIBSCALARS

# ANCHOR: mistake
lib = ctypes.CDLL(LIBSCALARS)
lib.format_reading_alloc.argtypes = [ctypes.c_char_p, ctypes.c_double]
# (no restype: ctypes reads the char * as an int)
address = lib.format_reading_alloc(b"sensor-A", 21.5)
print(f"the library returned a 64-bit pointer; ctypes kept a C int: {-(2**31) <= address < 2**31}", flush=True)
print(ctypes.string_at(address))  # reads memory at the truncated address
# ANCHOR_END: mistake
