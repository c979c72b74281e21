"""Exercise 07 passes when errcheck sees every result and decides what the call returns."""

import pytest

from classroom.testing import load_extension
from part3_ctypes import library_path


@pytest.fixture(scope="module")
def mc():
    return load_extension("minierrcheck")


@pytest.fixture
def checked_div(mc):
    function = mc.CDLL(str(library_path())).checked_div
    function.argtypes = [mc.c_int64, mc.c_int64, mc.c_void_p]
    function.restype = mc.c_int32
    return function


def test_without_errcheck_the_status_comes_back(checked_div):
    assert checked_div(7, 2, None) == 1, "NULL out pointer: SCALARS_NULL_ARGUMENT"


def test_errcheck_sees_result_function_and_arguments(checked_div):
    seen = []
    checked_div.errcheck = lambda *given: seen.append(given) or "checked"
    answer = checked_div(7, 2, None)
    assert seen == [(1, checked_div, (7, 2, None))], "the hook sees (result, function, args), in that order"
    assert answer == "checked", "the hook's answer is the call's"


def test_errcheck_can_raise(checked_div):
    def status_to_exception(status, function, args):
        if status != 0:
            raise ValueError(f"{function.__name__}() failed with status {status}")
        return status

    checked_div.errcheck = status_to_exception
    try:
        checked_div(7, 2, None)
    except ValueError as error:
        assert str(error) == "checked_div() failed with status 1"
    else:
        pytest.fail("the hook's exception is the call's: it raised ValueError, the call raised nothing")


def test_deleting_removes_it(checked_div):
    checked_div.errcheck = lambda *given: "checked"
    del checked_div.errcheck
    assert checked_div(7, 2, None) == 1


@pytest.mark.parametrize("value", [42, None])
def test_errcheck_must_be_callable(checked_div, value):
    with pytest.raises(TypeError, match=r"^the errcheck attribute must be callable$"):
        checked_div.errcheck = value
