"""Scalar types are classes, as in `_ctypes`, and callbacks are callable
from Python: each behaviour side by side with stock ctypes."""

import ctypes

import pytest

import minictypes as mc

PAIRS = [(mc.c_int8, ctypes.c_int8), (mc.c_uint32, ctypes.c_uint32), (mc.c_double, ctypes.c_double)]


@pytest.mark.parametrize(("mine", "stock"), PAIRS)
def test_a_scalar_type_is_a_class_with_its_struct_code(mine, stock):
    assert isinstance(mine, type) and isinstance(stock, type)
    assert mine._type_ == stock._type_
    assert type(mine(5)) is mine and isinstance(mine(5), mc._SimpleCData)
    assert mine(5).value == stock(5).value


def test_a_subclass_keeps_its_base_layout_and_is_named_as_an_object():
    class MyInt(mc.c_int):
        pass

    assert MyInt(7).value == 7 and mc.sizeof(MyInt) == 4
    assert repr(MyInt(7)).startswith("<MyInt object at ")
    assert repr(mc.c_int(7)) == "c_int32(7)"


def test_a_class_statement_with_a_type_code_makes_a_scalar_class():
    class Short(mc._SimpleCData):
        _type_ = "h"

    assert mc.sizeof(Short) == 2 and Short(-3).value == -3
    with pytest.raises(ValueError, match=r"^type 'X' not supported by mini-ctypes"):

        class Bad(mc._SimpleCData):
            _type_ = "X"

    with pytest.raises(AttributeError, match=r"^class must define a '_type_' attribute$"):

        class Missing(mc._SimpleCData):
            pass


def test_a_scalar_takes_one_value_at_most():
    with pytest.raises(TypeError, match=r"^c_int32\(\) takes at most 1 positional argument$"):
        mc.c_int(1, 2)
    with pytest.raises(TypeError, match=r"^c_int32\(\) takes at most 1 positional argument$"):
        mc.c_int(value=1)


def test_from_param_passes_an_instance_through_and_converts_the_rest():
    value = mc.c_int(3)
    assert mc.c_int.from_param(value) is value
    assert repr(mc.c_int.from_param(4)) == repr(ctypes.c_int.from_param(4)) == "<cparam 'i' (4)>"
    with pytest.raises(TypeError):
        mc.c_char_p.from_param("text")  # bytes only, as in ctypes
    with pytest.raises(OverflowError):
        mc.c_int8.from_param(300)


def test_the_contents_of_a_pointer_is_an_instance_of_its_class():
    assert type(mc.pointer(mc.c_int8(3)).contents) is mc.c_int8
    assert type(ctypes.pointer(ctypes.c_int8(3)).contents) is ctypes.c_int8


def test_equal_prototypes_are_one_callback_type():
    assert mc.CFUNCTYPE(mc.c_int, mc.c_int) is mc.CFUNCTYPE(mc.c_int, mc.c_int)
    assert ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int) is ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)
    assert mc.CFUNCTYPE(mc.c_int, mc.c_int) is not mc.CFUNCTYPE(mc.c_int, mc.c_int, default=-1)


@pytest.mark.parametrize(
    ("types", "args"),
    [(("c_int", "c_int"), (21,)), (("c_double", "c_double", "c_float"), (1.5, 0.25)), (("c_int8", "c_int8"), (-5,))],
)
def test_a_callback_called_from_python_goes_through_c(types, args):
    def twice(*values):
        return sum(values) * 2

    mine = mc.CFUNCTYPE(*(getattr(mc, t) for t in types))(twice)
    stock = ctypes.CFUNCTYPE(*(getattr(ctypes, t) for t in types))(twice)
    assert mine(*args) == stock(*args)


def test_a_callback_converts_its_arguments_as_c_would():
    seen = []
    mine = mc.CFUNCTYPE(None, mc.c_int8)(seen.append)
    with pytest.raises(OverflowError):
        mine(300)
    with pytest.raises(TypeError, match=r"^this callback takes 1 arguments \(2 given\)$"):
        mine(1, 2)
    assert mine(-1) is None and seen == [-1]


def test_the_bytes_of_c_data_are_a_buffer():
    value = mc.c_int32(0x01020304)
    assert bytes(value) == bytes(ctypes.c_int32(0x01020304)) == b"\x04\x03\x02\x01"
    view = memoryview(value)
    assert (view.format, view.itemsize, view.shape) == ("<i", 4, ())  # what the bytes are, as ctypes says
    view.cast("B")[0] = 5  # writable: the instance's own bytes
    assert value.value == 0x01020305 and not view.readonly


def test_c_data_pickles_as_its_class_and_bytes():
    import pickle

    class Sample(mc.Structure):
        _fields_ = [("count", mc.c_int), ("mean", mc.c_double)]

    globals()["Sample"] = Sample  # pickle finds a class by name
    Sample.__qualname__ = "Sample"
    copy = pickle.loads(pickle.dumps(Sample(3, 2.5)))
    assert (type(copy), copy.count, copy.mean) == (Sample, 3, 2.5)
    assert pickle.loads(pickle.dumps(mc.c_double(1.5))).value == 1.5
    with pytest.raises(ValueError, match=r"^a c_char_p holds an address and cannot be pickled$"):
        pickle.dumps(mc.c_char_p(b"x"))
    with pytest.raises(ValueError, match=r"^a c_int8 is 1 bytes, not 2$"):
        mc.c_int8().__setstate__((None, b"ab"))


@pytest.mark.parametrize("value", [0.0, -2.5, 1e300, 5e-324, float("inf")])
def test_a_long_double_holds_what_ctypes_writes(value):
    mine, stock = mc.c_longdouble(value), ctypes.c_longdouble(value)
    assert mc.sizeof(mine) == ctypes.sizeof(stock) == 16
    assert bytes(mine)[:10] == bytes(stock)[:10], "the x87 80-bit format (the rest is padding)"
    assert mine.value == stock.value == value
    assert (mc.c_longdouble * 2)(value, 1.0)[0] == value


def test_a_long_double_is_data_only():
    function = mc.CDLL(None).printf
    message = r"^c_longdouble is data only in mini-ctypes: a call passes values in 8-byte slots and it needs 16"
    with pytest.raises(TypeError, match=message):
        function.argtypes = [mc.c_longdouble]
    with pytest.raises(TypeError, match=message):
        function.restype = mc.c_longdouble
    with pytest.raises(TypeError, match=message):
        mc.CFUNCTYPE(None, mc.c_longdouble)(lambda value: None)
    with pytest.raises(TypeError, match=message):
        mc.CFUNCTYPE(None, mc.c_longdouble)(function._address)
    assert function.argtypes is None, "a refused declaration changes nothing"


def test_a_callback_takes_pointers_as_pointer_instances():
    libc = mc.CDLL(None)
    compare = mc.CFUNCTYPE(mc.c_int, mc.POINTER(mc.c_char), mc.POINTER(mc.c_char))
    libc.qsort.argtypes, libc.qsort.restype = [mc.c_void_p, mc.c_size_t, mc.c_size_t, compare], None
    letters = mc.create_string_buffer(b"spam")
    seen = []

    def order(left, right):
        seen.append(type(left))
        return (left[0] > right[0]) - (left[0] < right[0])

    libc.qsort(letters, 4, 1, compare(order))
    assert letters.value == b"amps" and seen and all(kind is mc.POINTER(mc.c_char) for kind in seen)
    doubled = mc.CFUNCTYPE(mc.c_int, mc.POINTER(mc.c_int))(lambda pointer: pointer[0] * 2)
    assert doubled(mc.pointer(mc.c_int(21))) == 42 and doubled(mc.byref(mc.c_int(4))) == 8
    with pytest.raises(TypeError):
        doubled(mc.pointer(mc.c_int8(1)))


@pytest.mark.parametrize(("args", "raw"), [((b"ab",), b"ab\0"), ((b"ab", 5), b"ab\0\0\0"), ((3,), b"\0\0\0")])
def test_create_string_buffer_takes_bytes_or_a_size_as_ctypes_does(args, raw):
    assert mc.create_string_buffer(*args).raw == ctypes.create_string_buffer(*args).raw == raw
    buffer = mc.create_string_buffer(*args)
    assert buffer[0] == ctypes.create_string_buffer(*args)[0] and buffer[:2] == raw[:2]


def test_create_string_buffer_refuses_what_does_not_fit():
    with pytest.raises(ValueError, match=r"^create_string_buffer\(\): 3 bytes do not fit 2$"):
        mc.create_string_buffer(b"abc", 2)
    with pytest.raises(IndexError, match=r"^buffer index out of range$"):
        mc.create_string_buffer(2)[2]


@pytest.mark.parametrize("protocol", [0, 2, 5])
def test_a_function_or_callback_is_not_pickled(protocol):
    import pickle

    with pytest.raises(ValueError, match=r"^abs\(\) is an address in this process: a foreign function cannot be"):
        pickle.dumps(mc.CDLL(None).abs, protocol)
    with pytest.raises(ValueError, match=r"^a callback is code in this process's memory: it cannot be pickled$"):
        pickle.dumps(mc.CFUNCTYPE(mc.c_int)(lambda: 1), protocol)
    with pytest.raises(ValueError):
        pickle.dumps(ctypes.CDLL(None).abs, protocol)  # as ctypes says too


def test_an_address_is_never_restored_from_raw_bytes():
    pointer = mc.pointer(mc.c_int(1))
    with pytest.raises(ValueError, match=r"^a POINTER\(c_int32\) holds an address: its bytes cannot be restored"):
        pointer.__setstate__((None, b"\1" * 8))
    assert pointer[0] == 1


def test_a_string_buffer_is_a_buffer_too():
    buffer = mc.create_string_buffer(b"ab")
    assert bytes(buffer) == bytearray(buffer) == b"ab\0" and mc.sizeof(buffer) == 3
    memoryview(buffer)[0] = ord("x")
    assert buffer.value == b"xb"


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_reading_a_nested_struct_runs_none_of_its_class_code(module):
    # `outer.inner` is a view of bytes that already hold a value, not a new
    # value: the class's own __new__ and __init__ are for values made.
    class Inner(module.Structure):
        _fields_ = [("a", module.c_int32)]
        made = 0

        def __new__(cls, *args):
            cls.made += 1
            return super().__new__(cls)

        def __init__(self):
            self.a = 9

    class Outer(module.Structure):
        _fields_ = [("inner", Inner)]

    outer = Outer()
    assert (outer.inner.a, Inner.made, type(outer.inner)) == (0, 0, Inner)
    assert (Inner().a, Inner.made) == (9, 1)


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_the_struct_metaclass_called_with_no_bases_makes_a_checked_struct(module):
    make = type(module.Structure)
    with pytest.raises(TypeError, match=r"^bit fields not allowed for type c_char_p$"):
        make("Bad", (), {"_fields_": [("a", module.c_char_p, 1)]})
    with pytest.raises(ValueError, match=r"^number of bits invalid for bit field$"):
        make("Bad", (), {"_fields_": [("a", module.c_int32, 0)]})
    if module is mc:  # ctypes gives it no base, yet lays it out
        made = make("Flags", (), {"_fields_": [("a", module.c_int32, 3)]})
        assert issubclass(made, module.Structure) and module.sizeof(made) == 4


@pytest.mark.parametrize("module", [ctypes, mc], ids=["ctypes", "minictypes"])
def test_the_class_methods_live_on_the_metaclass(module):
    names = {"in_dll", "from_address", "from_buffer", "from_buffer_copy", "from_param"}
    for base in (module.Structure, module.Union, module.c_int, module.Array, module._Pointer):
        assert names <= set(dir(type(base))), base
    # A class method is the class's, not its instances'.
    assert not hasattr(module.c_int(1), "from_address")
    assert module.c_int.from_buffer_copy(b"\x07\x00\x00\x00\x09\x00\x00\x00", 4).value == 9


def test_a_class_of_its_own_overrides_a_class_method():
    class Celsius(mc.c_double):
        @classmethod
        def from_param(cls, value):
            return mc.c_double.from_param(value - 273.15)

    assert repr(Celsius.from_param(273.15)) == "<cparam 'd' (0.0)>"


def test_a_class_method_called_wrongly_says_so():
    with pytest.raises(TypeError, match=r"from_address\(\) missing 1 required positional argument: 'address'"):
        mc.c_int.from_address()
    with pytest.raises(TypeError, match=r"from_buffer\(\) got an unexpected keyword argument 'start'"):
        mc.c_int.from_buffer(bytearray(4), start=0)
