"""mini-ctypes' hot path: the hand-made `CDLL` and function types, and the
direct call that skips `ffi_call` for integer-and-pointer signatures.

Every call the direct path makes must give what `ffi_call` gives; the
module switch `_direct_calls` sends every call through libffi, so each test
here runs on both paths.
"""

import ctypes
import functools
import gc
import pathlib
import weakref

import pytest

import minictypes as mc
from part3_ctypes import library_path


@pytest.fixture(params=["direct", "libffi"])
def path(request):
    mc._direct_calls(request.param == "direct")
    yield request.param
    mc._direct_calls(True)


@pytest.fixture
def libc():
    return mc.CDLL("libc.so.6")


def declared(lib, name, argtypes, restype):
    function = lib[name]
    function.argtypes, function.restype = argtypes, restype
    return function


# ---------------------------------------------------------------- both paths agree

# (function, argtypes, restype, arguments, expected): libc's own functions,
# compiled by someone else, checked against stock ctypes' answer as well.
LIBC_CASES = [
    ("abs", [mc.c_int32], mc.c_int32, (-5,), 5),
    ("labs", [mc.c_int64], mc.c_int64, (-(2**40),), 2**40),
    ("toupper", [mc.c_int32], mc.c_int32, (ord("q"),), ord("Q")),
    ("strlen", [mc.c_char_p], mc.c_uint64, (b"three layers",), 12),
    ("atoi", [mc.c_char_p], mc.c_int32, (b"-42",), -42),
    # `abs` reads an int; declared as taking a signed char, the caller must
    # sign-extend -5 (0xFB) to the whole register, as C compilers expect
    # of a caller: without that, abs would see 251.
    ("abs", [mc.c_int8], mc.c_int32, (-5,), 5),
    ("abs", [mc.c_int16], mc.c_int32, (-300,), 300),
    # A narrow result: the register's upper bits are not the value's.
    ("labs", [mc.c_int64], mc.c_uint8, (0x1234,), 0x34),
    ("labs", [mc.c_int64], mc.c_int8, (0xFF,), -1),
]


@pytest.mark.parametrize(("name", "argtypes", "restype", "arguments", "expected"), LIBC_CASES)
def test_libc_functions_give_the_same_answer_on_both_paths(path, libc, name, argtypes, restype, arguments, expected):
    assert declared(libc, name, argtypes, restype)(*arguments) == expected


def test_stock_ctypes_agrees_on_the_libc_cases():
    stock = ctypes.CDLL("libc.so.6")
    names = {mc.c_int32: ctypes.c_int32, mc.c_int64: ctypes.c_int64, mc.c_char_p: ctypes.c_char_p}
    names |= {mc.c_uint64: ctypes.c_uint64, mc.c_int8: ctypes.c_int8, mc.c_int16: ctypes.c_int16}
    names |= {mc.c_uint8: ctypes.c_uint8}
    for name, argtypes, restype, arguments, expected in LIBC_CASES:
        function = stock[name]
        function.argtypes, function.restype = [names[t] for t in argtypes], names[restype]
        assert function(*arguments) == expected, name


def test_the_scalar_library_gives_the_same_answer_on_both_paths(path):
    lib = mc.CDLL(str(library_path()))
    add = declared(lib, "add", [mc.c_int64, mc.c_int64], mc.c_int64)
    fib = declared(lib, "fib", [mc.c_uint32], mc.c_uint64)
    noop = declared(lib, "noop", [], None)
    out = mc.create_string_buffer(8)
    div = declared(lib, "checked_div", [mc.c_int64, mc.c_int64, mc.c_buffer], mc.c_int32)
    assert add(-(2**63), 2**63 - 1) == -1
    assert fib(93) == 12200160415121876738  # above i64::MAX: the general path
    assert noop() is None
    assert div(-7, 2, out) == 0 and int.from_bytes(out.raw, "little", signed=True) == -3


def test_doubles_mixed_with_integers_give_the_same_answer_on_both_paths(path):
    """On the direct path the integers fill the general registers and the
    doubles the vector ones, each class in its own order."""
    lib = mc.CDLL(str(library_path()))
    fmt = declared(
        lib,
        "format_reading",
        [mc.c_char_p, mc.c_double, mc.c_buffer, mc.c_size_t, mc.c_buffer],
        mc.c_int32,
    )
    out, needed = mc.create_string_buffer(64), mc.create_string_buffer(8)
    assert fmt(b"sensor-A", 21.5, out, 64, needed) == 0
    assert out.value.decode() == "sensor-A: 21.50 °C"
    assert int.from_bytes(needed.raw, "little") == len("sensor-A: 21.50 °C".encode()) + 1
    # A double result is libffi's (xmm0 is not read back), on both paths.
    celsius = declared(lib, "celsius_to_fahrenheit", [mc.c_double], mc.c_double)
    assert celsius(100.0) == 212.0


def test_a_variadic_callee_finds_its_doubles_on_both_paths(path, libc):
    """snprintf reads its doubles only if the caller says, in `al`, how many
    vector registers it used: the direct path calls it as variadic for that."""
    out = mc.create_string_buffer(64)
    snprintf = declared(
        libc,
        "snprintf",
        [mc.c_buffer, mc.c_size_t, mc.c_char_p, mc.c_double, mc.c_int32, mc.c_double],
        mc.c_int32,
    )
    assert snprintf(out, 64, b"%.3f|%d|%.2f", 1.5, -7, 2.25) == 13
    assert out.value == b"1.500|-7|2.25"
    eight = declared(libc, "snprintf", [mc.c_buffer, mc.c_size_t, mc.c_char_p] + [mc.c_double] * 8, mc.c_int32)
    assert eight(out, 64, b"%g %g %g %g %g %g %g %g", *range(1, 9)) == 15
    assert out.value == b"1 2 3 4 5 6 7 8"


def test_nine_doubles_and_floats_stay_on_libffi(libc):
    """More doubles than vector registers, and `float` (whose conversion an
    exercise writes): libffi's, whatever the switch says."""
    out = mc.create_string_buffer(64)
    nine = declared(libc, "snprintf", [mc.c_buffer, mc.c_size_t, mc.c_char_p] + [mc.c_double] * 9, mc.c_int32)
    assert nine(out, 64, b"%g %g %g %g %g %g %g %g %g", *range(1, 10)) == 17
    assert out.value == b"1 2 3 4 5 6 7 8 9"
    libm = mc.CDLL("libm.so.6")
    assert declared(libm, "lrintf", [mc.c_float], mc.c_int64)(2.5) == 2


# ---------------------------------------------------------------- the function object


def test_a_function_takes_no_keyword_arguments(path):
    add = declared(mc.CDLL(str(library_path())), "add", [mc.c_int64, mc.c_int64], mc.c_int64)
    with pytest.raises(TypeError, match=r"^add\(\) takes no keyword arguments$"):
        add(1, b=2)
    # The tuple entry point (tp_call), for callers that hold a tuple:
    call = type(add).__call__
    assert call(add, 1, 2) == 3
    with pytest.raises(TypeError, match=r"^add\(\) takes no keyword arguments$"):
        call(add, 1, b=2)
    assert functools.partial(add, 40)(2) == 42


def test_the_function_type_is_not_for_python_to_make_or_change():
    with pytest.raises(TypeError):
        mc.ForeignFunction()
    with pytest.raises(TypeError):
        type("Mine", (mc.ForeignFunction,), {})
    with pytest.raises(TypeError):
        mc.ForeignFunction.extra = 1


def test_declarations_cannot_be_deleted():
    add = mc.CDLL(str(library_path())).add
    for name in ("argtypes", "restype"):
        with pytest.raises(TypeError, match=r"^can't delete attribute$"):
            delattr(add, name)
    with pytest.raises(AttributeError):
        add.name = "sub"


def test_a_function_reads_back_what_was_declared():
    add = mc.CDLL(str(library_path())).add
    assert (add.name, add.argtypes, add.restype) == ("add", None, None)
    add.argtypes, add.restype = [mc.c_int64, mc.c_int64], mc.c_int64
    assert list(add.argtypes) == [mc.c_int64, mc.c_int64] and add.restype is mc.c_int64
    assert repr(add) == "<minictypes function add>"


# ---------------------------------------------------------------- the library object


def test_cdll_takes_one_path_and_a_mode():
    path = str(library_path())
    assert mc.CDLL(path=path).path == path
    assert mc.CDLL(pathlib.Path(path)).path == path
    usage = r"^CDLL\(\) takes a path, an optional mode \(RTLD_LOCAL or RTLD_GLOBAL\) and use_errno=bool$"
    for arguments, keywords in [((), {}), ((path, 0, 0), {}), ((), {"name": path}), ((path,), {"path": path})]:
        with pytest.raises(TypeError, match=usage):
            mc.CDLL(*arguments, **keywords)
    with pytest.raises(ValueError, match=r"^CDLL\(\): mode must be RTLD_LOCAL or RTLD_GLOBAL, not '.*'$"):
        mc.CDLL(path, path)
    with pytest.raises(TypeError, match=r"^CDLL\(\) needs a path \(str or os\.PathLike\) or None, not int$"):
        mc.CDLL(3)


def test_functions_are_cached_in_the_instance_dict():
    lib = mc.CDLL(str(library_path()))
    add = lib.add
    assert vars(lib) == {"add": add}
    lib.note = "anything"  # an ordinary attribute, as on ctypes' CDLL
    assert lib.note == "anything" and lib.add is add
    with pytest.raises(TypeError, match=r"^a symbol name is a str, not int$"):
        lib[3]


def test_a_library_in_a_cycle_is_collected():
    class Sentinel:
        pass

    lib = mc.CDLL(str(library_path()))
    lib.sentinel = Sentinel()
    alive = weakref.ref(lib.sentinel)
    lib.me = lib  # a cycle through the instance dict
    del lib
    gc.collect()
    assert alive() is None, "the CDLL takes part in garbage collection"


def test_a_function_outlives_its_library_object():
    lib = mc.CDLL(str(library_path()))
    add = declared(lib, "add", [mc.c_int64, mc.c_int64], mc.c_int64)
    del lib
    gc.collect()
    assert add(2, 3) == 5, "the function keeps the loaded library (not the CDLL object)"
