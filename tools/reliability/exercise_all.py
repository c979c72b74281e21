"""Every export of every part, success and error paths, REPEAT times over.

Run under valgrind by memcheck.py (with Debian's /usr/bin/python3.11 and
PYTHONMALLOC=malloc, so that every Python allocation is one valgrind sees):
    python exercise_all.py SITE_PACKAGES REPEAT
"""

import contextlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [sys.argv[1]] + [
    str(REPO / p) for p in ("part3-ctypes/python", "part4-structs/python", "part5-handles/python")
]

import minictypes as mc  # noqa: E402
import part1_capi  # noqa: E402
import part5_handles  # noqa: E402
import part7_pybind  # noqa: E402
from part3_ctypes import ROUTES as SCALAR_ROUTES  # noqa: E402
from part3_ctypes import library_path, load  # noqa: E402
from part4_structs import ROUTES as STRUCT_ROUTES  # noqa: E402
from part4_structs import InputRecordPy, transform  # noqa: E402

refused = contextlib.suppress(Exception)  # every error path below is expected


def configs(mod) -> None:
    config = mod.Config(timeout=30, url="http://example.com/a", ssl=True)
    config.process()
    config.replace(timeout=5).process()
    config.url = "https://h:8443/x"
    repr(config)
    _ = config == mod.Config()
    for bad in ({"timeout": 0}, {"url": "ftp://h"}, {"url": "http://h/\udc80"}, {"ssl": 1}, {"retries": 1}):
        with refused:
            mod.Config(**bad)
    with refused:
        mod.Config(url="https://h").process()


def scalars(route) -> None:
    route.add(2, 3)
    route.fib(90)
    route.celsius_to_fahrenheit(21.5)
    route.checked_div(-7, 2)
    route.count_code_points("21.5 °C")
    route.format_reading("sensor-A", 21.5)
    route.format_reading_alloc("sensor-B", -3.0)  # a string the library allocates and frees
    route.for_each_fib(20, lambda index, term: term > 100)  # a callback
    for bad in (lambda: route.checked_div(1, 0), lambda: route.count_code_points(b"ab\xff"), route.panic_demo):
        with refused:
            bad()
    with refused:
        route.format_reading("sensor-A", 1.0, buffer_size=4)
    with refused:
        route.for_each_fib(10, lambda index, term: 1 / 0)  # an exception inside a callback


def structs(route) -> None:
    record = InputRecordPy("sensor-A", version=2, origin=(10, 20), samples=[(1, 12.5), (2, 40.0)], last=2.0)
    with transform(record, 1.5, 20, 2, route=route) as out:
        out.title, out.top, out.last  # noqa: B018 - reading the library's memory
    transform(record, route=route)  # freed by its finaliser
    for bad in (InputRecordPy("s", version=0), InputRecordPy("s", origin=(2**31 - 1, 0))):
        with refused:
            transform(bad, 2.0, route=route)


def handles() -> None:
    with part5_handles.Counter(5) as counter:
        counter.increment(3)
    stale = part5_handles.Counter()
    handle = stale.handle
    stale.close()
    with refused:
        part5_handles.glue_ctypes.lib.counter_release(handle)


def minictypes() -> None:
    lib = mc.CDLL(str(library_path()))
    buffer = mc.create_string_buffer(64)
    needed = mc.create_string_buffer(8)
    fmt = lib.format_reading
    fmt.argtypes = [mc.c_char_p, mc.c_double, mc.c_buffer, mc.c_uint64, mc.c_buffer]
    fmt.restype = mc.c_int32
    fmt(b"sensor-A", 21.5, buffer, 64, needed)
    with refused:
        mc.create_string_buffer(2**40)
    # Aggregates: a struct by value, views, keepalive, pointers, errno.
    libc = mc.CDLL(None, use_errno=True)

    class Pair(mc.Structure):
        _fields_ = [("quot", mc.c_long), ("rem", mc.c_long)]  # noqa: RUF012 - ctypes' spelling

    class Named(mc.Structure):
        _fields_ = [("name", mc.c_char_p), ("pair", Pair), ("pairs", mc.POINTER(Pair))]  # noqa: RUF012

    ldiv = libc.ldiv
    ldiv.argtypes, ldiv.restype = [mc.c_long, mc.c_long], Pair
    result = ldiv(-7, 2)
    pairs = (Pair * 2)(result, Pair(1, 2))
    named = Named(name=b"n" * 3, pair=result, pairs=pairs)
    del pairs
    assert named.pairs[1].rem == 2 and named.pair.quot == -3 and named.name == b"nnn"
    strtol = libc.strtol
    strtol.argtypes, strtol.restype = [mc.c_char_p, mc.POINTER(mc.c_char_p), mc.c_int], mc.c_long
    end = mc.c_char_p()
    strtol(b"12x", mc.byref(end), 10)
    with refused:
        Named(pair=3)
    with refused:
        _ = mc.POINTER(Pair)().contents
    wide_and_linked(libc)
    casts()


def casts() -> None:
    """cast() from every kind of source, each written through inside the
    array's 12 bytes; contents written back; a char array's .value rewritten."""
    arr = (mc.c_int * 3)(42, 17, 2)
    sources = (
        mc.addressof(arr),
        mc.cast(mc.addressof(arr), mc.POINTER(mc.c_int)),
        arr,
        mc.c_void_p(mc.addressof(arr)),
        mc.byref(arr),
    )
    for source in sources:
        p = mc.cast(source, mc.POINTER(mc.c_int))
        p[2] = p[0] + p[1]
    assert mc.cast(mc.c_char_p(b"abc"), mc.POINTER(mc.c_char))[2] == b"c"
    target = mc.c_byte(1)
    mc.pointer(target).contents.value = 5
    chars = (mc.c_char * 4)()
    chars.value, chars.value = b"ABCD", b"x"
    assert chars.value == b"x"
    with refused:
        mc.cast(mc.c_int(5), mc.POINTER(mc.c_int))


def wide_and_linked(libc) -> None:
    """mini-ctypes' wide strings (copies per call and per field) and a
    self-referential struct completed after its class statement."""
    wcschr = libc.wcschr
    wcschr.argtypes, wcschr.restype = [mc.c_wchar_p, mc.c_wchar], mc.c_wchar_p
    assert wcschr("abc€def", "€") == "€def"  # read from the call's own copy
    with refused:
        wcschr("a\0b", "b")

    class Element(mc.Structure):
        pass

    link = mc.POINTER(Element)
    Element._fields_ = [("forward", link), ("backward", link), ("label", mc.c_wchar_p)]
    insque = libc.insque
    insque.argtypes, insque.restype = [link, link], None
    first, second = Element(label="first " * 10), Element(label="second")
    insque(first, None)
    insque(second, first)
    assert first.forward.contents.label == "second"
    with refused:
        Element._fields_ = []


def once() -> None:
    for mod in (part1_capi, part7_pybind, part5_handles):
        configs(mod)
    for mod in (part1_capi, part7_pybind):
        mod.add(1, 2), mod.add_varargs(1, 2)
        with refused:
            mod.add(2**63, 1)
    for name in SCALAR_ROUTES:
        scalars(load(name))
    for name in STRUCT_ROUTES:
        structs(name)
    handles()
    minictypes()


if __name__ == "__main__":
    for _ in range(int(sys.argv[2])):
        once()
