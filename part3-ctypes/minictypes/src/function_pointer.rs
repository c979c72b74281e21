//! Function pointers: C code of a `CFUNCTYPE`'s type, called from Python.
//!
//! `PROTO(address)` is the code at an address (a C function returned one,
//! or `dlsym` gave it); `PROTO(("name", library))` a library's function,
//! declared by the prototype instead of by `argtypes`; a function whose
//! `restype` is `PROTO` returns one. Each is a function object like
//! `lib.add`, declared with the prototype's types, so it is called the
//! same way (vectorcall, the fast path, errcheck). A NULL one is made (it
//! is false, as in ctypes) but never called. `PROTO(("name", library),
//! paramflags)` also names its parameters (parameters.rs).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyInt, PyTuple};

use crate::callback::{CFuncType, Callback};
use crate::entry;
use crate::function::ForeignFunction;
use crate::parameters::Parameters;

// ANCHOR: made
/// The function pointer of type `prototype` at `target`: an address (an
/// int), or a `(name, library)` pair.
pub(crate) fn made<'py>(
    prototype: &Bound<'py, CFuncType>,
    target: &Bound<'py, PyAny>,
    keep: Option<&Bound<'py, PyAny>>,
    paramflags: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = prototype.py();
    let function = if target.is_instance_of::<PyInt>() {
        let address: usize = target.extract().map_err(|_| {
            pyo3::exceptions::PyOverflowError::new_err(format!(
                "a function pointer needs an address from 0 to 2**64 - 1, not {target}"
            ))
        })?;
        let code = libffi::middle::CodePtr(address as *mut std::ffi::c_void);
        ForeignFunction::new(&format!("*{address:#x}"), None, code, (true, false))
    } else {
        let pair = target.cast::<PyTuple>()?;
        let shape =
            || PyTypeError::new_err("a function pointer by name needs a (name, library) pair");
        if pair.len() != 2 {
            return Err(shape());
        }
        let name = pair.get_item(0)?;
        let name: String = name.extract().map_err(|_| shape())?;
        // The library's own lookup: dlsym, AttributeError if it is not there.
        let found = pair.get_item(1)?.get_item(&name).map_err(|error| {
            if error.is_instance_of::<PyTypeError>(py) {
                shape()
            } else {
                error
            }
        })?;
        let Some(function) = entry::function_of(&found) else {
            return Err(shape());
        };
        function.undeclared_copy(&name)
    };
    let mut function = function.keeping(keep.map(|keep| keep.clone().unbind()));
    let declared = prototype.get();
    if let Some(paramflags) = paramflags {
        let parameters = Parameters::parse(paramflags, declared.argtypes_given(py))?;
        function = function.with_parameters(parameters);
    }
    function.set_argtypes(declared.argtypes_given(py))?;
    function.set_restype(declared.restype_given(py))?;
    entry::new_object(py, function)
}
// ANCHOR_END: made

/// Whether `thing` is a function pointer or a type of them: a callback, a
/// prototype, a function object.
fn is_function_pointer(thing: &Bound<'_, PyAny>) -> bool {
    thing.is_instance_of::<CFuncType>()
        || thing.is_instance_of::<Callback>()
        || entry::function_of(thing).is_some()
}

/// `sizeof(x)`: C data's size (cdata.rs), or for a function pointer and its
/// type, a pointer's 8 bytes.
#[pyfunction]
pub(crate) fn sizeof(thing: &Bound<'_, PyAny>) -> PyResult<usize> {
    if is_function_pointer(thing) {
        return Ok(size_of::<usize>());
    }
    crate::cdata::sizeof(thing)
}

/// `alignment(x)`: as `sizeof`, C's `alignof`.
#[pyfunction]
pub(crate) fn alignment(thing: &Bound<'_, PyAny>) -> PyResult<usize> {
    if is_function_pointer(thing) {
        return Ok(align_of::<usize>());
    }
    crate::cdata::alignment(thing)
}
