//! Python objects that designate C types (`c_int32`, `c_int16 * 4`,
//! `POINTER(Point)`, a Structure subclass) and the functions that take one:
//! `POINTER`, `T * n` by designator, `sizeof`, `alignment`,
//! `create_unicode_buffer`.

use std::sync::Arc;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyType;

use super::aggregates::{ArrayType, PointerType};
use super::ctype::kind_of;
use super::info::{ClassLayout, Info, scalar_class};
use super::object::CData;
use crate::types::Kind;

/// The `Info` a Python object designates: a minictypes type (`c_int32`,
/// `c_int16 * 4`, `POINTER(Point)`), a Structure/Union subclass, or a
/// subclass of a scalar class (all of these classes carry `_layout_`).
pub(crate) fn info_of(designator: &Bound<'_, PyAny>) -> PyResult<Arc<Info>> {
    if kind_of(designator) == Some(Kind::Buffer) {
        return Err(PyTypeError::new_err("c_buffer is for arguments only"));
    }
    if let Ok(array) = designator.cast::<ArrayType>() {
        return Ok(Arc::clone(&array.get().info));
    }
    if let Ok(pointer) = designator.cast::<PointerType>() {
        return Ok(Arc::clone(&pointer.get().info));
    }
    if designator.is_instance_of::<PyType>()
        && let Ok(layout) = designator.getattr(pyo3::intern!(designator.py(), "_layout_"))
        && let Ok(layout) = layout.cast::<ClassLayout>()
    {
        return Ok(Arc::clone(&layout.get().info));
    }
    Err(PyTypeError::new_err(format!(
        "{} is not a minictypes type (c_int32, an array type, POINTER(...), a Structure or Union)",
        designator.repr()?
    )))
}

/// The Python object that designates `info` (for `argtypes`/`restype`).
pub(crate) fn designator(py: Python<'_>, info: &Arc<Info>) -> Py<PyAny> {
    match &**info {
        Info::Struct(layout) => layout
            .class(py)
            .map_or_else(|_| py.None(), |class| class.into_any().unbind()),
        Info::Scalar(kind) => {
            scalar_class(py, *kind).map_or_else(|| py.None(), |class| class.into_any().unbind())
        }
        Info::Array { .. } => Py::new(py, ArrayType::new(py, Arc::clone(info)))
            .map_or_else(|_| py.None(), Py::into_any),
        Info::Pointer(_) => Py::new(py, PointerType::new(py, Arc::clone(info)))
            .map_or_else(|_| py.None(), Py::into_any),
    }
}

/// `element * count`, with the size checked: `c_int * 3`, `Point * 2`.
pub(crate) fn array_of(element_designator: &Bound<'_, PyAny>, count: isize) -> PyResult<ArrayType> {
    ArrayType::of(element_designator.py(), info_of(element_designator)?, count)
}

/// `ARRAY(T, n)`: ctypes' older spelling of `T * n`.
#[pyfunction(name = "ARRAY")]
pub(crate) fn array_type(element: &Bound<'_, PyAny>, count: isize) -> PyResult<ArrayType> {
    array_of(element, count)
}

/// `POINTER(T)`.
#[pyfunction(name = "POINTER")]
pub(crate) fn pointer_type(target: &Bound<'_, PyAny>) -> PyResult<PointerType> {
    Ok(PointerType::to(target.py(), &info_of(target)?))
}

/// `sizeof(type or instance)`, as the C compiler's `sizeof`.
#[pyfunction]
pub(crate) fn sizeof(thing: &Bound<'_, PyAny>) -> PyResult<usize> {
    if let Ok(data) = thing.cast::<CData>() {
        return Ok(data.borrow().info.extent().size);
    }
    let info = info_of(thing)?;
    info.check_complete()?;
    Ok(info.extent().size)
}

/// `alignment(type or instance)`, as C's `alignof`.
#[pyfunction]
pub(crate) fn alignment(thing: &Bound<'_, PyAny>) -> PyResult<usize> {
    if let Ok(data) = thing.cast::<CData>() {
        return Ok(data.borrow().info.extent().align);
    }
    let info = info_of(thing)?;
    info.check_complete()?;
    Ok(info.extent().align)
}

/// `create_unicode_buffer(init_or_size, size=None)`, as ctypes: an array of
/// `c_wchar`, zeroed, of `size` characters (an int), or holding `init` (a
/// str) with room for its NUL unless `size` says otherwise.
#[pyfunction]
#[pyo3(signature = (init_or_size, size = None))]
pub(crate) fn create_unicode_buffer<'py>(
    init_or_size: &Bound<'py, PyAny>,
    size: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = init_or_size.py();
    let (count, init) = if let Ok(text) = init_or_size.cast::<pyo3::types::PyString>() {
        // SAFETY: GIL held; a str.
        let length = unsafe { pyo3::ffi::PyUnicode_GetLength(text.as_ptr()) };
        let count = match size {
            Some(size) => isize::try_from(size).unwrap_or(isize::MAX),
            None => length.saturating_add(1), // room for the NUL
        };
        (count, Some(text))
    } else if init_or_size.is_instance_of::<pyo3::types::PyInt>() && size.is_none() {
        // A negative or huge count is refused by `array_of`, as `c_wchar * n`.
        let count = init_or_size.extract::<isize>().map_err(|_| {
            PyValueError::new_err(format!(
                "create_unicode_buffer(): {init_or_size} characters is larger than memory"
            ))
        })?;
        (count, None)
    } else {
        return Err(PyTypeError::new_err(format!(
            "create_unicode_buffer() needs a str (and an optional size) or a size, not {}",
            init_or_size.repr()?
        )));
    };
    let element = Arc::new(Info::Scalar(Kind::WChar));
    let array_type = Py::new(py, ArrayType::of(py, element, count)?)?;
    let array = array_type.bind(py).call0()?;
    if let Some(text) = init {
        array.setattr("value", text)?;
    }
    Ok(array)
}
