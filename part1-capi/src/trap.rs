//! The panic trap: a Rust panic must never unwind into the interpreter.
//!
//! Every function the interpreter calls runs its body through [`trap`]. A
//! panic becomes a `SystemError` carrying the panic message (an extension
//! module bug, not a user error), and the function returns its error value.

use pyo3_ffi::PyExc_SystemError;

use crate::py;

// ANCHOR: trap
/// Runs `body`; if it panics, raises `SystemError` and returns `on_panic`
/// (`NULL` or `-1`, whatever tells this callback's caller "an exception is set").
///
/// `quiet_panic::catch` is `catch_unwind` plus the project's panic policy:
/// the panic is reported in the exception, not printed to the host's stderr.
pub(crate) fn trap<R>(on_panic: R, body: impl FnOnce() -> R) -> R {
    // After a panic we only raise and return; no state the body touched is
    // used again (the promise `catch` asks for).
    match quiet_panic::catch(body) {
        Ok(result) => result,
        Err(report) => {
            // SAFETY: the interpreter called us, so the GIL is held.
            unsafe {
                py::raise(
                    PyExc_SystemError,
                    &format!("Rust panic in part1_capi: {}", report.message),
                )
            };
            on_panic
        }
    }
}
// ANCHOR_END: trap
