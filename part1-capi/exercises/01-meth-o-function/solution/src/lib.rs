//! numbers_ext: a small extension module on the raw C API, equivalent to
//!
//! ```python
//! def add(a, b, /): return a + b        # 64-bit signed; METH_FASTCALL
//! def square(x, /): return x * x        # 64-bit signed; METH_O (to write)
//! ```

use std::ffi::c_int;
use std::ptr;

use pyo3_ffi::*;

/// Raises `exception` with `message` and returns NULL, for `return` in one step.
unsafe fn raise(exception: *mut PyObject, message: &str) -> *mut PyObject {
    // SAFETY: GIL held by our callers; the bytes are UTF-8 of that length.
    unsafe {
        let text =
            PyUnicode_FromStringAndSize(message.as_ptr().cast(), message.len() as Py_ssize_t);
        if !text.is_null() {
            PyErr_SetObject(exception, text);
            Py_DECREF(text);
        }
    }
    ptr::null_mut()
}

/// `OverflowError("<function>() does not fit a 64-bit signed integer")`.
fn too_big(function: &str) -> *mut PyObject {
    let message = format!("{function}() does not fit a 64-bit signed integer");
    // SAFETY: only called while handling a call, with the GIL held.
    unsafe { raise(PyExc_OverflowError, &message) }
}

/// One int64 argument, or None with TypeError / OverflowError set.
unsafe fn int64_arg(function: &str, value: *mut PyObject) -> Option<i64> {
    // SAFETY: GIL held by our callers; `value` is a live borrowed reference.
    unsafe {
        if PyLong_Check(value) == 0 {
            let name = PyObject_GetAttrString(Py_TYPE(value).cast(), c"__name__".as_ptr());
            let shown = if name.is_null() {
                ptr::null_mut()
            } else {
                PyObject_Str(name)
            };
            Py_XDECREF(name);
            let mut size: Py_ssize_t = 0;
            let data = if shown.is_null() {
                ptr::null()
            } else {
                PyUnicode_AsUTF8AndSize(shown, &mut size)
            };
            let type_name = if data.is_null() {
                "?".to_owned()
            } else {
                String::from_utf8_lossy(std::slice::from_raw_parts(data.cast(), size as usize))
                    .into_owned()
            };
            Py_XDECREF(shown);
            PyErr_Clear();
            raise(
                PyExc_TypeError,
                &format!("{function}() argument must be int, not {type_name}"),
            );
            return None;
        }
        let mut overflow: c_int = 0;
        let number = PyLong_AsLongLongAndOverflow(value, &mut overflow);
        if overflow != 0 {
            too_big(function);
            return None;
        }
        Some(number)
    }
}

/// `add(a, b, /)`: METH_FASTCALL, so the arguments come as a C array.
unsafe extern "C" fn add(
    _module: *mut PyObject,
    args: *mut *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: GIL held; `args` holds `nargs` borrowed references.
    unsafe {
        if nargs != 2 {
            return raise(
                PyExc_TypeError,
                &format!("add() takes 2 positional arguments but {nargs} were given"),
            );
        }
        let Some(a) = int64_arg("add", *args) else {
            return ptr::null_mut();
        };
        let Some(b) = int64_arg("add", *args.add(1)) else {
            return ptr::null_mut();
        };
        match a.checked_add(b) {
            Some(sum) => PyLong_FromLongLong(sum),
            None => too_big("add"),
        }
    }
}

// ex: starter
// | // TODO: write `square(x, /)`, a METH_O function: its second parameter is the argument itself.
// ex: mistake 3: "SystemError"
// | unsafe extern "C" fn square(_module: *mut PyObject, x: *mut PyObject) -> *mut PyObject {
// |     unsafe {
// |         let Some(x) = int64_arg("square", x) else {
// |             return ptr::null_mut();
// |         };
// |         match x.checked_mul(x) {
// |             Some(result) => PyLong_FromLongLong(result),
// |             None => ptr::null_mut(), // NULL, and no exception set
// |         }
// |     }
// | }
// ex: mistake 1: "crashed with SIG"
// | unsafe extern "C" fn square(_module: *mut PyObject, args: *mut *mut PyObject, _nargs: Py_ssize_t) -> *mut PyObject {
// |     unsafe {
// |         let Some(x) = int64_arg("square", *args) else {
// |             return ptr::null_mut();
// |         };
// |         match x.checked_mul(x) {
// |             Some(result) => PyLong_FromLongLong(result),
// |             None => too_big("square"),
// |         }
// |     }
// | }
// ex: mistake 4: "attempt to multiply with overflow"
// | unsafe extern "C" fn square(_module: *mut PyObject, x: *mut PyObject) -> *mut PyObject {
// |     unsafe {
// |         let Some(x) = int64_arg("square", x) else {
// |             return ptr::null_mut();
// |         };
// |         PyLong_FromLongLong(x * x)
// |     }
// | }
// ex: solution
/// `square(x, /)`: METH_O, so `x` is the one argument itself (borrowed).
unsafe extern "C" fn square(_module: *mut PyObject, x: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held; `x` is a live borrowed reference.
    unsafe {
        let Some(x) = int64_arg("square", x) else {
            return ptr::null_mut();
        };
        match x.checked_mul(x) {
            Some(result) => PyLong_FromLongLong(result), // a new reference, as required
            None => too_big("square"),
        }
    }
}
// ex: end

// ex: starter
// | static mut FUNCTIONS: [PyMethodDef; 2] = [
// ex: mistake 5: "numbers_ext has no square"
// | static mut FUNCTIONS: [PyMethodDef; 4] = [
// ex: solution
static mut FUNCTIONS: [PyMethodDef; 3] = [
    // ex: end
    PyMethodDef {
        ml_name: c"add".as_ptr(),
        ml_meth: PyMethodDefPointer {
            PyCFunctionFast: add,
        },
        ml_flags: METH_FASTCALL,
        ml_doc: c"add($module, a, b, /)\n--\n\na + b for 64-bit signed integers.".as_ptr(),
    },
    // ex: starter
    // | // TODO: register `square` here (METH_O), before the sentinel; grow the array by one.
    // ex: mistake 1: "crashed with SIG"
    // | PyMethodDef {
    // |     ml_name: c"square".as_ptr(),
    // |     ml_meth: PyMethodDefPointer {
    // |         PyCFunctionFast: square,
    // |     },
    // |     ml_flags: METH_O,
    // |     ml_doc: c"square($module, x, /)\n--\n\nx * x for a 64-bit signed integer.".as_ptr(),
    // | },
    // ex: mistake 5: "numbers_ext has no square"
    // | PyMethodDef::zeroed(),
    // | PyMethodDef {
    // |     ml_name: c"square".as_ptr(),
    // |     ml_meth: PyMethodDefPointer {
    // |         PyCFunction: square,
    // |     },
    // |     ml_flags: METH_O,
    // |     ml_doc: c"square($module, x, /)\n--\n\nx * x for a 64-bit signed integer.".as_ptr(),
    // | },
    // ex: mistake 2: "no signature found for builtin"
    // | PyMethodDef {
    // |     ml_name: c"square".as_ptr(),
    // |     ml_meth: PyMethodDefPointer {
    // |         PyCFunction: square,
    // |     },
    // |     ml_flags: METH_O,
    // |     ml_doc: c"square($module, x, /)\nx * x for a 64-bit signed integer.".as_ptr(),
    // | },
    // ex: solution
    PyMethodDef {
        ml_name: c"square".as_ptr(),
        ml_meth: PyMethodDefPointer {
            PyCFunction: square,
        },
        ml_flags: METH_O,
        ml_doc: c"square($module, x, /)\n--\n\nx * x for a 64-bit signed integer.".as_ptr(),
    },
    // ex: end
    PyMethodDef::zeroed(),
];

static mut MODULE: PyModuleDef = PyModuleDef {
    m_base: PyModuleDef_HEAD_INIT,
    m_name: c"numbers_ext".as_ptr(),
    m_doc: c"Exercise 01's module.".as_ptr(),
    m_size: 0,
    m_methods: (&raw mut FUNCTIONS).cast(),
    m_slots: ptr::null_mut(),
    m_traverse: None,
    m_clear: None,
    m_free: None,
};

/// What `import numbers_ext` calls.
///
/// # Safety
/// Called by the interpreter during import, with the GIL held.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyInit_numbers_ext() -> *mut PyObject {
    // SAFETY: the definition is a static, alive as long as the process.
    unsafe { PyModuleDef_Init(&raw mut MODULE) }
}
