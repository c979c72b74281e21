"""Mistake: a callback collected while C still holds it.

A `CFUNCTYPE` object owns the small piece of machine code (a libffi
closure) that C calls. Keep only its address, let the object be collected,
and C calls into memory that now describes nothing.
Found by: the crash (here, with freed memory filled by MALLOC_PERTURB_).
Fix: keep the callback object alive for as long as C may call it.
Taught in: Part III, mini-ctypes (callbacks).
"""

import ctypes
import gc

from _lab import LIBSCALARS

lib = ctypes.CDLL(LIBSCALARS)
VISITOR = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_uint32, ctypes.c_uint64, ctypes.c_void_p)
lib.for_each_fib.argtypes = [ctypes.c_uint32, ctypes.c_void_p, ctypes.c_void_p]
lib.for_each_fib.restype = ctypes.c_int32


# ANCHOR: mistake
def visitor_address() -> int:
    callback = VISITOR(lambda index, term, data: 0)
    return ctypes.cast(callback, ctypes.c_void_p).value  # the object dies on return


address = visitor_address()
gc.collect()
print("calling C with the address of a collected callback", flush=True)
lib.for_each_fib(5, address, None)
# ANCHOR_END: mistake
print("(survived: the freed memory still held the old contents this time)")
