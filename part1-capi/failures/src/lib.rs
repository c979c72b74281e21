//! Two deliberate bugs for Part I's failure-first page. Never imported by
//! the real module or its tests' process: `failure_first.py` runs each in a
//! subprocess and shows what happens.

use std::ptr;

use pyo3_ffi::*;

// ANCHOR: silent_failure
/// Single-phase init that fails without saying why: it returns NULL but
/// sets no exception. The interpreter cannot report a cause, so it raises
/// `SystemError` about the module itself.
///
/// # Safety
/// Called by the interpreter during import.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyInit_silent_failure() -> *mut PyObject {
    ptr::null_mut() // the bug: no PyErr_SetString(...) before returning NULL
}
// ANCHOR_END: silent_failure

// ANCHOR: refcount_bug
/// `release_borrowed(obj)`: drops a reference it never owned. METH_O hands
/// the function a *borrowed* reference; decrementing it steals one from the
/// caller, who will decrement it again later.
unsafe extern "C" fn release_borrowed(_module: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: none. This is the bug: `obj` is borrowed, the DECREF is not ours.
    unsafe {
        Py_DECREF(obj);
        Py_None()
    }
    // ...and a second bug: Py_None() is borrowed too, returned without Py_INCREF.
}
// ANCHOR_END: refcount_bug

static mut METHODS: [PyMethodDef; 2] = [
    PyMethodDef {
        ml_name: c"release_borrowed".as_ptr(),
        ml_meth: PyMethodDefPointer {
            PyCFunction: release_borrowed,
        },
        ml_flags: METH_O,
        ml_doc: c"Decrements a borrowed reference: a refcount bug on purpose.".as_ptr(),
    },
    PyMethodDef::zeroed(),
];

static mut MODULE: PyModuleDef = PyModuleDef {
    m_base: PyModuleDef_HEAD_INIT,
    m_name: c"refcount_bug".as_ptr(),
    m_doc: ptr::null(),
    m_size: 0,
    m_methods: (&raw mut METHODS).cast(),
    m_slots: ptr::null_mut(),
    m_traverse: None,
    m_clear: None,
    m_free: None,
};

/// The module with the refcount bug (multi-phase, no state).
///
/// # Safety
/// Called by the interpreter during import.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyInit_refcount_bug() -> *mut PyObject {
    // SAFETY: the definition is a static that outlives the module.
    unsafe { PyModuleDef_Init(&raw mut MODULE) }
}
