"""Exercise 06 passes when c_float carries 4-byte floats both ways."""

import math
import struct

import pytest

from classroom.testing import load_extension
from part3_ctypes import library_path


def float32(number):
    """`number` rounded to single precision, as a Python float."""
    return struct.unpack("f", struct.pack("f", number))[0]


@pytest.fixture(scope="module")
def mc():
    return load_extension("minifloat")


def test_doubles_already_work(mc):
    lib = mc.CDLL(str(library_path()))
    lib.celsius_to_fahrenheit.argtypes = [mc.c_double]
    lib.celsius_to_fahrenheit.restype = mc.c_double
    assert lib.celsius_to_fahrenheit(100.0) == 212.0


@pytest.fixture
def libm(mc):
    libm = mc.CDLL("libm.so.6")
    for name in ("sqrtf", "fabsf"):
        getattr(libm, name).argtypes = [mc.c_float]
        getattr(libm, name).restype = mc.c_float
    return libm


def test_float_results_are_single_precision(libm):
    got = libm.sqrtf(2.0)
    assert isinstance(got, float)
    assert got == float32(math.sqrt(2.0)), f"sqrtf(2.0) returned {got!r}: not the float32 rounding of sqrt(2)"
    assert got != math.sqrt(2.0)


def test_float_arguments(libm):
    got = libm.fabsf(-2.5)
    assert got == 2.5, f"fabsf(-2.5) returned {got!r}: are the float's bits in the slot, not its value?"
    assert libm.fabsf(3) == 3.0, "an int is accepted for a float parameter"
    assert libm.sqrtf(1e-3) == pytest.approx(0.0316227766, rel=1e-6)


def test_c_float_values_in_memory(mc):
    # The same conversions serve a c_float object and an array's elements.
    assert mc.c_float(0.1).value == float32(0.1)
    assert list((mc.c_float * 3)(1.5, -2.0, 1e-3)) == [1.5, -2.0, float32(1e-3)]


def test_float_refuses_non_numbers(libm):
    with pytest.raises(TypeError, match=r"^argument 1 to fabsf\(\): c_float needs a float, not str$"):
        libm.fabsf("2.5")
