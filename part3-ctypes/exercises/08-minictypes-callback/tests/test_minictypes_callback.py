"""Exercise 08 passes when a Python function is called by C through the closure."""

import sys

import pytest

from classroom.testing import load_extension
from part3_ctypes import library_path


@pytest.fixture(scope="module")
def mc():
    return load_extension("minicallback")


def declared(mc, default=0):
    """for_each_fib, and the callback type it takes (a visitor returning
    `default` when the Python function raises)."""
    visitor = mc.CFUNCTYPE(mc.c_int32, mc.c_uint32, mc.c_uint64, mc.c_void_p, default=default)
    function = mc.CDLL(str(library_path())).for_each_fib
    function.argtypes = [mc.c_uint32, visitor, mc.c_void_p]
    function.restype = mc.c_int32
    return function, visitor


def test_c_calls_the_python_function(mc):
    function, visitor = declared(mc)
    seen = []
    assert function(8, visitor(lambda index, term, data: seen.append((index, term)) or 0), None) == 0
    assert seen == [(0, 0), (1, 1), (2, 1), (3, 2), (4, 3), (5, 5), (6, 8), (7, 13)]


def test_the_result_reaches_c(mc):
    function, visitor = declared(mc)
    seen = []

    def visit(index, term, data):
        seen.append(term)
        return 1 if term >= 5 else 0  # non-zero tells C to stop

    assert function(20, visitor(visit), None) == 0
    assert seen == [0, 1, 1, 2, 3, 5]


def raising(index, term, data):
    raise RuntimeError(f"bad term {index}")


def test_an_exception_is_reported_not_unwound(mc, monkeypatch):
    function, visitor = declared(mc)
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    assert function(3, visitor(raising), None) == 0, "C carried on with the default 0"
    got = [str(report.exc_value) for report in reported]
    assert got == ["bad term 0", "bad term 1", "bad term 2"], f"exceptions are reported, one each: got {got}"


def test_a_failed_call_gives_c_the_declared_default(mc, monkeypatch):
    function, visitor = declared(mc, default=1)  # 1: stop at the first failure
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    function(3, visitor(raising), None)
    assert len(reported) == 1, (
        f"C gets the declared default (1: stop), so it calls once; it called {len(reported)} times"
    )


def test_a_wrong_result_is_reported_too(mc, monkeypatch):
    function, visitor = declared(mc)
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    assert function(2, visitor(lambda *args: "go on"), None) == 0
    assert [type(report.exc_value) for report in reported] == [TypeError, TypeError]
