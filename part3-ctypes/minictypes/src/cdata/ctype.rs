//! `CType`: a scalar C type as Python sees it (`minictypes.c_int64`). The
//! type table is `types::Kind`; this is its face in Python: it multiplies
//! into array types and makes instances.

use pyo3::prelude::*;

use std::sync::Arc;

use pyo3::exceptions::PyTypeError;

use super::aggregates::ArrayType;
use super::info::Info;
use super::object::CData;
use super::values::write;
use crate::naming::Destination;
use crate::types::Kind;

/// A C type as Python sees it: `minictypes.c_int64` and friends.
#[pyclass(module = "minictypes", frozen, name = "CType")]
pub struct CType {
    pub(crate) kind: Kind,
}

impl CType {
    pub(crate) fn new(kind: Kind) -> Self {
        Self { kind }
    }
}

#[pymethods]
impl CType {
    fn __repr__(&self) -> String {
        format!("minictypes.{}", self.kind.python_name())
    }

    /// The type's name, e.g. `c_int64`.
    #[getter]
    fn name(&self) -> &'static str {
        self.kind.python_name()
    }

    /// `c_int16 * 4`: an array type.
    fn __mul__(&self, py: Python<'_>, count: isize) -> PyResult<ArrayType> {
        ArrayType::of(py, Arc::new(Info::Scalar(self.kind)), count)
    }

    /// `c_size_t(0)`: a value in memory of its own, for `byref` (an out
    /// parameter) or for reading back through `.value`.
    #[pyo3(signature = (value = None))]
    fn __call__(&self, value: Option<&Bound<'_, PyAny>>) -> PyResult<CData> {
        scalar(self.kind, value)
    }
}

/// `c_size_t(0)`: a scalar of `kind` with its own memory.
pub(crate) fn scalar(kind: Kind, value: Option<&Bound<'_, PyAny>>) -> PyResult<CData> {
    if kind == Kind::Buffer {
        return Err(PyTypeError::new_err(
            "c_buffer makes no values: use create_string_buffer(size)",
        ));
    }
    let info = Arc::new(Info::Scalar(kind));
    let mut data = CData::new_owned(Arc::clone(&info))?;
    if let Some(value) = value {
        let address = data.address();
        let place = Destination::Argument {
            function: kind.python_name(),
            index: 1,
        };
        write(&info, address, value, &mut data.objects, place)?;
    }
    Ok(data)
}
