//! What every type mini-ctypes builds by hand (`entry.rs`, `library.rs`,
//! `meta.rs`) needs: the type made once from its spec, instances allocated
//! by the type's own `tp_alloc`, and every slot the interpreter calls run
//! as a guarded entry point.

use std::ffi::{CStr, c_int, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

/// A C string literal as the `char *` a spec table stores.
pub(crate) const fn c(text: &'static CStr) -> *const std::ffi::c_char {
    text.as_ptr()
}

/// A slot table entry: the interpreter's slot `slot` is `pfunc` (a
/// function, a table, or the doc text).
pub(crate) const fn slot(slot: c_int, pfunc: *mut c_void) -> ffi::PyType_Slot {
    ffi::PyType_Slot { slot, pfunc }
}

/// A read-only `Py_ssize_t` member holding a byte offset: how a heap type
/// tells the interpreter where a field is (`__vectorcalloffset__`,
/// `__dictoffset__`).
pub(crate) const fn offset_member(name: &'static CStr, offset: usize) -> ffi::PyMemberDef {
    ffi::PyMemberDef {
        name: c(name),
        type_code: ffi::Py_T_PYSSIZET,
        offset: offset as ffi::Py_ssize_t,
        flags: ffi::Py_READONLY,
        doc: ptr::null(),
    }
}

/// A getset table entry: attribute `name`, read by `get`, written by `set`
/// (None: read-only).
pub(crate) const fn getset(
    name: &'static CStr,
    get: ffi::getter,
    set: Option<ffi::setter>,
    doc: &'static CStr,
) -> ffi::PyGetSetDef {
    ffi::PyGetSetDef {
        name: c(name),
        get: Some(get),
        set,
        doc: c(doc),
        closure: ptr::null_mut(),
    }
}

/// The entries that end a slot, member and getset table.
pub(crate) const SLOTS_END: ffi::PyType_Slot = slot(0, ptr::null_mut());
pub(crate) const MEMBERS_END: ffi::PyMemberDef = ffi::PyMemberDef {
    name: ptr::null(),
    type_code: 0,
    offset: 0,
    flags: 0,
    doc: ptr::null(),
};
pub(crate) const GETSET_END: ffi::PyGetSetDef = ffi::PyGetSetDef {
    name: ptr::null(),
    get: None,
    set: None,
    doc: ptr::null(),
    closure: ptr::null_mut(),
};

/// The type `spec` describes, made the first time it is asked for.
///
/// # Safety
/// `spec` is a complete `PyType_Spec` whose tables are terminated statics.
pub(crate) unsafe fn made<'py>(
    py: Python<'py>,
    cell: &PyOnceLock<Py<PyType>>,
    spec: *mut ffi::PyType_Spec,
) -> PyResult<Bound<'py, PyType>> {
    let made = cell.get_or_try_init(py, || {
        // SAFETY: the caller's promise; the GIL is held. PyType_FromSpec
        // copies what it keeps.
        unsafe {
            Bound::from_owned_ptr_or_err(py, ffi::PyType_FromSpec(spec))
                .map(|object| object.cast_into_unchecked::<PyType>().unbind())
        }
    })?;
    Ok(made.bind(py).clone())
}

/// A new, zeroed instance of `tp` (its header set, the type referenced),
/// from the type's `tp_alloc`; the caller writes every field before the
/// object is seen.
pub(crate) fn allocate<'py>(tp: &Bound<'py, PyType>) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: GIL held; tp_alloc (PyType_GenericAlloc) returns a new
    // reference to tp_basicsize zeroed bytes, or NULL with an exception.
    unsafe {
        let alloc: ffi::allocfunc =
            std::mem::transmute(ffi::PyType_GetSlot(tp.as_type_ptr(), ffi::Py_tp_alloc));
        Bound::from_owned_ptr_or_err(tp.py(), alloc(tp.as_type_ptr(), 0))
    }
}

/// Frees `object` the way its heap type allocated it, and releases the
/// instance's reference to the type. For `tp_dealloc`, after the fields.
///
/// # Safety
/// The GIL is held and `object` is an instance of a heap type whose
/// refcount reached zero; nothing uses it afterwards.
pub(crate) unsafe fn free(object: *mut ffi::PyObject) {
    // SAFETY: the caller's promise.
    unsafe {
        let tp = ffi::Py_TYPE(object);
        let free: ffi::freefunc = std::mem::transmute(ffi::PyType_GetSlot(tp, ffi::Py_tp_free));
        free(object.cast());
        ffi::Py_DECREF(tp.cast()); // an instance of a heap type holds its type
    }
}

/// `tp_traverse` for a heap type's instance: visits its type (as Python
/// 3.9+ asks of heap types), then each object in `held` that is there,
/// stopping at the first visit that says to.
///
/// # Safety
/// Called from a `tp_traverse` slot with its arguments, GIL held; every
/// pointer in `held` is a live object the instance holds a reference to.
pub(crate) unsafe fn visit_held(
    object: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
    held: impl IntoIterator<Item = Option<*mut ffi::PyObject>>,
) -> c_int {
    // SAFETY: the caller's promise.
    unsafe {
        let visited = visit(ffi::Py_TYPE(object).cast(), arg);
        if visited != 0 {
            return visited;
        }
        for held in held.into_iter().flatten() {
            let visited = visit(held, arg);
            if visited != 0 {
                return visited;
            }
        }
    }
    0
}

/// The exception a caught panic becomes: `PanicException`, with its message.
fn panic_error(payload: &(dyn std::any::Any + Send)) -> PyErr {
    let message = payload
        .downcast_ref::<&str>()
        .map(ToString::to_string)
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a Rust panic".to_owned());
    pyo3::panic::PanicException::new_err(message)
}

// ANCHOR: entered
/// Runs `body` as the interpreter's callback: the GIL is held; a Rust
/// panic becomes `PanicException` (it must not unwind into C), an error is
/// raised; the result or `on_error` is returned.
///
/// For the hot slots (a call, an attribute lookup): no pyo3 bookkeeping.
/// pyo3 decides whether dropping a `Py<T>` may release the reference at
/// once by counting the entries it made itself; a hand-made slot is not one
/// of them, so a `Py<T>` dropped in `body` would be queued until pyo3's
/// next entry. `body` must therefore hold `Bound` values only (their drop
/// releases at once), and an error, which holds `Py` values, is raised
/// through `attached` below.
pub(crate) fn entered<R>(on_error: R, body: impl FnOnce(Python<'_>) -> PyResult<R>) -> R {
    // SAFETY: the interpreter calls every slot with the GIL held.
    let py = unsafe { Python::assume_attached() };
    match catch_unwind(AssertUnwindSafe(|| body(py))) {
        Ok(Ok(value)) => value,
        Ok(Err(error)) => raise(error, on_error),
        Err(payload) => raise(panic_error(payload.as_ref()), on_error),
    }
}

/// Raises `error` with pyo3 told the thread is attached, so that the
/// error's own references are released now.
#[cold]
#[inline(never)]
fn raise<R>(error: PyErr, on_error: R) -> R {
    Python::attach(|py| error.restore(py));
    on_error
}

/// `entered` for slots that drop `Py<T>` values (a setter replacing a
/// declaration, a dealloc): pyo3 counts this entry as its own, at the cost
/// of a `PyGILState_Ensure`, so every reference is released at once.
pub(crate) fn attached<R>(on_error: R, body: impl FnOnce(Python<'_>) -> PyResult<R>) -> R {
    Python::attach(|py| {
        let outcome = catch_unwind(AssertUnwindSafe(|| body(py)))
            .unwrap_or_else(|payload| Err(panic_error(payload.as_ref())));
        outcome.unwrap_or_else(|error| {
            error.restore(py);
            on_error
        })
    })
}
// ANCHOR_END: entered
