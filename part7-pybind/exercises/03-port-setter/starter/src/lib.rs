//! sensors7_ext: Part I exercise 03's Sensor, in pyo3.
//!
//! ```python
//! class Sensor:
//!     def __init__(self, name: str): self._name, self._celsius = name, 20.0
//!     name = property(lambda self: self._name)   # read-only
//!     celsius: float                             # to port: validated on set
//! ```

#[allow(unused_imports)] // the exceptions your setter will raise
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt};

// Used by the setter you will write (until then, the compiler warns they are unused).
const CELSIUS_MIN: f64 = -273.15;
const CELSIUS_MAX: f64 = 1000.0;

/// A named temperature sensor.
#[pyclass(module = "sensors7_ext")]
struct Sensor {
    name: String,
    celsius: f64,
}

#[pymethods]
impl Sensor {
    #[new]
    fn new(name: String) -> Self {
        Self {
            name,
            celsius: 20.0,
        }
    }

    /// The sensor's name (read-only).
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    // TODO: port `celsius` from Part I: a getter, a validating setter, a deleter that refuses.
}

/// `type(value).__name__`, for the TypeError message.
#[allow(dead_code)] // for the setter you will write
fn type_name(value: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(value.get_type().name()?.to_string())
}

/// Which values a setter may convert with `extract::<f64>()`.
#[allow(dead_code)] // for the setter you will write
fn is_number(value: &Bound<'_, PyAny>) -> bool {
    !value.is_instance_of::<PyBool>()
        && (value.is_instance_of::<PyFloat>() || value.is_instance_of::<PyInt>())
}

#[pymodule]
mod sensors7_ext {
    #[pymodule_export]
    use super::Sensor;
}
