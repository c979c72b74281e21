//! `CType`: a scalar C type as Python sees it (`minictypes.c_int64`). The
//! type table is `types::Kind`; this is its face in Python: it multiplies
//! into array types and makes instances.

use pyo3::prelude::*;

use super::{ArrayType, CData, array_of, scalar};
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
    fn __mul__(slf: &Bound<'_, Self>, count: isize) -> PyResult<ArrayType> {
        array_of(slf.as_any(), count)
    }

    /// `c_size_t(0)`: a value in memory of its own, for `byref` (an out
    /// parameter) or for reading back through `.value`.
    #[pyo3(signature = (value = None))]
    fn __call__(&self, value: Option<&Bound<'_, PyAny>>) -> PyResult<CData> {
        scalar(self.kind, value)
    }
}
