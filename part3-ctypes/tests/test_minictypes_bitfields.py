"""Bit fields, `(name, type, bits)` in `_fields_`, laid out by the rule GCC
follows on x86-64 and read back by C itself (CPython's `_ctypes_test`
library unpacks them); a value that does not fit its bits is refused."""

import ctypes

import pytest

import minictypes as mc

_ctypes_test = pytest.importorskip("_ctypes_test", reason="CPython's ctypes test library is not installed")


def bits_struct(module):
    """The struct `_ctypes_test.c` declares as `struct BITS`."""
    ints = [(name, module.c_int, width) for name, width in zip("ABCDEFGHI", range(1, 10), strict=True)]
    shorts = [(name, module.c_short, width) for name, width in zip("MNOPQRS", range(1, 8), strict=True)]
    return type("BITS", (module.Structure,), {"_fields_": ints + shorts})


@pytest.mark.parametrize(("name", "value"), [("A", -1), ("C", 3), ("C", -4), ("I", 255), ("I", -256), ("S", -64)])
def test_c_reads_each_field_where_mini_ctypes_wrote_it(name, value):
    bits = bits_struct(mc)
    unpack = mc.CDLL(_ctypes_test.__file__).unpack_bitfields
    unpack.argtypes, unpack.restype = [mc.POINTER(bits), mc.c_char], mc.c_int  # int in _ctypes_test.c
    record = bits()
    setattr(record, name, value)
    assert getattr(record, name) == value
    assert unpack(mc.byref(record), name.encode()) == value
    assert mc.sizeof(bits) == ctypes.sizeof(bits_struct(ctypes))


def test_a_field_that_would_cross_its_unit_starts_the_next_one():
    # GCC's layout (checked with gcc): short a:3, b:14, c:14 is three shorts.
    layout = type(
        "X", (mc.Structure,), {"_fields_": [("a", mc.c_short, 3), ("b", mc.c_short, 14), ("c", mc.c_short, 14)]}
    )
    assert mc.sizeof(layout) == 6 and (layout.a.offset, layout.b.offset, layout.c.offset) == (0, 2, 4)
    assert (layout.b.bit_size, layout.b.bit_offset) == (14, 0)


def test_mixed_types_share_a_unit_as_gcc_lays_them_out():
    # struct { int a:3; unsigned b:5; short c:4; int d; }: gcc puts c in
    # bits 8..11 (bytes 8e 05 ...); ctypes 3.11 puts it at bit 24.
    fields = [("a", mc.c_int, 3), ("b", mc.c_uint, 5), ("c", mc.c_short, 4), ("d", mc.c_int)]
    record = type("X", (mc.Structure,), {"_fields_": fields})(-2, 17, 5, 9)
    assert bytes(record).hex() == "8e05000009000000"


def test_a_value_that_does_not_fit_its_bits_is_refused():
    record = type("X", (mc.Structure,), {"_fields_": [("flag", mc.c_uint8, 1), ("small", mc.c_int, 3)]})()
    with pytest.raises(OverflowError, match=r"^field 'flag' of X: 2 does not fit 1 bits of c_uint8 \(0 to 1\)$"):
        record.flag = 2
    with pytest.raises(OverflowError, match=r"^field 'small' of X: 4 does not fit 3 bits of c_int32 \(-4 to 3\)$"):
        record.small = 4
    assert (record.flag, record.small) == (0, 0), "a refused value writes nothing"


@pytest.mark.parametrize(
    ("field", "error", "message"),
    [
        (("a", mc.c_double, 1), TypeError, "bit fields not allowed for type c_double"),
        (("a", mc.c_char, 1), TypeError, "bit fields not allowed for type c_char"),
        (("a", mc.c_int, 0), ValueError, "number of bits invalid for bit field"),
        (("a", mc.c_int16, 17), ValueError, "number of bits invalid for bit field"),
    ],
)
def test_a_bit_field_is_an_integer_of_1_to_its_width_bits(field, error, message):
    with pytest.raises(error, match=rf"^X._fields_ 'a': {message}$|^{message}$"):
        type("X", (mc.Structure,), {"_fields_": [field]})


def test_a_struct_with_bit_fields_is_passed_by_pointer():
    layout = type("X", (mc.Structure,), {"_fields_": [("a", mc.c_int, 3)]})
    function = mc.CDLL(None).abs
    with pytest.raises(TypeError, match=r"^X has bit fields: mini-ctypes passes it by pointer only$"):
        function.argtypes = [layout]
