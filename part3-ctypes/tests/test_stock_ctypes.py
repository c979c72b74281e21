"""What stock ctypes does without our checks: the facts the chapter shows.

These pin the failure-first behaviour so the book cannot claim something
ctypes does not do. Only deterministic failures are asserted here; the
garbage a missing restype returns for a double is shown, not tested.
"""

import ctypes

import pytest

from part3_ctypes._paths import library_path


@pytest.fixture
def raw():
    """A fresh CDLL with no argtypes or restype declared."""
    return ctypes.CDLL(str(library_path()))


def test_without_restype_a_64_bit_result_is_truncated_to_int(raw):
    raw.add.argtypes = [ctypes.c_int64, ctypes.c_int64]
    assert raw.add(2**40, 1) == 1  # restype defaults to c_int: the low 32 bits only


def test_without_argtypes_a_float_argument_is_rejected_or_garbled(raw):
    raw.celsius_to_fahrenheit.restype = ctypes.c_double
    # An int is passed as a C int in an integer register, where the
    # function never looks: the result is not 212.
    assert raw.celsius_to_fahrenheit(100) != 212.0


def test_an_out_of_range_int_wraps_silently(raw):
    raw.add.argtypes = [ctypes.c_int64, ctypes.c_int64]
    raw.add.restype = ctypes.c_int64
    assert raw.add(2**64 + 5, 0) == 5  # no error: the high bits are dropped


def test_a_negative_count_wraps_to_a_huge_unsigned(raw):
    raw.fib.argtypes = [ctypes.c_uint32]
    raw.fib.restype = ctypes.c_uint64
    assert raw.fib(-1) == 2**64 - 1  # -1 became 4294967295; fib says "too big"
