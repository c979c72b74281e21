//! `function.errcheck`: a hook between the C call and its caller. The
//! converted result goes in, with the function and its arguments; what the
//! hook returns (or raises) is what the caller gets. ctypes has the same
//! hook: the place to turn a status code into an exception, once, instead
//! of in every wrapper.
//!
//! The two functions here are a piece an exercise crate may replace (Part
//! III exercise 07 writes them; `lib.rs`, `Pieces`).

use std::sync::OnceLock;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

// ANCHOR: piece
/// `errcheck`'s turn after a call: the hook, the converted result, the
/// function object and the call's arguments in; what the caller gets out.
pub type Apply = for<'py> fn(
    hook: &Bound<'py, PyAny>,
    result: Bound<'py, PyAny>,
    function: &Bound<'py, PyAny>,
    args: &Bound<'py, PyTuple>,
) -> PyResult<Bound<'py, PyAny>>;

/// What `errcheck` does, in two functions.
#[derive(Clone, Copy)]
pub struct Errcheck {
    /// `function.errcheck = value`: the hook to keep, or a refusal. (`del
    /// function.errcheck` removes the hook without asking.)
    pub accept: fn(&Bound<'_, PyAny>) -> PyResult<Py<PyAny>>,
    /// After each call that has a hook (see [`Apply`]).
    pub apply: Apply,
}
// ANCHOR_END: piece

// ANCHOR: ours
impl Errcheck {
    /// mini-ctypes' own, as ctypes behaves.
    pub const OURS: Self = Self {
        accept: |value| {
            // Refused here, where it is set, not at the next call.
            if value.is_callable() {
                Ok(value.clone().unbind())
            } else {
                Err(PyTypeError::new_err(
                    "the errcheck attribute must be callable",
                ))
            }
        },
        // ctypes' order: (result, func, arguments). Its answer, or its
        // exception (`?`), is the call's.
        apply: |hook, result, function, args| hook.call1((result, function, args)),
    };
}
// ANCHOR_END: ours

/// The pair in use: ours, unless an exercise crate installed its own.
static ERRCHECK: OnceLock<Errcheck> = OnceLock::new();

pub(crate) fn errcheck() -> &'static Errcheck {
    ERRCHECK.get_or_init(|| Errcheck::OURS)
}

/// Installs an exercise's pair; the first one installed stays.
pub(crate) fn use_errcheck(pair: Errcheck) {
    let _ = ERRCHECK.set(pair);
}
