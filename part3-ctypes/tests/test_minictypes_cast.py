"""`cast`, `pointer(...).contents` and a char array's `.value`, against stock
ctypes: every test runs once per library and both must give the same answer.

These three once gave wrong memory (found by CPython's own ctypes tests):
`cast` of a `c_void_p` pointed at the 8 bytes holding the address instead of
the address itself, `.contents` of a scalar pointer was a plain int that
could not write back, and setting a char array's `.value` zeroed the whole
array. `tools/reliability/exercise_all.py` runs the same casts under
valgrind's memcheck.
"""

import ctypes

import pytest

import minictypes as mc

LIBRARIES = {"ctypes": ctypes, "minictypes": mc}


@pytest.fixture(params=list(LIBRARIES))
def c(request):
    return LIBRARIES[request.param]


# Every kind of source cast() takes, built around one array of three ints.
SOURCES = {
    "int address": lambda c, arr: c.addressof(arr),
    "pointer instance": lambda c, arr: c.cast(c.addressof(arr), c.POINTER(c.c_int)),
    "array": lambda c, arr: arr,
    "c_void_p instance": lambda c, arr: c.c_void_p(c.addressof(arr)),
    "byref": lambda c, arr: c.byref(arr),
}


@pytest.mark.parametrize("source", list(SOURCES))
def test_cast_points_at_what_the_source_names(c, source):
    arr = (c.c_int * 3)(42, 17, 2)
    p = c.cast(SOURCES[source](c, arr), c.POINTER(c.c_int))
    assert c.addressof(p.contents) == c.addressof(arr)
    assert [p[i] for i in range(3)] == [42, 17, 2]
    p[2] = 3  # writes into arr, inside its 12 bytes
    assert list(arr) == [42, 17, 3]


def test_cast_of_a_c_char_p_reads_its_string(c):
    text = c.c_char_p(b"abc")
    p = c.cast(text, c.POINTER(c.c_char))
    assert [p[i] for i in range(4)] == [b"a", b"b", b"c", b"\0"]


def test_cast_of_none_is_null(c):
    assert not c.cast(None, c.POINTER(c.c_int))


def test_cast_refuses_a_number_object():
    """A c_int holds a number, not an address: ctypes refuses it (ArgumentError,
    from its c_void_p argtype); mini-ctypes says why."""
    with pytest.raises(ctypes.ArgumentError, match="wrong type"):
        ctypes.cast(ctypes.c_int(5), ctypes.POINTER(ctypes.c_int))
    with pytest.raises(TypeError, match=r"^cast\(\) cannot take a c_int32: it holds a number, not an address"):
        mc.cast(mc.c_int(5), mc.POINTER(mc.c_int))


def test_contents_is_an_object_that_writes_back(c):
    target = c.c_byte(1)
    contents = c.pointer(target).contents
    assert contents.value == 1
    contents.value = 5
    assert target.value == 5, "writing .contents.value changes the pointee"
    assert c.pointer(target)[0] == 5, "indexing still gives the plain value"


def test_contents_of_a_null_pointer_is_a_value_error(c):
    with pytest.raises(ValueError, match="NULL pointer access"):
        c.POINTER(c.c_int)().contents  # noqa: B018


def test_char_array_value_writes_the_string_and_its_nul_only(c):
    b = (c.c_char * 4)()
    b.value = b"ABCD"
    b.value = b"x"
    assert [b[i] for i in range(4)] == [b"x", b"\0", b"C", b"D"]
    b[1] = b"Z"
    assert b.value == b"xZCD"


def test_wchar_array_value_writes_the_string_and_its_nul_only(c):
    w = (c.c_wchar * 4)()
    w.value = "ABCD"
    w.value = "x"
    w[1] = "Z"
    assert w.value == "xZCD"


def test_deleting_a_value_or_a_field_is_a_type_error(c):
    class Point(c.Structure):
        _fields_ = [("x", c.c_int)]

    with pytest.raises(TypeError):
        del c.c_int(1).value
    with pytest.raises(TypeError):
        del Point().x
