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
        if PyLong_Check(value) == 0 {
            let message = format!(
                "{function}() argument '{name}' must be int, not {}",
                py::type_name(value)
            );
            py::raise(PyExc_TypeError, &message);
            return None;
        }
        let mut overflow: c_int = 0;
        let number = PyLong_AsLongLongAndOverflow(value, &mut overflow);
        if overflow != 0 {
            let message =
                format!("{function}() argument '{name}' does not fit a 64-bit signed integer");
            py::raise(PyExc_OverflowError, &message);
            return None;
        }
        Some(number)
    }
}

/// `a + b`, refusing a sum outside int64 rather than wrapping it.
unsafe fn checked_sum(function: &str, a: i64, b: i64) -> *mut PyObject {
    match a.checked_add(b) {
        // SAFETY: GIL held by our callers; returns a new reference.
        Some(sum) => unsafe { PyLong_FromLongLong(sum) },
        None => {
            let message = format!("{function}() result does not fit a 64-bit signed integer");
            // SAFETY: as above.
            unsafe { py::raise(PyExc_OverflowError, &message) };
            NULL
        }
    }
}
// ANCHOR_END: int_arg

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

/// `_panic()`: panics on purpose, so a test can show the trap turns a panic
/// into SystemError instead of unwinding into the interpreter.
unsafe extern "C" fn panic_on_purpose(
    _module: *mut PyObject,
    _unused: *mut PyObject,
) -> *mut PyObject {
    trap(NULL, || panic!("deliberate panic, to test the trap"))
}

// ANCHOR: table
/// The module's functions, NULL-terminated as the C API requires.
pub(crate) static mut FUNCTIONS: [PyMethodDef; 4] = [
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
        ml_name: c(c"_panic"),
        ml_meth: PyMethodDefPointer { PyCFunction: panic_on_purpose },
        ml_flags: METH_NOARGS,
        ml_doc: c(c"_panic($module, /)\n--\n\nPanics in Rust, for testing the panic trap."),
    },
    PyMethodDef::zeroed(),
];
// ANCHOR_END: table
