"""Mistake: the same pointer freed twice.

The first free gives the memory back; the second frees memory that may
already belong to someone else. glibc notices this case (the block is
still on its free list) and aborts the process.
Found by: glibc's abort ("double free detected"), valgrind's "Invalid free".
Fix: hand out handles, not pointers (Part V), or free in exactly one place
(a resource class's close()). Taught in: Part V, failure first.
"""

import ctypes

from _lab import LIBHANDLES

lib = ctypes.CDLL(LIBHANDLES)
lib.raw_counter_new.argtypes, lib.raw_counter_new.restype = [ctypes.c_int64], ctypes.c_void_p
lib.raw_counter_free.argtypes, lib.raw_counter_free.restype = [ctypes.c_void_p], None

# ANCHOR: mistake
counter = lib.raw_counter_new(10)
lib.raw_counter_free(counter)
print("freed once", flush=True)
lib.raw_counter_free(counter)  # again
# ANCHOR_END: mistake
print("(not reached)")
