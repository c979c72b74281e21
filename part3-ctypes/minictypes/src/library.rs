//! `CDLL`: a loaded library and the functions looked up in it.

use std::sync::Arc;

use libffi::middle::CodePtr;
use pyo3::exceptions::{PyAttributeError, PyOSError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyDict;

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
    /// Whether calls release the GIL: true for `CDLL`, false for `PyDLL`.
    release_gil: bool,
}
// ANCHOR_END: cdll

#[pymethods]
impl Cdll {
    #[new]
    fn new(path: std::path::PathBuf) -> PyResult<Self> {
        Self::open(path, true)
    }

    /// The path the library was loaded from.
    #[getter]
    fn path(&self) -> &str {
        &self.path
    }

    /// Only called when `name` is not in the instance dict yet.
    fn __getattr__(slf: &Bound<'_, Self>, name: &str) -> PyResult<Py<ForeignFunction>> {
        if name.starts_with("__") && name.ends_with("__") {
            // Python probes special names (copy, pickle...): never symbols.
            // As in ctypes, only `__x__` is refused: `__errno_location` is a symbol.
            return Err(PyAttributeError::new_err(name.to_owned()));
        }
        Self::lookup(slf, name)
    }

    /// `lib["name"]` is always a symbol: a function looked up before, or a
    /// new lookup; never a Python attribute such as `path` or `__class__`.
    fn __getitem__(slf: &Bound<'_, Self>, name: &str) -> PyResult<Py<ForeignFunction>> {
        if let Some(cached) = Self::functions(slf)?.get_item(name)?
            && let Ok(function) = cached.cast_into::<ForeignFunction>()
        {
            return Ok(function.unbind());
        }
        Self::lookup(slf, name)
    }

    fn __repr__(&self) -> String {
        let kind = if self.release_gil { "CDLL" } else { "PyDLL" };
        format!("<minictypes.{kind} '{}'>", self.path)
    }
}

impl Cdll {
    /// `dlopen` the library; its functions release the GIL if `release_gil`.
    fn open(path: std::path::PathBuf, release_gil: bool) -> PyResult<Self> {
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
            release_gil,
        })
    }

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
            ForeignFunction::new(name, Arc::clone(&this.library), code, this.release_gil),
        )?;
        // Straight into the instance dict: a symbol may share its name with
        // a read-only attribute (`path`), which setattr would refuse.
        Self::functions(slf)?.set_item(name, &function)?;
        Ok(function)
    }

    /// The instance `__dict__`, where looked-up functions are cached.
    fn functions<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyDict>> {
        Ok(slf
            .as_any()
            .getattr(intern!(slf.py(), "__dict__"))?
            .cast_into::<PyDict>()?)
    }
    // ANCHOR_END: lookup
}

/// `PyDLL(path)`: a `CDLL` whose functions keep the GIL during the call, as
/// ctypes' `PyDLL` does: for short functions, where releasing and re-taking
/// the GIL costs more than the call itself, and for functions that use the
/// Python C API. Another Python thread cannot run meanwhile.
#[pyfunction(name = "PyDLL")]
pub(crate) fn py_dll(path: std::path::PathBuf) -> PyResult<Cdll> {
    Cdll::open(path, false)
}
