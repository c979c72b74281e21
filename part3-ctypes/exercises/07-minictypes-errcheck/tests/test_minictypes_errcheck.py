"""Exercise 07 passes when errcheck sees every result and decides what the call returns."""

import pytest

from classroom.testing import load_extension
from part3_ctypes import library_path


@pytest.fixture(scope="module")
def mc():
    return load_extension("minierrcheck")


@pytest.fixture
def lib(mc):
    return mc.CDLL(str(library_path()))


@pytest.fixture
def checked_div(mc, lib):
    function = lib.checked_div
    function.argtypes = [mc.c_int64, mc.c_int64, mc.c_void_p]
    function.restype = mc.c_int32
    return function


def test_without_errcheck_the_status_comes_back(checked_div):
    assert checked_div(7, 2, None) == 1, "NULL out pointer: SCALARS_NULL_ARGUMENT"


def test_errcheck_replaces_the_result(checked_div):
    seen = []

    def errcheck(result, name, args):
        seen.append((result, name, args))
        return "checked"

    checked_div.errcheck = errcheck
    try:
        assert checked_div(7, 2, None) == "checked"
        assert seen == [(1, "checked_div", (7, 2, None))]
    finally:
        checked_div.errcheck = None


def test_errcheck_can_raise(checked_div):
    def status_to_exception(status, name, args):
        if status != 0:
            raise ValueError(f"{name}() failed with status {status}")
        return status

    checked_div.errcheck = status_to_exception
    try:
        with pytest.raises(ValueError, match=r"^checked_div\(\) failed with status 1$"):
            checked_div(7, 2, None)
    finally:
        checked_div.errcheck = None


def test_none_removes_it(checked_div):
    checked_div.errcheck = lambda *a: "checked"
    checked_div.errcheck = None
    assert checked_div(7, 2, None) == 1


def test_errcheck_must_be_callable(checked_div):
    with pytest.raises(TypeError, match=r"^errcheck must be callable or None, not int$"):
        checked_div.errcheck = 42
