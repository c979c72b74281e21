//! `CDLL`: a loaded library and the functions looked up in it.

use std::sync::Arc;

use libffi::middle::CodePtr;
use pyo3::exceptions::{PyAttributeError, PyOSError};
use pyo3::prelude::*;

use crate::function::ForeignFunction;

// ANCHOR: cdll
/// `CDLL(path)`: `dlopen` the library (libloading). Functions are looked up
/// by attribute or item access (`dlsym`) and cached in the instance's
/// `__dict__`, as ctypes does: `lib.add.argtypes` set once stays set, and
/// the next `lib.add` is a plain dict hit that never reaches `__getattr__`.
#[pyclass(module = "minictypes", frozen, dict, name = "CDLL")]
pub struct Cdll {
    path: String,
    /// Shared with every function looked up here: a function keeps its
    /// library loaded (its code pointer valid) even after the CDLL is gone.
    library: Arc<libloading::Library>,
}
// ANCHOR_END: cdll

#[pymethods]
impl Cdll {
    #[new]
    fn new(path: std::path::PathBuf) -> PyResult<Self> {
        // SAFETY: loading runs the library's initialisers; loading an
        // arbitrary library is exactly the trust ctypes.CDLL asks for too.
        let library = unsafe { libloading::Library::new(&path) }.map_err(|error| {
            let cause = std::error::Error::source(&error)
                .map_or_else(|| error.to_string(), ToString::to_string);
            PyOSError::new_err(format!("cannot load {}: {cause}", path.display()))
        })?;
        Ok(Self {
            path: path.display().to_string(),
            library: Arc::new(library),
        })
    }

    /// The path the library was loaded from.
    #[getter]
    fn path(&self) -> &str {
        &self.path
    }

    /// Only called when `name` is not in the instance dict yet.
    fn __getattr__(slf: &Bound<'_, Self>, name: &str) -> PyResult<Py<ForeignFunction>> {
        if name.starts_with("__") {
            // Python probes dunder names (copy, pickle...): never symbols.
            return Err(PyAttributeError::new_err(name.to_owned()));
        }
        Self::lookup(slf, name)
    }

    fn __getitem__<'py>(slf: &Bound<'py, Self>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        match slf.as_any().getattr(name) {
            Ok(function) => Ok(function),
            // lib["__x"] is still a symbol lookup, not a Python attribute.
            Err(_) => {
                Self::lookup(slf, name).map(|function| function.into_bound(slf.py()).into_any())
            }
        }
    }

    fn __repr__(&self) -> String {
        format!("<minictypes.CDLL '{}'>", self.path)
    }
}

impl Cdll {
    // ANCHOR: lookup
    fn lookup(slf: &Bound<'_, Self>, name: &str) -> PyResult<Py<ForeignFunction>> {
        let this = slf.get();
        // SAFETY: the symbol is only turned into an address here; it is
        // called later through a Cif built from the declared types.
        let symbol = unsafe { this.library.get::<unsafe extern "C" fn()>(name.as_bytes()) }
            .map_err(|_| {
                PyAttributeError::new_err(format!("{} has no symbol '{name}'", this.path))
            })?;
        let code = CodePtr::from_fun(*symbol);
        let function = Py::new(
            slf.py(),
            ForeignFunction::new(name, Arc::clone(&this.library), code),
        )?;
        slf.as_any().setattr(name, &function)?; // into the instance __dict__
        Ok(function)
    }
    // ANCHOR_END: lookup
}
