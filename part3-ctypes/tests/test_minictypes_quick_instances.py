"""Instances made the quick way (`cdata/object.rs`, `instance_of_class`):
the class's memory allocated and zeroed, the value moved in, as `_ctypes`
makes a view. Reading `outer.inner` makes one; so does a struct returned
by value, or `T.from_address`.

The quick way relies on pyo3 keeping nothing but zero bytes around the
value, which the module measures once (`_quick_instances()` says it did);
these tests check that what it makes is a whole Python object: of its
class, with a dictionary made when first used, weak references, its owner
kept alive and then released, collected in a cycle.
"""

import gc
import sys
import weakref

import pytest

import minictypes as mc


class Point(mc.Structure):
    _fields_ = [("x", mc.c_int32), ("y", mc.c_int32)]


class Segment(mc.Structure):
    _fields_ = [("start", Point), ("end", Point)]


def test_the_module_vouched_for_the_quick_way():
    assert mc._quick_instances() is True


def test_a_view_is_an_instance_of_its_class_that_reads_and_writes_its_owner():
    segment = Segment((1, 2), (3, 4))
    start = segment.start
    assert type(start) is Point and isinstance(start, mc.Structure)
    assert (start.x, start.y) == (1, 2)
    start.y = 20
    assert segment.start.y == 20


def test_a_view_gets_its_attribute_dictionary_when_first_used():
    view = Segment().end
    assert vars(view) == {}
    view.note = "set on a view"
    assert view.note == "set on a view" and vars(view) == {"note": "set on a view"}
    assert not hasattr(Segment().end, "note")  # another view, another dictionary


def test_a_view_can_be_weakly_referenced_and_dies_with_its_last_reference():
    view = Segment().start
    reference = weakref.ref(view)
    assert reference() is view
    del view
    assert reference() is None


def test_a_view_keeps_its_owner_alive_and_then_lets_it_go():
    segment = Segment((5, 6), (7, 8))
    before = sys.getrefcount(segment)
    views = [segment.end for _ in range(1000)]
    assert sys.getrefcount(segment) == before + 1000
    owner = weakref.ref(segment)
    del segment
    assert owner() is not None and views[-1].y == 8  # the views keep it
    del views
    assert owner() is None


def test_a_view_in_a_cycle_is_collected():
    segment = Segment()
    view = segment.start
    view.myself = view  # a cycle through the view's dictionary
    view.owner = segment  # and one back to its owner
    reference = weakref.ref(view)
    del view, segment
    gc.collect()
    assert reference() is None


def test_python_constructors_of_the_class_do_not_run_for_a_view():
    made = []

    class Traced(mc.Structure):
        _fields_ = [("value", mc.c_int64)]

        def __new__(cls, *args):
            made.append("new")
            return super().__new__(cls, *args)

        def __init__(self, *args):
            made.append("init")
            super().__init__(*args)

    class Holder(mc.Structure):
        _fields_ = [("inner", Traced)]

    holder = Holder()
    made.clear()
    assert holder.inner.value == 0 and type(holder.inner) is Traced
    assert made == []


@pytest.mark.parametrize("count", [1, 3])
def test_a_struct_from_an_address_is_made_the_same_way(count):
    points = (Point * count)(*[(i, -i) for i in range(count)])
    last = Point.from_address(mc.addressof(points) + (count - 1) * mc.sizeof(Point))
    assert type(last) is Point and (last.x, last.y) == (count - 1, 1 - count)
    last.note = "ok"
    assert vars(last) == {"note": "ok"}


def test_an_instances_bytes_come_from_pythons_allocator_and_go_back():
    """`memory.rs`'s `Block`: PyMem_Calloc, which tracemalloc sees; every
    block is freed with its instance."""
    import tracemalloc

    class Big(mc.Structure):
        _fields_ = [("values", mc.c_int64 * 64)]  # 512 bytes of its own

    tracemalloc.start()
    try:
        kept = [Big() for _ in range(100)]
        grown = tracemalloc.get_traced_memory()[0]
        assert all(not any(big.values) for big in kept[:3])  # zeroed
        del kept
        for _ in range(3):
            batch = [Big() for _ in range(100)]
            del batch
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert grown >= 100 * 512  # the blocks are Python's, and counted
    assert after < grown // 2  # and given back: no growth over rounds
