"""The express call (`express.rs`): a declaration the direct path takes,
called with the plainest values (ints in range, floats, bytes, Buffers),
skips the general call's preparations.

It must never change an answer or an error: anything it does not expect
(an int out of range, a subclass of int, bytes, an errcheck hook) sends the
call down the general path, whose messages the tests pin elsewhere. Here:
which declarations take it (`_express`), that it gives way whenever the
general path has work to do, and that both give the same answers and the
same errors.
"""

import pytest

import minictypes as mc
from part3_ctypes import library_path


def declared(lib, name, argtypes, restype):
    function = lib[name]
    function.argtypes, function.restype = argtypes, restype
    return function


@pytest.fixture
def lib():
    return mc.CDLL(str(library_path()))


@pytest.fixture
def libc():
    return mc.CDLL("libc.so.6")


@pytest.fixture
def general():
    """Functions declared while this is active take the general call only."""
    mc._direct_calls(False)
    yield
    mc._direct_calls(True)


def test_integer_declarations_take_it_and_others_do_not(lib, libc):
    assert declared(lib, "add", [mc.c_int64, mc.c_int64], mc.c_int64)._express
    assert declared(lib, "fib", [mc.c_uint32], mc.c_uint64)._express
    assert declared(lib, "noop", [], None)._express
    # Results other than ints are still made the general way, after it.
    assert declared(libc, "strerror", [mc.c_int32], mc.c_char_p)._express
    # Text, addresses of Buffers, doubles: their commonest values too.
    assert declared(libc, "strlen", [mc.c_char_p], mc.c_uint64)._express
    # A pointer type (its argument may be an array, byref(), an instance),
    # a wide string, a bool: the general call.
    assert not declared(libc, "strlen", [mc.POINTER(mc.c_char)], mc.c_uint64)._express
    assert not declared(libc, "wcslen", [mc.c_wchar_p], mc.c_uint64)._express
    assert not declared(libc, "abs", [mc.c_bool], mc.c_int32)._express
    # A double result is libffi's (direct.rs): no direct call, no plan.
    assert not declared(lib, "celsius_to_fahrenheit", [mc.c_double], mc.c_double)._express
    # Undeclared, half declared, declared then taken back: no call at all.
    fresh = mc.CDLL(str(library_path()))
    assert not fresh.add._express
    fresh.add.argtypes = [mc.c_int64, mc.c_int64]
    assert not fresh.add._express
    noop = lib["noop"]
    noop.argtypes = None
    assert not noop._express


def test_a_function_declared_with_direct_calls_off_takes_the_general_call(lib, general):
    add = declared(lib, "add", [mc.c_int64, mc.c_int64], mc.c_int64)
    assert not add._express  # declared with direct calls off


def test_an_errcheck_hook_turns_it_off_and_deleting_it_turns_it_back_on(lib):
    add = declared(lib, "add", [mc.c_int64, mc.c_int64], mc.c_int64)
    seen = []
    add.errcheck = lambda result, function, args: seen.append(args) or result * 10
    assert not add._express
    assert add(1, 2) == 30 and seen == [(1, 2)]
    del add.errcheck
    assert add._express and add(1, 2) == 3


def test_use_errno_and_paramflags_take_the_general_call():
    errno_lib = mc.CDLL(str(library_path()), use_errno=True)
    assert not declared(errno_lib, "add", [mc.c_int64, mc.c_int64], mc.c_int64)._express
    prototype = mc.CFUNCTYPE(mc.c_int64, mc.c_int64, mc.c_int64)
    add = prototype(("add", mc.CDLL(str(library_path()))), ((1, "a"), (1, "b", 5)))
    assert not add._express
    assert add(1) == 6 and add(a=2, b=3) == 5


def test_redeclaring_replaces_the_plan(lib):
    add = declared(lib, "add", [mc.c_int64, mc.c_int64], mc.c_int64)
    add.restype = mc.c_int8
    assert add._express and add(100, 100) == -56  # 200 as a signed byte
    add.argtypes = [mc.c_int8, mc.c_int8]
    with pytest.raises(mc.ArgumentError):
        add(200, 1)  # out of c_int8's range: refused, not wrapped
    add.argtypes = [mc.c_wchar_p, mc.c_int64]
    assert not add._express


def test_results_are_the_same_as_the_general_calls(lib, libc):
    """The express call makes ints itself; everything else it hands to the
    general conversion. Each answer is checked against a function declared
    with direct calls off."""
    cases = [
        (lib, "fib", [mc.c_uint32], mc.c_uint64, (93,)),  # above i64::MAX
        (lib, "add", [mc.c_int64, mc.c_int64], mc.c_int64, (-(2**63), 2**63 - 1)),
        (lib, "add", [mc.c_int64, mc.c_int64], mc.c_uint16, (70000, 0)),
        (libc, "labs", [mc.c_int64], mc.c_int8, (0xFF,)),
        (libc, "abs", [mc.c_int8], mc.c_int32, (-128,)),
        (libc, "abs", [mc.c_uint8], mc.c_int32, (255,)),
        (libc, "strerror", [mc.c_int32], mc.c_char_p, (2,)),
        (libc, "isdigit", [mc.c_int32], mc.c_bool, (ord("7"),)),
        (libc, "toupper", [mc.c_int32], mc.c_char, (ord("q"),)),
        (lib, "noop", [], None, ()),
    ]
    for library, name, argtypes, restype, arguments in cases:
        express = declared(library, name, argtypes, restype)
        assert express._express, name
        mc._direct_calls(False)
        try:
            slow = declared(type(library)(library.path), name, argtypes, restype)
        finally:
            mc._direct_calls(True)
        assert not slow._express
        assert express(*arguments) == slow(*arguments), name


class Number(int):
    """An int subclass: its value is the int's, but it is not a plain int."""


@pytest.mark.parametrize(
    "arguments",
    [
        (2**63, 1),  # out of range
        (-(2**63) - 1, 1),
        ("1", 1),  # not a number
        (None, 1),
        (1.5, 1),
        (b"\x00", 1),
        (1,),  # too few
        (1, 2, 3),  # too many
    ],
)
def test_errors_are_the_general_calls(lib, arguments):
    express = declared(lib, "add", [mc.c_int64, mc.c_int64], mc.c_int64)
    mc._direct_calls(False)
    try:
        slow = declared(mc.CDLL(str(library_path())), "add", [mc.c_int64, mc.c_int64], mc.c_int64)
    finally:
        mc._direct_calls(True)
    with pytest.raises(Exception) as fast_error:
        express(*arguments)
    with pytest.raises(Exception) as slow_error:
        slow(*arguments)
    assert type(fast_error.value) is type(slow_error.value)
    assert str(fast_error.value) == str(slow_error.value)


def test_what_is_not_a_plain_int_is_converted_the_general_way(lib):
    add = declared(lib, "add", [mc.c_int64, mc.c_int64], mc.c_int64)
    assert add(Number(40), 2) == 42
    assert add(True, 1) == 2
    assert add(mc.c_int64(5), 1) == 6  # a C int instance gives its value


FORMAT = [mc.c_char_p, mc.c_double, mc.c_void_p, mc.c_size_t, mc.c_buffer]


def test_text_doubles_and_buffers_take_it_too(lib):
    """`format_reading(const char *, double, char *, size_t, size_t *)`:
    bytes, a float and Buffers are what those kinds take most often."""
    fmt = declared(lib, "format_reading", FORMAT, mc.c_int32)
    assert fmt._express
    out, needed = mc.create_string_buffer(64), mc.create_string_buffer(8)
    assert fmt(b"sensor-A", 21.5, out, 64, needed) == 0
    assert out.value.decode() == "sensor-A: 21.50 °C"
    # A float argument is not an int: c_float stays on libffi, so no plan.
    assert not declared(lib, "celsius_to_fahrenheit", [mc.c_float], mc.c_float)._express


class Celsius(float):
    """A float subclass: its value is the float's, but it is not a plain float."""


@pytest.mark.parametrize(
    "arguments",
    [
        (b"sensor-A", 21.5, "buffer", 64, "needed"),  # all plain: the express call
        (b"sensor-A", 21, "buffer", 64, "needed"),  # an int for a double
        (b"sensor-A", Celsius(21.5), "buffer", 64, "needed"),
        (b"sen\x00sor", 21.5, "buffer", 64, "needed"),  # a NUL inside: refused
        ("sensor-A", 21.5, "buffer", 64, "needed"),  # str for c_char_p: refused
        ("buffer", 21.5, "buffer", 64, "needed"),  # a Buffer for c_char_p
        (None, 21.5, "buffer", 64, "needed"),  # NULL: the library says so
        (b"sensor-A", 21.5, None, 0, "needed"),  # NULL buffer: a size query
        (b"sensor-A", 21.5, "buffer", 64, b"bytes"),  # bytes for c_buffer: refused
        (b"sensor-A", "21.5", "buffer", 64, "needed"),
        (b"sensor-A", 21.5, "buffer", -1, "needed"),
    ],
)
def test_text_calls_answer_and_fail_as_the_general_call(lib, arguments):
    fast = declared(lib, "format_reading", FORMAT, mc.c_int32)
    mc._direct_calls(False)
    try:
        slow = declared(mc.CDLL(str(library_path())), "format_reading", FORMAT, mc.c_int32)
    finally:
        mc._direct_calls(True)
    outcomes = []
    for function in (fast, slow):
        buffers = {"buffer": mc.create_string_buffer(64), "needed": mc.create_string_buffer(8)}
        given = [buffers.get(a, a) if isinstance(a, str) and a in buffers else a for a in arguments]
        try:
            outcomes.append((function(*given), buffers["buffer"].raw, buffers["needed"].raw))
        except Exception as error:  # noqa: BLE001 - the same exception is the point
            outcomes.append((type(error), str(error)))
    assert outcomes[0] == outcomes[1]


def test_express_is_read_only(lib):
    add = declared(lib, "add", [mc.c_int64, mc.c_int64], mc.c_int64)
    for change in (lambda: setattr(add, "_express", False), lambda: delattr(add, "_express")):
        with pytest.raises(AttributeError):
            change()
    assert add._express and add(1, 2) == 3


def test_the_express_call_leaves_its_arguments_refcounts_as_they_were(lib):
    """Nothing is kept or leaked: 10,000 calls, the same bytes and Buffers."""
    import sys

    fmt = declared(lib, "format_reading", FORMAT, mc.c_int32)
    sensor, out, needed = b"sensor-A", mc.create_string_buffer(64), mc.create_string_buffer(8)
    before = [sys.getrefcount(obj) for obj in (sensor, out, needed)]
    for _ in range(10_000):
        assert fmt(sensor, 21.5, out, 64, needed) == 0
    assert [sys.getrefcount(obj) for obj in (sensor, out, needed)] == before
