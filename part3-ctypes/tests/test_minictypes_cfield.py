"""The field descriptor, `Point.x`: a type built by hand (cdata/cfield.rs).

It describes the field on the class, reads and writes the bytes on an
instance, refuses deletion, and reads only instances of its own class (stock
ctypes reads any C data, even one too small for the field). A struct,
array or pointer field keeps its views' class, so a cycle through it must
still be collected.
"""

import ctypes
import gc
import weakref

import pytest

import minictypes as mc


class Point(mc.Structure):
    _fields_ = [("x", mc.c_int), ("y", mc.c_double)]


class Flags(mc.Structure):
    _fields_ = [("low", mc.c_uint, 3), ("high", mc.c_uint, 5)]


class Record(mc.Structure):
    _fields_ = [("origin", Point), ("counts", mc.c_int * 3), ("next", mc.POINTER(Point))]


def test_on_the_class_it_describes_the_field():
    assert type(Point.x) is mc.CField
    assert (Point.y.offset, Point.y.size, Point.y.bit_size, Point.y.bit_offset) == (8, 8, 64, 0)
    assert (Flags.high.bit_size, Flags.high.bit_offset) == (5, 3)
    assert repr(Point.x) == "<Field Point.x type=c_int32, offset=0, size=4>"
    assert Point.x.__get__(None, Point) is Point.x


def test_on_an_instance_it_reads_and_writes_the_bytes():
    point = Point(1, 2.5)
    point.x = 7
    assert (point.x, point.y) == (7, 2.5)
    assert Point.x.__get__(point) == 7
    Point.y.__set__(point, 4.0)
    assert point.y == 4.0


def test_its_attributes_are_read_only():
    with pytest.raises(AttributeError):
        Point.x.offset = 3
    assert Point.x.offset == 0


def test_it_cannot_be_made_from_python():
    with pytest.raises(TypeError, match=r"^cannot create 'minictypes.CField' instances$"):
        mc.CField()


def test_deleting_a_field_is_refused_and_loses_nothing():
    point = Point(1, 2.0)
    message = r"^cannot delete field 'x' of Point: a struct's fields are always there$"
    with pytest.raises(TypeError, match=message):
        del point.x
    with pytest.raises(TypeError, match=message):
        Point.x.__delete__(point)
    assert point.x == 1


@pytest.mark.parametrize(
    "other, name",
    [(5, "int"), (mc.c_int(1), "c_int32"), (Flags(), "Flags")],
)
def test_it_reads_and_writes_only_instances_of_its_class(other, name):
    message = rf"^descriptor 'y' for 'Point' objects doesn't apply to a '{name}' object$"
    with pytest.raises(TypeError, match=message):
        Point.y.__get__(other)
    with pytest.raises(TypeError, match=message):
        Point.y.__set__(other, 1.0)


def test_none_is_not_an_instance_either():
    # (`Point.y.__get__(None)` is Python's own refusal: no instance, no owner.)
    with pytest.raises(TypeError, match=r"^descriptor 'y' for 'Point' objects doesn't apply to a 'NoneType' object$"):
        Point.y.__set__(None, 1.0)


def test_stock_ctypes_reads_any_c_data_there():
    """What the check above prevents: ctypes reads 8 bytes at offset 8 of a
    4-byte c_int (past its end), because it asks only for C data."""

    class CPoint(ctypes.Structure):
        _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_double)]

    CPoint.y.__get__(ctypes.c_int(1))  # no error: memory past the object's


def test_a_subclass_instance_is_read_through_its_base_fields():
    class Point3(Point):
        _fields_ = [("z", mc.c_int)]

    point = Point3(1, 2.0, 3)
    assert (Point.x.__get__(point), point.y, point.z) == (1, 2.0, 3)


def test_views_are_of_the_field_type_every_time():
    record = Record()
    record.origin.x = 5
    for _ in range(3):
        assert type(record.origin) is Point
        assert type(record.counts) is mc.c_int * 3
        assert type(record.next) is mc.POINTER(Point)
    assert record.origin.x == 5
    record.counts[1] = 9
    assert list(record.counts) == [0, 9, 0]


def test_a_class_kept_through_a_field_it_read_is_still_collected():
    def make():
        class Node(mc.Structure):
            pass

        Node._fields_ = [("value", mc.c_int), ("next", mc.POINTER(Node)), ("inner", Point)]
        node = Node()
        assert not node.next  # the field now keeps POINTER(Node)
        assert node.inner.x == 0  # and Point
        return weakref.ref(Node)

    gone = make()
    gc.collect()
    assert gone() is None
