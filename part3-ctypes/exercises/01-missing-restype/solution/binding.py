"""Exercise 01: declare the result types ctypes cannot read from the header.

uint64_t fib(uint32_t n);
double   celsius_to_fahrenheit(double celsius);
"""

import ctypes

from part3_ctypes import library_path

lib = ctypes.CDLL(str(library_path()))

lib.fib.argtypes = [ctypes.c_uint32]
# ex: starter
# | # TODO: tell ctypes what fib returns.
# ex: mistake 1: "read as signed: fib returns uint64_t, an unsigned type"
# | lib.fib.restype = ctypes.c_int64
# ex: mistake 2: "only the low 32 bits arrived"
# | lib.restype = ctypes.c_uint64  # on the library, not the function: ignored
# ex: mistake 3: "only the low 32 bits arrived"
# | _fib = lib.fib  # the result left as ctypes' default int, then masked afterwards:
# | lib.fib = lambda n: _fib(n) & 0xFFFF_FFFF
# ex: solution
lib.fib.restype = ctypes.c_uint64  # uint64_t: unsigned, so the sentinel reads as 2**64 - 1
# ex: end

lib.celsius_to_fahrenheit.argtypes = [ctypes.c_double]
# ex: starter
# | # TODO: tell ctypes what celsius_to_fahrenheit returns.
# ex: solution
lib.celsius_to_fahrenheit.restype = ctypes.c_double
# ex: end


def fib(n: int) -> int:
    """The n-th Fibonacci number (fib(0) == 0); 2**64 - 1 past FIB_MAX_N."""
    return lib.fib(n)


def celsius_to_fahrenheit(celsius: float) -> float:
    """Degrees Celsius to degrees Fahrenheit, computed by libscalars."""
    return lib.celsius_to_fahrenheit(celsius)
