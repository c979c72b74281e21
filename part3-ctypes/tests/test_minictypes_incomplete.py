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
import weakref

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


@pytest.mark.parametrize("module", [ctypes, mc], ids=["ctypes", "minictypes"])
def test_a_declaration_keeps_its_struct_class_alive(module):
    # A declaration is a reference, as in ctypes: the class named as restype
    # lives until the declaration changes, so a result can always be made.
    libc = module.CDLL(None)

    class Division(module.Structure):
        _fields_ = [("quot", module.c_long), ("rem", module.c_long)]

    ldiv = libc.ldiv
    ldiv.argtypes, ldiv.restype = [module.c_long, module.c_long], Division
    alive = weakref.ref(Division)
    del Division
    gc.collect()
    assert type(ldiv(7, 2)) is alive() and ldiv(7, 2).rem == 1
    assert ldiv.restype is alive()
    ldiv.restype = module.c_long  # the declaration lets go of it
    gc.collect()
    assert alive() is None


@pytest.mark.parametrize("module", [ctypes, mc], ids=["ctypes", "minictypes"])
def test_a_class_holding_the_function_that_names_it_is_collected(module):
    # The class holds the function, the declaration holds the class: a
    # cycle the collector sees through (the function visits what it declares).
    libc = module.CDLL(None)

    class Division(module.Structure):
        _fields_ = [("quot", module.c_long), ("rem", module.c_long)]

    Division.compute = libc.ldiv
    Division.compute.restype = Division
    alive = weakref.ref(Division)
    del Division, libc
    gc.collect()
    assert alive() is None


def test_redeclaring_after_the_script_dropped_its_struct_class():
    # Found by CPython's test_as_parameter: argtypes named a struct class
    # the script no longer held; setting restype rebuilt the call's libffi
    # description from that class's layout, already freed, and libffi
    # refused it (a panic). The declaration now holds its classes.
    test_library = pytest.importorskip("_ctypes_test", reason="CPython's ctypes test library is not installed")
    library = mc.CDLL(test_library.__file__)
    for _ in range(3):

        class Pair(mc.Structure):
            _fields_ = [("x", mc.c_short), ("y", mc.c_short)]

        library.ret_2h_func.restype = Pair
        library.ret_2h_func.argtypes = [Pair]
        result = library.ret_2h_func(Pair(99, 88))
        assert (result.x, result.y) == (198, 264)
        del Pair, result
        gc.collect()


def test_what_mini_ctypes_does_not_do_is_refused_by_name():
    with pytest.raises(TypeError, match=r"^Flags: bit fields with _pack_ are not supported by mini-ctypes$"):
        type("Flags", (mc.Structure,), {"_fields_": [("mode", mc.c_uint32, 3)], "_pack_": 1})
    with pytest.raises(TypeError, match=r"^Outer._anonymous_ 'n': only a struct or union member can be anonymous$"):
        type("Outer", (mc.Structure,), {"_fields_": [("n", mc.c_int32)], "_anonymous_": ("n",)})
