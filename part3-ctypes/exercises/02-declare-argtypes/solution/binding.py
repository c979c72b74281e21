"""Exercise 02: declare the argument types ctypes cannot read from the header.

int64_t        add(int64_t a, int64_t b);
scalars_status count_code_points(const char *text, uint64_t *out);
"""

import ctypes

from part3_ctypes import library_path

lib = ctypes.CDLL(str(library_path()))

lib.add.restype = ctypes.c_int64
# ex: starter
# | # TODO: declare add's argument types.
# ex: mistake 1: "has no from_param method"
# | lib.add.argtypes = (ctypes.c_int64(0), ctypes.c_int64(0))
# ex: solution
lib.add.argtypes = [ctypes.c_int64, ctypes.c_int64]
# ex: end

lib.count_code_points.restype = ctypes.c_int32  # scalars_status
# ex: starter
# | # TODO: declare count_code_points' argument types.
# ex: mistake 2: "instead of raising ctypes.ArgumentError"
# | lib.count_code_points.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint64)]
# ex: mistake 3: "argument 2"
# | lib.count_code_points.argtypes = [ctypes.c_char_p, ctypes.c_uint64]
# ex: solution
lib.count_code_points.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_uint64)]
# ex: end


def add(a: int, b: int) -> int:
    """a + b in int64_t arithmetic."""
    return lib.add(a, b)


def count_code_points(text: bytes) -> int:
    """The number of Unicode code points in UTF-8 ``text``."""
    out = ctypes.c_uint64()
    status = lib.count_code_points(text, ctypes.byref(out))
    if status != 0:
        raise ValueError(f"count_code_points() failed with status {status}")
    return out.value
