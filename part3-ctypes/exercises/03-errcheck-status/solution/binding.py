"""Exercise 03: one errcheck turns libscalars' status codes into Python.

scalars_status checked_div(int64_t a, int64_t b, int64_t *out);
scalars_status count_code_points(const char *text, uint64_t *out);
"""

import ctypes
from ctypes import POINTER, c_char_p, c_int32, c_int64, c_uint64

from part3_ctypes import library_path

# The SCALARS_* status codes from scalars.h.
OK = 0
NULL_ARGUMENT = 1
DIVISION_BY_ZERO = 2
OVERFLOW = 3
INVALID_UTF8 = 4


def check_status(status: int, func, args: tuple):
    """errcheck for functions that return a status and write their result to the last argument.

    ctypes calls it after every call; what it returns is what the call returns.
    """
    # ex: starter
    # | # TODO: return the out value on OK; raise the exception from the table otherwise.
    # | return status
    # ex: mistake 1: "on SCALARS_OK return what C wrote to the out argument"
    # | out = args[-1]  # the c_int64 object, not the number in it
    # ex: solution
    out = args[-1].value  # what C wrote through the out-pointer
    # ex: end
    # ex: starter
    # ex: solution
    if status == OK:
        return out
    # ex: end
    # ex: starter
    # ex: mistake 4: "test_failure_raises_the_mapped_exception[null-argument]"
    # | where = "checked_div()"
    # ex: solution
    where = f"{func.__name__}()"
    # ex: end
    # ex: starter
    # ex: solution
    if status == NULL_ARGUMENT:
        raise ValueError(f"{where}: a required pointer was NULL")
    if status == DIVISION_BY_ZERO:
        raise ZeroDivisionError(f"{where}: division by zero")
    if status == OVERFLOW:
        raise OverflowError(f"{where}: the result does not fit its C type")
    # ex: end
    # ex: starter
    # ex: mistake 2: "test_failure_raises_the_mapped_exception[invalid-utf8]"
    # | if status == INVALID_UTF8:
    # |     raise ValueError(f"{where}: text is not valid UTF-8 (first bad byte at offset {status})")
    # ex: solution
    if status == INVALID_UTF8:
        raise ValueError(f"{where}: text is not valid UTF-8 (first bad byte at offset {out})")
    # ex: end
    # ex: starter
    # ex: mistake 3: "instead of raising RuntimeError"
    # | return out  # an unknown status falls through
    # ex: solution
    # Never return the out value for a status we do not know: it may be garbage.
    raise RuntimeError(f"{where}: unknown status {status}")
    # ex: end


lib = ctypes.CDLL(str(library_path()))
lib.checked_div.argtypes = [c_int64, c_int64, POINTER(c_int64)]
lib.checked_div.restype = c_int32
lib.checked_div.errcheck = check_status
lib.count_code_points.argtypes = [c_char_p, POINTER(c_uint64)]
lib.count_code_points.restype = c_int32
lib.count_code_points.errcheck = check_status


def checked_div(a: int, b: int) -> int:
    """a / b rounded toward zero; raises instead of dividing by zero or overflowing."""
    return lib.checked_div(a, b, c_int64())  # argtypes pass the c_int64 by reference


def count_code_points(text: bytes | None) -> int:
    """The number of Unicode code points in UTF-8 ``text``."""
    return lib.count_code_points(text, c_uint64())
