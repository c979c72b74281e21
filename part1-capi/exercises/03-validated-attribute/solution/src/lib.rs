//! sensors_ext: the `celsius` attribute of `Sensor`, a heap type on the raw
//! C API. The type itself, its `name` and its module are in the exercise's
//! library (`../kit`); this file writes the attribute, as Python would:
//!
//! ```python
//! @property
//! def celsius(self) -> float: return self._celsius
//! @celsius.setter
//! def celsius(self, value): ...  # checked, then stored
//! ```

use std::ffi::{c_int, c_void};
use std::ptr;

use pyo3_ffi::*;
use sensors_kit::{CELSIUS_MAX, CELSIUS_MIN, raise, repr_of, sensor, type_name};

/// `sensor.celsius`: a new float each time (a getter returns a new reference).
unsafe extern "C" fn get_celsius(obj: *mut PyObject, _closure: *mut c_void) -> *mut PyObject {
    // SAFETY: GIL held; obj is a Sensor.
    unsafe {
        // ex: starter
        // | // TODO: the field, as a new Python float.
        // | let _ = sensor(obj);
        // | raise(PyExc_NotImplementedError, "celsius cannot be read yet");
        // | ptr::null_mut()
        // ex: solution
        PyFloat_FromDouble(sensor(obj).celsius)
        // ex: end
    }
}

/// `sensor.celsius = value`: 0 when stored, -1 with an exception set when
/// refused. `value` is a borrowed reference, or NULL for `del sensor.celsius`.
unsafe extern "C" fn set_celsius(
    obj: *mut PyObject,
    value: *mut PyObject,
    _closure: *mut c_void,
) -> c_int {
    // SAFETY: GIL held; obj is a Sensor; value is NULL or a borrowed reference.
    unsafe {
        // ex: starter
        // | // TODO: refuse `del` (NULL), wrong types and out-of-range values,
        // | // with the messages the README gives; only then store the value.
        // | let _ = (obj, value, CELSIUS_MIN, CELSIUS_MAX, repr_of, type_name);
        // | raise(PyExc_NotImplementedError, "celsius cannot be set yet");
        // | -1
        // ex: mistake 1: "null pointer dereference occurred"
        // | if PyBool_Check(value) != 0 || (PyFloat_Check(value) == 0 && PyLong_Check(value) == 0) {
        // |     raise(PyExc_TypeError, &format!("celsius must be a float, not {}", type_name(value)));
        // |     return -1;
        // | }
        // | let celsius = PyFloat_AsDouble(value);
        // | if celsius == -1.0 && !PyErr_Occurred().is_null() {
        // |     return -1; // an int too large for a double: OverflowError is set
        // | }
        // | if !(CELSIUS_MIN..=CELSIUS_MAX).contains(&celsius) {
        // |     let message = format!("celsius must be between -273.15 and 1000.0, got {}", repr_of(value));
        // |     raise(PyExc_ValueError, &message);
        // |     return -1;
        // | }
        // | sensor(obj).celsius = celsius;
        // | 0
        // ex: mistake 2: "celsius must be a float, not int"
        // | if value.is_null() {
        // |     raise(PyExc_AttributeError, "cannot delete attribute 'celsius'");
        // |     return -1;
        // | }
        // | if PyFloat_Check(value) == 0 {
        // |     raise(PyExc_TypeError, &format!("celsius must be a float, not {}", type_name(value)));
        // |     return -1;
        // | }
        // | let celsius = PyFloat_AsDouble(value);
        // | if celsius == -1.0 && !PyErr_Occurred().is_null() {
        // |     return -1; // an int too large for a double: OverflowError is set
        // | }
        // | if !(CELSIUS_MIN..=CELSIUS_MAX).contains(&celsius) {
        // |     let message = format!("celsius must be between -273.15 and 1000.0, got {}", repr_of(value));
        // |     raise(PyExc_ValueError, &message);
        // |     return -1;
        // | }
        // | sensor(obj).celsius = celsius;
        // | 0
        // ex: mistake 3: "a refused value is not stored"
        // | if value.is_null() {
        // |     raise(PyExc_AttributeError, "cannot delete attribute 'celsius'");
        // |     return -1;
        // | }
        // | if PyBool_Check(value) != 0 || (PyFloat_Check(value) == 0 && PyLong_Check(value) == 0) {
        // |     raise(PyExc_TypeError, &format!("celsius must be a float, not {}", type_name(value)));
        // |     return -1;
        // | }
        // | let celsius = PyFloat_AsDouble(value);
        // | sensor(obj).celsius = celsius;
        // | if celsius == -1.0 && !PyErr_Occurred().is_null() {
        // |     return -1; // an int too large for a double: OverflowError is set
        // | }
        // | if !(CELSIUS_MIN..=CELSIUS_MAX).contains(&celsius) {
        // |     let message = format!("celsius must be between -273.15 and 1000.0, got {}", repr_of(value));
        // |     raise(PyExc_ValueError, &message);
        // |     return -1;
        // | }
        // | sensor(obj).celsius = celsius;
        // | 0
        // ex: mistake 4: "DID NOT RAISE"
        // | if value.is_null() {
        // |     raise(PyExc_AttributeError, "cannot delete attribute 'celsius'");
        // |     return -1;
        // | }
        // | if PyBool_Check(value) != 0 || (PyFloat_Check(value) == 0 && PyLong_Check(value) == 0) {
        // |     raise(PyExc_TypeError, &format!("celsius must be a float, not {}", type_name(value)));
        // |     return -1;
        // | }
        // | let celsius = PyFloat_AsDouble(value);
        // | if celsius == -1.0 && !PyErr_Occurred().is_null() {
        // |     return -1; // an int too large for a double: OverflowError is set
        // | }
        // | if celsius < CELSIUS_MIN || celsius > CELSIUS_MAX {
        // |     let message = format!("celsius must be between -273.15 and 1000.0, got {}", repr_of(value));
        // |     raise(PyExc_ValueError, &message);
        // |     return -1;
        // | }
        // | sensor(obj).celsius = celsius;
        // | 0
        // ex: mistake 5: "got 1001'"
        // | if value.is_null() {
        // |     raise(PyExc_AttributeError, "cannot delete attribute 'celsius'");
        // |     return -1;
        // | }
        // | if PyBool_Check(value) != 0 || (PyFloat_Check(value) == 0 && PyLong_Check(value) == 0) {
        // |     raise(PyExc_TypeError, &format!("celsius must be a float, not {}", type_name(value)));
        // |     return -1;
        // | }
        // | let celsius = PyFloat_AsDouble(value);
        // | if celsius == -1.0 && !PyErr_Occurred().is_null() {
        // |     return -1; // an int too large for a double: OverflowError is set
        // | }
        // | if !(CELSIUS_MIN..=CELSIUS_MAX).contains(&celsius) {
        // |     let message = format!("celsius must be between -273.15 and 1000.0, got {celsius}");
        // |     raise(PyExc_ValueError, &message);
        // |     return -1;
        // | }
        // | sensor(obj).celsius = celsius;
        // | 0
        // ex: solution
        if value.is_null() {
            raise(PyExc_AttributeError, "cannot delete attribute 'celsius'");
            return -1;
        }
        // bool is an int subclass, so it must be refused before PyLong_Check.
        if PyBool_Check(value) != 0 || (PyFloat_Check(value) == 0 && PyLong_Check(value) == 0) {
            raise(
                PyExc_TypeError,
                &format!("celsius must be a float, not {}", type_name(value)),
            );
            return -1;
        }
        let celsius = PyFloat_AsDouble(value);
        if celsius == -1.0 && !PyErr_Occurred().is_null() {
            return -1; // an int too large for a double: OverflowError is set
        }
        // contains() is false for NaN, which a pair of comparisons lets through.
        if !(CELSIUS_MIN..=CELSIUS_MAX).contains(&celsius) {
            // Python's spelling of the value (1001.0, nan), not Rust's (1001, NaN).
            let message = format!(
                "celsius must be between -273.15 and 1000.0, got {}",
                repr_of(value)
            );
            raise(PyExc_ValueError, &message);
            return -1;
        }
        // Stored last: a refused value never replaces the old one.
        sensor(obj).celsius = celsius;
        0
        // ex: end
    }
}

/// What `import sensors_ext` calls: the library's module, with `celsius`
/// among Sensor's attributes.
///
/// # Safety
/// Called by the interpreter during import, with the GIL held.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyInit_sensors_ext() -> *mut PyObject {
    let celsius = PyGetSetDef {
        name: c"celsius".as_ptr(),
        get: Some(get_celsius),
        set: Some(set_celsius),
        doc: c"Degrees Celsius, from -273.15 to 1000.0.".as_ptr(),
        closure: ptr::null_mut(),
    };
    // SAFETY: the interpreter's import calls this once, with the GIL held.
    unsafe { sensors_kit::init(Some(celsius)) }
}
