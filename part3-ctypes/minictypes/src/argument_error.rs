//! `ArgumentError`: ctypes' exception for an argument a call refuses.
//!
//! mini-ctypes says *why* an argument is refused with the exception that
//! fits (`TypeError` for a wrong type, `OverflowError` for a number that
//! does not fit, `ValueError` for a bad value), as a field or an element
//! refuses the same value. ctypes wraps every such refusal in
//! `ArgumentError`, and code written for it catches that. So a refused
//! argument raises a class that is both: `ArgumentTypeError` is an
//! `ArgumentError` and a `TypeError`, and either `except` catches it. A
//! bottom floor: it needs nothing else of mini-ctypes.

use pyo3::exceptions::{PyException, PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

pyo3::create_exception!(
    minictypes,
    ArgumentError,
    PyException,
    "An argument a call refused (as in ctypes); each refusal is also the exception that says why."
);

/// `ArgumentTypeError`, `ArgumentOverflowError`, `ArgumentValueError`, made
/// once (a class with two bases is made by calling `type`).
static KINDS: PyOnceLock<[(Py<PyType>, Py<PyType>); 3]> = PyOnceLock::new();

fn kinds(py: Python<'_>) -> PyResult<&[(Py<PyType>, Py<PyType>); 3]> {
    KINDS.get_or_try_init(py, || {
        let make = |name: &str, why: Bound<'_, PyType>| -> PyResult<(Py<PyType>, Py<PyType>)> {
            let namespace = PyDict::new(py);
            namespace.set_item("__module__", "minictypes")?;
            let bases = PyTuple::new(py, [py.get_type::<ArgumentError>(), why.clone()])?;
            let class = py
                .get_type::<PyType>()
                .call1((name, bases, namespace))?
                .cast_into::<PyType>()?;
            Ok((why.unbind(), class.unbind()))
        };
        Ok([
            make("ArgumentTypeError", py.get_type::<PyTypeError>())?,
            make("ArgumentOverflowError", py.get_type::<PyOverflowError>())?,
            make("ArgumentValueError", py.get_type::<PyValueError>())?,
        ])
    })
}

/// Adds `ArgumentError` and its three kinds to the module.
pub(crate) fn add(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    module.add("ArgumentError", py.get_type::<ArgumentError>())?;
    for (_, class) in kinds(py)? {
        let class = class.bind(py);
        module.add(class.name()?, class)?;
    }
    Ok(())
}

/// `error`, raised for an argument, as the `ArgumentError` kind of its
/// class (the same message); any other exception as it is.
#[cold]
pub(crate) fn for_argument(py: Python<'_>, error: PyErr) -> PyErr {
    let Ok(kinds) = kinds(py) else {
        return error;
    };
    let value = error.value(py);
    for (why, class) in kinds {
        // The exact class: a subclass the user raised (from `_as_parameter_`
        // or `from_param`) is theirs and goes through untouched.
        if value.get_type().is(why.bind(py)) {
            let args = value.getattr(pyo3::intern!(py, "args"));
            return match args.and_then(|args| class.bind(py).call1(args.cast_into::<PyTuple>()?)) {
                Ok(made) => PyErr::from_value(made),
                Err(_) => error,
            };
        }
    }
    error
}

/// The most arguments a declaration may have, as in ctypes: no C function
/// has more, and a call's argument arrays stay bounded.
pub(crate) const MOST_ARGUMENTS: usize = 1024;

/// An `ArgumentError` if `count` declared arguments are too many.
pub(crate) fn check_count(count: usize) -> PyResult<()> {
    if count > MOST_ARGUMENTS {
        return Err(ArgumentError::new_err(format!(
            "at most {MOST_ARGUMENTS} arguments may be declared (as in ctypes), not {count}"
        )));
    }
    Ok(())
}

/// A call given the wrong number of arguments: a TypeError, and an
/// `ArgumentError` too (ctypes raises the latter past its limit).
#[cold]
pub(crate) fn wrong_count(py: Python<'_>, message: String) -> PyErr {
    for_argument(py, PyTypeError::new_err(message))
}
