"""Exercise 06 passes when c_float carries 4-byte floats both ways."""

import math

import pytest

from classroom.testing import load_extension
from part3_ctypes import library_path


@pytest.fixture(scope="module")
def mc():
    return load_extension("minifloat")


@pytest.fixture
def lib(mc):
    return mc.CDLL(str(library_path()))


def test_doubles_already_work(mc, lib):
    lib.celsius_to_fahrenheit.argtypes = [mc.c_double]
    lib.celsius_to_fahrenheit.restype = mc.c_double
    assert lib.celsius_to_fahrenheit(100.0) == 212.0


def test_c_float_exists(mc):
    assert hasattr(mc, "c_float"), "the module has no c_float: is it in Kind::ALL?"
    assert repr(mc.c_float) == "c_float"


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
    assert got == 1.4142135381698608, f"sqrtf(2.0) returned {got!r}: not the float32 rounding of sqrt(2)"
    assert got != math.sqrt(2.0)


def test_float_arguments(libm):
    assert libm.fabsf(-2.5) == 2.5
    assert libm.fabsf(3) == 3.0, "an int is accepted for a float parameter"
    assert libm.sqrtf(1e-3) == pytest.approx(0.0316227766, rel=1e-6)


def test_float_refuses_non_numbers(libm):
    with pytest.raises(TypeError, match=r"^argument 1: c_float cannot take str$"):
        libm.fabsf("2.5")
