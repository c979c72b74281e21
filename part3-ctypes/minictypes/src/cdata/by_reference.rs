//! `CArgObject`: what a call takes for a parameter — `byref(obj)`, an
//! address for one call, or what `from_param` made of a value.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::{PyTraverseError, PyVisit};

use super::info::Info;
use super::object::CData;
use crate::types::Kind;

// ANCHOR: byref
/// `byref(obj)`: the address of `obj`, for one call, with no pointer object
/// made (cheaper than `pointer(obj)`, as in ctypes). Holds `obj` alive.
#[pyclass(module = "minictypes", frozen, name = "CArgObject")]
pub struct ByRef {
    pub(super) info: Arc<Info>,
    pub(super) address: usize,
    /// What the address points into: kept alive as long as this object.
    _keep: Option<Py<PyAny>>,
    /// Whether this stands for the value at `address` (`from_param`'s), not
    /// for the address itself (`byref`'s): see `value_of`.
    pub(super) by_value: Option<Shown>,
}

impl ByRef {
    /// The address `address`, typed as `of` is, holding `keep` alive.
    pub fn new(of: &CData, address: usize, keep: Option<Py<PyAny>>) -> Self {
        Self {
            info: Arc::clone(&of.info),
            address,
            _keep: keep,
            by_value: None,
        }
    }
}
// ANCHOR_END: byref

/// What `_obj` shows of a `from_param` value: the Python object its bytes
/// point into (the `bytes` of `c_char_p.from_param(b"hi")`), else None.
pub(super) struct Shown(Option<Py<PyAny>>);

impl ByRef {
    /// What `cls.from_param(value)` gives for a scalar class: `instance`
    /// (`cls(value)`) tagged with its type, as ctypes' `CArgObject` is. A
    /// call declared with `cls` passes the value it holds; `shown` is what
    /// `_obj` says (see `Shown`).
    pub(super) fn value_of(instance: &Bound<'_, CData>, shown: Option<Py<PyAny>>) -> Self {
        let data = instance.get();
        Self {
            info: Arc::clone(&data.info),
            address: data.address(),
            _keep: Some(instance.clone().into_any().unbind()),
            by_value: Some(Shown(shown)),
        }
    }

    /// The instance a `from_param` value holds (`None` for a `byref`).
    pub(super) fn value_instance<'py>(&self, py: Python<'py>) -> Option<&Bound<'py, PyAny>> {
        self.by_value.as_ref()?;
        self._keep.as_ref().map(|keep| keep.bind(py))
    }
}

#[pymethods]
impl ByRef {
    /// For the garbage collector: a pointer field set from `byref(s)` in
    /// `s` itself is a cycle (the struct's clear breaks it).
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        if let Some(Shown(Some(shown))) = &self.by_value {
            visit.call(shown)?;
        }
        self._keep.as_ref().map_or(Ok(()), |keep| visit.call(keep))
    }

    /// What it keeps alive, as ctypes names it: `byref(x)._obj is x`.
    #[getter]
    fn _obj(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        match &self.by_value {
            None => self._keep.as_ref().map(|keep| keep.clone_ref(py)),
            Some(Shown(shown)) => shown.as_ref().map(|shown| shown.clone_ref(py)),
        }
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let this = slf.get();
        let Some(_) = &this.by_value else {
            return Ok(format!(
                "<byref to {} at {:#x}>",
                this.info.name(),
                this.address
            ));
        };
        let Info::Scalar(kind) = &*this.info else {
            return Ok(format!("<cparam at {:#x}>", slf.as_ptr() as usize));
        };
        // The tag is the class's `_type_` code (`'i'` for `c_int`).
        let code: String = match this.value_instance(slf.py()) {
            Some(instance) => instance.get_type().getattr("_type_")?.extract()?,
            None => "?".to_owned(),
        };
        // SAFETY: the instance kept alive holds a value of this kind there.
        let slot = unsafe { kind.read(this.address as *const u8) };
        // As ctypes shows each: numbers and characters by value, addresses
        // in hex, the rest (`bool`, `wchar_t`, `long double`) by where it is.
        Ok(match kind {
            Kind::Char => match slot as u8 {
                byte @ 0x20..=0x7e => format!("<cparam 'c' ('{}')>", byte as char),
                byte => format!("<cparam 'c' ('\\x{byte:02x}')>"),
            },
            Kind::CharP | Kind::WCharP | Kind::VoidP => format!("<cparam '{code}' ({slot:#x})>"),
            Kind::Bool | Kind::WChar | Kind::LongDouble => {
                format!("<cparam '{code}' at {:#x}>", slf.as_ptr() as usize)
            }
            _ => {
                let value = kind.to_python(slf.py(), slot)?;
                format!("<cparam '{code}' ({})>", value.bind(slf.py()).repr()?)
            }
        })
    }
}

// ANCHOR: byref_fn
#[pyfunction]
pub(crate) fn byref(object: &Bound<'_, CData>) -> ByRef {
    let data = object.get();
    ByRef::new(
        data,
        data.address(),
        Some(object.clone().into_any().unbind()),
    )
}
// ANCHOR_END: byref_fn
