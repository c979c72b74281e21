"""What `memoryview(x)` says C data is (PEP 3118), side by side with ctypes:
the format, item size and shape ctypes gives, so NumPy reads an array of
doubles as doubles."""

import ctypes

import pytest

import minictypes as mc


def types(c):
    class Pair(c.Structure):
        _fields_ = [("tag", c.c_char), ("count", c.c_int32)]

    class Flags(c.Structure):
        _fields_ = [("low", c.c_int32, 3), ("high", c.c_int32)]

    class Packed(c.Structure):
        _pack_ = 1
        _fields_ = [("tag", c.c_char), ("count", c.c_int32)]

    class Either(c.Union):
        _fields_ = [("count", c.c_int32)]

    class Grid(c.Structure):
        _fields_ = [("cells", c.c_int64 * 3 * 2), ("pairs", Pair * 4)]

    return [
        c.c_int32,
        c.c_int64,
        c.c_uint16,
        c.c_double,
        c.c_bool,
        c.c_char,
        c.c_wchar,
        c.c_char_p,
        c.c_wchar_p,
        c.c_void_p,
        c.c_int32.__ctype_be__,
        c.c_double.__ctype_be__,
        Pair,
        Flags,
        Packed,
        Either,
        Grid,
        Grid * 3,
        c.POINTER(Pair),
        c.POINTER(c.POINTER(c.c_int64)),
        c.POINTER(c.c_int16 * 2),
        c.c_float * 4 * 3 * 2,
        c.c_double * 0,
    ]


@pytest.mark.parametrize("index", range(len(types(mc))))
def test_a_view_describes_c_data_as_ctypes_does(index):
    mine, stock = memoryview(types(mc)[index]()), memoryview(types(ctypes)[index]())
    assert (mine.format, mine.itemsize, mine.shape, mine.nbytes, mine.readonly) == (
        stock.format,
        stock.itemsize,
        stock.shape,
        stock.nbytes,
        stock.readonly,
    )


# ANCHOR: numpy
def test_numpy_reads_an_array_of_doubles_as_doubles():
    numpy = pytest.importorskip("numpy")
    values = (mc.c_double * 4)(1.5, 2.5, 3.5, 4.5)
    array = numpy.asarray(values)  # a view: no copy
    assert (array.dtype, array.shape, array.tolist()) == (numpy.float64, (4,), [1.5, 2.5, 3.5, 4.5])
    array[0] = 9.0
    assert values[0] == 9.0, "numpy wrote the C array's own bytes"


# ANCHOR_END: numpy
