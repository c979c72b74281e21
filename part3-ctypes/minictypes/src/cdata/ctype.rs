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

    /// `c_int.in_dll(library, "name")`: the variable `name` exported by
    /// `library`, read and written in place.
    fn in_dll<'py>(&self, library: &Bound<'py, PyAny>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        super::object::at_symbol(
            library.py(),
            &Arc::new(Info::Scalar(self.kind)),
            library,
            name,
        )
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

/// ctypes' C-named types, as the sizes they have on 64-bit Linux (LP64):
/// the same objects as the fixed-width ones (`c_int is c_int32`, as in ctypes).
pub(crate) fn add_aliases(module: &Bound<'_, pyo3::types::PyModule>) -> PyResult<()> {
    use pyo3::types::PyModuleMethods;
    const ALIASES: [(&str, &str); 12] = [
        ("c_byte", "c_int8"),
        ("c_ubyte", "c_uint8"),
        ("c_short", "c_int16"),
        ("c_ushort", "c_uint16"),
        ("c_int", "c_int32"),
        ("c_uint", "c_uint32"),
        ("c_long", "c_int64"),
        ("c_ulong", "c_uint64"),
        ("c_longlong", "c_int64"),
        ("c_ulonglong", "c_uint64"),
        ("c_size_t", "c_uint64"),
        ("c_ssize_t", "c_int64"),
    ];
    for (alias, name) in ALIASES {
        module.add(alias, module.getattr(name)?)?;
    }
    Ok(())
}
