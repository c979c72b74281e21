"""Features CPython's ctypes tests reach for, each against stock ctypes:
`in_dll` (a variable a library exports, read and written in place),
`argtypes = None` (the declaration taken back), and callbacks that take
and return doubles."""

import ctypes

import pytest

import minictypes as mc
from part3_ctypes import library_path

_ctypes_test = pytest.importorskip("_ctypes_test", reason="CPython's ctypes test library is not installed")


def test_a_variable_reads_as_stock_ctypes_reads_it():
    assert (
        mc.c_void_p.in_dll(mc.CDLL(None), "environ").value == ctypes.c_void_p.in_dll(ctypes.CDLL(None), "environ").value
    )


def test_a_variable_is_written_in_place():
    stock = ctypes.c_int.in_dll(ctypes.CDLL(_ctypes_test.__file__), "an_integer")
    mine = mc.c_int.in_dll(mc.CDLL(_ctypes_test.__file__), "an_integer")
    assert mine.value == stock.value
    before = stock.value
    try:
        mine.value = 1234
        assert stock.value == 1234, "the same bytes: the library's own variable"
    finally:
        stock.value = before


def test_the_view_keeps_its_library_loaded():
    import gc

    view = mc.c_int.in_dll(mc.CDLL(_ctypes_test.__file__), "an_integer")
    gc.collect()
    assert view.value == ctypes.c_int.in_dll(ctypes.CDLL(_ctypes_test.__file__), "an_integer").value


def test_a_missing_symbol_is_a_value_error():
    with pytest.raises(ValueError, match=r"^symbol 'no_such_variable' not found$"):
        mc.c_int.in_dll(mc.CDLL(str(library_path())), "no_such_variable")


def test_argtypes_none_takes_the_declaration_back():
    add = mc.CDLL(str(library_path())).add
    add.argtypes, add.restype = [mc.c_int64, mc.c_int64], mc.c_int64
    assert add(2, 3) == 5
    add.argtypes = None
    assert add.argtypes is None
    with pytest.raises(TypeError, match=r"^add\(\) has no declared types"):
        add(2, 3)


def integrate(module):
    """CPython's test library's integrate(a, b, f, nstep): C calls f(double) -> double back."""
    library = module.CDLL(_ctypes_test.__file__)
    function = module.CFUNCTYPE(module.c_double, module.c_double)
    library.integrate.argtypes = (module.c_double, module.c_double, function, module.c_long)
    library.integrate.restype = module.c_double
    return library.integrate(0.0, 1.0, function(lambda x: x * x), 10)


def test_a_callback_takes_and_returns_doubles_as_stock_ctypes_does():
    assert integrate(mc) == integrate(ctypes)
