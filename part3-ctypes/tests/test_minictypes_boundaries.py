"""mini-ctypes at its own boundaries, each defect class covered as a class:
every size a caller controls, every value handed to C (a callback's default
included), every name looked up, every redeclaration while a call runs."""

import sys
import threading
import time

import pytest

import minictypes as mc
from part3_ctypes import ROUTES, library_path, load


@pytest.fixture
def lib():
    return mc.CDLL(str(library_path()))


# ---------------------------------------------------------------- sizes

SIZES = [2**40, 2**62, 2**63 - 1, 2**63, 2**64, -1]


@pytest.mark.parametrize("size", SIZES)
def test_an_impossible_buffer_is_an_exception_never_an_abort(size):
    with pytest.raises((MemoryError, OverflowError)) as caught:
        mc.create_string_buffer(size)
    assert isinstance(caught.value, Exception), "a BaseException (PanicException) escapes `except Exception`"


@pytest.mark.parametrize("size", SIZES[:-1])
def test_every_route_refuses_an_impossible_buffer_size_alike(size):
    kinds = {}
    for route in ROUTES:
        try:
            load(route).format_reading("sensor-A", 21.5, buffer_size=size)
        except Exception as error:  # noqa: BLE001 - comparing what each route raises
            kinds.setdefault(type(error).__name__, []).append(route)
    assert len(kinds) == 1 and set(kinds) <= {"MemoryError", "OverflowError"}, kinds


def test_a_large_buffer_costs_nothing_until_written():
    buffer = mc.create_string_buffer(1 << 30)  # 1 GiB of zeroed pages, not touched
    assert len(buffer) == 1 << 30
    del buffer


# ---------------------------------------------------------------- a callback's default


@pytest.mark.parametrize(
    ("restype", "default", "exception", "message"),
    [
        (
            mc.c_int32,
            2**32,
            OverflowError,
            r"^CFUNCTYPE\(\): default 4294967296 does not fit c_int32 \(-2147483648 to 2147483647\)$",
        ),
        (mc.c_int32, 2**31, OverflowError, r"does not fit c_int32"),
        (mc.c_int32, -(2**31) - 1, OverflowError, r"does not fit c_int32"),
        (mc.c_uint8, 256, OverflowError, r"does not fit c_uint8 \(0 to 255\)"),
        (mc.c_uint8, -1, OverflowError, r"does not fit c_uint8"),
        (mc.c_uint64, 2**64, OverflowError, r"does not fit c_uint64"),
        (mc.c_int32, 1.0, TypeError, r"^CFUNCTYPE\(\): default must be an int, not float$"),
        (mc.c_int32, "1", TypeError, r"^CFUNCTYPE\(\): default must be an int, not str$"),
    ],
)
def test_a_callback_default_is_range_checked(restype, default, exception, message):
    with pytest.raises(exception, match=message):
        mc.CFUNCTYPE(restype, mc.c_uint32, default=default)


def test_an_in_range_default_reaches_c(lib, monkeypatch):
    visitor_type = mc.CFUNCTYPE(mc.c_int32, mc.c_uint32, mc.c_uint64, mc.c_void_p, default=-7)
    for_each_fib = lib.for_each_fib
    for_each_fib.argtypes, for_each_fib.restype = [mc.c_uint32, visitor_type, mc.c_void_p], mc.c_int32
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)

    def failing(index, term, data):
        raise RuntimeError("stop")

    assert for_each_fib(5, visitor_type(failing), None) == 0
    assert len(reported) == 1, "C got -7 (non-zero: stop) after the first failure, not 0 (go on)"


# ---------------------------------------------------------------- names


def test_an_item_is_always_a_symbol_never_an_attribute(lib):
    for name in ("path", "__class__", "__init__", "__dict__"):
        with pytest.raises(AttributeError, match=rf"has no symbol '{name}'$"):
            lib[name]
    assert lib.path == str(library_path()), "the attribute is still there"


def test_only_dunder_attributes_are_refused():
    libc = mc.CDLL("libc.so.6")
    errno_location = libc.__errno_location  # a real symbol that starts with __
    assert errno_location is libc["__errno_location"]
    with pytest.raises(AttributeError, match=r"^__no_such__$"):
        _ = libc.__no_such__


def test_a_symbol_named_like_an_attribute_is_cached_apart(lib):
    with pytest.raises(AttributeError):
        lib["path"]
    add = lib["add"]
    assert lib["add"] is add and lib.add is add


def test_a_name_made_at_run_time_finds_the_cached_function(lib):
    # `lib.noop` is found by the very str it was cached under; a name built
    # at run time is another object with the same characters.
    noop = lib.noop
    assert lib.noop is noop
    assert getattr(lib, "".join(["no", "op"])) is noop
    assert lib["".join(["no", "op"])] is noop


def test_path_wins_over_a_function_cached_under_its_name(lib):
    # As a symbol `path` would be cached: the class's attribute still wins,
    # whether the name is the interned literal or a str made at run time.
    lib.__dict__["path"] = lib.add
    assert lib.path == str(library_path())
    assert getattr(lib, "".join(["pa", "th"])) == str(library_path())
    lib.__dict__["noop"] = lib.add  # another four-letter name: the cache
    assert lib.noop is lib.add


# ---------------------------------------------------------------- redeclaring in flight


def test_argtypes_may_change_while_a_call_is_in_flight():
    libc = mc.CDLL("libc.so.6")
    usleep = libc.usleep
    usleep.argtypes, usleep.restype = [mc.c_uint32], mc.c_int32
    errors = []

    def sleep():
        try:
            usleep(300_000)  # 0.3 s in C, the GIL released
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    thread = threading.Thread(target=sleep)
    thread.start()
    time.sleep(0.1)
    usleep.argtypes = [mc.c_uint32]  # ctypes allows this; so must we
    usleep.restype = mc.c_int32
    thread.join()
    assert errors == []
    assert usleep(0) == 0


def test_a_callback_may_redeclare_the_function_that_called_it(lib):
    for_each_fib = lib.for_each_fib
    VISITOR = mc.CFUNCTYPE(mc.c_int32, mc.c_uint32, mc.c_uint64, mc.c_void_p)
    for_each_fib.argtypes, for_each_fib.restype = [mc.c_uint32, VISITOR, mc.c_void_p], mc.c_int32
    terms = []

    def visit(index, term, data):
        for_each_fib.argtypes = [mc.c_uint32, VISITOR, mc.c_void_p]  # while for_each_fib runs
        terms.append(term)
        return 0

    assert for_each_fib(5, VISITOR(visit), None) == 0
    assert terms == [0, 1, 1, 2, 3]


# ---------------------------------------------------------------- the GIL policy


def ticks_during_sleep(library) -> int:
    """How far another Python thread counts while C sleeps 0.2 s in `library`."""
    usleep = library.usleep
    usleep.argtypes, usleep.restype = [mc.c_uint32], mc.c_int32
    ticks, stop = [0], threading.Event()

    def spin():
        while not stop.is_set():
            ticks[0] += 1

    worker = threading.Thread(target=spin)
    worker.start()
    try:
        time.sleep(0.05)
        before = ticks[0]
        usleep(200_000)
        return ticks[0] - before
    finally:
        stop.set()
        worker.join()


def test_pydll_keeps_the_gil_and_cdll_releases_it():
    released = ticks_during_sleep(mc.CDLL("libc.so.6"))
    kept = ticks_during_sleep(mc.PyDLL("libc.so.6"))
    # Holding the GIL, the other thread runs at most until the call starts
    # (one switch interval, 5 ms), not for the call's 200 ms.
    assert kept * 10 < released, f"PyDLL: {kept} ticks, CDLL: {released}"
    assert repr(mc.PyDLL("libc.so.6")) == "<minictypes.PyDLL 'libc.so.6'>"


def test_a_pydll_callback_still_works(monkeypatch):
    lib = mc.PyDLL(str(library_path()))
    visitor_type = mc.CFUNCTYPE(mc.c_int32, mc.c_uint32, mc.c_uint64, mc.c_void_p)
    for_each_fib = lib.for_each_fib
    for_each_fib.argtypes, for_each_fib.restype = [mc.c_uint32, visitor_type, mc.c_void_p], mc.c_int32
    terms = []
    assert for_each_fib(6, visitor_type(lambda index, term, data: terms.append(term) or 0), None) == 0
    assert terms == [0, 1, 1, 2, 3, 5]
