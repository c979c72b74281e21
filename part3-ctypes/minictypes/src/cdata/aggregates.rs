//! Array and pointer types as classes, as in `_ctypes`: `c_int32 * 3` is
//! the class `c_int32_Array_3` (a subclass of `Array`, with `_type_` and
//! `_length_`), `POINTER(Point)` the class `LP_Point` (a subclass of
//! `_Pointer`, with `_type_`). Each is made once per element type and kept
//! on that type's class, so `c_int32 * 3 is c_int32 * 3`. Also `pointer`,
//! `addressof`, `cast`.

use std::sync::Arc;

use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

use super::by_reference::ByRef;
use super::info::{Info, class_of};
use super::object::{CData, owned};
use crate::types::Kind;

// ---------------------------------------------------------------- array and pointer classes

/// `Array` and `_Pointer`, the bases of every array and pointer class.
/// `meta.rs` (the floor above) makes them and records them here once.
static ARRAY_BASE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static POINTER_BASE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Records `Array` and `_Pointer` (at module init, by `meta.rs`).
pub(crate) fn set_aggregate_bases(array: &Bound<'_, PyType>, pointer: &Bound<'_, PyType>) {
    ARRAY_BASE.get_or_init(array.py(), || array.clone().unbind());
    POINTER_BASE.get_or_init(pointer.py(), || pointer.clone().unbind());
    super::info::make_aggregate_classes_with(aggregate_class);
}

fn is_subclass_of(cls: &Bound<'_, PyType>, base: &PyOnceLock<Py<PyType>>) -> PyResult<bool> {
    match base.get(cls.py()) {
        Some(base) => cls.is_subclass(base.bind(cls.py())),
        None => Ok(false),
    }
}

/// Whether `cls` is an array class; a pointer class.
pub(crate) fn is_array(cls: &Bound<'_, PyType>) -> PyResult<bool> {
    is_subclass_of(cls, &ARRAY_BASE)
}

pub(crate) fn is_pointer(cls: &Bound<'_, PyType>) -> PyResult<bool> {
    is_subclass_of(cls, &POINTER_BASE)
}

/// The description `Info::Array` of `element * count`, with the size checked.
pub(crate) fn array_info(element: Arc<Info>, count: isize) -> PyResult<Arc<Info>> {
    element.check_complete()?;
    let count = usize::try_from(count)
        .map_err(|_| PyValueError::new_err(format!("an array length must be >= 0, not {count}")))?;
    element
        .extent()
        .size
        .checked_mul(count)
        .filter(|&size| size <= isize::MAX as usize)
        .ok_or_else(|| {
            PyOverflowError::new_err(format!(
                "{} * {count} is larger than memory",
                element.name()
            ))
        })?;
    Ok(Arc::new(Info::Array { element, count }))
}

/// The array class `element * count`, where `element` is a class: the one
/// kept on `element` (its own `__dict__`, not a base's), or a new one made
/// as a class statement would make it, and kept.
pub(crate) fn array_class<'py>(
    element: &Bound<'py, PyType>,
    count: isize,
) -> PyResult<Bound<'py, PyType>> {
    let py = element.py();
    let name = || Ok(format!("{}_Array_{count}", element.name()?));
    made_once(
        element,
        intern!(py, "_array_types_"),
        count,
        &ARRAY_BASE,
        name,
        Some(count),
    )
}

/// The pointer class `POINTER(target)`, kept on `target` as the array
/// classes are.
pub(crate) fn pointer_class<'py>(target: &Bound<'py, PyType>) -> PyResult<Bound<'py, PyType>> {
    let py = target.py();
    let name = || Ok(format!("LP_{}", target.name()?));
    made_once(
        target,
        intern!(py, "_pointer_types_"),
        0,
        &POINTER_BASE,
        name,
        None,
    )
}

/// The class of `base`'s kind (an array or pointer class) for `element`,
/// from the cache `cache_name` on `element` under `key`, or made as a
/// class statement would make it (`_type_`, and `_length_` if given) and
/// kept there.
fn made_once<'py>(
    element: &Bound<'py, PyType>,
    cache_name: &Bound<'py, pyo3::types::PyString>,
    key: isize,
    base: &PyOnceLock<Py<PyType>>,
    name: impl FnOnce() -> PyResult<String>,
    length: Option<isize>,
) -> PyResult<Bound<'py, PyType>> {
    let py = element.py();
    let cache = own_cache(element, cache_name)?;
    if let Some(class) = cache.get_item(key)? {
        return Ok(class.cast_into::<PyType>()?);
    }
    let base = base.get(py).expect("made at module init").bind(py);
    let namespace = PyDict::new(py);
    namespace.set_item("__module__", "minictypes")?;
    namespace.set_item("_type_", element)?;
    if let Some(length) = length {
        namespace.set_item("_length_", length)?;
    }
    let class = base
        .get_type()
        .call1((name()?, (base,), namespace))?
        .cast_into::<PyType>()?;
    cache.set_item(key, &class)?;
    Ok(class)
}

/// The dict `name` kept on `class` itself (not inherited from a base:
/// `class MyInt(c_int32)` has array types of its own), made if missing.
/// The dict names its class under `None`, which is how an inherited one
/// is told apart without reading the class's `__dict__`. A cycle (the
/// element class keeps its array class, whose `_type_` is the element
/// class) that the garbage collector sees: both are Python classes.
fn own_cache<'py>(
    class: &Bound<'py, PyType>,
    name: &Bound<'py, pyo3::types::PyString>,
) -> PyResult<Bound<'py, PyDict>> {
    let py = class.py();
    if let Ok(cache) = class.getattr(name)
        && let Ok(cache) = cache.cast_into::<PyDict>()
        && cache
            .get_item(py.None())?
            .is_some_and(|owner| owner.is(class))
    {
        return Ok(cache);
    }
    let cache = PyDict::new(py);
    cache.set_item(py.None(), class)?;
    class.setattr(name, &cache)?;
    Ok(cache)
}

/// The class of an array or pointer description (`info.rs` asks through a
/// function pointer: it is the floor below).
fn aggregate_class<'py>(py: Python<'py>, info: &Info) -> PyResult<Bound<'py, PyType>> {
    let inner = |inner: &Info| -> PyResult<Bound<'py, PyType>> {
        class_of(py, inner)?
            .ok_or_else(|| PyTypeError::new_err(format!("{} has no class", inner.name())))
    };
    match info {
        Info::Array { element, count } => array_class(&inner(element)?, *count as isize),
        Info::Pointer(target) => pointer_class(&inner(target)?),
        other => Err(PyTypeError::new_err(format!(
            "{} is not an array or a pointer",
            other.name()
        ))),
    }
}

/// A new instance of the pointer type `info` holding `address` (from C:
/// nothing to keep alive; C owns what it points at).
pub(crate) fn pointer_holding<'py>(
    py: Python<'py>,
    info: &Arc<Info>,
    address: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let made = owned(py, info)?;
    let data = made.cast::<CData>()?.get();
    // SAFETY: a pointer's memory holds its 8-byte address.
    unsafe { Kind::VoidP.write(data.address() as *mut u8, address as u64) };
    Ok(made)
}

/// `pointer(obj)`: a new pointer to `obj`, keeping it alive.
#[pyfunction]
pub(crate) fn pointer<'py>(target: &Bound<'py, CData>) -> PyResult<Bound<'py, PyAny>> {
    let class = pointer_class(&target.get_type())?;
    class.call1((target,))
}

/// `addressof(instance)`: where its bytes are (an instance of a C type,
/// or a `Buffer` from `create_string_buffer`).
#[pyfunction]
pub(crate) fn addressof(data: &Bound<'_, PyAny>) -> PyResult<usize> {
    if let Ok(buffer) = data.cast::<crate::memory::Buffer>() {
        return Ok(buffer.get().address() as usize);
    }
    match data.cast::<CData>() {
        Ok(data) => Ok(data.get().address()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "addressof() needs minictypes data, not {}",
            data.get_type().name()?
        ))),
    }
}

/// `cast(obj, POINTER(T))`: a pointer of another type to the same address
/// (an int address, a pointer, an array, byref or an instance), keeping
/// `obj` alive. As unchecked as C's casts, and as ctypes' `cast`.
#[pyfunction]
pub(crate) fn cast<'py>(
    object: &Bound<'py, PyAny>,
    to: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let info = super::info::described(to).ok_or_else(|| {
        PyTypeError::new_err(format!(
            "cast() needs a pointer type, not {}",
            to.get_type()
                .name()
                .map_or_else(|_| "?".to_owned(), |n| n.to_string())
        ))
    })?;
    if !matches!(
        &*info,
        Info::Pointer(_) | Info::Scalar(Kind::VoidP | Kind::CharP | Kind::WCharP)
    ) {
        return Err(PyTypeError::new_err(format!(
            "cast() makes a pointer: POINTER(T), c_void_p, c_char_p or c_wchar_p, not {}",
            to.repr()?
        )));
    }
    let (address, _) = address_of(object, "cast()")?;
    let made = owned(object.py(), &info)?;
    {
        let data = made.cast::<CData>()?.get();
        // SAFETY: a pointer's memory holds its 8-byte address.
        unsafe { Kind::VoidP.write(data.address() as *mut u8, address as u64) };
        // A new instance: nobody else holds its cell yet.
        data.objects.borrow_mut().always(object.clone().unbind());
    }
    Ok(made)
}

// ANCHOR: address_of
/// The address `object` stands for where C takes a `void *` (`cast`,
/// `string_at`, `memmove`): an int, None (NULL), bytes (their own bytes),
/// a pointer or a scalar holding an address (what it points at, never the
/// 8 bytes that hold it), an array or struct (its own bytes, as C's decay),
/// a `Buffer`, `byref(x)`. With the size known to be there, if it is.
pub(crate) fn address_of(
    object: &Bound<'_, PyAny>,
    function: &str,
) -> PyResult<(usize, Option<usize>)> {
    if let Ok(address) = object.extract::<usize>() {
        return Ok((address, None));
    }
    if object.is_none() {
        return Ok((0, None));
    }
    if let Ok(bytes) = object.cast::<pyo3::types::PyBytes>() {
        let bytes = bytes.as_bytes();
        return Ok((bytes.as_ptr() as usize, Some(bytes.len())));
    }
    if let Ok(buffer) = object.cast::<crate::memory::Buffer>() {
        let buffer = buffer.get();
        return Ok((buffer.address() as usize, Some(buffer.size())));
    }
    if let Ok(by_reference) = object.cast::<ByRef>() {
        let by_reference = by_reference.get();
        if let Some(instance) = by_reference.value_instance(object.py()) {
            return address_of(instance, function);
        }
        return Ok((by_reference.address, Some(by_reference.info.extent().size)));
    }
    let Ok(data) = object.cast::<CData>() else {
        return Err(PyTypeError::new_err(format!(
            "{function} needs an address (int), None, bytes or minictypes data, not {}",
            object.get_type().name()?
        )));
    };
    let data = data.get();
    match &*data.info {
        Info::Pointer(_)
        | Info::FunctionPointer(_)
        | Info::Scalar(Kind::VoidP | Kind::CharP | Kind::WCharP) => Ok((
            // SAFETY: their memory holds an 8-byte address.
            unsafe { Kind::VoidP.read(data.address() as *const u8) } as usize,
            None,
        )),
        Info::Array { .. } | Info::Struct(_) => Ok((data.address(), Some(data.info.extent().size))),
        // A number is no address: ctypes refuses it too.
        Info::Scalar(_) => Err(PyTypeError::new_err(format!(
            "{function} cannot take a {}: it holds a number, not an address \
             (byref(x) or pointer(x) points at it)",
            data.info.name()
        ))),
    }
}
// ANCHOR_END: address_of

/// The address of an array of `c_wchar`, if `value` is one: what a
/// `c_wchar_p` argument may pass besides a str (`wide::Copies::argument`).
pub(crate) fn wchar_array_address(value: &Bound<'_, PyAny>) -> Option<usize> {
    let data = value.cast::<CData>().ok()?;
    let data = data.get();
    match data.info() {
        Info::Array { element, .. } if matches!(**element, Info::Scalar(Kind::WChar)) => {
            Some(data.address())
        }
        _ => None,
    }
}
