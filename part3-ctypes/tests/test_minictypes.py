"""mini-ctypes itself, below the route glue: the type set, conversion errors
before the call, callbacks, the GIL and lifetimes. Each error is pinned,
and where stock ctypes behaves differently the difference is shown."""

import ctypes
import gc
import sys
import threading
import time
import weakref

import pytest

import minictypes as mc
from part3_ctypes import library_path


@pytest.fixture
def lib():
    return mc.CDLL(str(library_path()))


def declared(lib, name, argtypes, restype):
    function = lib[name]
    function.argtypes = argtypes
    function.restype = restype
    return function


def test_lookup_by_attribute_and_item_is_cached(lib):
    assert lib.add is lib["add"]
    with pytest.raises(AttributeError, match=r"libscalars\.so has no symbol 'no_such_function'$"):
        _ = lib.no_such_function
    with pytest.raises(AttributeError):
        _ = lib["no_such_function"]


def test_a_missing_library_is_an_os_error():
    with pytest.raises(OSError, match=r"^cannot load /no/such/libfoo\.so: "):
        mc.CDLL("/no/such/libfoo.so")


def test_calling_before_declaring_is_refused(lib):
    fresh = mc.CDLL(str(library_path()))  # a new CDLL: nothing declared on its functions
    with pytest.raises(
        TypeError, match=r"^add\(\) has no declared types: set its argtypes and restype before calling it$"
    ):
        fresh.add(1, 2)
    fresh.add.argtypes = [mc.c_int64, mc.c_int64]
    with pytest.raises(TypeError, match="no declared types"):
        fresh.add(1, 2)  # restype still missing


def test_wrong_argument_count(lib):
    add = declared(lib, "add", [mc.c_int64, mc.c_int64], mc.c_int64)
    with pytest.raises(TypeError, match=r"^add\(\) takes 2 arguments \(3 given\)$"):
        add(1, 2, 3)


@pytest.mark.parametrize(
    ("value", "exception", "message"),
    [
        ("3", TypeError, "argument 1 to add(): c_int64 needs an int, not str"),
        (None, TypeError, "argument 1 to add(): c_int64 needs an int, not NoneType"),
        (1.5, TypeError, "argument 1 to add(): c_int64 needs an int, not float"),
        (
            2**63,
            OverflowError,
            "argument 1 to add(): 9223372036854775808 does not fit c_int64 (-9223372036854775808 to 9223372036854775807)",
        ),
        (
            -(2**63) - 1,
            OverflowError,
            "argument 1 to add(): -9223372036854775809 does not fit c_int64 (-9223372036854775808 to 9223372036854775807)",
        ),
        (2**200, OverflowError, None),
    ],
)
def test_conversion_errors_raise_before_the_call(lib, value, exception, message):
    add = declared(lib, "add", [mc.c_int64, mc.c_int64], mc.c_int64)
    with pytest.raises(exception) as caught:
        add(value, 1)
    if message:
        assert str(caught.value) == message
    # Code written for ctypes catches ArgumentError: the same exception is one.
    assert isinstance(caught.value, mc.ArgumentError)
    assert type(caught.value).__name__ == f"Argument{exception.__name__}"


def test_a_field_refusing_a_value_is_no_argument_error():
    class Pair(mc.Structure):
        _fields_ = (("a", mc.c_int64),)

    with pytest.raises(TypeError) as caught:
        Pair(a="3")
    assert type(caught.value) is TypeError


def test_out_of_range_raises_where_stock_ctypes_wraps(lib):
    stock = ctypes.CDLL(str(library_path()))
    stock.fib.argtypes, stock.fib.restype = [ctypes.c_uint32], ctypes.c_uint64
    assert stock.fib(2**32 + 10) == 55, "stock ctypes silently wraps 2**32 + 10 to 10"
    fib = declared(lib, "fib", [mc.c_uint32], mc.c_uint64)
    with pytest.raises(
        OverflowError, match=r"^argument 1 to fib\(\): 4294967306 does not fit c_uint32 \(0 to 4294967295\)$"
    ):
        fib(2**32 + 10)
    with pytest.raises(OverflowError, match=r"-1 does not fit c_uint32"):
        fib(-1)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (mc.c_int8, -128, -128),
        (mc.c_uint8, 255, 255),
        (mc.c_int16, -32768, -32768),
        (mc.c_uint16, 65535, 65535),
        (mc.c_int32, -(2**31), -(2**31)),
        (mc.c_uint32, 2**32 - 1, 2**32 - 1),
    ],
)
def test_narrow_integers_through_add(lib, kind, value, expected):
    # add takes int64_t: passing a narrow type shows the value arrives intact
    # (libffi widens it as the calling convention requires).
    add = declared(lib, "add", [mc.c_int64, kind], mc.c_int64)
    assert add(0, value) == expected


def test_narrow_ranges_are_enforced(lib):
    add = declared(lib, "add", [mc.c_int64, mc.c_int8], mc.c_int64)
    with pytest.raises(OverflowError, match=r"128 does not fit c_int8 \(-128 to 127\)"):
        add(0, 128)


def test_floats(lib):
    c2f = declared(lib, "celsius_to_fahrenheit", [mc.c_double], mc.c_double)
    assert c2f(100.0) == 212.0 and c2f(100) == 212.0
    with pytest.raises(TypeError, match=r"^argument 1 to celsius_to_fahrenheit\(\): c_double needs a float, not str$"):
        c2f("100")


def test_char_p(lib):
    count = declared(lib, "count_code_points", [mc.c_char_p, mc.c_buffer], mc.c_int32)
    out = mc.create_string_buffer(8)
    assert count("héllo".encode(), out) == 0
    assert int.from_bytes(out.raw, "little") == 5
    assert count(None, out) == 1, "NULL reaches C, which answers SCALARS_NULL_ARGUMENT"
    with pytest.raises(TypeError, match=r"c_char_p needs bytes or None, not str$"):
        count("héllo", out)
    with pytest.raises(ValueError, match=r"c_char_p bytes must not contain a NUL byte \(C would stop there\)$"):
        count(b"a\0b", out)
    with pytest.raises(TypeError, match=r"c_buffer needs a minictypes\.Buffer, not bytearray$"):
        count(b"a", bytearray(8))


def test_declarations_are_checked(lib):
    with pytest.raises(TypeError, match=r"^argtypes item 2 must be a minictypes type.* \(a stock ctypes type\)$"):
        lib.add.argtypes = [mc.c_int64, ctypes.c_int64]
    with pytest.raises(TypeError, match=r"^restype must be a minictypes type or None \(void\)"):
        lib.add.restype = int
    with pytest.raises(TypeError, match=r"^c_buffer is for arguments only"):
        lib.add.restype = mc.c_buffer


# ---------------------------------------------------------------- callbacks

VISITOR = mc.CFUNCTYPE(mc.c_int32, mc.c_uint32, mc.c_uint64, mc.c_void_p, default=1)


def for_each_fib(lib):
    return declared(lib, "for_each_fib", [mc.c_uint32, VISITOR, mc.c_void_p], mc.c_int32)


def test_a_callback_is_called_by_c(lib):
    terms = []
    callback = VISITOR(lambda index, term, _: terms.append(term) or 0)
    assert for_each_fib(lib)(10, callback, None) == 0
    assert terms == [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]


def test_a_raising_callback_is_reported_and_returns_the_default(lib, monkeypatch):
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)

    def visit(index, term, _):
        raise RuntimeError(f"bad term {term}")

    calls = 0

    def counting(index, term, user_data):
        nonlocal calls
        calls += 1
        return visit(index, term, user_data)

    status = for_each_fib(lib)(10, VISITOR(counting), None)
    assert status == 0 and calls == 1, "the default 1 told C to stop after the first term"
    assert len(reported) == 1
    assert isinstance(reported[0].exc_value, RuntimeError) and str(reported[0].exc_value) == "bad term 0"


def test_callback_types_are_checked(lib):
    other = mc.CFUNCTYPE(mc.c_int32, mc.c_uint32, mc.c_uint64, mc.c_void_p)
    with pytest.raises(ValueError, match="made by a different CFUNCTYPE"):
        for_each_fib(lib)(3, other(lambda *a: 0), None)
    with pytest.raises(TypeError, match=r"needs a callback made by its CFUNCTYPE, not function$"):
        for_each_fib(lib)(3, lambda *a: 0, None)
    with pytest.raises(TypeError, match=r"^'for_each' is not callable, an address or a \(name, library\) pair$"):
        VISITOR("for_each")


def test_a_callback_stays_alive_while_registered(lib):
    def visit(index, term, _):
        return 0

    callback = VISITOR(visit)
    ref = weakref.ref(visit)
    del visit
    gc.collect()
    assert ref() is not None, "the callback object keeps the Python function alive"
    assert for_each_fib(lib)(5, callback, None) == 0
    del callback
    gc.collect()
    assert ref() is None, "and lets it go when it is gone"


# ---------------------------------------------------------------- the GIL


def test_the_gil_is_released_during_a_foreign_call():
    libc = mc.CDLL("libc.so.6")
    usleep = libc.usleep
    usleep.argtypes, usleep.restype = [mc.c_uint32], mc.c_int32
    ticks = 0
    stop = threading.Event()

    def spin():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1

    worker = threading.Thread(target=spin)
    worker.start()
    try:
        time.sleep(0.05)
        before = ticks
        usleep(200_000)  # 0.2 s in C; with the GIL held, `ticks` could not move
        during = ticks - before
    finally:
        stop.set()
        worker.join()
    assert during > 1000, f"the other thread ran only {during} iterations during the C call"


# ---------------------------------------------------------------- lifetimes


def test_arguments_are_not_leaked(lib):
    add = declared(lib, "add", [mc.c_int64, mc.c_int64], mc.c_int64)
    a, b = 10**12, 10**13
    text = b"sensor-A"
    count = declared(lib, "count_code_points", [mc.c_char_p, mc.c_buffer], mc.c_int32)
    out = mc.create_string_buffer(8)
    before = [sys.getrefcount(x) for x in (a, b, text, out)]
    for _ in range(10_000):
        add(a, b)
        count(text, out)
    assert [sys.getrefcount(x) for x in (a, b, text, out)] == before


def test_a_function_keeps_its_library_loaded():
    function = mc.CDLL(str(library_path()))["add"]
    gc.collect()
    function.argtypes, function.restype = [mc.c_int64, mc.c_int64], mc.c_int64
    assert function(2, 3) == 5


def test_reentrant_calls_use_their_own_frame(lib):
    # for_each_fib called again from inside its own callback: the outer call
    # holds the function's frame, so the inner one must get a fresh one.
    function = for_each_fib(lib)
    outer, inner = [], []
    inner_callback = VISITOR(lambda index, term, _: inner.append(term) or 0)

    def visit(index, term, _):
        outer.append(term)
        if index == 2:
            assert function(4, inner_callback, None) == 0
        return 0

    assert function(5, VISITOR(visit), None) == 0
    assert outer == [0, 1, 1, 2, 3] and inner == [0, 1, 1, 2]


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_a_callback_error_is_reported_in_ctypes_words(module, monkeypatch):
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)

    def divide(n):
        return 42 // n

    def wrong_result():
        return ("a tuple",)

    module.CFUNCTYPE(module.c_int32, module.c_int32)(divide)(0)
    module.CFUNCTYPE(module.c_int32)(wrong_result)()
    got = [(type(r.exc_value), r.err_msg, r.object) for r in reported]
    assert got == [
        (ZeroDivisionError, "Exception ignored on calling ctypes callback function", divide),
        (TypeError, "Exception ignored on converting result of ctypes callback function", wrong_result),
    ]


@pytest.mark.parametrize("module", [mc, ctypes], ids=["minictypes", "ctypes"])
def test_an_object_keeping_a_callback_of_its_own_method_is_collected(module):
    # `self.callback = VISITOR(self.handle)` is a cycle through the callback;
    # the collector must see into it (it once could not: every such object leaked).
    prototype = module.CFUNCTYPE(None)

    class Handler:
        def handle(self):
            pass

        def __init__(self):
            self.callback = prototype(self.handle)

    collected = weakref.ref(Handler())
    gc.collect()
    assert collected() is None
