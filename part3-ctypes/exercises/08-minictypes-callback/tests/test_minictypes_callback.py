"""Exercise 08 passes when a Python function is called by C through the closure."""

import sys

import pytest

from classroom.testing import load_extension
from part3_ctypes import library_path


@pytest.fixture(scope="module")
def mc():
    return load_extension("minicallback")


@pytest.fixture
def lib(mc):
    return mc.CDLL(str(library_path()))


@pytest.fixture
def for_each_fib(mc, lib):
    visitor = mc.CFUNCTYPE(mc.c_int32, mc.c_uint32, mc.c_uint64, mc.c_void_p)
    function = lib.for_each_fib
    function.argtypes = [mc.c_uint32, visitor, mc.c_void_p]
    function.restype = mc.c_int32
    return function, visitor


def test_c_calls_the_python_function(for_each_fib):
    function, visitor = for_each_fib
    seen = []
    assert function(8, visitor(lambda index, term, data: seen.append((index, term)) or 0), None) == 0
    assert seen == [(0, 0), (1, 1), (2, 1), (3, 2), (4, 3), (5, 5), (6, 8), (7, 13)]


def test_the_result_reaches_c(for_each_fib):
    function, visitor = for_each_fib
    seen = []

    def visit(index, term, data):
        seen.append(term)
        return 1 if term >= 5 else 0  # non-zero tells C to stop

    assert function(20, visitor(visit), None) == 0
    assert seen == [0, 1, 1, 2, 3, 5]


def test_an_exception_is_reported_not_unwound(for_each_fib, monkeypatch):
    function, visitor = for_each_fib
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)

    def visit(index, term, data):
        raise RuntimeError(f"bad term {index}")

    assert function(3, visitor(visit), None) == 0, "C carried on with the default 0"
    assert [str(report.exc_value) for report in reported] == ["bad term 0", "bad term 1", "bad term 2"]
