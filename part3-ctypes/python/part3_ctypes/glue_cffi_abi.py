"""Route 2: cffi in ABI mode. Layer 1 glue over the ready-made ``_cffi_backend``.

No compiler: ``ffi.cdef`` parses the declarations from the project's own
header at import time, and ``ffi.dlopen`` loads the library. Each call then
goes through libffi, as with ctypes.
"""

from cffi import FFI

from ._paths import library_path
from .glue_cffi import functions
from .header import cdef_source

# ANCHOR: load
ffi = FFI()
ffi.cdef(cdef_source())  # the header's declarations, not a hand-typed copy
lib = ffi.dlopen(str(library_path()))
# ANCHOR_END: load

# The public functions: add, fib, ..., the same names as the other routes.
_functions = functions(ffi, lib)
globals().update(_functions)
__all__ = ["ffi", "lib", *_functions]
