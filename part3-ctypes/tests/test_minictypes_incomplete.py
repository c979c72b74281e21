"""Structs that point to themselves: `_fields_` assigned after the class
statement, as C's `struct node { struct node *next; }` needs.

Until its fields are assigned, a struct is *incomplete*: a pointer to it can
be made (and declared in argtypes), nothing that needs its size can. The C
library's own doubly linked list, `insque`/`remque`, checks the result
against stock ctypes.
"""

import ctypes
import gc
import itertools

import pytest

import minictypes as mc

LIBRARIES = {"ctypes": ctypes, "minictypes": mc}


@pytest.fixture(params=list(LIBRARIES))
def c(request):
    return LIBRARIES[request.param]


def linked_element(c):
    """POSIX's `struct qelem`: forward and backward links, then data."""

    class Element(c.Structure):
        pass

    link = c.POINTER(Element)  # made while Element is incomplete
    Element._fields_ = [("forward", link), ("backward", link), ("value", c.c_int)]
    return Element, link


def walk(first):
    """The values from `first` along the forward links, until NULL."""
    values, element = [], first
    while True:
        values.append(element.value)
        if not element.forward:
            return values
        element = element.forward.contents


def test_insque_and_remque_build_a_list_both_libraries_read_the_same(c):
    Element, link = linked_element(c)
    libc = c.CDLL(None)
    libc.insque.argtypes, libc.insque.restype = [link, link], None
    libc.remque.argtypes, libc.remque.restype = [link], None
    elements = [Element(value=v) for v in (10, 20, 30, 40)]
    libc.insque(elements[0], None)  # the first element of a linear list
    for previous, element in itertools.pairwise(elements):
        libc.insque(element, previous)  # C writes the links into our structs
    assert walk(elements[0]) == [10, 20, 30, 40]
    assert elements[3].backward.contents.value == 30
    libc.remque(elements[1])
    assert walk(elements[0]) == [10, 30, 40]
    assert elements[2].backward.contents.value == 10


def test_layout_of_a_self_referential_struct(c):
    Element, _ = linked_element(c)
    assert (c.sizeof(Element), Element.value.offset) == (24, 16)


def test_a_refused_fields_list_loses_nothing():
    class Node(mc.Structure):
        pass

    with pytest.raises(TypeError, match=r"^Node._fields_ 'inner': Node is incomplete: assign Node._fields_ first$"):
        Node._fields_ = [("value", mc.c_int32), ("inner", Node)]  # C: a struct cannot contain itself
    assert "_fields_" not in vars(Node)  # not stored, still incomplete
    # (stock ctypes makes _fields_ final even after refusing it)
    Node._fields_ = [("value", mc.c_int32), ("next", mc.POINTER(Node))]
    assert mc.sizeof(Node) == 16


@pytest.mark.parametrize(
    ("use", "message"),
    [
        (lambda Node: mc.sizeof(Node), "Node is incomplete: assign Node._fields_ first"),
        (lambda Node: mc.alignment(Node), "Node is incomplete: assign Node._fields_ first"),
        (lambda Node: Node(), "Node is incomplete: assign Node._fields_ first"),
        (lambda Node: Node * 2, "Node is incomplete: assign Node._fields_ first"),
        (
            lambda Node: type("Holder", (mc.Structure,), {"_fields_": [("node", Node)]}),
            "Holder._fields_ 'node': Node is incomplete: assign Node._fields_ first",
        ),
        (lambda Node: setattr(mc.CDLL(None).abs, "argtypes", [Node]), "Node is incomplete: assign Node._fields_ first"),
    ],
)
def test_nothing_that_needs_the_size_works_before_the_fields(use, message):
    # (stock ctypes gives such a struct size 0, and instances with no bytes)
    class Node(mc.Structure):
        pass

    with pytest.raises(TypeError) as raised:
        use(Node)
    assert str(raised.value) == message


def test_a_pointer_to_an_incomplete_struct_is_fine_until_it_is_read():
    class Node(mc.Structure):
        pass

    node_pointer = mc.POINTER(Node)
    holder = type("Holder", (mc.Structure,), {"_fields_": [("node", node_pointer), ("count", mc.c_int32)]})
    assert mc.sizeof(holder) == 16
    memory = (mc.c_int32 * 2)(5, 6)
    opaque = mc.cast(memory, node_pointer)
    with pytest.raises(TypeError, match=r"^Node is incomplete: assign Node._fields_ first$"):
        _ = opaque.contents
    Node._fields_ = [("a", mc.c_int32), ("b", mc.c_int32)]
    assert (opaque.contents.a, opaque.contents.b) == (5, 6)


def test_fields_are_final(c):
    Element, _ = linked_element(c)
    with pytest.raises(AttributeError, match=r"^_fields_ is final$"):
        Element._fields_ = [("x", c.c_int)]
    assert c.sizeof(Element) == 24


def test_fields_cannot_be_deleted():
    Element, _ = linked_element(mc)
    with pytest.raises(AttributeError, match=r"^_fields_ is final$"):
        del Element._fields_
    assert Element._fields_[2][0] == "value"


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_a_subclass_adding_fields_lays_them_after_its_base(module):
    # ctypes puts B's fields after all of A, padding included: c lands at
    # 16, not at 9 where a flattened struct would put it.
    class A(module.Structure):
        _fields_ = [("a", module.c_int64), ("b", module.c_char)]

    class B(A):
        _fields_ = [("c", module.c_char)]

    assert (module.sizeof(B), B.c.offset, B.a.offset) == (24, 16, 0)
    b = B(1, b"x", b"y")
    assert (b.a, b.b, b.c) == (1, b"x", b"y")
    assert isinstance(b, A) and B(c=b"z").c == b"z"

    class Same(A):  # no fields of its own: A's layout
        pass

    assert module.sizeof(Same) == 16 and Same(7).a == 7

    class Later(A):
        pass

    Later._fields_ = [("d", module.c_int32)]  # given after the class statement: the same
    assert module.sizeof(Later) == 24 and Later.d.offset == 16


def test_a_subclass_of_an_incomplete_struct_cannot_add_fields():
    class Later(mc.Structure):
        pass

    with pytest.raises(TypeError, match=r"^Later is incomplete: assign Later._fields_ first$"):

        class More(Later):
            _fields_ = [("b", mc.c_int32)]

    with pytest.raises(AttributeError, match=r"^Structure._fields_ cannot be set"):
        mc.Structure._fields_ = []


def test_other_class_attributes_are_set_as_usual():
    Element, _ = linked_element(mc)
    Element.note = "a plain class attribute"
    assert Element.note == "a plain class attribute"
    del Element.note
    assert not hasattr(Element, "note")


def test_self_referential_classes_and_instances_are_collected():
    # Node's _fields_ hold POINTER(Node), which holds Node: a cycle the
    # garbage collector must see through (make reliability found it leaking).
    import weakref

    class Node(mc.Structure):
        pass

    Node._fields_ = [("next", mc.POINTER(Node)), ("both", mc.POINTER(Node) * 2), ("back", mc.POINTER(Node))]
    node = Node()
    node.next = mc.pointer(node)  # node keeps the pointer, the pointer keeps node
    node.back = mc.byref(node)
    view = node.next.contents  # a view into node, kept by nobody else
    collected = weakref.ref(Node)
    del Node, node, view
    gc.collect()
    gc.collect()
    assert collected() is None


def test_the_layout_cannot_be_replaced():
    Element, _ = linked_element(mc)
    for change in (lambda: setattr(Element, "_layout_", None), lambda: delattr(Element, "_layout_")):
        with pytest.raises(
            AttributeError, match=r"^_layout_ is the struct's layout: it cannot be replaced or deleted$"
        ):
            change()
    assert mc.sizeof(Element) == 24


def test_a_struct_returned_by_value_after_its_class_is_gone():
    # The declaration keeps the result's size: libffi writes all of it, and
    # then the missing class is reported instead of a struct being made.
    libc = mc.CDLL(None)

    class Division(mc.Structure):
        _fields_ = [("quot", mc.c_long), ("rem", mc.c_long)]

    ldiv = libc.ldiv
    ldiv.argtypes, ldiv.restype = [mc.c_long, mc.c_long], Division
    assert ldiv(7, 2).rem == 1
    del Division
    gc.collect()
    with pytest.raises(TypeError, match=r"^the class Division no longer exists$"):
        ldiv(7, 2)


def test_what_mini_ctypes_does_not_do_is_refused_by_name():
    with pytest.raises(TypeError, match=r"^Flags: bit fields with _pack_ are not supported by mini-ctypes$"):
        type("Flags", (mc.Structure,), {"_fields_": [("mode", mc.c_uint32, 3)], "_pack_": 1})
    with pytest.raises(TypeError, match=r"^Outer._anonymous_ 'n': only a struct or union member can be anonymous$"):
        type("Outer", (mc.Structure,), {"_fields_": [("n", mc.c_int32)], "_anonymous_": ("n",)})
