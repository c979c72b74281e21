"""`_objects`: what an instance keeps alive, shown as ctypes shows it.

mini-ctypes files what it keeps by the bytes that point into it; `_objects`
is computed from that list in ctypes' shape (a dict keyed by index paths,
innermost first, in hex). Each case runs with both libraries.
"""

import ctypes
import gc

import pytest

import minictypes as mc


def shapes(c):
    """(name, a function making an instance and returning its `_objects`)."""

    class X(c.Structure):
        _fields_ = [("a", c.c_char_p), ("b", c.c_int32), ("names", c.c_char_p * 3)]

    class Y(c.Structure):
        _fields_ = [("x", X), ("points", c.POINTER(c.c_int32))]

    s1, s2 = b"one" + bytes(1)[:0], b"two" + bytes(1)[:0]

    def nothing_kept():
        y = Y()
        y.x.b = 5
        return y._objects

    def field():
        x = X()
        x.a = s1
        return x._objects

    def through_views():
        y = Y()
        y.x.a = s1
        y.x.names[2] = s2
        return y._objects

    def copied_struct():
        y, x = Y(), X(a=s1)
        y.x = x
        return y._objects

    def copied_struct_keeping_nothing():
        y = Y()
        y.x = X()
        return y._objects

    def array_to_pointer_field():
        y, numbers = Y(), (c.c_int32 * 2)(1, 2)
        y.points = numbers
        shown = y._objects
        return {key: (value[0], value[1] is numbers) for key, value in shown.items()}

    def scalar():
        return c.c_char_p(s1)._objects

    def pointer_to_struct():
        return c.pointer(X(a=s1))._objects["0"]

    return [
        (function.__name__, function)
        for function in (
            nothing_kept,
            field,
            through_views,
            copied_struct,
            copied_struct_keeping_nothing,
            array_to_pointer_field,
            scalar,
            pointer_to_struct,
        )
    ]


@pytest.mark.parametrize("index", range(len(shapes(ctypes))), ids=[name for name, _ in shapes(ctypes)])
def test_objects_has_ctypes_shape(index):
    name, stock = shapes(ctypes)[index]
    _, mine = shapes(mc)[index]
    assert mine() == stock(), name


# ANCHOR: shown
def test_a_view_shows_nothing_and_names_its_base():
    class X(mc.Structure):
        _fields_ = [("names", mc.c_char_p * 2)]

    x = X()
    x.names[1] = b"kept"
    view = x.names
    assert view._objects is None and view._b_base_ is x
    assert (view._b_needsfree_, x._b_needsfree_, x._b_base_) == (0, 1, None)
    assert view._b_base_._objects == {"1:0": b"kept"}


# ANCHOR_END: shown


def test_changing_the_shown_dict_keeps_everything_kept():
    # ctypes hands out its live dict ("MUST NEVER BE MODIFIED"); ours is made
    # afresh at each read, so clearing it frees nothing C still reads.
    class X(mc.Structure):
        _fields_ = [("name", mc.c_char_p)]

    x = X(name=b"abc" + str(12345).encode())
    x._objects.clear()
    gc.collect()
    _ = [bytes([65 + i % 26]) * 16 for i in range(50_000)]
    assert x.name == b"abc12345" and x._objects == {"0": b"abc12345"}


def test_a_struct_that_reaches_itself_is_shown_without_end():
    class Node(mc.Structure):
        pass

    Node._fields_ = [("next", mc.POINTER(Node))]
    node = Node()
    node.next = mc.pointer(node)
    assert node._objects == {"0": {"1": node, "0": node}}  # itself, where it comes round again


@pytest.mark.parametrize(
    "target, name",
    [
        (lambda: mc.c_char_p(b"x"), "_objects"),
        (lambda: mc.c_char_p(b"x"), "_b_base_"),
        (lambda: mc.c_char_p(b"x"), "_b_needsfree_"),
        (lambda: mc.CFUNCTYPE(mc.c_int32)(lambda: 0), "restype"),
        (lambda: mc.CFUNCTYPE(mc.c_int32)(lambda: 0), "argtypes"),
        (lambda: mc.CFUNCTYPE(mc.c_int32), "_restype_"),
        (lambda: mc.CFUNCTYPE(mc.c_int32), "_argtypes_"),
    ],
)
def test_what_mini_ctypes_only_shows_cannot_be_assigned(target, name):
    # Shown for reading: assigning one would not change what is kept or called.
    instance = target()
    before = getattr(instance, name)
    with pytest.raises(AttributeError, match=name):
        setattr(instance, name, None)
    assert getattr(instance, name) == before
