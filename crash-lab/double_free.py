"""Mistake: a pointer used after its object was freed, then freed again.

After the first free the memory is the allocator's; the next allocation of
the same size gets it back, so the old pointer now reads the *new* object,
silently. The second free then hands back memory that belongs to someone
else, and returns as if nothing were wrong. Only the third, the owner's
own free, gives glibc something it can see: the same block freed twice in
a row. It aborts the process there.
Found by: glibc's abort ("double free detected"), valgrind's "Invalid free".
Fix: hand out handles, not pointers (Part V), or free in exactly one place
(a resource class's close()). Taught in: Part V, failure first.
"""

import ctypes

from _lab import LIBHANDLES

lib = ctypes.CDLL(LIBHANDLES)
lib.raw_counter_new.argtypes, lib.raw_counter_new.restype = [ctypes.c_int64], ctypes.c_void_p
lib.raw_counter_free.argtypes, lib.raw_counter_free.restype = [ctypes.c_void_p], None
lib.raw_counter_value.argtypes, lib.raw_counter_value.restype = [ctypes.c_void_p], ctypes.c_int64

# ANCHOR: mistake
counter = lib.raw_counter_new(10)  # an address, as a plain int
lib.raw_counter_free(counter)
other = lib.raw_counter_new(99)  # the allocator may hand out the same memory
print(f"freed a Counter(10), allocated a Counter(99): same address? {other == counter}", flush=True)
print(f"raw_counter_value(freed pointer) = {lib.raw_counter_value(counter)}", flush=True)  # use after free
lib.raw_counter_free(counter)  # a double free: the object at that address is `other`
print("raw_counter_free(freed pointer) returned: nothing noticed, `other` is freed", flush=True)
lib.raw_counter_free(other)  # the same block freed twice in a row: glibc notices here
# ANCHOR_END: mistake
print("(not reached)")
