//! The panic trap: a Rust panic must never unwind into the interpreter.
//!
//! Every function the interpreter calls runs its body through [`trap`]. A
//! panic becomes a `SystemError` carrying the panic message (an extension
//! module bug, not a user error), and the function returns its error value.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pyo3_ffi::PyExc_SystemError;

use crate::py;

// ANCHOR: trap
/// Runs `body`; if it panics, raises `SystemError` and returns `on_panic`
/// (`NULL` or `-1`, whatever tells this callback's caller "an exception is set").
pub(crate) fn trap<R>(on_panic: R, body: impl FnOnce() -> R) -> R {
    // AssertUnwindSafe: after a panic we only raise and return; no state the
    // body touched is used again.
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("(no message)");
            // SAFETY: the interpreter called us, so the GIL is held.
            unsafe {
                py::raise(
                    PyExc_SystemError,
                    &format!("Rust panic in part1_capi: {message}"),
                )
            };
            on_panic
        }
    }
}
// ANCHOR_END: trap
