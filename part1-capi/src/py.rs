//! Small helpers over the C API, used by every other file.
//!
//! All of them require the GIL; none of them steals a reference unless its
//! name says so.

use std::ffi::{CStr, c_char};
use std::ptr;

use pyo3_ffi::*;

// ANCHOR: raise
/// Raises `exception` with `message`.
///
/// # Safety
/// GIL held; `exception` is an exception class.
pub(crate) unsafe fn raise(exception: *mut PyObject, message: &str) {
    // SAFETY: the caller holds the GIL. FromStringAndSize copies the bytes;
    // the message may contain anything, NUL included.
    unsafe {
        let text = PyUnicode_FromStringAndSize(
            message.as_ptr().cast::<c_char>(),
            message.len() as Py_ssize_t,
        );
        if text.is_null() {
            return; // MemoryError is already set.
        }
        PyErr_SetObject(exception, text); // does not steal `text`
        Py_DECREF(text);
    }
}
// ANCHOR_END: raise

/// Raises `exception` with the message `before` + `text` + `after`, where
/// `text` is a Python str: it is joined as a Python object, so a name with
/// a lone surrogate (which no Rust `&str` can hold) appears exactly as
/// Python would print it, and no error is lost on the way.
///
/// # Safety
/// GIL held; `exception` is an exception class; `text` is a live str.
pub(crate) unsafe fn raise_around(
    exception: *mut PyObject,
    before: &str,
    text: *mut PyObject,
    after: &str,
) {
    // SAFETY: GIL held; each new reference is released once it is joined.
    unsafe {
        let (before, after) = (new_str(before), new_str(after));
        let head = if before.is_null() {
            NULL
        } else {
            PyUnicode_Concat(before, text)
        };
        let message = if head.is_null() || after.is_null() {
            NULL
        } else {
            PyUnicode_Concat(head, after)
        };
        for object in [before, after, head] {
            Py_XDECREF(object);
        }
        if !message.is_null() {
            PyErr_SetObject(exception, message); // does not steal `message`
            Py_DECREF(message);
        } // else: MemoryError is already set
    }
}

/// Raises `TypeError(before + type(obj).__name__)`, e.g. "timeout must be an int, not str".
///
/// # Safety
/// GIL held; `obj` is a live object.
pub(crate) unsafe fn raise_wrong_type(before: &str, obj: *mut PyObject) {
    // SAFETY: GIL held; GetAttrString returns a new reference, released below.
    unsafe {
        let name = PyObject_GetAttrString(Py_TYPE(obj).cast(), c"__name__".as_ptr());
        if name.is_null() {
            return; // the lookup's own exception is set
        }
        raise_around(PyExc_TypeError, before, name, "");
        Py_DECREF(name);
    }
}

/// The UTF-8 text of a `str`, borrowed from it; `None` (no exception set)
/// when it holds a lone surrogate, which UTF-8 cannot encode.
///
/// # Safety
/// GIL held; `obj` is a `str` that outlives the returned slice.
pub(crate) unsafe fn utf8<'a>(obj: *mut PyObject) -> Option<&'a str> {
    let mut size: Py_ssize_t = 0;
    // SAFETY: GIL held. The buffer is cached inside the str object and lives
    // as long as it does, which the caller guarantees.
    unsafe {
        let data = PyUnicode_AsUTF8AndSize(obj, &mut size);
        if data.is_null() {
            PyErr_Clear();
            return None;
        }
        let bytes = std::slice::from_raw_parts(data.cast::<u8>(), size as usize);
        // CPython produced this UTF-8 itself.
        Some(std::str::from_utf8_unchecked(bytes))
    }
}

/// The code points of a `str` (lone surrogates included), for the one case
/// [`utf8`] cannot serve. `None` with MemoryError set if the copy fails.
///
/// # Safety
/// GIL held; `obj` is a `str`.
pub(crate) unsafe fn code_points(obj: *mut PyObject) -> Option<Vec<u32>> {
    // SAFETY: GIL held; AsUCS4Copy allocates with PyMem_Malloc a buffer of
    // len + 1 code points (NUL-terminated), which we copy and free.
    unsafe {
        let length = PyUnicode_GetLength(obj);
        let buffer = PyUnicode_AsUCS4Copy(obj);
        if buffer.is_null() || length < 0 {
            return None;
        }
        let copy = std::slice::from_raw_parts(buffer, length as usize).to_vec();
        PyMem_Free(buffer.cast());
        Some(copy)
    }
}

/// `str(obj)` as a Rust `String`; `None` with the exception set on failure.
///
/// # Safety
/// GIL held; `obj` is a live object.
pub(crate) unsafe fn to_string(obj: *mut PyObject) -> Option<String> {
    // SAFETY: GIL held; PyObject_Str returns a new reference, released below.
    unsafe {
        let text = PyObject_Str(obj);
        if text.is_null() {
            return None;
        }
        let result = utf8(text).map(str::to_owned);
        Py_DECREF(text);
        result
    }
}

/// A new reference to `True` or `False`.
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn new_bool(value: bool) -> *mut PyObject {
    // SAFETY: GIL held; PyBool_FromLong returns a new reference.
    unsafe { PyBool_FromLong(value.into()) }
}

/// A new reference to `NotImplemented`.
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn not_implemented() -> *mut PyObject {
    // SAFETY: GIL held; Py_NotImplemented() is a borrowed singleton, so we
    // take a reference of our own before handing it out.
    unsafe {
        let value = Py_NotImplemented();
        Py_INCREF(value);
        value
    }
}

/// A Rust string as a new Python `str` (NULL with the exception set).
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn new_str(text: &str) -> *mut PyObject {
    // SAFETY: GIL held; the bytes are valid UTF-8 of the given length.
    unsafe { PyUnicode_FromStringAndSize(text.as_ptr().cast::<c_char>(), text.len() as Py_ssize_t) }
}

// ANCHOR: c
/// A C string for the C API from a literal.
pub(crate) const fn c(text: &'static CStr) -> *const c_char {
    text.as_ptr()
}

/// A null object pointer, spelled the way the C API documentation says it.
pub(crate) const NULL: *mut PyObject = ptr::null_mut();
// ANCHOR_END: c
