//! `minierrcheck`: mini-ctypes, with what `errcheck` does written here.
//!
//! The library (`part3-ctypes/minictypes`) keeps a function's `errcheck`
//! and, after each call, hands this file the hook, the converted result,
//! the function and the call's arguments. What `apply` returns, or raises,
//! is what the caller of `lib.checked_div(...)` gets.

use minictypes::{Errcheck, Pieces};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// `function.errcheck = value`: the hook to keep, or a refusal.
/// (`del function.errcheck` removes it; the library does that.)
fn accept(value: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    // ex: starter
    // | // TODO: keep only what can be called; refuse the rest here, with
    // | // TypeError("the errcheck attribute must be callable").
    // | Ok(value.clone().unbind())
    // ex: mistake 4: "DID NOT RAISE"
    // | Ok(value.clone().unbind())
    // ex: solution
    // Refused where it is set: a hook that cannot be called would
    // otherwise fail at the next call, far from the mistake.
    if !value.is_callable() {
        return Err(PyTypeError::new_err(
            "the errcheck attribute must be callable",
        ));
    }
    Ok(value.clone().unbind())
    // ex: end
}

/// After a call: what the caller gets instead of `result`.
fn apply<'py>(
    hook: &Bound<'py, PyAny>,
    result: Bound<'py, PyAny>,
    function: &Bound<'py, PyAny>,
    args: &Bound<'py, PyTuple>,
) -> PyResult<Bound<'py, PyAny>> {
    // ex: starter
    // | // TODO: call hook(result, function, args), as ctypes does; its
    // | // answer, or its exception, is the call's.
    // | let _ = (hook, function, args);
    // | Ok(result)
    // ex: mistake 1: "the hook sees (result, function, args)"
    // | hook.call1((function, result, args))
    // ex: mistake 2: "the hook's answer is the call's"
    // | hook.call1((&result, function, args))?;
    // | Ok(result)
    // ex: mistake 3: "the hook's exception is the call's"
    // | Ok(hook.call1((&result, function, args)).unwrap_or(result))
    // ex: solution
    // `?` is not needed: the hook's error is returned as it is.
    hook.call1((result, function, args))
    // ex: end
}

#[pymodule(gil_used = true)]
fn minierrcheck(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let errcheck = Errcheck { accept, apply };
    minictypes::install_with(
        module,
        Pieces {
            errcheck,
            ..Pieces::OURS
        },
    )
}
