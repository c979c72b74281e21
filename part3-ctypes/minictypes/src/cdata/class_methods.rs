//! The methods a C type's *class* has: `T.from_address(...)`,
//! `T.from_buffer(...)`, `T.in_dll(...)`, `T.from_param(...)`.
//!
//! ctypes defines them on the metaclasses (`type(Structure)` has
//! `from_address`; an instance does not), and so does mini-ctypes: these
//! are plain functions of the class, which `meta.rs` (above this package)
//! installs on each metaclass it builds.

use std::sync::Arc;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyType;

use super::by_reference::ByRef;
use super::designators::info_of;
use super::info::Info;
use super::object::{CData, Memory, at_symbol, instance};
use super::values::pointer_value;
use crate::naming::Destination;
use crate::types::Kind;

/// `c_int.in_dll(library, "name")`: the variable `name` exported by
/// `library`, read and written in place.
#[pyfunction]
pub(crate) fn in_dll<'py>(
    cls: &Bound<'py, PyType>,
    library: &Bound<'py, PyAny>,
    name: &str,
) -> PyResult<Bound<'py, PyAny>> {
    at_symbol(cls.py(), &info_of(cls)?, library, name)
}

/// `T.from_address(address)`: an instance of `T` whose bytes are at
/// `address`, not copied. As unchecked as in ctypes: the address must
/// be valid for as long as the instance is used.
#[pyfunction]
pub(crate) fn from_address<'py>(
    cls: &Bound<'py, PyType>,
    address: usize,
) -> PyResult<Bound<'py, PyAny>> {
    if address == 0 {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "from_address(): the address is NULL",
        ));
    }
    let info = info_of(cls)?;
    info.check_complete()?;
    // No object owns these bytes: None stands for C.
    instance(cls.py(), &info, Memory::view(cls.py().None(), address))
}

// ANCHOR: from_buffer
/// `T.from_buffer(source, offset=0)`: an instance of `T` living in a
/// writable buffer (a bytearray, an `array.array`, a memoryview), not
/// copied. The instance keeps a memoryview of the source, which also
/// stops a bytearray from being resized under it.
#[pyfunction]
#[pyo3(signature = (cls, source, offset = 0))]
pub(crate) fn from_buffer<'py>(
    cls: &Bound<'py, PyType>,
    source: &Bound<'py, PyAny>,
    offset: isize,
) -> PyResult<Bound<'py, PyAny>> {
    let (info, view) = buffer_span(cls, source, offset, true)?;
    let address = buffer_address(&view)? + offset as usize;
    instance(cls.py(), &info, Memory::view(view.unbind(), address))
}

/// `T.from_buffer_copy(source, offset=0)`: a new instance of `T` holding
/// a copy of `sizeof(T)` bytes of any buffer, read-only ones included.
#[pyfunction]
#[pyo3(signature = (cls, source, offset = 0))]
pub(crate) fn from_buffer_copy<'py>(
    cls: &Bound<'py, PyType>,
    source: &Bound<'py, PyAny>,
    offset: isize,
) -> PyResult<Bound<'py, PyAny>> {
    let (info, view) = buffer_span(cls, source, offset, false)?;
    let size = info.extent().size;
    let bytes: Vec<u8> = view
        .get_item(pyo3::types::PySlice::new(
            cls.py(),
            offset,
            offset + size as isize,
            1,
        ))?
        .call_method0("tobytes")?
        .extract()?;
    let made = super::object::owned(cls.py(), &info)?;
    let address = made.cast::<CData>()?.get().address();
    // SAFETY: the new instance owns `size` bytes; `bytes` holds as many.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), address as *mut u8, size) };
    Ok(made)
}
// ANCHOR_END: from_buffer

/// What a call declared with this type makes of `value`: an instance
/// of the class as it is, anything else converted as `cls(value)` would
/// (a struct class takes its instances only).
#[pyfunction]
pub(crate) fn from_param<'py>(
    cls: &Bound<'py, PyType>,
    value: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    // An object standing for another (`_as_parameter_`), as in calls.
    let mut value = value.clone();
    for _ in 0..crate::naming::AS_PARAMETER_DEPTH {
        if value.is_instance(cls)? {
            return Ok(value);
        }
        match value.getattr(pyo3::intern!(cls.py(), "_as_parameter_")) {
            Ok(next) => value = next,
            Err(_) => break,
        }
    }
    if value.hasattr(pyo3::intern!(cls.py(), "_as_parameter_"))? {
        return Err(pyo3::exceptions::PyRecursionError::new_err(format!(
            "from_param(): _as_parameter_ nested more than {} deep (does it refer to itself?)",
            crate::naming::AS_PARAMETER_DEPTH
        )));
    }
    let value = &value;
    match &*info_of(cls)? {
        // A value tagged with its type (ctypes' `CArgObject`); `_obj`
        // shows the object an address points into (the bytes).
        Info::Scalar(kind) => {
            let instance = cls.call1((value,))?.cast_into::<CData>()?;
            let points_into = matches!(kind, Kind::CharP | Kind::WCharP | Kind::VoidP)
                && !value.is_instance_of::<pyo3::types::PyInt>();
            let shown = points_into.then(|| value.clone().unbind());
            Ok(Bound::new(cls.py(), ByRef::value_of(&instance, shown))?.into_any())
        }
        // What a pointer argument takes: None, a pointer to the type,
        // an array of it, byref() of it or an instance of it.
        Info::Pointer(target) => {
            let function = format!("{}.from_param", info_of(cls)?.name());
            let place = Destination::Argument {
                function: &function,
                index: 1,
            };
            pointer_value(target, value, place)?;
            Ok(value.clone())
        }
        info => Err(PyTypeError::new_err(format!(
            "expected a {} instance, not {}",
            info.name(),
            crate::naming::type_name(value)
        ))),
    }
}

/// What `from_buffer` needs: the class's description, and a byte view of
/// `source` checked to hold `sizeof(cls)` bytes at `offset` (and to be
/// writable, C-contiguous, if `writable`).
fn buffer_span<'py>(
    cls: &Bound<'py, PyType>,
    source: &Bound<'py, PyAny>,
    offset: isize,
    writable: bool,
) -> PyResult<(Arc<Info>, Bound<'py, PyAny>)> {
    let py = cls.py();
    let info = info_of(cls)?;
    info.check_complete()?;
    let view = py
        .import("builtins")?
        .getattr("memoryview")?
        .call1((source,))?;
    if writable && view.getattr("readonly")?.is_truthy()? {
        return Err(PyTypeError::new_err("underlying buffer is not writable"));
    }
    if !view.getattr("c_contiguous")?.is_truthy()? {
        return Err(PyTypeError::new_err(
            "underlying buffer is not C contiguous",
        ));
    }
    let view = view.call_method1("cast", ("B",))?;
    if offset < 0 {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "offset cannot be negative",
        ));
    }
    let available: usize = view.getattr("nbytes")?.extract()?;
    let needed = info.extent().size.saturating_add(offset as usize);
    if needed > available {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "Buffer size too small ({available} instead of at least {needed} bytes)"
        )));
    }
    Ok((info, view))
}

/// Where a byte memoryview's bytes are. The stable ABI has the buffer
/// protocol from Python 3.11: the 3.10 build cannot see the address.
#[cfg(feature = "abi3-py311")]
fn buffer_address(view: &Bound<'_, PyAny>) -> PyResult<usize> {
    let buffer = pyo3::buffer::PyBuffer::<u8>::get(view)?;
    Ok(buffer.buf_ptr() as usize)
}

#[cfg(not(feature = "abi3-py311"))]
fn buffer_address(_view: &Bound<'_, PyAny>) -> PyResult<usize> {
    Err(PyTypeError::new_err(
        "from_buffer() needs mini-ctypes built for Python 3.11 or newer (the stable ABI's buffer protocol); \
         from_buffer_copy() works on every version",
    ))
}
