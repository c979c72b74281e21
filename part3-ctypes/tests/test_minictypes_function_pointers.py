"""Function pointers: C code of a CFUNCTYPE's type, called from Python.

`PROTO(address)`, `PROTO(("name", library))`, and a function whose restype
is `PROTO` each give a function object declared with the prototype's
types. Side by side with stock ctypes."""

import ctypes

import pytest

import minictypes as mc

ctypes_test = pytest.importorskip("_ctypes_test", reason="the interpreter ships no _ctypes_test")


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_three_ways_to_a_function_pointer(module):
    library = module.CDLL(ctypes_test.__file__)
    strchr_type = module.CFUNCTYPE(module.c_char_p, module.c_char_p, module.c_char)
    get_strchr = library.get_strchr
    get_strchr.argtypes, get_strchr.restype = [], strchr_type
    returned = get_strchr()  # C returned a function pointer
    get_strchr.restype = module.c_void_p
    from_address = strchr_type(get_strchr())
    by_name = strchr_type(("my_strchr", library))
    for strchr in (returned, from_address, by_name):
        assert (strchr(b"abcdef", b"c"), strchr(b"abcdef", b"x"), bool(strchr)) == (b"cdef", None, True)
        with pytest.raises(module.ArgumentError):
            strchr(b"abcdef", 3.0)


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_a_null_function_pointer_is_false(module):
    null = module.CFUNCTYPE(None)(0)
    assert not null and module.CFUNCTYPE(None)(42)


def test_a_null_function_pointer_is_never_called():
    null = mc.CFUNCTYPE(mc.c_int32)(0)
    with pytest.raises(ValueError, match=r"^\*0x0\(\) is a NULL function pointer: there is no code to call$"):
        null()
    null.argtypes = []  # redeclared: still nothing to call
    with pytest.raises(ValueError, match="NULL function pointer"):
        null()


def test_a_prototype_that_cannot_make_callbacks_still_makes_function_pointers():
    # A callback cannot return a string (C would read freed memory), but C
    # code may: the refusal comes when a callback is made, as in ctypes.
    strchr_type = mc.CFUNCTYPE(mc.c_char_p, mc.c_char_p, mc.c_char)
    with pytest.raises(TypeError, match=r"^a callback cannot return c_char_p"):
        strchr_type(lambda text, char: text)
    assert strchr_type(("my_strchr", mc.CDLL(ctypes_test.__file__)))(b"ab", b"b") == b"b"


@pytest.mark.parametrize(
    ("target", "exception", "message"),
    [
        ("my_strchr", TypeError, r"is not callable, an address or a \(name, library\) pair$"),
        (-1, OverflowError, r"^a function pointer needs an address from 0 to 2\*\*64 - 1, not -1$"),
        (("my_strchr",), TypeError, r"^a function pointer by name needs a \(name, library\) pair$"),
        ((b"my_strchr", None), TypeError, r"needs a \(name, library\) pair$"),
        (("my_strchr", "library"), TypeError, r"needs a \(name, library\) pair$"),
        (("no_such_function", None), AttributeError, r"has no symbol 'no_such_function'$"),
    ],
)
def test_a_bad_target_is_refused(target, exception, message):
    strchr_type = mc.CFUNCTYPE(mc.c_char_p, mc.c_char_p, mc.c_char)
    if isinstance(target, tuple) and len(target) == 2 and target[1] is None:
        target = (target[0], mc.CDLL(ctypes_test.__file__))
    with pytest.raises(exception, match=message):
        strchr_type(target)


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_a_callback_says_its_types(module):
    prototype = module.CFUNCTYPE(module.c_int32, module.c_int32, module.c_double)
    callback = prototype(lambda number, real: 0)
    assert (callback.restype, callback.argtypes) == (module.c_int32, (module.c_int32, module.c_double))
    assert (prototype._restype_, prototype._argtypes_) == (module.c_int32, (module.c_int32, module.c_double))


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_an_argtype_may_be_any_object_with_from_param(module):
    # ctypes' protocol for adapters: the argument is what from_param returns.
    function = module.CDLL(ctypes_test.__file__)._testfunc_p_p  # returns its void * argument
    function.restype = module.c_void_p

    class Handle:
        def __init__(self, address):
            self._as_parameter_ = address

    class Handles:
        @classmethod
        def from_param(cls, value):
            return Handle(value) if isinstance(value, int) else value

    function.argtypes = (Handles,)
    assert (function(42), function(None), function(module.c_void_p(7))) == (42, None, 7)
    assert function.argtypes == (Handles,)
    with pytest.raises(module.ArgumentError):
        function(object())


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_a_function_pointer_is_the_size_of_a_pointer(module):
    prototype = module.CFUNCTYPE(module.c_int32, module.c_int32)
    callback = prototype(abs)
    assert module.sizeof(prototype) == module.sizeof(callback) == module.sizeof(module.c_voidp) == 8


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_at_most_1024_arguments(module):
    prototype = module.CFUNCTYPE(module.c_int32, *(module.c_int32,) * 1024)
    callback = prototype(lambda *numbers: len(numbers))
    assert callback(*(1,) * 1024) == 1024
    with pytest.raises(module.ArgumentError):
        callback(*(1,) * 1025)
    with pytest.raises(module.ArgumentError):
        module.CFUNCTYPE(module.c_int32, *(module.c_int32,) * 1025)


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_a_struct_keeps_a_callback_in_a_function_pointer_field(module):
    import gc

    operation = module.CFUNCTYPE(module.c_int64, module.c_int32, module.c_int32)

    class Table(module.Structure):  # a table of operations, as C libraries keep them
        _fields_ = [("flags", module.c_uint32), ("combine", operation)]

    table = Table()
    assert not table.combine, "a NULL function pointer to begin with"
    table.combine = operation(lambda a, b: a * b)  # kept by the struct: no other reference
    gc.collect()
    assert table.combine(6, 7) == 42 and module.sizeof(Table) == 16
    combine = table.combine
    del table  # the function pointer keeps the struct, and with it the callback
    gc.collect()
    _ = [operation(lambda a, b: 0) for _ in range(100)]  # reuse freed closures, if any
    assert combine(5, 6) == 30


def test_a_function_pointer_field_takes_only_its_own_callbacks():
    operation = mc.CFUNCTYPE(mc.c_int64, mc.c_int32, mc.c_int32)

    class Table(mc.Structure):
        _fields_ = [("combine", operation)]

    table = Table()
    with pytest.raises(ValueError, match=r"^field 'combine' of Table: the callback was made by a different CFUNCTYPE$"):
        table.combine = mc.CFUNCTYPE(None)(lambda: None)
    with pytest.raises(TypeError, match=r"^field 'combine' of Table: needs a callback made by its CFUNCTYPE, not int$"):
        table.combine = 5
    assert not table.combine, "a refused value changed nothing"


@pytest.mark.parametrize("module", [ctypes, mc], ids=["ctypes", "minictypes"])
def test_every_c_function_object_is_a_cfuncptr(module):
    libc = module.CDLL(None)
    prototype = module.CFUNCTYPE(module.c_int, module.c_int)
    for function in (libc.abs, prototype(abs), prototype(("abs", libc))):
        assert isinstance(function, module._CFuncPtr)
    assert not isinstance(3, module._CFuncPtr)


@pytest.mark.parametrize("module", [ctypes, mc], ids=["ctypes", "minictypes"])
def test_cfuncptr_itself_is_abstract(module):
    with pytest.raises(TypeError):  # ctypes: four arguments are Windows' COM form
        module._CFuncPtr(13, "name", 42, "iid")
    with pytest.raises(TypeError, match=r"^abstract class$"):
        mc._CFuncPtr()
    for method, argument in [("from_param", 42), ("from_buffer", bytearray(10)), ("from_buffer_copy", b"123")]:
        with pytest.raises(TypeError):
            getattr(module._CFuncPtr, method)(argument)


def test_cfuncptr_says_why_it_refuses():
    with pytest.raises(TypeError, match=r"^expected a C function object \(_CFuncPtr\), not int$"):
        mc._CFuncPtr.from_param(42)
    with pytest.raises(TypeError, match=r"^abstract class$"):
        mc._CFuncPtr.from_buffer(bytearray(10))
    function = mc.CDLL(None).abs
    assert mc._CFuncPtr.from_param(function) is function
