//! Python objects that designate C types (`c_int32`, `c_int16 * 4`,
//! `POINTER(Point)`, a Structure subclass) and the functions that take one:
//! `POINTER`, `T * n` by designator, `sizeof`, `alignment`,
//! `create_unicode_buffer`.

use std::sync::Arc;

use pyo3::exceptions::{PyAttributeError, PyOverflowError, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyType;

use super::aggregates::{array_class, array_info, pointer_class};
use super::ctype::kind_of;
use super::info::{ClassLayout, Info, class_of, described, scalar_class};
use super::object::CData;
use crate::types::Kind;

/// The `Info` a Python object designates: a minictypes type (`c_int32`,
/// `c_int16 * 4`, `POINTER(Point)`), a Structure/Union subclass, or a
/// subclass of a scalar class (all of these classes carry `_layout_`).
pub(crate) fn info_of(designator: &Bound<'_, PyAny>) -> PyResult<Arc<Info>> {
    if kind_of(designator) == Some(Kind::Buffer) {
        return Err(PyTypeError::new_err("c_buffer is for arguments only"));
    }
    if let Some(info) = described(designator) {
        return Ok(info);
    }
    // A CFUNCTYPE, an object not a class, as a field's type.
    if let Ok(layout) = designator.getattr(intern!(designator.py(), "_layout_"))
        && let Ok(layout) = layout.cast::<super::info::ClassLayout>()
        && matches!(&*layout.get().info, Info::FunctionPointer(_))
    {
        return Ok(Arc::clone(&layout.get().info));
    }
    Err(PyTypeError::new_err(format!(
        "{} is not a minictypes type (c_int32, an array type, POINTER(...), a Structure or Union)",
        designator.repr()?
    )))
}

/// Whether a class statement is a base itself or a subclass adding
/// nothing: then there is nothing to describe.
fn inherits_only(cls: &Bound<'_, PyType>, names: &[&str]) -> PyResult<bool> {
    let py = cls.py();
    let own = cls.getattr(intern!(py, "__dict__"))?;
    if own.contains("_layout_")?
        || cls
            .getattr(intern!(py, "__base__"))?
            .is(py.get_type::<CData>())
    {
        return Ok(true);
    }
    for name in names {
        if own.contains(*name)? {
            return Ok(false);
        }
    }
    cls.hasattr(intern!(py, "_layout_"))
}

// ANCHOR: define_array
/// Runs when an array class is created (`CData.__init_subclass__`): its
/// `_type_` and `_length_` become its `_layout_`, as in ctypes.
pub(crate) fn define_array(cls: &Bound<'_, PyType>) -> PyResult<()> {
    if inherits_only(cls, &["_type_", "_length_"])? {
        return Ok(());
    }
    let py = cls.py();
    let Ok(length) = cls.getattr(intern!(py, "_length_")) else {
        return Err(PyAttributeError::new_err(
            "class must define a '_length_' attribute",
        ));
    };
    if !length.is_instance_of::<pyo3::types::PyInt>() {
        return Err(PyTypeError::new_err(
            "The '_length_' attribute must be an integer",
        ));
    }
    if length.lt(0)? {
        return Err(PyValueError::new_err(format!(
            "an array length must be >= 0, not {length}"
        )));
    }
    let Ok(length) = length.extract::<isize>() else {
        return Err(PyOverflowError::new_err(
            "The '_length_' attribute is too large",
        ));
    };
    let Ok(element) = cls.getattr(intern!(py, "_type_")) else {
        return Err(PyAttributeError::new_err(
            "class must define a '_type_' attribute",
        ));
    };
    let info = array_info(info_of(&element)?, length)?;
    super::info::describes(&info, cls)?;
    cls.setattr(intern!(py, "_layout_"), ClassLayout::of(info))
}
// ANCHOR_END: define_array

/// Runs when a pointer class is created: its `_type_` becomes its `_layout_`.
pub(crate) fn define_pointer(cls: &Bound<'_, PyType>) -> PyResult<()> {
    if inherits_only(cls, &["_type_"])? {
        return Ok(());
    }
    let py = cls.py();
    let Ok(target) = cls.getattr(intern!(py, "_type_")) else {
        return Err(PyAttributeError::new_err(
            "class must define a '_type_' attribute",
        ));
    };
    let info = Arc::new(Info::Pointer(info_of(&target)?));
    super::info::describes(&info, cls)?;
    cls.setattr(intern!(py, "_layout_"), ClassLayout::of(info))
}

/// The class a designator is, for making array and pointer classes of it.
fn class_for<'py>(designator: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyType>> {
    if let Ok(class) = designator.cast::<PyType>()
        && described(designator).is_some()
    {
        return Ok(class.clone());
    }
    // Not one of mini-ctypes' classes: the class of what it designates, or
    // `info_of`'s error saying what a type is.
    let info = info_of(designator)?;
    class_of(designator.py(), &info)?
        .ok_or_else(|| PyTypeError::new_err(format!("{} has no class", info.name())))
}

/// `element * count`: `c_int * 3`, `Point * 2`. The class statement that
/// makes a new one checks the size (a refused length makes nothing).
pub(crate) fn array_of<'py>(
    element_designator: &Bound<'py, PyAny>,
    count: isize,
) -> PyResult<Bound<'py, PyType>> {
    array_class(&class_for(element_designator)?, count)
}

/// `ARRAY(T, n)`: ctypes' older spelling of `T * n`.
#[pyfunction(name = "ARRAY")]
pub(crate) fn array_type<'py>(
    element: &Bound<'py, PyAny>,
    count: isize,
) -> PyResult<Bound<'py, PyType>> {
    array_of(element, count)
}

/// `POINTER(T)`.
#[pyfunction(name = "POINTER")]
pub(crate) fn pointer_type<'py>(target: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyType>> {
    pointer_class(&class_for(target)?)
}

/// `sizeof(type or instance)`, as the C compiler's `sizeof`.
#[pyfunction]
pub(crate) fn sizeof(thing: &Bound<'_, PyAny>) -> PyResult<usize> {
    if let Ok(data) = thing.cast::<CData>() {
        return Ok(data.get().info.extent().size);
    }
    if let Ok(buffer) = thing.cast::<crate::memory::Buffer>() {
        return Ok(buffer.get().size());
    }
    let info = info_of(thing)?;
    info.check_complete()?;
    Ok(info.extent().size)
}

/// `alignment(type or instance)`, as C's `alignof`.
#[pyfunction]
pub(crate) fn alignment(thing: &Bound<'_, PyAny>) -> PyResult<usize> {
    if let Ok(data) = thing.cast::<CData>() {
        return Ok(data.get().info.extent().align);
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
            PyOverflowError::new_err(format!(
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
    let element = scalar_class(py, Kind::WChar)
        .ok_or_else(|| PyTypeError::new_err("c_wchar is not made yet"))?;
    let array = array_of(element.as_any(), count)?.call0()?;
    if let Some(text) = init {
        array.setattr("value", text)?;
    }
    Ok(array)
}
