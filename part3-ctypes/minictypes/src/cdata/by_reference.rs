//! `byref(obj)`: an address for one call, holding `obj` alive.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::{PyTraverseError, PyVisit};

use super::info::Info;
use super::object::CData;

// ANCHOR: byref
/// `byref(obj)`: the address of `obj`, for one call, with no pointer object
/// made (cheaper than `pointer(obj)`, as in ctypes). Holds `obj` alive.
#[pyclass(module = "minictypes", frozen, name = "CArgObject")]
pub struct ByRef {
    pub(super) info: Arc<Info>,
    pub(super) address: usize,
    /// What the address points into: kept alive as long as this object.
    _keep: Option<Py<PyAny>>,
}

impl ByRef {
    /// The address `address`, typed as `of` is, holding `keep` alive.
    pub fn new(of: &CData, address: usize, keep: Option<Py<PyAny>>) -> Self {
        Self {
            info: Arc::clone(&of.info),
            address,
            _keep: keep,
        }
    }
}

#[pymethods]
impl ByRef {
    /// For the garbage collector: a pointer field set from `byref(s)` in
    /// `s` itself is a cycle (the struct's clear breaks it).
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        self._keep.as_ref().map_or(Ok(()), |keep| visit.call(keep))
    }

    fn __repr__(&self) -> String {
        format!("<byref to {} at {:#x}>", self.info.name(), self.address)
    }
}

#[pyfunction]
pub(crate) fn byref(object: &Bound<'_, CData>) -> ByRef {
    let data = object.borrow();
    ByRef::new(
        &data,
        data.address(),
        Some(object.clone().into_any().unbind()),
    )
}
// ANCHOR_END: byref
