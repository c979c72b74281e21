"""mini-ctypes against stock ctypes on C code nobody in this project wrote:
the C library's own functions, declared the same way in both, called with
the same arguments, giving the same results.

Each function exercises one part of what `_ctypes` does for structs: a
struct returned by value (`div`, `ldiv`), an array of structs sorted with a
comparator callback (`qsort`), a struct filled in and read by another call
(`gmtime_r`, `strftime`), a struct out parameter (`clock_gettime`), a
pointer out parameter (`strtol`'s end pointer), and `errno` kept per
thread (`use_errno`).
"""

import ctypes
import ctypes.util
import sys
import time

import pytest

import minictypes as mc

LIBRARIES = {"ctypes": ctypes, "minictypes": mc}


def declare(lib, name, argtypes, restype):
    function = getattr(lib, name)
    function.argtypes, function.restype = argtypes, restype
    return function


def structs(c):
    """The C library's structs, mirrored with library `c` (ctypes or minictypes)."""

    class div_t(c.Structure):
        _fields_ = [("quot", c.c_int), ("rem", c.c_int)]

    class ldiv_t(c.Structure):
        _fields_ = [("quot", c.c_long), ("rem", c.c_long)]

    class timespec(c.Structure):
        _fields_ = [("tv_sec", c.c_long), ("tv_nsec", c.c_long)]

    class tm(c.Structure):  # glibc's struct tm
        _fields_ = [(name, c.c_int) for name in ("sec", "min", "hour", "mday", "mon", "year", "wday", "yday", "isdst")]
        _fields_ += [("gmtoff", c.c_long), ("zone", c.c_char_p)]

    class Entry(c.Structure):
        _fields_ = [("key", c.c_int), ("name", c.c_char_p)]

    return div_t, ldiv_t, timespec, tm, Entry


@pytest.fixture(params=list(LIBRARIES))
def c(request):
    return LIBRARIES[request.param]


@pytest.mark.parametrize(("a", "b"), [(17, 5), (-17, 5), (17, -5), (0, 3), (2**31 - 1, 1)])
def test_div_returns_a_struct_by_value(c, a, b):
    div_t, ldiv_t, *_ = structs(c)
    libc = c.CDLL(None)
    result = declare(libc, "div", [c.c_int, c.c_int], div_t)(a, b)
    assert (result.quot, result.rem) == (int(a / b), a - b * int(a / b))
    big = declare(libc, "ldiv", [c.c_long, c.c_long], ldiv_t)(a * 10**9, b)
    assert (big.quot, big.rem) == (int(a * 10**9 / b), a * 10**9 - b * int(a * 10**9 / b))


def test_qsort_sorts_an_array_of_structs_with_a_python_comparator(c):
    *_, Entry = structs(c)
    libc = c.CDLL(None)
    compare_type = c.CFUNCTYPE(c.c_int, c.c_void_p, c.c_void_p)

    def compare(a, b):
        left, right = (c.cast(p, c.POINTER(Entry)).contents.key for p in (a, b))
        return (left > right) - (left < right)

    keys = [5, 3, 9, 1, 7, 2]
    entries = (Entry * len(keys))(*[Entry(k, f"n{k}".encode()) for k in keys])
    qsort = declare(libc, "qsort", [c.POINTER(Entry), c.c_size_t, c.c_size_t, compare_type], None)
    qsort(entries, len(keys), c.sizeof(Entry), compare_type(compare))
    assert [(e.key, e.name) for e in entries] == [(k, f"n{k}".encode()) for k in sorted(keys)]


def test_gmtime_r_fills_a_struct_that_strftime_reads(c):
    *_, tm, _ = structs(c)
    libc = c.CDLL(None)
    gmtime_r = declare(libc, "gmtime_r", [c.POINTER(c.c_long), c.POINTER(tm)], c.POINTER(tm))
    strftime = declare(libc, "strftime", [c.c_char_p, c.c_size_t, c.c_char_p, c.POINTER(tm)], c.c_size_t)
    when, fields = c.c_long(1_700_000_000), tm()
    returned = gmtime_r(c.byref(when), c.byref(fields))
    assert returned.contents.year == fields.year == 123  # years since 1900
    assert (fields.mon, fields.mday, fields.hour) == (10, 14, 22)  # 2023-11-14 22:13:20 UTC
    text = c.create_string_buffer(64)
    assert strftime(text, len(text), b"%Y-%m-%d %H:%M:%S", c.byref(fields)) == 19
    assert text.value == b"2023-11-14 22:13:20"


def test_clock_gettime_writes_a_struct_out_parameter(c):
    _, _, timespec, *_ = structs(c)
    libc = c.CDLL(None)
    clock_gettime = declare(libc, "clock_gettime", [c.c_int, c.POINTER(timespec)], c.c_int)
    now = timespec()
    assert clock_gettime(0, c.byref(now)) == 0  # CLOCK_REALTIME
    assert abs(now.tv_sec + now.tv_nsec / 1e9 - time.time()) < 5
    assert 0 <= now.tv_nsec < 10**9


def test_strtol_writes_an_end_pointer(c):
    libc = c.CDLL(None)
    strtol = declare(libc, "strtol", [c.c_char_p, c.POINTER(c.c_char_p), c.c_int], c.c_long)
    end = c.c_char_p()
    assert strtol(b"  -1234xyz", c.byref(end), 10) == -1234
    assert end.value == b"xyz"
    assert strtol(b"ff", None, 16) == 255


def test_errno_is_kept_per_thread_after_a_failing_call(c):
    libc = c.CDLL(None, use_errno=True)
    strtol = declare(libc, "strtol", [c.c_char_p, c.POINTER(c.c_char_p), c.c_int], c.c_long)
    c.set_errno(0)
    assert strtol(b"9" * 30, None, 10) == 2**63 - 1
    assert c.get_errno() == 34  # ERANGE
    c.set_errno(0)
    assert strtol(b"42", None, 10) == 42 and c.get_errno() == 0


def test_a_wrong_struct_is_refused_where_ctypes_refuses_it():
    *_, Entry = structs(mc)
    _, _, timespec, *_ = structs(mc)
    clock_gettime = declare(mc.CDLL(None), "clock_gettime", [mc.c_int, mc.POINTER(timespec)], mc.c_int)
    with pytest.raises(TypeError, match=r"^argument 2 to clock_gettime\(\): POINTER\(timespec\) needs"):
        clock_gettime(0, mc.byref(Entry()))
    stock_entry, stock_timespec = structs(ctypes)[4], structs(ctypes)[2]
    stock = declare(ctypes.CDLL(None), "clock_gettime", [ctypes.c_int, ctypes.POINTER(stock_timespec)], ctypes.c_int)
    with pytest.raises(ctypes.ArgumentError):
        stock(0, ctypes.byref(stock_entry()))


def test_pythonapi_reads_the_interpreters_own_variables():
    # The running program as a PyDLL (calls keep the GIL), as in ctypes.
    assert repr(mc.pythonapi) == "<minictypes.PyDLL 'None'>"
    flag = mc.c_int.in_dll(mc.pythonapi, "Py_OptimizeFlag").value
    assert flag == ctypes.c_int.in_dll(ctypes.pythonapi, "Py_OptimizeFlag").value == sys.flags.optimize
    with pytest.raises(ValueError, match="Undefined_Symbol"):
        mc.c_int.in_dll(mc.pythonapi, "Undefined_Symbol")


def test_pydll_loads_libraries_whose_calls_keep_the_gil():
    library = mc.pydll.LoadLibrary(ctypes.util.find_library("m"))
    assert repr(library).startswith("<minictypes.PyDLL '")
    assert mc.pydll["libm.so.6"] is mc.pydll["libm.so.6"]
    with pytest.raises(TypeError, match=r"^PyDLL\(\) needs a path \(str or os.PathLike\) or None, not int$"):
        mc.PyDLL(42)
