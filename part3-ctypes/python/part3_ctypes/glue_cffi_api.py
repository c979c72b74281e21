"""Route 3: cffi in API mode, out of line. Layer 1 glue over a generated shim.

``part3-ctypes/cffi_build.py`` ran the C compiler once, at build time, over
C that cffi generated from the same header: the result is a real extension
module, ``_scalars_cffi``, with ``PyInit__scalars_cffi`` and a direct C call
to each function. No libffi on the call path, no parsing at import.
"""

from .glue_cffi import functions

try:
    # ANCHOR: load
    from ._scalars_cffi import ffi, lib  # the generated Layer 2 module
    # ANCHOR_END: load
except ImportError as error:  # not built yet: say how, not just "no module"
    raise ImportError(f"{error}; build it with `make demo` or `python part3-ctypes/cffi_build.py`") from error

# The public functions: add, fib, ..., the same names as the other routes.
_functions = functions(ffi, lib)
globals().update(_functions)
__all__ = ["ffi", "lib", *_functions]
