"""`_as_parameter_`: an object that stands for the C value it holds (a
wrapper class around a handle), taken in its place by a call and by
`from_param`, as ctypes takes it."""

import pytest

import minictypes as mc
from part3_ctypes import library_path


class Wrapper:
    def __init__(self, value):
        self._as_parameter_ = value


class Computed:
    @property
    def _as_parameter_(self):
        return 40


@pytest.fixture
def add():
    function = mc.CDLL(str(library_path())).add
    function.argtypes, function.restype = [mc.c_int64, mc.c_int64], mc.c_int64
    return function


def test_a_call_takes_the_value_an_object_stands_for(add):
    assert add(Wrapper(2), 3) == 5
    assert add(Computed(), Wrapper(Wrapper(2))) == 42


def test_a_stand_in_is_checked_as_the_value_itself(add):
    with pytest.raises(OverflowError):
        add(Wrapper(2**70), 1)
    with pytest.raises(TypeError, match=r"^argument 1 to add\(\): c_int64 needs an int, not object$"):
        add(object(), 1)  # no stand-in: the first error


def test_an_object_that_stands_for_itself_is_a_recursion_error(add):
    loop = Wrapper(None)
    loop._as_parameter_ = loop
    with pytest.raises(RecursionError, match=r"^argument 1 to add\(\): _as_parameter_ nested more than 64 deep"):
        add(loop, 1)
    with pytest.raises(RecursionError):
        mc.c_int.from_param(loop)


def test_from_param_follows_a_stand_in():
    assert repr(mc.c_int.from_param(Wrapper(7))) == "<cparam 'i' (7)>"
