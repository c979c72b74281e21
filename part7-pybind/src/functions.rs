//! Module-level functions, with Part I's behaviour.

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt};

/// One int64 argument, with Part I's messages (pyo3's own i64 extraction
/// would say "'str' object cannot be interpreted as an integer").
#[inline]
fn int64_arg(function: &str, name: &str, value: &Bound<'_, PyAny>) -> PyResult<i64> {
    // An exact int is a pointer comparison; the subclass check is a call
    // into the interpreter under the stable ABI, so it comes second.
    if !(value.is_exact_instance_of::<PyInt>() || value.is_instance_of::<PyInt>()) {
        return Err(not_an_int(function, name, value));
    }
    value
        .extract::<i64>()
        .map_err(|_| too_big(&format!("{function}() argument '{name}'")))
}

#[inline]
fn checked_sum(function: &str, a: i64, b: i64) -> PyResult<i64> {
    a.checked_add(b)
        .ok_or_else(|| too_big(&format!("{function}() result")))
}

// The error paths are cold functions of their own, as in Part I: building a
// message needs a large stack frame that the successful calls should not pay.
#[cold]
#[inline(never)]
fn not_an_int(function: &str, name: &str, value: &Bound<'_, PyAny>) -> PyErr {
    crate::checks::wrong_type(
        &format!("{function}() argument '{name}' must be int, not "),
        value,
    )
}

#[cold]
#[inline(never)]
fn too_big(what: &str) -> PyErr {
    PyOverflowError::new_err(format!("{what} does not fit a 64-bit signed integer"))
}

// ANCHOR: add
/// a + b for two 64-bit signed integers; OverflowError past int64.
#[pyfunction]
#[pyo3(signature = (a, b, /))]
pub(crate) fn add(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<i64> {
    checked_sum("add", int64_arg("add", "a", a)?, int64_arg("add", "b", b)?)
}
// ANCHOR_END: add

/// The same as add (pyo3 has one calling convention; the name is Part I's).
#[pyfunction]
#[pyo3(signature = (a, b, /))]
pub(crate) fn add_varargs(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<i64> {
    checked_sum(
        "add_varargs",
        int64_arg("add_varargs", "a", a)?,
        int64_arg("add_varargs", "b", b)?,
    )
}

// ANCHOR: fib
/// `FIB_MAX_N`: the last n whose Fibonacci number fits a `uint64_t` (Part III's limit).
const FIB_MAX_N: u32 = 93;

/// The n-th Fibonacci number (fib(0) == 0), for n up to 93: the series'
/// benchmark workload, with Part III's contract and messages.
#[pyfunction]
#[pyo3(signature = (n, /))]
pub(crate) fn fib(n: &Bound<'_, PyAny>) -> PyResult<u64> {
    if !n.is_exact_instance_of::<PyInt>()
        && (!n.is_instance_of::<PyInt>() || n.is_instance_of::<PyBool>())
    {
        return Err(crate::checks::wrong_type(
            "fib() argument 'n' must be int, not ",
            n,
        ));
    }
    let Ok(n) = n.extract::<u32>() else {
        let shown = n.str()?;
        return Err(PyOverflowError::new_err(format!(
            "fib() argument 'n' must fit uint32_t (0..{}), got {shown}",
            u32::MAX
        )));
    };
    if n > FIB_MAX_N {
        return Err(PyOverflowError::new_err(format!(
            "fib() argument 'n' must be at most {FIB_MAX_N} (FIB_MAX_N), got {n}"
        )));
    }
    let (mut current, mut next) = (0u64, 1u64);
    for _ in 0..n {
        (current, next) = (next, current.wrapping_add(next));
    }
    Ok(current)
}
// ANCHOR_END: fib

// ANCHOR: bare
/// The same signature with nothing of ours in it: what pyo3 alone costs
/// for a call of this shape (Part II's benchmark compares `add` with it).
#[pyfunction]
#[pyo3(signature = (a, b, /))]
pub(crate) fn _bare_add(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}
// ANCHOR_END: bare

/// Panics on purpose: pyo3 turns it into `pyo3_runtime.PanicException`.
#[pyfunction]
pub(crate) fn _panic() {
    panic!("deliberate panic, to test the trap");
}
