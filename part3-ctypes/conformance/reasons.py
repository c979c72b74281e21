"""Why each of CPython's ctypes tests that mini-ctypes fails fails.

One `Reason` per cause, matched against `"<test id>: <first error line>"`;
the first reason that matches wins, and `run.py` refuses a failure that
none explains. A *deliberate* reason is a difference mini-ctypes keeps on
purpose, argued in its sentence; *not built yet* is honest work left.
"""

import re
from dataclasses import dataclass

DELIBERATE = "deliberate"
NOT_BUILT = "not built yet"


@dataclass(frozen=True)
class Reason:
    pattern: str
    kind: str
    why: str

    def matches(self, text: str) -> bool:
        return re.search(self.pattern, text) is not None


REASONS = [
    # Deliberate: refusals that protect the learner, and the series' scope.
    Reason(
        r"has no declared types",
        DELIBERATE,
        "A call without `argtypes` and `restype` is refused: ctypes would guess `int` for every integer "
        "argument and for the result, the silent wrong answer Part III opens with.",
    ),
    Reason(
        r"must not contain a NUL",
        DELIBERATE,
        "A `str` with a NUL inside is refused where C reads a NUL-terminated string: C would silently stop at it.",
    ),
    Reason(
        r"needs an address from 0",
        DELIBERATE,
        "A negative address is refused where ctypes wraps it around to 2**64 - n.",
    ),
    Reason(
        r"restype must be a minictypes type or None \(void\), not <function",
        DELIBERATE,
        "A function as `restype` (deprecated in ctypes) is refused: `errcheck` does that job.",
    ),
    Reason(
        r"c_char_p needs bytes or None, not POINTER\(c_char\)",
        DELIBERATE,
        "A pointer to one `c_char` is not taken for `c_char_p`: C reads up to a NUL, and the memory of one "
        "`c_char` holds none after it (ctypes passes it, and C reads past it).",
    ),
    Reason(
        r"py_object|PYFUNCTYPE|test_python_api|test_refcounts",
        DELIBERATE,
        "`py_object` and `PYFUNCTYPE` (Python objects handed to C, the interpreter's own C API called "
        "through ctypes) are left out: the series meets the C API in Parts I and VII instead. `pythonapi` "
        "is there (the running program as a `PyDLL`), for its variables (`c_int.in_dll(pythonapi, ...)`).",
    ),
    Reason(
        r"is not iterable: it has no length",
        DELIBERATE,
        "A pointer cannot be iterated: it has no length, so a loop over it reads on past the memory behind "
        "it until something else stops it (ctypes iterates it); index it (`p[i]`) or make an array from it.",
    ),
    Reason(
        r"wintypes|macholib|test_win32",
        DELIBERATE,
        "Windows and macOS helpers (`ctypes.wintypes`, `ctypes.macholib`): mini-ctypes, as the series, is for Linux.",
    ),
    Reason(
        r"c_bool needs True, False, 0 or 1",
        DELIBERATE,
        "`c_bool` takes `True`, `False`, 0 or 1 only; ctypes takes any object and asks whether it is true "
        '(so `c_bool("no")` is true).',
    ),
    Reason(
        r"RuntimeError|test_intarray_fields",
        DELIBERATE,
        "An error in a struct's initialiser is raised as itself (`TypeError`, `ValueError`, `IndexError`) and "
        "names the field; ctypes wraps it in a `RuntimeError`.",
    ),
    Reason(
        r"test_struct_fields.StructFieldsTestCase.test_5",
        DELIBERATE,
        "A `c_char` array field takes every byte it is given, NULs included, then zeros the rest; ctypes "
        "stops copying at the first NUL and leaves the old bytes after it.",
    ),
    # Not built yet, most tests first.
    Reason(
        r"does not fit \d+ bits of|does not fit c_uint|test_bitfields.C_Test",
        DELIBERATE,
        "A value that does not fit a bit field is refused (`OverflowError`), as for any integer; ctypes keeps "
        "its low bits (`x.a = 7` in one bit reads back 1).",
    ),
    Reason(
        r"not allowed for type LP_c_int32",
        DELIBERATE,
        "mini-ctypes names C's `int` class by its width, `c_int32` (`c_int` is the same class), so its "
        "pointer class is `LP_c_int32` where ctypes, naming it `c_int`, says `LP_c_int`.",
    ),
    Reason(
        r"c_longdouble is data only|test_longdouble",
        DELIBERATE,
        "`c_longdouble` is data only (arrays, fields, values): a call carries each value in an 8-byte slot "
        "and a `long double` is 16 bytes, so declaring one is refused rather than passed wrong.",
    ),
    Reason(
        r"test_p2a_objects",
        DELIBERATE,
        "`_objects` is made afresh from mini-ctypes' own list at each read, so changing it cannot free "
        "memory C still reads; ctypes hands out its live dict, which `cast()` shares between the pointer "
        "and its source (`p._objects is array._objects`).",
    ),
    Reason(
        r"set_type|test_pointer_type_str_name",
        DELIBERATE,
        'A pointer type named by a string (`POINTER("Node")`, completed later by `_Pointer.set_type`) is '
        "left out: a struct class whose `_fields_` are assigned later does that job, with one way to do it.",
    ),
    Reason(
        r"test_pointer_crash",
        DELIBERATE,
        "A subclass of a pointer class points to the same type as its base (it inherits `_type_`, as Python "
        "classes inherit); in ctypes such a subclass has no `_type_` of its own and refuses contents.",
    ),
    Reason(
        r"this callback takes 2 arguments \(6 given\)",
        DELIBERATE,
        "A callback called from Python with more arguments than its type declares is refused (`TypeError`); "
        "ctypes passes the extra ones, as C lets a caller do, and the callback never sees them.",
    ),
    Reason(
        r"is incomplete|test_init_errors|test_abstract_class|test_gh99275|test_incomplete_example",
        DELIBERATE,
        "A struct without `_fields_` yet is incomplete: it has no size, and using it where a size is needed "
        "is a `TypeError` naming it; ctypes gives it size 0 and lays out whatever uses it wrongly.",
    ),
    Reason(
        r"needs bytes or None, not c_char_p|c_void_p needs an int|c_wchar_p needs a str|"
        r"POINTER\(c_w?char\) needs None",
        DELIBERATE,
        "Bytes or a str are not taken for `c_void_p`, `POINTER(c_char)` or `POINTER(c_wchar)`: those "
        "declare memory C may write, and a Python bytes or str object is immutable (`c_char_p` and "
        "`c_wchar_p` take them, `create_string_buffer` gives writable bytes).",
    ),
    Reason(
        r"resize",
        DELIBERATE,
        "`resize()` is left out: it moves an instance's bytes to a larger block, and every view into them "
        "(`record.inner`), pointer to them and address C keeps would then point into freed memory.",
    ),
]


def reason_for(test: str, error: str) -> Reason | None:
    text = f"{test}: {error}"
    return next((reason for reason in REASONS if reason.matches(text)), None)
