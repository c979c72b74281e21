"""`from_param` on a scalar class gives what ctypes gives: a `CArgObject`
(the class `byref` makes too), a value tagged with its type code. A call
declared with that type passes the value; anywhere an address is needed,
it is refused or read as the instance it holds, never as its own address."""

import ctypes

import pytest

import minictypes as mc
from part3_ctypes import library_path


@pytest.fixture(params=[ctypes, mc], ids=["ctypes", "minictypes"])
def c(request):
    return request.param


def declare(c, name, argtypes, restype):
    function = getattr(c.CDLL(str(library_path())), name)
    function.argtypes, function.restype = argtypes, restype
    return function


def test_from_param_and_byref_make_one_class(c):
    assert type(c.c_int.from_param(0)) is type(c.byref(c.c_int()))
    assert type(c.c_int.from_param(0)).__name__ == "CArgObject"


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("c_int8", -5, "<cparam 'b' (-5)>"),
        ("c_uint16", 511, "<cparam 'H' (511)>"),
        ("c_double", 1e300, "<cparam 'd' (1e+300)>"),
        ("c_float", 1.5, "<cparam 'f' (1.5)>"),
        ("c_char", b"a", "<cparam 'c' ('a')>"),
        ("c_char", b"\n", "<cparam 'c' ('\\x0a')>"),
        ("c_void_p", 0x12, "<cparam 'P' (0x12)>"),
    ],
)
def test_the_repr_shows_the_tag_and_value_as_ctypes_does(c, name, value, shown):
    assert repr(getattr(c, name).from_param(value)) == shown


def test_values_without_a_short_form_are_shown_by_where_they_are(c):
    for name, value, tag in [("c_bool", True, "?"), ("c_wchar", "x", "u")]:
        assert repr(getattr(c, name).from_param(value)).startswith(f"<cparam '{tag}' at 0x")


def test_obj_is_what_the_value_points_into(c):
    text = b"123"
    assert c.c_char_p.from_param(text)._obj is text
    assert c.c_int.from_param(5)._obj is None
    number = c.c_int(3)
    assert c.byref(number)._obj is number


def test_an_instance_passes_through_unwrapped(c):
    number = c.c_int(3)
    assert c.c_int.from_param(number) is number


def test_wrong_values_are_refused_before_any_object_is_made(c):
    with pytest.raises(TypeError):
        c.c_char_p.from_param(42)
    with pytest.raises(TypeError):
        c.c_int.from_param("7")
    with pytest.raises(TypeError):
        c.c_int.from_param(None)


def test_a_call_passes_the_value_a_cparam_holds():
    # What `from_param` made is what a call declared with the type makes:
    # mini-ctypes passes it. (Stock ctypes converts it again and refuses it,
    # "wrong type"; it takes one only from an adapter's own from_param.)
    add = declare(mc, "add", [mc.c_int64, mc.c_int64], mc.c_int64)
    assert add(mc.c_int64.from_param(40), 2) == 42
    count = declare(mc, "count_code_points", [mc.c_char_p, mc.POINTER(mc.c_uint64)], mc.c_int)
    out = mc.c_uint64()
    assert count(mc.c_char_p.from_param("né".encode()), mc.byref(out)) == 0
    assert out.value == 2


def test_a_cparam_is_no_address_for_a_pointer_parameter():
    # byref(x) is x's address; from_param(x) is the value: a POINTER(T)
    # parameter refuses it rather than pass where the value happens to live.
    count = declare(mc, "count_code_points", [mc.c_char_p, mc.POINTER(mc.c_uint64)], mc.c_int)
    with pytest.raises(mc.ArgumentError, match=r"^argument 2"):
        count(b"abc", mc.c_uint64.from_param(0))


def test_a_cparam_of_another_type_is_refused():
    add = declare(mc, "add", [mc.c_int64, mc.c_int64], mc.c_int64)
    with pytest.raises(mc.ArgumentError, match=r"^argument 1"):
        add(mc.c_double.from_param(1.5), 2)


def test_memory_functions_read_the_value_a_cparam_holds():
    # The address a c_char_p value holds, as for a c_char_p instance
    # (stock ctypes refuses a CArgObject here).
    text = b"hello"
    assert mc.string_at(mc.c_char_p.from_param(text), 5) == text
    with pytest.raises(TypeError, match="holds a number"):
        mc.string_at(mc.c_int.from_param(5), 1)


def test_a_cparam_is_read_only():
    # What it keeps alive is fixed when it is made: `_obj` cannot be replaced.
    value = mc.c_char_p.from_param(b"kept")
    with pytest.raises(AttributeError):
        value._obj = b"other"
    assert value._obj == b"kept"
