"""`paramflags`: `PROTO(("name", library), paramflags)` names a function's
parameters, gives them defaults, and makes output parameters, so that
`scalars_status checked_div(a, b, int64_t *out)` reads as `q = div(7, 2)`.
Each behaviour against stock ctypes, then what mini-ctypes says where the
two differ in words."""

import ctypes
import ctypes.util

import pytest

import minictypes as mc
from part3_ctypes import library_path

MODULES = pytest.mark.parametrize("c", [ctypes, mc], ids=["ctypes", "minictypes"])


# ANCHOR: checked_div
def checked_div(c):
    """`checked_div` with its output made by the call, and the status
    checked by errcheck, which hands the arguments back so the call returns
    the output (ctypes' idiom)."""
    prototype = c.CFUNCTYPE(c.c_int32, c.c_int64, c.c_int64, c.POINTER(c.c_int64))
    divide = prototype(("checked_div", c.CDLL(str(library_path()))), ((1, "a"), (1, "b", 1), (2, "out")))

    def check(status, function, arguments):
        if status != 0:
            raise ZeroDivisionError(f"checked_div says {status}")
        return arguments

    divide.errcheck = check
    return divide


# ANCHOR_END: checked_div


# ANCHOR: called
@MODULES
def test_an_output_parameter_is_made_and_returned(c):
    divide = checked_div(c)
    assert divide(7, 2) == 3
    assert divide(b=4, a=9) == 2
    assert divide(5) == 5  # b's default
    with pytest.raises(ZeroDivisionError):
        divide(1, 0)


# ANCHOR_END: called


@MODULES
def test_several_outputs_are_a_tuple(c):
    libm = c.CDLL(ctypes.util.find_library("m"))
    prototype = c.CFUNCTYPE(None, c.c_double, c.POINTER(c.c_double), c.POINTER(c.c_double))
    sincos = prototype(("sincos", libm), ((1, "x"), (2, "sin"), (2, "cos")))
    assert sincos(0.0) == (0.0, 1.0)
    assert sincos(x=0.0) == (0.0, 1.0)


@MODULES
def test_without_outputs_the_result_is_returned(c):
    prototype = c.CFUNCTYPE(c.c_int64, c.c_int64, c.c_int64)
    add = prototype(("add", c.CDLL(str(library_path()))), ((1, "a"), (1, "b", 10)))
    assert add(2, 3) == 5
    assert add(2) == 12
    assert add(b=1, a=1) == 2
    with pytest.raises(TypeError):  # 4, Windows' locale id, is not for Linux
        prototype(("add", c.CDLL(str(library_path()))), ((1, "a"), (4, "b")))


@MODULES
def test_a_missing_input_is_named(c):
    with pytest.raises(TypeError, match=r"^required argument 'a' missing$"):
        checked_div(c)()


@MODULES
def test_flags_must_match_the_argument_types(c):
    prototype = c.CFUNCTYPE(c.c_int64, c.c_int64, c.c_int64)
    library = c.CDLL(str(library_path()))
    with pytest.raises(ValueError, match="paramflags must have the same length as argtypes"):
        prototype(("add", library), ((1, "a"),))
    with pytest.raises(TypeError):
        prototype(("add", library), "ab")


def test_wrong_calls_say_what_is_wrong():
    divide = checked_div(mc)
    with pytest.raises(TypeError, match=r"^checked_div\(\) takes at most 2 arguments \(3 given\)$"):
        divide(1, 2, 3)
    with pytest.raises(TypeError, match=r"^checked_div\(\) got an unexpected keyword argument 'c'$"):
        divide(1, c=2)
    with pytest.raises(TypeError, match=r"^checked_div\(\) got multiple values for argument 'a'$"):
        divide(1, a=2)
    with pytest.raises(mc.ArgumentError, match=r"argument 1"):
        divide("7", 2)  # the arranged arguments are then checked as any call's


def test_bad_paramflags_are_refused_by_name():
    prototype = mc.CFUNCTYPE(mc.c_int32, mc.c_int64, mc.c_int64, mc.POINTER(mc.c_int64))
    library = mc.CDLL(str(library_path()))
    pair = ("checked_div", library)
    with pytest.raises(TypeError, match=r"^paramflags 1: flags 8 is not 1 \(in\), 2 \(out\) or 3"):
        prototype(pair, ((8, "a"), (1, "b"), (2, "out")))
    with pytest.raises(
        TypeError, match=r"^'out' parameter 1 must be a pointer type, not <class 'minictypes.c_int64'>$"
    ):
        prototype(pair, ((2, "a"), (1, "b"), (2, "out")))
    with pytest.raises(TypeError, match=r"^paramflags must be a sequence of \(int \[,string \[,value\]\]\) tuples$"):
        prototype(pair, ((1, 2), (1, "b"), (2, "out")))
    with pytest.raises(TypeError, match=r"^paramflags name a library function's parameters"):
        prototype(0x1234, ((1, "a"), (1, "b"), (2, "out")))


def test_keywords_without_paramflags_are_refused():
    add = mc.CDLL(str(library_path())).add
    add.argtypes, add.restype = [mc.c_int64, mc.c_int64], mc.c_int64
    with pytest.raises(TypeError, match=r"^add\(\) takes no keyword arguments$"):
        add(1, b=2)
    with pytest.raises(TypeError, match=r"^add\(\) takes no keyword arguments$"):
        add(*(1,), **{"b": 2})


@MODULES
def test_an_input_and_output_parameter_is_passed_and_returned(c):
    # Flag 3: the caller passes it, and the call returns it as given, with
    # what C left there.
    libc = c.CDLL(None)
    prototype = c.CFUNCTYPE(c.c_long, c.c_char_p, c.POINTER(c.c_char_p), c.c_int)
    strtol = prototype(("strtol", libc), ((1, "text"), (3, "end"), (1, "base", 10)))
    end = c.c_char_p()
    assert strtol(b"42abc", end) is end
    assert end.value == b"abc"
