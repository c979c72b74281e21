"""Slicing arrays and pointers, side by side with stock ctypes: a list of
the elements, bytes for `c_char`, str for `c_wchar`; a pointer's slice
needs its stop (C knows no length)."""

import ctypes

import pytest

import minictypes as mc

SLICES = [slice(2, 5), slice(None, None, -3), slice(-3, None), slice(8, 2, -2), slice(0, 0)]


@pytest.mark.parametrize("where", SLICES, ids=str)
def test_an_array_slice_reads_as_ctypes_reads_it(where):
    mine, stock = (mc.c_int * 10)(*range(10)), (ctypes.c_int * 10)(*range(10))
    assert mine[where] == stock[where] == list(range(10))[where]


def test_char_and_wchar_slices_are_strings():
    mine, stock = mc.create_unicode_buffer("hello"), ctypes.create_unicode_buffer("hello")
    assert mine[1:3] == stock[1:3] == "el"
    chars = (mc.c_char * 5)(*b"abcde")
    assert chars[1:4] == b"bcd"


def test_a_slice_is_written_element_by_element_and_checked():
    array = (mc.c_int8 * 5)()
    array[1:4] = [1, 2, 3]
    assert array[:] == [0, 1, 2, 3, 0]
    with pytest.raises(ValueError, match=r"^can only assign a sequence of the same size \(2 for 3 elements\)$"):
        array[1:4] = [1, 2]
    with pytest.raises(OverflowError):
        array[0:1] = [300]
    with pytest.raises(TypeError):
        array[0:2] = ["a", "b"]


def test_a_pointer_slice_needs_its_stop():
    array = (mc.c_int * 4)(10, 11, 12, 13)
    pointer = mc.cast(array, mc.POINTER(mc.c_int))
    assert pointer[1:3] == [11, 12]
    with pytest.raises(ValueError, match=r"^slice stop is required$"):
        pointer[1:]
    with pytest.raises(ValueError, match=r"^slice start is required for step < 0$"):
        pointer[:0:-1]
