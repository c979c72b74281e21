//! Python objects to plain values, with the contract's messages.

use config_core::ConfigError as CoreError;
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyInt, PyString};

// ANCHOR: exception
create_exception!(
    part7_pybind,
    ConfigError,
    PyValueError,
    "A Config value the contract refuses (a ValueError)."
);

/// The module's ConfigError carrying the core's message.
pub(crate) fn config_error(error: &CoreError) -> PyErr {
    ConfigError::new_err(error.to_string())
}
// ANCHOR_END: exception

/// A constructor or `replace` argument: given, or left to its default.
///
/// `Option` cannot say this: `Config(timeout=None)` must raise TypeError,
/// not mean "the default", so the default is a value of its own.
pub(crate) enum Given<'py> {
    /// Not passed.
    Default,
    /// Passed, possibly as None.
    Value(Bound<'py, PyAny>),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Given<'py> {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Self::Value(obj.to_owned()))
    }
}

/// `TypeError(before + type(value).__name__)`. The message is joined as a
/// Python str, not formatted in Rust: a class name may hold a lone
/// surrogate, which a Rust `String` would turn into U+FFFD.
pub(crate) fn wrong_type(before: &str, value: &Bound<'_, PyAny>) -> PyErr {
    match value.get_type().name() {
        Ok(name) => joined_error(before, name.as_any(), ""),
        Err(error) => error,
    }
}

/// `TypeError(before + text + after)`, with `text` exactly as Python has it.
pub(crate) fn joined_error(before: &str, text: &Bound<'_, PyAny>, after: &str) -> PyErr {
    let py = text.py();
    match PyString::new(py, before)
        .add(text)
        .and_then(|head| head.add(after))
    {
        Ok(message) => PyTypeError::new_err(message.unbind()),
        Err(error) => error,
    }
}

// ANCHOR: checks
/// `timeout`: an int that is not a bool, 1 to 3600.
pub(crate) fn check_timeout(value: &Bound<'_, PyAny>) -> PyResult<u32> {
    if !value.is_instance_of::<PyInt>() || value.is_instance_of::<PyBool>() {
        return Err(wrong_type("timeout must be an int, not ", value));
    }
    match value.extract::<i64>() {
        Ok(seconds) => config_core::check_timeout(seconds).map_err(|error| config_error(&error)),
        // Beyond i64: out of range, shown as str(int(value)).
        Err(_) => {
            let shown = value.py().get_type::<PyInt>().call1((value,))?.str()?;
            Err(config_error(&CoreError::timeout_out_of_range(shown)))
        }
    }
}

/// `url`: a str the contract accepts, as a Rust String.
pub(crate) fn check_url(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let Ok(text) = value.cast::<PyString>() else {
        return Err(wrong_type("url must be a str, not ", value));
    };
    match text.to_str() {
        Ok(url) => {
            config_core::parse_url(url).map_err(|error| config_error(&error))?;
            Ok(url.to_owned())
        }
        // Only a lone surrogate stops UTF-8; UTF-32 with surrogatepass keeps it.
        Err(_) => {
            let encoded = text.call_method1("encode", ("utf-32-le", "surrogatepass"))?;
            let bytes = encoded.cast::<PyBytes>()?.as_bytes();
            let code_points = bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
            config_core::check_url_code_points(code_points)
                .map_err(|error| config_error(&error))?;
            unreachable!("a str that is not UTF-8 holds a lone surrogate")
        }
    }
}

/// `ssl`: exactly a bool.
pub(crate) fn check_ssl(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    match value.cast::<PyBool>() {
        Ok(flag) => Ok(flag.is_true()),
        Err(_) => Err(wrong_type("ssl must be a bool, not ", value)),
    }
}
// ANCHOR_END: checks
