//! Array and pointer types, `pointer`, `addressof`, `cast`.

use std::sync::Arc;

use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use pyo3::{PyTraverseError, PyVisit};

use super::by_reference::ByRef;
use super::info::Info;
use super::object::CData;
use super::values::write;
use crate::naming::Destination;
use crate::types::Kind;

// ---------------------------------------------------------------- array and pointer types

/// `T * n`: an array type. Calling it makes an array: `(c_int16 * 4)(1, 2)`.
#[pyclass(module = "minictypes", frozen, name = "ArrayType")]
pub(crate) struct ArrayType {
    pub(crate) info: Arc<Info>,
    /// The struct class the elements are instances of, if any: a type
    /// keeps its element type alive, as ctypes' `_type_` does (the
    /// description itself refers to the class only weakly).
    keep: Option<Py<PyAny>>,
}

impl ArrayType {
    /// The array type `info` describes.
    pub(crate) fn new(py: Python<'_>, info: Arc<Info>) -> Self {
        let keep = struct_class(py, &info);
        Self { info, keep }
    }

    /// The type `element * count`, with the size checked.
    pub(crate) fn of(py: Python<'_>, element: Arc<Info>, count: isize) -> PyResult<Self> {
        element.check_complete()?;
        let count = usize::try_from(count).map_err(|_| {
            PyValueError::new_err(format!("an array length must be >= 0, not {count}"))
        })?;
        element
            .extent()
            .size
            .checked_mul(count)
            .filter(|&size| size <= isize::MAX as usize)
            .ok_or_else(|| {
                PyValueError::new_err(format!(
                    "{} * {count} is larger than memory",
                    element.name()
                ))
            })?;
        Ok(Self::new(py, Arc::new(Info::Array { element, count })))
    }
}

/// The struct class at the bottom of an array or pointer type, if any.
fn struct_class(py: Python<'_>, info: &Info) -> Option<Py<PyAny>> {
    match info {
        Info::Struct(layout) => layout.class(py).ok().map(|class| class.into_any().unbind()),
        Info::Array { element: inner, .. } | Info::Pointer(inner) => struct_class(py, inner),
        Info::Scalar(_) => None,
    }
}

#[pymethods]
impl ArrayType {
    /// The elements, in order; the rest stay zero.
    #[pyo3(signature = (*items))]
    fn __call__(&self, items: &Bound<'_, PyTuple>) -> PyResult<CData> {
        let Info::Array { element, count } = &*self.info else {
            unreachable!("an ArrayType describes an array");
        };
        if items.len() > *count {
            return Err(PyIndexError::new_err(format!(
                "{} takes at most {count} items ({} given)",
                self.info.name(),
                items.len()
            )));
        }
        let mut data = CData::new_owned(Arc::clone(&self.info))?;
        // The array keeps its type, and so its element class, alive.
        if let Some(keep) = &self.keep {
            data.objects.always(keep.clone_ref(items.py()));
        }
        let base = data.address();
        let step = element.extent().size;
        for (index, item) in items.iter().enumerate() {
            let place = Destination::Element {
                of: &self.info,
                index: index as isize,
            };
            write(
                element,
                base + index * step,
                &item,
                &mut data.objects,
                place,
            )?;
        }
        Ok(data)
    }

    fn __mul__(&self, py: Python<'_>, count: isize) -> PyResult<Self> {
        Self::of(py, Arc::clone(&self.info), count)
    }

    /// For the garbage collector: the element class this type keeps (a
    /// struct may hold an array of pointers to itself, a cycle through its
    /// class's `_fields_`; the class's own clear breaks it).
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        self.keep.as_ref().map_or(Ok(()), |keep| visit.call(keep))
    }

    fn __repr__(&self) -> String {
        format!("minictypes.{}", self.info.name())
    }
}

/// `POINTER(T)`: a pointer type. Calling it with an object points at it.
#[pyclass(module = "minictypes", frozen, name = "PointerType")]
pub(crate) struct PointerType {
    pub(crate) info: Arc<Info>,
    /// The struct class pointed at, if any (see `ArrayType::keep`).
    keep: Option<Py<PyAny>>,
}

impl PointerType {
    /// The pointer type `info` describes.
    pub(crate) fn new(py: Python<'_>, info: Arc<Info>) -> Self {
        let keep = struct_class(py, &info);
        Self { info, keep }
    }

    /// The type `POINTER(target)`.
    pub(crate) fn to(py: Python<'_>, target: &Arc<Info>) -> Self {
        Self::new(py, Arc::new(Info::Pointer(Arc::clone(target))))
    }
}

#[pymethods]
impl PointerType {
    /// For the garbage collector: `POINTER(Node)` in `Node._fields_` is a
    /// cycle (class, its `_fields_`, this type, the class).
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        self.keep.as_ref().map_or(Ok(()), |keep| visit.call(keep))
    }

    /// `POINTER(T)()` is NULL; `POINTER(T)(obj)` points at `obj`.
    #[pyo3(signature = (target = None))]
    fn __call__(&self, py: Python<'_>, target: Option<&Bound<'_, PyAny>>) -> PyResult<CData> {
        let Info::Pointer(pointee) = &*self.info else {
            unreachable!("a PointerType describes a pointer");
        };
        let mut data = CData::new_owned(Arc::clone(&self.info))?;
        if let Some(keep) = &self.keep {
            data.objects.always(keep.clone_ref(py));
        }
        if let Some(target) = target {
            let address = data.address();
            write(
                &self.info,
                address,
                target,
                &mut data.objects,
                Destination::Argument {
                    function: &format!("POINTER({})", pointee.name()),
                    index: 1,
                },
            )?;
        }
        Ok(data)
    }

    fn __mul__(&self, py: Python<'_>, count: isize) -> PyResult<ArrayType> {
        ArrayType::of(py, Arc::clone(&self.info), count)
    }

    fn __repr__(&self) -> String {
        format!("minictypes.{}", self.info.name())
    }
}

/// `pointer(obj)`: a new pointer to `obj`, keeping it alive.
#[pyfunction]
pub(crate) fn pointer(target: &Bound<'_, CData>) -> PyResult<CData> {
    let pointee = Arc::clone(&target.borrow().info);
    PointerType::to(target.py(), &pointee).__call__(target.py(), Some(target.as_any()))
}

/// `addressof(instance)`: where its bytes are.
#[pyfunction]
pub(crate) fn addressof(data: &Bound<'_, CData>) -> usize {
    data.borrow().address()
}

/// `cast(obj, POINTER(T))`: a pointer of another type to the same address
/// (an int address, a pointer, an array, byref or an instance), keeping
/// `obj` alive. As unchecked as C's casts, and as ctypes' `cast`.
#[pyfunction]
pub(crate) fn cast(object: &Bound<'_, PyAny>, to: &Bound<'_, PointerType>) -> PyResult<CData> {
    let info = Arc::clone(&to.get().info);
    let address = if let Ok(address) = object.extract::<usize>() {
        address
    } else if let Ok(data) = object.cast::<CData>() {
        let data = data.borrow();
        match &*data.info {
            // A pointer, or a scalar that *holds* an address: cast what it
            // points at, never the 8 bytes that hold the address.
            // SAFETY: their memory holds an 8-byte address.
            Info::Pointer(_) | Info::Scalar(Kind::VoidP | Kind::CharP | Kind::WCharP) => unsafe {
                Kind::VoidP.read(data.address() as *const u8) as usize
            },
            // An array or a struct: its own memory, as C's decay to a pointer.
            Info::Array { .. } | Info::Struct(_) => data.address(),
            // A number is no address: ctypes refuses it too.
            Info::Scalar(_) => {
                return Err(PyTypeError::new_err(format!(
                    "cast() cannot take a {}: it holds a number, not an address \
                     (cast(byref(x), ...) or cast(pointer(x), ...) points at it)",
                    data.info.name()
                )));
            }
        }
    } else if let Ok(by_reference) = object.cast::<ByRef>() {
        by_reference.get().address
    } else if object.is_none() {
        0
    } else {
        return Err(PyTypeError::new_err(format!(
            "cast() needs an address (int), None, or minictypes data, not {}",
            object.get_type().name()?
        )));
    };
    let mut data = CData::new_owned(info)?;
    // SAFETY: a pointer's memory holds its 8-byte address.
    unsafe { Kind::VoidP.write(data.address() as *mut u8, address as u64) };
    data.objects.always(object.clone().unbind());
    Ok(data)
}

/// The address of an array of `c_wchar`, if `value` is one: what a
/// `c_wchar_p` argument may pass besides a str (`wide::Copies::argument`).
pub(crate) fn wchar_array_address(value: &Bound<'_, PyAny>) -> Option<usize> {
    let data = value.cast::<CData>().ok()?;
    let data = data.borrow();
    match data.info() {
        Info::Array { element, .. } if matches!(**element, Info::Scalar(Kind::WChar)) => {
            Some(data.address())
        }
        _ => None,
    }
}
