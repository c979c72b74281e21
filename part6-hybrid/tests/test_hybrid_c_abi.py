"""The message library's C functions called with NULL, each pointer in
turn, as a C caller could: a refusal (false, HYBRID_NULL_ARGUMENT, or
nothing done), never a crash, and nothing allocated."""

import ctypes

import pytest

NULL_ARGUMENT = 1
V = ctypes.c_void_p


class Words(ctypes.Structure):
    """A string, a sequence or a buffer: pointer, size, capacity (zeroed: empty)."""

    _fields_ = [("data", V), ("size", ctypes.c_size_t), ("capacity", ctypes.c_size_t)]


class Writer(ctypes.Structure):
    _fields_ = [("out", V), ("status", ctypes.c_int32)]


class Reader(ctypes.Structure):
    _fields_ = [("data", V), ("size", ctypes.c_size_t), ("position", ctypes.c_size_t), ("status", ctypes.c_int32)]


# function -> (result kind, pointer parameters by kind): "m" a message, "w" a
# string/sequence/buffer, "W" a CDR writer, "R" a CDR reader, "d" bytes.
RUNTIME = {
    "hybrid_String__init": ("bool", "w"),
    "hybrid_String__fini": ("void", "w"),
    "hybrid_String__copy": ("bool", "ww"),
    "hybrid_String__are_equal": ("bool", "ww"),
    "hybrid_String__Sequence__init": ("bool", "w"),
    "hybrid_String__Sequence__fini": ("void", "w"),
    "hybrid_String__Sequence__copy": ("bool", "ww"),
    "hybrid_String__Sequence__are_equal": ("bool", "ww"),
    "hybrid_float64__Sequence__init": ("bool", "w"),
    "hybrid_float64__Sequence__fini": ("void", "w"),
    "hybrid_float64__Sequence__copy": ("bool", "ww"),
    "hybrid_float64__Sequence__are_equal": ("bool", "ww"),
    "hybrid_Buffer__init": ("void", "w"),
    "hybrid_Buffer__fini": ("void", "w"),
}
MESSAGE = {
    "__init": ("bool", "m"),
    "__fini": ("void", "m"),
    "__destroy": ("void", "m"),
    "__copy": ("bool", "mm"),
    "__are_equal": ("bool", "mm"),
    "__Sequence__init": ("bool", "w"),
    "__Sequence__fini": ("void", "w"),
    "__Sequence__copy": ("bool", "ww"),
    "__Sequence__are_equal": ("bool", "ww"),
    "__serialize": ("status", "mw"),
    "__cdr_write": ("void", "mW"),
    "__cdr_read": ("void", "mR"),
}
CALLS = list(RUNTIME.items()) + [
    (f"demo_msgs__msg__{message}{suffix}", spec)
    for message in ("Reading", "DemoStatus")
    for suffix, spec in MESSAGE.items()
]


@pytest.fixture(scope="module")
def lib(c_library):
    return c_library


def argument(lib, function, kind, keep):
    """A valid argument of `kind`, kept alive in `keep`."""
    if kind == "m":
        prefix = function.split("__msg__")[0] + "__msg__" + function.split("__msg__")[1].split("__")[0]
        create = getattr(lib, f"{prefix}__create")
        create.restype = V
        pointer = create()
        keep.append((getattr(lib, f"{prefix}__destroy"), pointer))
        return V(pointer)
    made = {"w": Words, "W": Writer, "R": Reader}[kind]()
    keep.append((None, made))
    return ctypes.byref(made)


@pytest.mark.parametrize(("function", "spec"), CALLS, ids=[name for name, _ in CALLS])
def test_each_pointer_null_in_turn_is_refused_and_allocates_nothing(lib, function, spec):
    result, kinds = spec
    target = getattr(lib, function)
    target.restype = {"bool": ctypes.c_bool, "status": ctypes.c_int32, "void": None}[result]
    before = lib.hybrid_live_messages()
    for null in range(len(kinds)):
        keep = []
        arguments = [None if i == null else argument(lib, function, kind, keep) for i, kind in enumerate(kinds)]
        if function.endswith("Sequence__init"):
            arguments.append(ctypes.c_size_t(3))
        answer = target(*arguments)
        if result == "bool":
            assert answer is False, f"{function} with argument {null + 1} NULL returned true"
        elif result == "status":
            assert answer == NULL_ARGUMENT
        for kept_kind, kept in keep:
            if isinstance(kept, (Writer, Reader)) and null == 0:
                assert kept.status == NULL_ARGUMENT, f"{function} did not mark the writer or reader"
            if kept_kind is not None:
                kept_kind.argtypes = [V]
                kept_kind(kept)
    assert lib.hybrid_live_messages() == before, "a refused call allocated a message"


def test_deserialize_with_null_pointers(lib):
    create, destroy = lib.demo_msgs__msg__Reading__create, lib.demo_msgs__msg__Reading__destroy
    create.restype, destroy.argtypes = V, [V]
    deserialize = lib.demo_msgs__msg__Reading__deserialize
    deserialize.restype, deserialize.argtypes = ctypes.c_int32, [V, ctypes.c_char_p, ctypes.c_size_t]
    message = create()
    try:
        assert deserialize(None, b"\0\1\0\0", 4) == NULL_ARGUMENT
        assert deserialize(message, None, 4) == NULL_ARGUMENT
    finally:
        destroy(message)
