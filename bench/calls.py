"""Every route the project has, doing the same work: the calls `make bench` measures.

``CALLS[route][shape]`` is a zero-argument callable making one call. The
shapes are the series' workload (``fib(30)``) and the basic shapes of a
call across the boundary: no arguments and no result, two integers in and
one out, a string in, a string out, a callback from C into Python. A route
that has no such function has no cell. Part III's routes call the declared
library directly (the cost of each Layer 2 module, not of our checks).
"""

import minictypes as mc
import part1_capi
import part7_pybind
from part3_ctypes import glue_cffi_abi, glue_cffi_api, glue_ctypes, glue_minictypes
from part4_structs import InputRecordPy, transform
from part4_structs.api import load
from part5_handles import Counter
from part5_handles import glue_ctypes as handles_glue


def python_noop() -> None:
    pass


def python_add(a: int, b: int) -> int:
    return a + b


def python_fib(n: int) -> int:
    """The pure-Python baseline of the series' table."""
    current, following = 0, 1
    for _ in range(n):
        current, following = following, current + following
    return current


SENSOR, TEXT = b"sensor-A", "21.5 °C".encode()


def _declared_library(lib, out_buffer, visitor, string_out, null=None):
    """The six shapes on one declared library (ctypes, cffi, mini-ctypes)."""
    return {
        "noop": lambda: lib.noop(),
        "add": lambda: lib.add(1, 2),
        "fib(30)": lambda: lib.fib(30),
        "string in": lambda: lib.count_code_points(TEXT, out_buffer),
        "string out": string_out,
        "callback": lambda: lib.for_each_fib(3, visitor, null),
    }


def _ctypes_calls():
    import ctypes

    lib, out, needed = glue_ctypes.lib, ctypes.c_uint64(), ctypes.c_size_t()
    buffer = ctypes.create_string_buffer(64)
    visitor = glue_ctypes.FIB_VISITOR(lambda index, term, data: 0)
    string_out = lambda: lib.format_reading(SENSOR, 21.5, buffer, 64, needed)  # noqa: E731
    return _declared_library(lib, ctypes.byref(out), visitor, string_out)


def _cffi_calls(route):
    ffi, lib = route.ffi, route.lib
    out, needed, buffer = ffi.new("uint64_t *"), ffi.new("size_t *"), ffi.new("char[64]")
    visitor = ffi.callback("fib_visitor", lambda index, term, data: 0)
    string_out = lambda: lib.format_reading(SENSOR, 21.5, buffer, 64, needed)  # noqa: E731
    return _declared_library(lib, out, visitor, string_out, ffi.NULL)


def _minictypes_calls():
    lib, out, needed = glue_minictypes.lib, mc.create_string_buffer(8), mc.create_string_buffer(8)
    buffer = mc.create_string_buffer(64)
    visitor = glue_minictypes.FIB_VISITOR(lambda index, term, data: 0)
    string_out = lambda: lib.format_reading(SENSOR, 21.5, buffer, 64, needed)  # noqa: E731
    return _declared_library(lib, out, visitor, string_out)


# The same declarations on a PyDLL; called as every route is (`lib.add(...)`,
# the attribute lookup included).
PYDLL = mc.PyDLL(str(glue_minictypes.library_path()))
PYDLL.add.argtypes, PYDLL.add.restype = [mc.c_int64, mc.c_int64], mc.c_int64
PYDLL.fib.argtypes, PYDLL.fib.restype = [mc.c_uint32], mc.c_uint64

# The same declarations made with mini-ctypes' direct path off: every call
# goes through libffi's ffi_call, as it did before the direct path existed.
mc._direct_calls(False)
THROUGH_FFI_CALL = mc.CDLL(str(glue_minictypes.library_path()))
THROUGH_FFI_CALL.add.argtypes, THROUGH_FFI_CALL.add.restype = [mc.c_int64, mc.c_int64], mc.c_int64
THROUGH_FFI_CALL.fib.argtypes, THROUGH_FFI_CALL.fib.restype = [mc.c_uint32], mc.c_uint64
mc._direct_calls(True)

RECORD = InputRecordPy("sensor-A", version=2, origin=(10, 20), samples=[(1, 12.5), (2, 40.0), (3, 25.0)])
COUNTER = Counter()
COUNTER_HANDLE = COUNTER.handle


def _transform(route: str):
    def call():
        with transform(RECORD, 1.5, 20.0, 2, route=route) as out:
            return out.total

    return call


def _transform_steps(route: str) -> dict:
    """A transform on one route, taken apart: the whole user-API call, and
    the three things its glue does, each measured on its own.

    - build: the C struct from the record (``to_ctypes`` / ``to_cffi``);
    - call: the struct-level call with a struct built once (a fresh output
      struct, ``transform_record``, ``free_output``);
    - read: every field of a result copied into Python (``read``).
    """
    glue = load(route)
    kept = glue.new_output(RECORD, 1.5, 20.0, 2)  # the result "read" reads
    _KEPT.append((glue, kept))
    if route == "cffi":
        raw, keepalive = glue.to_cffi(RECORD)

        def call(raw=raw, keepalive=keepalive):
            out = glue.ffi.new("OutputRecord *")
            glue.lib.transform_record(raw, 1.5, 20.0, 2, out)
            glue.lib.free_output(out)

        build = lambda: glue.to_cffi(RECORD)  # noqa: E731 - one line, like its neighbours
    else:
        raw, keepalive = glue.to_ctypes(RECORD)

        def call(raw=raw, keepalive=keepalive):
            out = glue.OutputRecord()
            glue.lib.transform_record(glue.byref(raw), 1.5, 20.0, 2, glue.byref(out))
            glue.lib.free_output(glue.byref(out))

        build = lambda: glue.to_ctypes(RECORD)  # noqa: E731
    return {"transform": _transform(route), "build": build, "call": call, "read": lambda: glue.read(kept)}


# Results "read" reads: library memory, given back by release().
_KEPT: list = []


def release() -> None:
    """Frees what this file holds in the libraries (benchkit's smoke run
    calls it: it runs in the test process, where live_outputs() is checked;
    a measuring process simply exits)."""
    while _KEPT:
        glue, out = _KEPT.pop()
        glue.free(out)


CALLS = {
    # The cost of the measuring loop itself: one call of an empty Python lambda.
    "harness": {"empty lambda": lambda: None},
    "pure Python": {
        "noop": lambda: python_noop(),
        "add": lambda: python_add(1, 2),
        "fib(30)": lambda: python_fib(30),
    },
    "ctypes": _ctypes_calls(),
    "cffi ABI": _cffi_calls(glue_cffi_abi),
    "cffi API": _cffi_calls(glue_cffi_api),
    "mini-ctypes": _minictypes_calls(),
    # The same library through mini-ctypes' PyDLL: the GIL is kept during the call.
    "mini-ctypes, PyDLL": {"add": lambda: PYDLL.add(1, 2), "fib(30)": lambda: PYDLL.fib(30)},
    "mini-ctypes, through ffi_call": {
        "add": lambda: THROUGH_FFI_CALL.add(1, 2),
        "fib(30)": lambda: THROUGH_FFI_CALL.fib(30),
    },
    # Finding the function, without calling it: part of every `lib.add(...)`.
    "lookup only": {
        "ctypes": lambda: glue_ctypes.lib.add,
        "cffi API": lambda: glue_cffi_api.lib.add,
        "mini-ctypes": lambda: glue_minictypes.lib.add,
    },
    "Part I (C API)": {"add": lambda: part1_capi.add(1, 2), "fib(30)": lambda: part1_capi.fib(30)},
    "Part VII (pyo3)": {"add": lambda: part7_pybind.add(1, 2), "fib(30)": lambda: part7_pybind.fib(30)},
    # A struct in, a struct out, memory handed back: Part IV's user API per route.
    # Each with its three steps apart (see _transform_steps).
    "Part IV, ctypes": _transform_steps("ctypes"),
    "Part IV, cffi": _transform_steps("cffi"),
    # The ctypes glue unchanged, on mini-ctypes (Part III's _ctypes in Rust).
    "Part IV, mini-ctypes": _transform_steps("minictypes"),
    # A call on an object behind a handle (ctypes, the GIL released, a lock taken).
    "Part V, handle": {
        "increment": lambda: handles_glue.lib.counter_increment(COUNTER_HANDLE, 1, None),
        "Counter.increment": lambda: COUNTER.increment(1),
    },
}
