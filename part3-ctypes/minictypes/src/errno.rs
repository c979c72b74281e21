//! `use_errno`: C's `errno`, kept per thread between calls, as ctypes does.
//!
//! `errno` is a per-thread variable that C functions set on failure; the
//! interpreter's own C code sets it too, all the time, so reading it from
//! Python after a call would read whatever ran last. ctypes' answer, copied
//! here: for a library opened with `use_errno=True`, the real `errno` is
//! swapped with a private per-thread copy just before the call and just
//! after it; `get_errno()` and `set_errno()` read and write the copy.

use std::cell::Cell;
use std::ffi::c_int;

use pyo3::prelude::*;

thread_local! {
    static SAVED: Cell<c_int> = const { Cell::new(0) };
}

unsafe extern "C" {
    /// glibc's (and musl's) address of the calling thread's `errno`.
    fn __errno_location() -> *mut c_int;
}

// ANCHOR: swap
/// Runs `call` with the thread's private copy as the real `errno`, and
/// keeps what the call left there as the new copy.
pub(crate) fn around<R>(call: impl FnOnce() -> R) -> R {
    // SAFETY: __errno_location returns this thread's errno, always valid.
    let errno = unsafe { &mut *__errno_location() };
    *errno = SAVED.get();
    let result = call();
    SAVED.set(*errno);
    result
}
// ANCHOR_END: swap

/// `get_errno()`: the private copy (what the last `use_errno` call left).
#[pyfunction]
pub(crate) fn get_errno() -> c_int {
    SAVED.get()
}

/// `set_errno(value)`: sets the private copy; returns the old one.
#[pyfunction]
pub(crate) fn set_errno(value: c_int) -> c_int {
    SAVED.replace(value)
}
