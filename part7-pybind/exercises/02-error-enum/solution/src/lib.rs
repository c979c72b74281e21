//! ports_ext: Rust errors as a Python exception hierarchy.
//!
//! ```python
//! class PortError(ValueError): ...
//! class EmptyPort(PortError): ...
//! class BadPort(PortError): ...
//! def parse_port(text: str) -> int: ...
//! ```

use pyo3::create_exception;
// ex: starter
// | use pyo3::exceptions::{PyRuntimeError, PyValueError};
// ex: solution
use pyo3::exceptions::PyValueError;
// ex: end
use pyo3::prelude::*;

create_exception!(
    ports_ext,
    PortError,
    PyValueError,
    "A port the parser refuses."
);
create_exception!(ports_ext, EmptyPort, PortError, "The port text was empty.");
create_exception!(
    ports_ext,
    BadPort,
    PortError,
    "The port text is not a port number."
);

/// Why a port was refused: plain Rust data, no Python in it.
#[derive(Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Nothing to parse.
    Empty,
    /// Not made of digits (the text as given).
    NotANumber(String),
    /// A number, but not 1 to 65535.
    OutOfRange(u64),
}

/// The Rust parser, usable without Python.
pub fn parse(text: &str) -> Result<u16, ParseError> {
    if text.is_empty() {
        return Err(ParseError::Empty);
    }
    let number: u64 = text
        .parse()
        .map_err(|_| ParseError::NotANumber(text.to_owned()))?;
    match u16::try_from(number) {
        Ok(port) if port > 0 => Ok(port),
        _ => Err(ParseError::OutOfRange(number)),
    }
}

impl From<ParseError> for PyErr {
    fn from(error: ParseError) -> Self {
        // ex: starter
        // | // TODO: map each variant to its exception class and message (see the table).
        // | let _ = error;
        // | PyRuntimeError::new_err("port error")
        // ex: mistake 1: "ports_ext.PortError: port is empty"
        // | PortError::new_err(match error {
        // |     ParseError::Empty => "port is empty".to_owned(),
        // |     ParseError::NotANumber(text) => format!("port is not a number: '{text}'"),
        // |     ParseError::OutOfRange(port) => format!("port must be from 1 to 65535, got {port}"),
        // | })
        // ex: mistake 2: "'port is not a number: http' =="
        // | match error {
        // |     ParseError::Empty => EmptyPort::new_err("port is empty"),
        // |     ParseError::NotANumber(text) => BadPort::new_err(format!("port is not a number: {text}")),
        // |     ParseError::OutOfRange(port) => BadPort::new_err(format!("port must be from 1 to 65535, got '{port}'")),
        // | }
        // ex: mistake 3: "port error: NotANumber("
        // | match error {
        // |     ParseError::Empty => EmptyPort::new_err("port is empty"),
        // |     other => BadPort::new_err(format!("port error: {other:?}")),
        // | }
        // ex: solution
        // One place decides which class and which message each variant gets.
        match error {
            ParseError::Empty => EmptyPort::new_err("port is empty"),
            ParseError::NotANumber(text) => {
                BadPort::new_err(format!("port is not a number: '{text}'"))
            }
            ParseError::OutOfRange(port) => {
                BadPort::new_err(format!("port must be from 1 to 65535, got {port}"))
            }
        }
        // ex: end
    }
}

/// The port number in `text`, from 1 to 65535.
#[pyfunction]
fn parse_port(text: &str) -> PyResult<u16> {
    Ok(parse(text)?)
}

#[pymodule]
mod ports_ext {
    #[pymodule_export]
    use super::{BadPort, EmptyPort, PortError, parse_port};
}
