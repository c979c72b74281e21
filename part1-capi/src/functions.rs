//! Module-level functions: one function, two calling conventions.
//!
//! `add` and `add_varargs` do the same work. Part II measures the
//! difference: `METH_FASTCALL` receives a C array of the caller's
//! arguments (vectorcall), `METH_VARARGS` a tuple built for the call.

use std::ffi::c_int;

use pyo3_ffi::*;

use crate::py::{self, NULL, c};
use crate::trap::trap;

// ANCHOR: int_arg
/// One `int64_t` argument: an int (bool included, as for any int) that fits.
unsafe fn int64_arg(function: &str, name: &str, value: *mut PyObject) -> Option<i64> {
    // SAFETY: GIL held by our callers; `value` is a live borrowed reference.
    unsafe {
        // Fast path first: an exact int is a pointer comparison, where
        // PyLong_Check is a call into the interpreter under the stable ABI.
        let exact = Py_TYPE(value) == &raw mut PyLong_Type;
        if !exact && PyLong_Check(value) == 0 {
            return not_an_int(function, name, value);
        }
        let mut overflow: c_int = 0;
        let number = PyLong_AsLongLongAndOverflow(value, &mut overflow);
        if overflow != 0 {
            return argument_too_big(function, name);
        }
        Some(number)
    }
}

/// `a + b`, refusing a sum outside int64 rather than wrapping it. Inlined:
/// on the successful path it is one overflow test and one call.
#[inline(always)]
unsafe fn checked_sum(function: &str, a: i64, b: i64) -> *mut PyObject {
    match a.checked_add(b) {
        // SAFETY: GIL held by our callers; returns a new reference.
        Some(sum) => unsafe { new_int(sum) },
        None => too_big::<()>(&format!("{function}() result")).map_or(NULL, |()| NULL),
    }
}

// The error paths are functions of their own, marked cold: formatting a
// message needs a large stack frame, which would otherwise be set up on
// every call, the successful ones included.
#[cold]
#[inline(never)]
unsafe fn not_an_int<T>(function: &str, name: &str, value: *mut PyObject) -> Option<T> {
    // SAFETY: GIL held by our callers; `value` is live.
    unsafe {
        py::raise_wrong_type(
            &format!("{function}() argument '{name}' must be int, not "),
            value,
        )
    };
    None
}

#[cold]
#[inline(never)]
fn argument_too_big<T>(function: &str, name: &str) -> Option<T> {
    too_big(&format!("{function}() argument '{name}'"))
}

#[cold]
#[inline(never)]
fn too_big<T>(what: &str) -> Option<T> {
    let message = format!("{what} does not fit a 64-bit signed integer");
    // SAFETY: GIL held by our callers.
    unsafe { py::raise(PyExc_OverflowError, &message) };
    None
}
// ANCHOR_END: int_arg

/// An int from an i64. Where C's `long` is 64 bits (Linux, macOS),
/// PyLong_FromLong is the direct route; PyLong_FromLongLong would get there
/// through one more call.
unsafe fn new_int(value: i64) -> *mut PyObject {
    // SAFETY: GIL held by our callers; both return a new reference.
    unsafe {
        match std::ffi::c_long::try_from(value) {
            Ok(value) if size_of::<std::ffi::c_long>() == 8 => PyLong_FromLong(value),
            _ => PyLong_FromLongLong(value),
        }
    }
}

/// `add(a, b, /)` when the count is wrong, in pyo3's words.
unsafe fn wrong_count(function: &str, given: isize) -> *mut PyObject {
    let message = match given {
        0 => format!("{function}() missing 2 required positional arguments: 'a' and 'b'"),
        1 => format!("{function}() missing 1 required positional argument: 'b'"),
        n => format!("{function}() takes 2 positional arguments but {n} were given"),
    };
    // SAFETY: GIL held by our callers.
    unsafe { py::raise(PyExc_TypeError, &message) };
    NULL
}

// ANCHOR: fastcall
/// `add(a, b, /)`, METH_FASTCALL: `args` points into the caller's own
/// array of arguments; nothing is allocated to make the call.
unsafe extern "C" fn add(
    _module: *mut PyObject,
    args: *mut *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    trap(NULL, || {
        if nargs != 2 {
            // SAFETY: GIL held (the interpreter called us).
            return unsafe { wrong_count("add", nargs) };
        }
        // SAFETY: GIL held; `args` holds `nargs` borrowed references.
        unsafe {
            let Some(a) = int64_arg("add", "a", *args) else {
                return NULL;
            };
            let Some(b) = int64_arg("add", "b", *args.add(1)) else {
                return NULL;
            };
            checked_sum("add", a, b)
        }
    })
}
// ANCHOR_END: fastcall

// ANCHOR: varargs
/// `add_varargs(a, b, /)`, METH_VARARGS: the interpreter packed the
/// arguments into a new tuple just for this call.
unsafe extern "C" fn add_varargs(_module: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    trap(NULL, || {
        // SAFETY: GIL held; `args` is a tuple; GetItem returns borrowed references.
        unsafe {
            let given = PyTuple_Size(args);
            if given != 2 {
                return wrong_count("add_varargs", given);
            }
            let Some(a) = int64_arg("add_varargs", "a", PyTuple_GetItem(args, 0)) else {
                return NULL;
            };
            let Some(b) = int64_arg("add_varargs", "b", PyTuple_GetItem(args, 1)) else {
                return NULL;
            };
            checked_sum("add_varargs", a, b)
        }
    })
}
// ANCHOR_END: varargs

// ANCHOR: fib
/// `FIB_MAX_N`: the last n whose Fibonacci number fits a `uint64_t` (Part III's limit).
const FIB_MAX_N: i64 = 93;

/// `fib(n, /)`, METH_O: the series' benchmark workload, with Part III's
/// contract (n a `uint32_t`, at most `FIB_MAX_N`), computed in this module.
unsafe extern "C" fn fib(_module: *mut PyObject, n: *mut PyObject) -> *mut PyObject {
    trap(NULL, || {
        // SAFETY: GIL held (the interpreter called us); `n` is borrowed.
        unsafe {
            let exact = Py_TYPE(n) == &raw mut PyLong_Type;
            if !exact && (PyLong_Check(n) == 0 || PyBool_Check(n) != 0) {
                py::raise_wrong_type("fib() argument 'n' must be int, not ", n);
                return NULL;
            }
            let mut overflow: c_int = 0;
            let value = PyLong_AsLongLongAndOverflow(n, &mut overflow);
            if overflow != 0 || !(0..=i64::from(u32::MAX)).contains(&value) {
                return fib_out_of_range(n);
            }
            if value > FIB_MAX_N {
                return fib_past_limit(value);
            }
            let (mut current, mut next) = (0u64, 1u64);
            for _ in 0..value {
                (current, next) = (next, current.wrapping_add(next));
            }
            PyLong_FromUnsignedLongLong(current)
        }
    })
}
// ANCHOR_END: fib

#[cold]
#[inline(never)]
unsafe fn fib_out_of_range(n: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held by our caller; `n` is an int, so str(n) is ASCII digits.
    unsafe {
        let text = PyObject_Str(n);
        if text.is_null() {
            return NULL;
        }
        let before = format!(
            "fib() argument 'n' must fit uint32_t (0..{}), got ",
            u32::MAX
        );
        py::raise_around(PyExc_OverflowError, &before, text, "");
        Py_DECREF(text);
    }
    NULL
}

#[cold]
#[inline(never)]
unsafe fn fib_past_limit(n: i64) -> *mut PyObject {
    let message = format!("fib() argument 'n' must be at most {FIB_MAX_N} (FIB_MAX_N), got {n}");
    // SAFETY: GIL held by our caller.
    unsafe { py::raise(PyExc_OverflowError, &message) };
    NULL
}

/// `_panic()`: panics on purpose, so a test can show the trap turns a panic
/// into SystemError instead of unwinding into the interpreter.
unsafe extern "C" fn panic_on_purpose(
    _module: *mut PyObject,
    _unused: *mut PyObject,
) -> *mut PyObject {
    trap(NULL, || panic!("deliberate panic, to test the trap"))
}

// The same `add`, written in C (c/add_in_c.c, compiled by build.rs): the
// yardstick Part II's benchmark measures `add` against.
unsafe extern "C" {
    fn part1_add_in_c(
        module: *mut PyObject,
        args: *mut *mut PyObject,
        nargs: Py_ssize_t,
    ) -> *mut PyObject;
}

// ANCHOR: table
/// The module's functions, NULL-terminated as the C API requires.
pub(crate) static mut FUNCTIONS: [PyMethodDef; 6] = [
    PyMethodDef {
        ml_name: c(c"add"),
        ml_meth: PyMethodDefPointer { PyCFunctionFast: add },
        ml_flags: METH_FASTCALL,
        ml_doc: c(c"add($module, a, b, /)\n--\n\na + b for two 64-bit signed integers; OverflowError past int64."),
    },
    PyMethodDef {
        ml_name: c(c"add_varargs"),
        ml_meth: PyMethodDefPointer { PyCFunction: add_varargs },
        ml_flags: METH_VARARGS,
        ml_doc: c(c"add_varargs($module, a, b, /)\n--\n\nThe same as add, called through METH_VARARGS."),
    },
    PyMethodDef {
        ml_name: c(c"fib"),
        ml_meth: PyMethodDefPointer { PyCFunction: fib },
        ml_flags: METH_O,
        ml_doc: c(c"fib($module, n, /)\n--\n\nThe n-th Fibonacci number (fib(0) == 0), for n up to 93."),
    },
    PyMethodDef {
        ml_name: c(c"_add_in_c"),
        ml_meth: PyMethodDefPointer {
            PyCFunctionFast: part1_add_in_c,
        },
        ml_flags: METH_FASTCALL,
        ml_doc: c(c"_add_in_c($module, a, b, /)\n--\n\nadd, written in C: Part II's yardstick."),
    },
    PyMethodDef {
        ml_name: c(c"_panic"),
        ml_meth: PyMethodDefPointer { PyCFunction: panic_on_purpose },
        ml_flags: METH_NOARGS,
        ml_doc: c(c"_panic($module, /)\n--\n\nPanics in Rust, for testing the panic trap."),
    },
    PyMethodDef::zeroed(),
];
// ANCHOR_END: table
