"""C's memory functions and library loading as ctypes has them: `string_at`, `wstring_at`,
`memmove`, `memset`, `from_address` and `.raw`, each against stock ctypes.
Where the object says how many bytes it has, a range past its end is a
ValueError (ctypes reads or writes past it)."""

import ctypes

import pytest

import minictypes as mc


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_memmove_and_memset_take_objects(module):
    buffer = module.create_string_buffer(32)
    assert module.memmove(buffer, b"Hello", 5) == module.addressof(buffer)
    assert buffer.value == b"Hello"
    module.memset(buffer, ord("x"), 2)
    assert module.string_at(buffer) == b"xxllo" and module.string_at(buffer, 7) == b"xxllo\0\0"


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_string_at_reads_bytes_and_arrays_where_they_are(module):
    assert module.string_at(b"foo bar", 3) == b"foo"
    text = module.create_unicode_buffer("Hello, World")
    assert module.wstring_at(text) == "Hello, World" and module.wstring_at(text, 5) == "Hello"


def test_a_range_past_the_object_is_refused_not_read():
    with pytest.raises(ValueError, match=r"^string_at\(\): 10 bytes past an object of 3$"):
        mc.string_at(b"abc", 10)
    small = mc.create_string_buffer(4)
    with pytest.raises(ValueError, match=r"^memset\(\): 5 bytes past an object of 4$"):
        mc.memset(small, 0, 5)
    with pytest.raises(ValueError, match=r"^memmove\(\): 8 bytes past an object of 4$"):
        mc.memmove(mc.create_string_buffer(16), small, 8)
    with pytest.raises(TypeError, match=r"^memmove\(\) cannot write into bytes: they are immutable"):
        mc.memmove(b"abcd", small, 1)
    with pytest.raises(ValueError, match=r"^string_at\(\): the address is NULL$"):
        mc.string_at(None)
    with pytest.raises(TypeError, match=r"^string_at\(\) cannot take a c_int32: it holds a number"):
        mc.string_at(mc.c_int(3))


def test_from_address_is_a_view_of_the_bytes_there():
    value = mc.c_int(5)
    alias = mc.c_int.from_address(mc.addressof(value))
    alias.value = 9
    assert value.value == 9 and type(alias) is mc.c_int
    with pytest.raises(ValueError, match=r"^from_address\(\): the address is NULL$"):
        mc.c_int.from_address(0)


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_raw_is_every_byte_of_a_char_array(module):
    chars = (module.c_char * 4)(*b"a\0b")
    assert chars.raw == b"a\0b\0" and chars.value == b"a"
    chars.raw = b"xyz"
    assert chars.raw == b"xyz\0"


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_libraries_load_by_name_and_mode(module):
    assert module.cdll.LoadLibrary("libc.so.6") is not None
    assert module.cdll["libc.so.6"] is module.cdll["libc.so.6"], "a library loaded by the loader is kept"
    assert module.CDLL("libm.so.6", module.RTLD_GLOBAL) is not None
    with pytest.raises(OSError):
        module.cdll.LoadLibrary("libc.so.9")


def test_a_mode_is_one_dlopen_knows():
    with pytest.raises(ValueError, match=r"^CDLL\(\): mode must be RTLD_LOCAL or RTLD_GLOBAL, not 77$"):
        mc.CDLL("libm.so.6", 77)


def test_a_string_without_nul_is_not_read_past_its_object():
    full = (mc.c_char * 4)(*b"abcd")  # no NUL inside: C's strlen would run on
    with pytest.raises(ValueError, match=r"^string_at\(\): no NUL within the object's 4 bytes"):
        mc.string_at(full)
    assert mc.string_at(full, 4) == b"abcd" and mc.string_at((mc.c_char * 4)(*b"ab")) == b"ab"
    assert mc.string_at(b"no nul inside") == b"no nul inside", "bytes keep a NUL after their end"
    wide = (mc.c_wchar * 2)("h", "i")
    with pytest.raises(ValueError, match=r"^wstring_at\(\): no NUL within the object's 8 bytes"):
        mc.wstring_at(wide)


def test_raw_refuses_what_does_not_fit_or_is_no_char_array():
    chars = (mc.c_char * 2)()
    with pytest.raises(ValueError, match=r"^3 bytes do not fit a c_char \* 2$"):
        chars.raw = b"abc"
    with pytest.raises(TypeError):
        chars.raw = "ab"  # bytes only
    with pytest.raises(TypeError, match=r"^only a c_char array has raw bytes$"):
        (mc.c_int * 2)().raw = b"ab"
    assert chars.raw == b"\0\0", "a refused value writes nothing"


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_c_buffer_makes_a_string_buffer_whose_value_and_raw_are_written(module):
    buffer = module.c_buffer(8)  # mini-ctypes: the Buffer its c_buffer argument type declares
    buffer.raw = memoryview(b"ABCDEFGH")
    buffer.value = b"xy"  # the bytes and a NUL; the rest stays
    assert (buffer.raw, buffer.value, len(module.c_buffer(b"abc"))) == (b"xy\0DEFGH", b"xy", 4)
    with pytest.raises(TypeError):
        buffer.value = memoryview(b"xy")  # value takes bytes only
    with pytest.raises(ValueError):
        buffer.raw = b"x" * 9
    with pytest.raises(ValueError):
        buffer.value = b"x" * 9
    assert buffer.raw == b"xy\0DEFGH", "a refused value changed nothing"
