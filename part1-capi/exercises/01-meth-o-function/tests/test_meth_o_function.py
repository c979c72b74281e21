"""Exercise 01 passes when numbers_ext.square is a working METH_O function."""

import inspect

import pytest

from classroom.testing import load_extension


@pytest.fixture(scope="module")
def numbers_ext():
    return load_extension("numbers_ext")


def test_add_already_works(numbers_ext):
    assert numbers_ext.add(2, 3) == 5


def test_square_exists(numbers_ext):
    assert hasattr(numbers_ext, "square"), "numbers_ext has no square: is it in the PyMethodDef table?"
    assert numbers_ext.square(7) == 49
    assert numbers_ext.square(-3) == 9
    assert numbers_ext.square(2**31) == 2**62


def test_square_signature_and_doc(numbers_ext):
    assert str(inspect.signature(numbers_ext.square)) == "(x, /)"
    assert numbers_ext.square.__doc__ == "x * x for a 64-bit signed integer."


@pytest.mark.parametrize(("value", "name"), [("7", "str"), (7.0, "float"), (None, "NoneType")])
def test_square_refuses_non_ints(numbers_ext, value, name):
    with pytest.raises(TypeError) as caught:
        numbers_ext.square(value)
    assert str(caught.value) == f"square() argument must be int, not {name}"


@pytest.mark.parametrize("value", [2**32, -(2**32), 2**63, -(2**63) - 1])
def test_square_refuses_overflow(numbers_ext, value):
    with pytest.raises(OverflowError) as caught:
        numbers_ext.square(value)
    assert str(caught.value) == "square() does not fit a 64-bit signed integer"


def test_square_takes_exactly_one_argument(numbers_ext):
    with pytest.raises(TypeError, match=r"takes exactly one argument \(2 given\)"):
        numbers_ext.square(1, 2)
