//! pairs_ext: a small extension module on the raw C API, equivalent to
//!
//! ```python
//! def first(pair, /):
//!     if not isinstance(pair, tuple): raise TypeError(...)
//!     if not pair: raise IndexError(...)
//!     return pair[0]
//! ```

use std::ptr;

use pyo3_ffi::*;

/// Raises `exception` with `message` and returns NULL.
unsafe fn raise(exception: *mut PyObject, message: &std::ffi::CStr) -> *mut PyObject {
    // SAFETY: GIL held by our callers.
    unsafe { PyErr_SetString(exception, message.as_ptr()) };
    ptr::null_mut()
}

// ex: starter
// | // TODO: the tests show that every call of `first` costs the item one reference. Find why, and fix it.
// ex: solution
// ex: end
/// `first(pair, /)`: METH_O, so `pair` is a borrowed reference to the argument.
unsafe extern "C" fn first(_module: *mut PyObject, pair: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held; `pair` is live for the duration of the call.
    unsafe {
        if PyTuple_Check(pair) == 0 {
            return raise(PyExc_TypeError, c"first() argument must be a tuple");
        }
        if PyTuple_Size(pair) == 0 {
            return raise(PyExc_IndexError, c"first() argument is an empty tuple");
        }
        // ex: solution
        // Borrowed from the tuple: take a reference of our own, because what
        // we return is a new reference the caller will release.
        // ex: end
        // ex: mistake 3: "each call keeps one nobody releases (a leak)"
        // | let item = PySequence_GetItem(pair, 0); // a new reference already
        // ex: solution
        let item = PyTuple_GetItem(pair, 0);
        // ex: end
        // ex: starter
        // ex: mistake 1: "cost the item 10 references"
        // | Py_INCREF(pair);
        // ex: mistake 2: "cost the item 20 references"
        // | Py_DECREF(item);
        // ex: solution
        Py_INCREF(item);
        // ex: end
        item
    }
}

static mut FUNCTIONS: [PyMethodDef; 2] = [
    PyMethodDef {
        ml_name: c"first".as_ptr(),
        ml_meth: PyMethodDefPointer { PyCFunction: first },
        ml_flags: METH_O,
        ml_doc: c"first($module, pair, /)\n--\n\nThe first item of a non-empty tuple.".as_ptr(),
    },
    PyMethodDef::zeroed(),
];

static mut MODULE: PyModuleDef = PyModuleDef {
    m_base: PyModuleDef_HEAD_INIT,
    m_name: c"pairs_ext".as_ptr(),
    m_doc: c"Exercise 02's module.".as_ptr(),
    m_size: 0,
    m_methods: (&raw mut FUNCTIONS).cast(),
    m_slots: ptr::null_mut(),
    m_traverse: None,
    m_clear: None,
    m_free: None,
};

/// What `import pairs_ext` calls.
///
/// # Safety
/// Called by the interpreter during import, with the GIL held.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyInit_pairs_ext() -> *mut PyObject {
    // SAFETY: the definition is a static, alive as long as the process.
    unsafe { PyModuleDef_Init(&raw mut MODULE) }
}
