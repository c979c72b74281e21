"""Byte order and foreign buffers, against stock ctypes: `__ctype_be__`
types and `BigEndianStructure` store big-endian numbers (as file formats
and network headers have them); `from_buffer` lives in a writable buffer,
`from_buffer_copy` copies one."""

import array
import ctypes

import pytest

import minictypes as mc

BOTH = pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])


@BOTH
@pytest.mark.parametrize(("name", "value"), [("c_int16", 0x1234), ("c_uint32", 0x12345678), ("c_double", 1.5)])
def test_a_big_endian_type_stores_the_bytes_the_other_way(module, name, value):
    native = getattr(module, name)
    big = native.__ctype_be__
    assert native.__ctype_le__ is native and big.__ctype_le__ is native
    assert bytes(big(value)) == bytes(native(value))[::-1] and big(value).value == value


@BOTH
def test_a_big_endian_struct_swaps_every_number_in_it(module):
    class Header(module.BigEndianStructure):
        _fields_ = [("magic", module.c_uint16), ("length", module.c_uint32), ("tag", module.c_char * 2)]

    header = Header(0xCAFE, 258, b"ok")
    assert bytes(header)[:2] == b"\xca\xfe" and bytes(header)[4:8] == b"\x00\x00\x01\x02"
    assert (header.magic, header.length, header.tag) == (0xCAFE, 258, b"ok")


def test_a_big_endian_number_is_data_only():
    with pytest.raises(TypeError, match=r"^c_int32_be is data only in mini-ctypes"):
        mc.CDLL(None).abs.argtypes = [mc.c_int32.__ctype_be__]
    with pytest.raises(TypeError, match=r"^Bad._fields_ .name.: This type does not support other endian: c_char_p$"):

        class Bad(mc.BigEndianStructure):
            _fields_ = [("name", mc.c_char_p)]


@BOTH
def test_from_buffer_lives_in_the_buffer_and_from_buffer_copy_copies(module):
    numbers = array.array("i", range(8))
    view = (module.c_int * 8).from_buffer(numbers)
    copy = (module.c_int * 7).from_buffer_copy(numbers, module.sizeof(module.c_int))
    numbers[1] = 42
    assert (view[1], copy[0]) == (42, 1)
    with pytest.raises(TypeError):
        module.c_int.from_buffer(b"abcd")  # read-only
    with pytest.raises(ValueError):
        (module.c_int * 8).from_buffer(numbers, 4)  # four bytes short


def test_a_buffer_used_by_from_buffer_cannot_be_resized():
    data = bytearray(8)
    value = mc.c_int.from_buffer(data)
    with pytest.raises(BufferError):
        data.extend(b"x")
    value.value = 7
    assert data[:4] == b"\x07\x00\x00\x00"


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_big_endian_bit_fields_start_at_the_high_end(module):
    fields = [("a", module.c_uint32, 24), ("b", module.c_uint32, 4), ("c", module.c_uint32, 4)]

    class Big(module.BigEndianStructure):
        _fields_ = fields

    class Little(module.LittleEndianStructure):  # not Big._fields_: ctypes swaps the types in it
        _fields_ = fields

    for struct, expected in ((Big, b"\xab\xcd\xef\x12"), (Little, b"\xef\xcd\xab\x21")):
        memory = bytearray(4)
        value = struct.from_buffer(memory)
        value.a, value.b, value.c = 0xABCDEF, 1, 2
        assert (bytes(memory), value.a, value.b, value.c) == (expected, 0xABCDEF, 1, 2), struct
