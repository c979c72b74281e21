"""Array and pointer types are classes, as in `_ctypes`: made once per
element type, named as ctypes names them, subclasses of `Array` and
`_Pointer`, their instances instances of them."""

import ctypes

import pytest

import minictypes as mc


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_an_array_type_is_one_class_per_element_and_length(module):
    array = module.c_int32 * 3
    assert array is module.c_int32 * 3 and array is not module.c_int32 * 4
    assert issubclass(array, module.Array) and (array._type_, array._length_) == (module.c_int32, 3)
    assert type(array(1, 2, 3)) is array and array.__name__ == "c_int_Array_3".replace("c_int", module.c_int32.__name__)


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_a_pointer_type_is_one_class_per_target(module):
    pointer_type = module.POINTER(module.c_double)
    assert pointer_type is module.POINTER(module.c_double) and issubclass(pointer_type, module._Pointer)
    assert type(module.pointer(module.c_double(2.0))) is pointer_type
    assert pointer_type._type_ is module.c_double


def test_an_array_class_statement_is_checked_as_ctypes_checks_it():
    class Four(mc.Array):
        _type_, _length_ = mc.c_int8, 4

    assert mc.sizeof(Four) == 4 and Four(1, 2)[:] == [1, 2, 0, 0]
    with pytest.raises(ValueError, match=r"^an array length must be >= 0, not -1$"):

        class Negative(mc.Array):
            _type_, _length_ = mc.c_int8, -1

    with pytest.raises(TypeError, match=r"^The '_length_' attribute must be an integer$"):

        class Fraction(mc.Array):
            _type_, _length_ = mc.c_int8, 1.5

    with pytest.raises(AttributeError, match=r"^class must define a '_length_' attribute$"):

        class Endless(mc.Array):
            _type_ = mc.c_int8


def test_a_struct_class_and_its_pointer_class_are_collected_together():
    import gc
    import weakref

    class Node(mc.Structure):
        pass

    Node._fields_ = [("next", mc.POINTER(Node)), ("value", mc.c_int)]
    alive = weakref.ref(Node)
    del Node
    gc.collect()
    assert alive() is None, "the class keeps its pointer class, which keeps the class: a cycle the GC frees"


def test_contents_can_be_pointed_elsewhere_and_is_kept_alive():
    import gc

    pointer = mc.pointer(mc.c_int(1))
    pointer.contents = mc.c_int(7)  # the only reference: the pointer's
    gc.collect()
    assert pointer[0] == 7
    with pytest.raises(TypeError, match=r"^contents of a POINTER\(c_int32\) must be a c_int32 instance, not c_int8$"):
        pointer.contents = mc.c_int8(1)


def test_an_element_cannot_be_deleted():
    with pytest.raises(TypeError, match=r"^a c_int32 \* 2 does not support item deletion$"):
        del (mc.c_int32 * 2)()[0]


def test_an_array_type_in_argtypes_takes_the_array_as_c_sees_it():
    libc = mc.CDLL(None)
    libc.strlen.argtypes, libc.strlen.restype = [mc.c_char * 8], mc.c_size_t
    assert libc.strlen((mc.c_char * 8)(*b"abc")) == 3


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_a_pointer_type_takes_what_a_pointer_argument_takes(module):
    int_pointer = module.POINTER(module.c_int)
    value = module.c_int(42)
    pointer = module.pointer(value)
    assert int_pointer.from_param(pointer) is pointer
    assert int_pointer.from_param(None) is None
    int_pointer.from_param((module.c_int * 2)())  # an array of the type
    with pytest.raises(TypeError):
        int_pointer.from_param(module.pointer(module.c_short(1)))


def test_array_is_the_older_spelling_of_multiplication():
    assert mc.ARRAY(mc.c_int8, 3) is mc.c_int8 * 3
    assert type(mc.c_int) is mc.SimpleType and type(mc.c_int * 2) is mc.ArrayType
    assert type(mc.POINTER(mc.c_int)) is mc.PointerType


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_the_pointer_type_cache_finds_and_forgets_pointer_classes(module):
    class Point(module.Structure):
        _fields_ = [("x", module.c_int32)]

    class Count(module.c_int32):  # a subclass: c_int32's pointer class is not its own
        pass

    assert Point not in module._pointer_type_cache
    made = module.POINTER(Point)
    assert module._pointer_type_cache[Point] is made
    module.POINTER(module.c_int32)
    assert Count not in module._pointer_type_cache
    del module._pointer_type_cache[Point]
    assert Point not in module._pointer_type_cache and module.POINTER(Point) is not made
    with pytest.raises(KeyError):
        del module._pointer_type_cache[Count]
