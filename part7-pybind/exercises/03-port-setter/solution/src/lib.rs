//! sensors7_ext: Part I exercise 03's Sensor, in pyo3.
//!
//! ```python
//! class Sensor:
//!     def __init__(self, name: str): self._name, self._celsius = name, 20.0
//!     name = property(lambda self: self._name)   # read-only
//!     celsius: float                             # to port: validated on set
//! ```

// ex: starter
// | #[allow(unused_imports)] // the exceptions your setter will raise
// ex: solution
// ex: end
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt};

// ex: starter
// | // Used by the setter you will write (until then, the compiler warns they are unused).
// ex: solution
// ex: end
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

    // ex: starter
    // | // TODO: port `celsius` from Part I: a getter, a validating setter, a deleter that refuses.
    // ex: mistake 1: "must be real number"
    // | /// Degrees Celsius, from -273.15 to 1000.0.
    // | #[getter]
    // | fn celsius(&self) -> f64 {
    // |     self.celsius
    // | }
    // |
    // | /// pyo3 converts the value before the body runs.
    // | #[setter]
    // | fn set_celsius(&mut self, value: f64) -> PyResult<()> {
    // |     let celsius = value;
    // |     if !(CELSIUS_MIN..=CELSIUS_MAX).contains(&celsius) {
    // ex: solution
    /// Degrees Celsius, from -273.15 to 1000.0.
    #[getter]
    fn celsius(&self) -> f64 {
        self.celsius
    }

    /// pyo3 calls this for assignment only; `del` goes to the deleter below.
    #[setter]
    fn set_celsius(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        if !is_number(value) {
            let message = format!("celsius must be a float, not {}", type_name(value)?);
            return Err(PyTypeError::new_err(message));
        }
        let celsius: f64 = value.extract()?;
        // contains() is false for NaN, which a pair of comparisons would let through.
        if !(CELSIUS_MIN..=CELSIUS_MAX).contains(&celsius) {
            // ex: end
            // ex: starter
            // ex: mistake 1: "must be real number"
            // | let message = format!("celsius must be between -273.15 and 1000.0, got {celsius:?}");
            // ex: mistake 4: "got 1001' =="
            // | let message = format!("celsius must be between -273.15 and 1000.0, got {celsius}");
            // ex: solution
            let message = format!(
                "celsius must be between -273.15 and 1000.0, got {}",
                value.repr()?
            );
            // ex: end
            // ex: starter
            // ex: solution
            return Err(PyValueError::new_err(message));
        }
        self.celsius = celsius;
        Ok(())
    }

    // ex: end
    // ex: starter
    // ex: mistake 2: "+ property has no deleter"
    // ex: solution
    #[deleter]
    fn delete_celsius(&mut self) -> PyResult<()> {
        Err(pyo3::exceptions::PyAttributeError::new_err(
            "cannot delete attribute 'celsius'",
        ))
    }
    // ex: end
}

/// `type(value).__name__`, for the TypeError message.
// ex: starter
// | #[allow(dead_code)] // for the setter you will write
// ex: solution
// ex: end
fn type_name(value: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(value.get_type().name()?.to_string())
}

/// Which values a setter may convert with `extract::<f64>()`.
// ex: starter
// | #[allow(dead_code)] // for the setter you will write
// ex: solution
// ex: end
fn is_number(value: &Bound<'_, PyAny>) -> bool {
    // ex: mistake 3: "DID NOT RAISE"
    // | value.is_instance_of::<PyFloat>() || value.is_instance_of::<PyInt>()
    // ex: solution
    !value.is_instance_of::<PyBool>()
        && (value.is_instance_of::<PyFloat>() || value.is_instance_of::<PyInt>())
    // ex: end
}

#[pymodule]
mod sensors7_ext {
    #[pymodule_export]
    use super::Sensor;
}
