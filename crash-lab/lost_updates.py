"""Mistake: a shared count updated without a lock, called through ctypes.

ctypes releases the GIL around every foreign call, so four Python threads
run the C code at the same time. Each increment is a load and a store; two
threads that load the same value store the same result, and one increment
is lost. Nothing crashes; the number is simply wrong.
Found by: counting (a stress test with several threads). Fix: a lock or an
atomic add in the library (Part V's pools lock). Taught in: Part V, thread safety.
"""

import ctypes
import threading

from _lab import LIBCRASHLAB

lib = ctypes.CDLL(LIBCRASHLAB)
lib.unlocked_increment.argtypes, lib.unlocked_increment.restype = [ctypes.c_int64], None
lib.unlocked_count.argtypes, lib.unlocked_count.restype = [], ctypes.c_int64

# ANCHOR: mistake
threads = [threading.Thread(target=lib.unlocked_increment, args=(1_000_000,)) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
# ANCHOR_END: mistake
count = lib.unlocked_count()
print(f"4 threads x 1,000,000 increments: the count is {count:,}, {4_000_000 - count:,} lost")
