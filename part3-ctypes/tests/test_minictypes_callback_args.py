"""Callback arguments that are C data: a struct by value arrives as a copy
of it, an array as a pointer to its first element (as C passes one)."""

import ctypes

import pytest

import minictypes as mc


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_c_passes_a_struct_by_value_to_a_callback(module):
    ctypes_test = pytest.importorskip("_ctypes_test", reason="the interpreter ships no _ctypes_test")

    class Large(module.Structure):  # _ctypes_test.c's struct: three unsigned longs
        _fields_ = [("first", module.c_ulong), ("second", module.c_ulong), ("third", module.c_ulong)]

    seen = []

    def callback(value):
        seen.append((value.first, value.second, value.third))
        value.first = 0  # a copy: the caller's struct keeps its value

    prototype = module.CFUNCTYPE(None, Large)
    function = module.CDLL(ctypes_test.__file__)._testfunc_cbk_large_struct
    function.argtypes, function.restype = (Large, prototype), None
    value = Large(0xDEADBEEF, 0xCAFEBABE, 0x0BAD1DEA)
    function(value, prototype(callback))
    assert seen == [(0xDEADBEEF, 0xCAFEBABE, 0x0BAD1DEA)] and value.first == 0xDEADBEEF


@pytest.mark.parametrize("fields", [[("a", "c_int8")], [("a", "c_int32"), ("b", "c_int8")], [("x", "c_double")] * 3])
def test_a_struct_of_any_size_reaches_a_callback_called_from_python(fields):
    class Small(mc.Structure):
        _fields_ = [(f"{name}{index}", getattr(mc, kind)) for index, (name, kind) in enumerate(fields)]

    values = tuple(index + 1 for index in range(len(fields)))
    seen = []
    callback = mc.CFUNCTYPE(mc.c_int32, mc.c_int32, Small)(
        lambda number, value: seen.append((number, tuple(getattr(value, f[0]) for f in Small._fields_))) or 7
    )
    assert callback(5, Small(*values)) == 7 and seen == [(5, values)]
    with pytest.raises(mc.ArgumentError, match=r"^argument 2 to callback\(\): expected a Small instance, not tuple$"):
        callback(5, values)


def test_an_array_argument_arrives_as_a_pointer_to_its_first_element():
    seen = []
    callback = mc.CFUNCTYPE(None, mc.c_int32 * 3)(lambda first: seen.append((type(first), first[0], first[2])))
    callback((mc.c_int32 * 3)(4, 5, 6))
    assert seen == [(mc.POINTER(mc.c_int32), 4, 6)]


def test_a_struct_result_is_still_refused_for_a_callback():
    class Pair(mc.Structure):
        _fields_ = [("a", mc.c_int32), ("b", mc.c_int32)]

    with pytest.raises(TypeError, match=r"^a callback returns a scalar type \(or None\), not <class"):
        mc.CFUNCTYPE(Pair)(lambda: Pair())


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_a_scalar_subclass_argument_arrives_as_an_instance_of_it(module):
    class Celsius(module.c_int32):  # only the scalar classes themselves become numbers
        pass

    seen = []
    module.CFUNCTYPE(None, Celsius)(seen.append)(21)
    module.CFUNCTYPE(None, module.c_int32)(seen.append)(22)
    assert [(type(value), getattr(value, "value", value)) for value in seen] == [(Celsius, 21), (int, 22)]
