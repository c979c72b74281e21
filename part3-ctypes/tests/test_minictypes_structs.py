"""mini-ctypes' aggregates against stock ctypes: layouts, bytes, keepalive,
and the bad input at every new boundary.

The differential tests define the same struct in both libraries (Hypothesis
draws the field lists) and compare what each computes: size, alignment,
every field's offset and size, and the bytes a value becomes.
"""

import ctypes
import gc
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minictypes as mc

# (mini-ctypes type, ctypes type, a strategy for its values)
SCALARS = [
    (mc.c_int8, ctypes.c_int8, st.integers(-(2**7), 2**7 - 1)),
    (mc.c_uint8, ctypes.c_uint8, st.integers(0, 2**8 - 1)),
    (mc.c_int16, ctypes.c_int16, st.integers(-(2**15), 2**15 - 1)),
    (mc.c_uint16, ctypes.c_uint16, st.integers(0, 2**16 - 1)),
    (mc.c_int32, ctypes.c_int32, st.integers(-(2**31), 2**31 - 1)),
    (mc.c_uint32, ctypes.c_uint32, st.integers(0, 2**32 - 1)),
    (mc.c_int64, ctypes.c_int64, st.integers(-(2**63), 2**63 - 1)),
    (mc.c_uint64, ctypes.c_uint64, st.integers(0, 2**64 - 1)),
    (mc.c_double, ctypes.c_double, st.floats(allow_nan=False)),
    (mc.c_char, ctypes.c_char, st.binary(min_size=1, max_size=1)),
    (mc.c_bool, ctypes.c_bool, st.booleans()),
]


@st.composite
def field_types(draw, depth=0):
    """A field type drawn for both libraries: a scalar, an array, or a nested struct."""
    choice = draw(st.integers(0, 5 if depth < 2 else 3))
    mine, theirs, _values = draw(st.sampled_from(SCALARS))
    if choice <= 3:
        return mine, theirs
    if choice == 4:
        count = draw(st.integers(0, 4))
        return mine * count, theirs * count
    fields = draw(st.lists(field_types(depth + 1), min_size=1, max_size=4))
    return define(fields, draw(st.booleans()), None)


def define(fields, union, pack):
    names = [f"f{index}" for index in range(len(fields))]
    extra = {} if pack is None else {"_pack_": pack}
    mine = type(
        "Mine",
        (mc.Union if union else mc.Structure,),
        {"_fields_": [(n, m) for n, (m, _) in zip(names, fields, strict=True)], **extra},
    )
    theirs = type(
        "Theirs",
        (ctypes.Union if union else ctypes.Structure,),
        {"_fields_": [(n, t) for n, (_, t) in zip(names, fields, strict=True)], **extra},
    )
    return mine, theirs


@settings(max_examples=300, deadline=None)
@given(
    fields=st.lists(field_types(), min_size=0, max_size=8),
    union=st.booleans(),
    pack=st.sampled_from([None, 1, 2, 4, 8]),
)
def test_a_layout_is_the_one_ctypes_computes(fields, union, pack):
    mine, theirs = define(fields, union, pack)
    assert (mc.sizeof(mine), mc.alignment(mine)) == (ctypes.sizeof(theirs), ctypes.alignment(theirs))
    for index in range(len(fields)):
        ours, stock = getattr(mine, f"f{index}"), getattr(theirs, f"f{index}")
        assert (ours.offset, ours.size) == (stock.offset, stock.size), f"field f{index}"


@settings(max_examples=300, deadline=None)
@given(data=st.data(), count=st.integers(1, 8))
def test_values_become_the_bytes_ctypes_writes(data, count):
    chosen = data.draw(st.lists(st.sampled_from(SCALARS), min_size=count, max_size=count))
    mine, theirs = define([(m, t) for m, t, _ in chosen], union=False, pack=None)
    values = [data.draw(strategy) for _, _, strategy in chosen]
    ours, stock = mine(*values), theirs(*values)
    assert mc.string_at(mc.addressof(ours), mc.sizeof(ours)) == bytes(stock)
    for index, value in enumerate(values):
        assert getattr(ours, f"f{index}") == getattr(stock, f"f{index}") == value


class Point(mc.Structure):
    _fields_ = [("x", mc.c_int32), ("y", mc.c_int32), ("flag", mc.c_bool)]


class Named(mc.Structure):
    _fields_ = [("name", mc.c_char_p), ("unit", mc.c_char * 4), ("at", Point), ("points", mc.POINTER(Point))]


def test_a_nested_struct_is_a_view_into_its_owner():
    named = Named(at=Point(1, 2))
    view = named.at
    view.x = 10
    assert named.at.x == 10, "writing through the view wrote the owner's bytes"
    del named
    gc.collect()
    assert (view.x, view.y) == (10, 2), "the view keeps its owner's memory alive"


def test_what_a_struct_points_into_stays_alive():
    named = Named(name=b"sensor-" + b"A" * 3)  # a new bytes object, referenced only by the struct
    points = (Point * 2)(Point(1, 2), Point(3, 4))
    named.points = points
    del points
    gc.collect()
    assert named.name == b"sensor-AAA"
    assert (named.points[1].x, named.points[1].y) == (3, 4)


def test_a_char_array_reads_as_its_c_string():
    named = Named(unit=b"kg")
    assert named.unit == b"kg"
    named.unit = b"abcd"  # exactly full: no NUL, as in C
    assert named.unit == b"abcd"


def test_pointers_index_and_dereference():
    points = (Point * 3)(Point(1, 1), Point(2, 2), Point(3, 3))
    pointer = mc.pointer(points[0])
    assert pointer.contents.x == 1
    as_array = mc.cast(mc.addressof(points), mc.POINTER(Point))
    assert [as_array[i].y for i in range(3)] == [1, 2, 3]
    assert not mc.POINTER(Point)() and as_array


# ---------------------------------------------------------------- bad input, each with its exception

BAD_FIELD_VALUES = [
    ("x", "5", TypeError, r"^field 'x' of Point: c_int32 needs an int, not str$"),
    ("x", None, TypeError, r"^field 'x' of Point: c_int32 needs an int, not NoneType$"),
    ("x", 2**31, OverflowError, r"^field 'x' of Point: 2147483648 does not fit c_int32"),
    ("x", 1.5, TypeError, r"^field 'x' of Point: c_int32 needs an int, not float$"),
    ("flag", 2, TypeError, r"^field 'flag' of Point: c_bool needs True, False, 0 or 1, not 2$"),
    ("flag", "yes", TypeError, r"^field 'flag' of Point: c_bool needs True, False, 0 or 1, not 'yes'$"),
]


@pytest.mark.parametrize(("field", "value", "exception", "message"), BAD_FIELD_VALUES)
def test_a_bad_field_value_is_refused_and_changes_nothing(field, value, exception, message):
    point = Point(7, 8, True)
    with pytest.raises(exception, match=message):
        setattr(point, field, value)
    assert (point.x, point.y, point.flag) == (7, 8, True)


def test_more_bad_input_each_with_a_clear_exception():
    with pytest.raises(ValueError, match=r"bytes too long \(5, at most 4\)"):
        Named(unit=b"abcde")
    with pytest.raises(TypeError, match=r"field 'name' of Named: c_char_p needs bytes or None, not str"):
        Named(name="text")
    with pytest.raises(TypeError, match=r"expected a Point instance, not int"):
        Named(at=3)
    with pytest.raises(TypeError, match=r"POINTER\(Point\) needs None, a Point, an array of it"):
        Named(points=(mc.c_int32 * 2)())
    with pytest.raises(ValueError, match=r"^NULL pointer access$"):
        _ = mc.POINTER(Point)().contents
    with pytest.raises(IndexError, match=r"^array index out of range$"):
        (Point * 2)()[2]
    with pytest.raises(ValueError, match=r"an array length must be >= 0, not -1"):
        Point * -1
    with pytest.raises(OverflowError, match=r"larger than memory"):
        mc.c_int64 * 2**62
    with pytest.raises(TypeError, match=r"Point has no field 'z'"):
        Point(z=1)
    with pytest.raises(TypeError, match=r"Point\(\) takes at most 3 positional arguments \(4 given\)"):
        Point(1, 2, True, 3)
    with pytest.raises(TypeError, match=r"Structure has no _fields_"):
        mc.Structure()
    with pytest.raises(ValueError, match=r"_pack_ must be a power of two, not 3"):
        type("Odd", (mc.Structure,), {"_fields_": [("a", mc.c_int8)], "_pack_": 3})
    with pytest.raises(TypeError, match=r"_fields_ item 0 must be a \(name, type\) pair"):
        type("Bad", (mc.Structure,), {"_fields_": ["a"]})
    with pytest.raises(TypeError, match=r"Bad._fields_ 'a': .* is not a minictypes type"):
        type("Bad", (mc.Structure,), {"_fields_": [("a", ctypes.c_int)]})


def test_a_bad_element_is_named_by_its_index_and_array_type():
    with pytest.raises(OverflowError, match=r"^element 1 of c_int16 \* 2: 1048576 does not fit c_int16"):
        (mc.c_int16 * 2)(1, 2**20)
    values = (mc.c_int16 * 2)(7, 8)
    with pytest.raises(TypeError, match=r"^element -1 of c_int16 \* 2: c_int16 needs an int, not str$"):
        values[-1] = "x"
    assert tuple(values) == (7, 8)
    with pytest.raises(IndexError, match=r"takes at most 2 items \(3 given\)"):
        (mc.c_int16 * 2)(1, 2, 3)


def test_an_unallocatable_instance_is_a_memory_error_naming_its_type():
    with pytest.raises(
        MemoryError, match=r"^c_int64 \* 576460752303423488: cannot allocate 4611686018427387904 bytes$"
    ):
        (mc.c_int64 * 2**59)()


def test_mini_ctypes_is_stricter_than_ctypes_about_wrapping():
    """ctypes wraps -1 into an unsigned field (all bits set); mini-ctypes refuses it."""

    class Stock(ctypes.Structure):
        _fields_ = [("v", ctypes.c_uint16)]

    class Mine(mc.Structure):
        _fields_ = [("v", mc.c_uint16)]

    assert Stock(-1).v == 0xFFFF
    with pytest.raises(OverflowError, match=r"-1 does not fit c_uint16 \(0 to 65535\)"):
        Mine(-1)


def test_a_union_is_refused_by_value_but_fine_by_pointer():
    class Value(mc.Union):
        _fields_ = [("count", mc.c_int64), ("value", mc.c_double)]

    libc = mc.CDLL(None)
    with pytest.raises(TypeError, match=r"Value is a Union: mini-ctypes passes unions by pointer only"):
        libc.abs.argtypes = [Value]
    libc.memset.argtypes, libc.memset.restype = [mc.POINTER(Value), mc.c_int32, mc.c_size_t], mc.c_void_p
    value = Value(count=5)
    libc.memset(mc.byref(value), 0, mc.sizeof(Value))
    assert value.count == 0


def test_struct_classes_are_collected_and_array_types_keep_theirs():
    """A class and its description refer to each other; the description's
    reference is weak, so defining structs in a loop leaks nothing. An array
    or pointer type keeps its element class, as ctypes' `_type_` does."""
    import weakref

    def define_pair():
        class Inner(mc.Structure):
            _fields_ = [("a", mc.c_int32)]

        class Outer(mc.Structure):
            _fields_ = [("arr", Inner * 2), ("p", mc.POINTER(Inner))]

        return weakref.ref(Inner), weakref.ref(Outer), Outer

    inner, outer, kept = define_pair()
    gc.collect()
    value = kept()
    value.arr[1].a = 5
    assert inner() is not None and value.arr[1].a == 5, "Outer's array type keeps Inner"
    del kept, value
    refs = [define_pair()[:2] for _ in range(20)] + [(inner, outer)]
    gc.collect()
    gc.collect()  # the second pass frees classes the first one released
    assert [r for pair in refs for r in pair if r() is not None] == []


def test_arrays_iterate_without_an_exception_and_pointers_refuse_to():
    class Pair(mc.Structure):
        _fields_ = [("a", mc.c_int16), ("b", mc.c_int16)]

    numbers = (mc.c_int32 * 4)(5, 6, 7)
    assert list(numbers) == [5, 6, 7, 0] == list((ctypes.c_int32 * 4)(5, 6, 7))
    pairs = (Pair * 2)(Pair(1, 2), Pair(3, 4))
    first, _second = pairs  # views into the array
    first.a = 10
    assert [(p.a, p.b) for p in pairs] == [(10, 2), (3, 4)]
    for not_iterable, message in [
        (
            mc.pointer(numbers),
            r"^a POINTER\(c_int32 \* 4\) is not iterable: it has no length; index it \(pointer\[i\]\) instead$",
        ),
        (Pair(), r"^a Pair is not iterable$"),
    ]:
        with pytest.raises(TypeError, match=message):
            iter(not_iterable)


def test_every_instance_takes_weak_references_as_in_ctypes():
    import weakref

    class Point(mc.Structure):
        _fields_ = [("x", mc.c_int32)]

    for make in (Point, lambda: mc.c_int32(1), mc.c_int32 * 2, lambda: mc.pointer(Point())):
        data = make()
        reference = weakref.ref(data)
        assert reference() is data
        del data
        assert reference() is None


def test_what_is_written_through_a_view_is_kept_by_the_owner():
    # `outer.inner.name = ...`: the view `outer.inner` is gone after the
    # statement; the bytes object must live as long as `outer` (it was
    # freed with the view once, and `outer.inner.name` read garbage).
    for c in (ctypes, mc):

        class Inner(c.Structure):
            _fields_ = [("name", c.c_char_p), ("wide", c.c_wchar_p)]

        class Outer(c.Structure):
            _fields_ = [("inner", Inner), ("names", c.c_char_p * 2)]

        outer = Outer()
        outer.inner.name = b"abc" + str(12345).encode()  # made at run time
        outer.inner.wide = "wide " + str(6789)
        outer.names[1] = b"xyz" + str(999).encode()
        gc.collect()
        _ = [bytes([65 + i % 26]) * 16 for i in range(50_000)]  # reuse freed memory, if any
        assert (outer.inner.name, outer.inner.wide, outer.names[1]) == (b"abc12345", "wide 6789", b"xyz999"), c


def test_rewriting_a_field_releases_what_it_pointed_into():
    class Named(mc.Structure):
        _fields_ = [("name", mc.c_char_p), ("pair", mc.c_char_p * 2)]

    first, second = b"first" + bytes(1)[:0], b"second" + bytes(1)[:0]
    before = sys.getrefcount(first)
    named = Named(name=first)
    named.pair[0] = first
    assert sys.getrefcount(first) == before + 2  # kept: the bytes point into it
    named.name = second
    named.pair[0] = None
    assert sys.getrefcount(first) == before  # released: nothing points there now
    for number in range(10_000):
        named.name = b"n" + str(number).encode()
    assert len(gc.get_referents(named)) == 2  # its class and one bytes object, not one per write
    assert named.name == b"n9999"


def test_writing_a_field_of_a_copied_struct_keeps_what_its_other_fields_point_into():
    # `outer.inner = inner` copies `inner`'s bytes and keeps what they point
    # into; writing the copy's first field (same address, fewer bytes) once
    # dropped all of it, and `outer.inner.name` read freed memory.
    for c in (ctypes, mc):

        class Inner(c.Structure):
            _fields_ = [("count", c.c_int32), ("name", c.c_char_p)]

        class Outer(c.Structure):
            _fields_ = [("inner", Inner)]

        outer = Outer()
        inner = Inner(1, bytes(range(65, 91)) * 100)  # made at run time
        outer.inner = inner
        del inner
        outer.inner.count = 5
        gc.collect()
        _ = [bytes([i % 256]) * 2600 for i in range(2000)]  # reuse freed memory, if any
        assert (outer.inner.count, outer.inner.name[:4]) == (5, b"ABCD"), c
