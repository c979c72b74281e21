"""Wide strings (`c_wchar`, `c_wchar_p`, `create_unicode_buffer`): mini-ctypes
against stock ctypes on the C library's own `wchar_t` functions.

A str has no `wchar_t` array inside it, so both libraries pass a *copy*;
these tests check the copy is right (every plane of Unicode), lives as long
as C may read it (a result pointing into an argument, a struct field whose
str is gone), and that bad input is refused before C sees it.
"""

import ctypes
import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minictypes as mc

LIBRARIES = {"ctypes": ctypes, "minictypes": mc}


@pytest.fixture(params=list(LIBRARIES))
def c(request):
    return LIBRARIES[request.param]


def wide_libc(c):
    libc = c.CDLL(None)
    for name, argtypes, restype in [
        ("wcslen", [c.c_wchar_p], c.c_size_t),
        ("wcschr", [c.c_wchar_p, c.c_wchar], c.c_wchar_p),
        ("wcscmp", [c.c_wchar_p, c.c_wchar_p], c.c_int),
        ("wcsncpy", [c.c_wchar_p, c.c_wchar_p, c.c_size_t], c.c_wchar_p),
        ("wcstol", [c.c_wchar_p, c.POINTER(c.c_void_p), c.c_int], c.c_long),
    ]:
        function = getattr(libc, name)
        function.argtypes, function.restype = argtypes, restype
    return libc


# Characters from every width: ASCII, Latin-1, the BMP, an astral plane.
TEXTS = ["", "plain", "héllo", "21.5 °C", "€ and ¥", "𝄞 clef", "mixed é€𝄞 text"]


@pytest.mark.parametrize("text", TEXTS)
def test_wcslen_counts_characters_not_bytes(c, text):
    assert wide_libc(c).wcslen(text) == len(text)


def test_a_result_pointing_into_an_argument_is_read_before_the_copy_goes(c):
    # wcschr returns a pointer into the copy of its first argument: the
    # result is read into a str while that copy still exists.
    libc = wide_libc(c)
    assert libc.wcschr("abc€def", "€") == "€def"
    assert libc.wcschr("abc", "z") is None  # NULL -> None


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(min_codepoint=1, exclude_categories=["Cs"])),
    st.text(st.characters(min_codepoint=1, exclude_categories=["Cs"])),
)
def test_wcscmp_and_wcslen_agree_with_stock_ctypes(left, right):
    results = []
    for c in LIBRARIES.values():
        libc = wide_libc(c)
        order = libc.wcscmp(left, right)
        results.append(((order > 0) - (order < 0), libc.wcslen(left), libc.wcslen(right)))
    assert results[0] == results[1]
    assert results[1][1:] == (len(left), len(right))


def test_wcsncpy_writes_into_a_unicode_buffer(c):
    libc = wide_libc(c)
    buffer = c.create_unicode_buffer(10)
    assert len(buffer) == 10 and buffer.value == ""
    assert libc.wcsncpy(buffer, "wide𝄞", 9) == "wide𝄞"
    assert buffer.value == "wide𝄞"
    assert buffer[4] == "𝄞"  # one element per character


def test_wcstol_end_pointer_points_into_the_buffer(c):
    libc = wide_libc(c)
    text = c.create_unicode_buffer("  -1234€ rest")
    end = c.c_void_p(0)
    assert libc.wcstol(text, c.byref(end), 10) == -1234
    consumed = (end.value - c.addressof(text)) // c.sizeof(c.c_wchar)
    assert consumed == len("  -1234")


def test_create_unicode_buffer_sizes(c):
    assert len(c.create_unicode_buffer("héllo")) == 6  # with room for the NUL
    assert len(c.create_unicode_buffer("héllo", 8)) == 8
    assert c.create_unicode_buffer("héllo", 8).value == "héllo"
    assert c.sizeof(c.create_unicode_buffer(3)) == 3 * c.sizeof(c.c_wchar) == 12


def test_wide_fields_keep_their_copies_alive(c):
    class Label(c.Structure):
        _fields_ = [("text", c.c_wchar_p), ("mark", c.c_wchar), ("short", c.c_wchar * 4)]

    text = "".join(["label ", "€" * 500])  # built at run time: not a constant
    label = Label(text, "✓", "ab")
    del text
    gc.collect()
    for _ in range(100):
        _ = [str(n) * 20 for n in range(100)]  # reuse freed memory, if any was freed
    assert label.text == "label " + "€" * 500
    assert (label.mark, label.short) == ("✓", "ab")
    label.text = None
    assert label.text is None
    # A field takes a str, not a buffer (ctypes: "incompatible types").
    with pytest.raises(TypeError):
        label.text = c.create_unicode_buffer("a buffer")
    assert label.text is None


def test_a_wide_value_object(c):
    value = c.c_wchar_p("zz€")
    assert value.value == "zz€"
    value.value = None
    assert value.value is None
    assert c.c_wchar("q").value == "q"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("value", "ctypes_error", "minictypes_error"),
    [
        (
            b"bytes",
            ctypes.ArgumentError,
            (TypeError, "argument 1 to wcslen(): c_wchar_p needs a str, None or a c_wchar array, not bytes"),
        ),
        (
            5,
            ctypes.ArgumentError,
            (TypeError, "argument 1 to wcslen(): c_wchar_p needs a str, None or a c_wchar array, not int"),
        ),
        (
            mc.create_string_buffer(4),
            ctypes.ArgumentError,
            (TypeError, "argument 1 to wcslen(): c_wchar_p needs a str, None or a c_wchar array, not Buffer"),
        ),
    ],
)
def test_a_wrong_argument_is_refused(value, ctypes_error, minictypes_error):
    with pytest.raises(ctypes_error):
        wide_libc(ctypes).wcslen(value)
    kind, message = minictypes_error
    with pytest.raises(kind) as raised:
        wide_libc(mc).wcslen(value)
    assert str(raised.value) == message


def test_an_embedded_nul_is_refused_where_ctypes_cuts_the_string():
    # Deliberately stricter: ctypes passes "a\0b" and C sees "a".
    assert wide_libc(ctypes).wcslen("a\0b") == 1
    with pytest.raises(ValueError, match=r"^argument 1 to wcslen\(\): c_wchar_p str must not contain a NUL"):
        wide_libc(mc).wcslen("a\0b")


def test_a_lone_surrogate_passes_as_ctypes_passes_it(c):
    # wchar_t holds any 32-bit value; a lone surrogate is one character.
    assert wide_libc(c).wcslen("\ud800x") == 2


@pytest.mark.parametrize("value", ["ab", "", b"a", 65, None])
def test_c_wchar_takes_exactly_one_character(c, value):
    class Mark(c.Structure):
        _fields_ = [("mark", c.c_wchar)]

    mark = Mark("m")
    with pytest.raises(TypeError):
        mark.mark = value
    assert mark.mark == "m"  # unchanged


def test_c_wchar_messages():
    with pytest.raises(
        TypeError, match=r"^argument 1 to c_wchar_p\(\): c_wchar_p needs a str or None, not c_wchar \* 1$"
    ):
        mc.c_wchar_p(mc.create_unicode_buffer(1))

    class Mark(mc.Structure):
        _fields_ = [("mark", mc.c_wchar), ("short", mc.c_wchar * 2)]

    mark = Mark()
    with pytest.raises(TypeError, match=r"^field 'mark' of Mark: c_wchar needs a str of length 1, not 'ab'$"):
        mark.mark = "ab"
    with pytest.raises(ValueError, match=r"^field 'short' of Mark: str too long \(3, at most 2\)$"):
        mark.short = "abc"
    assert mark.short == ""  # nothing written


def test_a_value_that_is_no_character_is_a_valueerror(c):
    # 0x110000 is past the last code point: both refuse to make a str of it.
    class Raw(c.Union):
        _fields_ = [("number", c.c_int32 * 2), ("text", c.c_wchar * 2)]

    raw = Raw()
    raw.number[0] = 0x110000
    with pytest.raises(ValueError, match="not in range"):
        _ = raw.text


@pytest.mark.parametrize("arguments", [(-1,), ("abcdef", 3), (b"x",), (3.0,)])
def test_create_unicode_buffer_refuses_what_ctypes_refuses(arguments):
    for c in LIBRARIES.values():
        with pytest.raises((ValueError, TypeError)):
            c.create_unicode_buffer(*arguments)


def test_create_unicode_buffer_messages():
    with pytest.raises(ValueError, match=r"^an array length must be >= 0, not -1$"):
        mc.create_unicode_buffer(-1)
    with pytest.raises(
        OverflowError, match=r"^create_unicode_buffer\(\): 1180591620717411303424 characters is larger than memory$"
    ):
        mc.create_unicode_buffer(2**70)
    with pytest.raises(ValueError, match=r"^field 'value' of c_wchar \* 3: str too long \(6, at most 3\)$"):
        mc.create_unicode_buffer("abcdef", 3)
    with pytest.raises(
        TypeError, match=r"^create_unicode_buffer\(\) needs a str \(and an optional size\) or a size, not b'x'$"
    ):
        mc.create_unicode_buffer(b"x")


def test_callbacks_refuse_to_return_strings():
    # An argument is read into a str; a result would point into one that is gone.
    mc.CFUNCTYPE(None, mc.c_wchar_p)(lambda text: None)
    returns_text = mc.CFUNCTYPE(mc.c_wchar_p)  # a prototype: its function pointers may return one
    with pytest.raises(TypeError, match=r"^a callback cannot return c_wchar_p: C would read memory freed"):
        returns_text(lambda: "text")
