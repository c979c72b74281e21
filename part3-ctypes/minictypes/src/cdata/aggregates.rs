//! Array and pointer types, `pointer`, `byref`, `cast`, and sizes.

use pyo3::{PyTraverseError, PyVisit};

use super::*;

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
}

/// The struct class at the bottom of an array or pointer type, if any.
fn struct_class(py: Python<'_>, info: &Info) -> Option<Py<PyAny>> {
    match info {
        Info::Struct(layout) => layout.class(py).ok().map(|class| class.into_any().unbind()),
        Info::Array { element: inner, .. } | Info::Pointer(inner) => struct_class(py, inner),
        Info::Scalar(_) => None,
    }
}

/// `element * count`, with the size checked.
pub(crate) fn array_of(element_designator: &Bound<'_, PyAny>, count: isize) -> PyResult<ArrayType> {
    let element = info_of(element_designator)?;
    element.check_complete()?;
    let count = usize::try_from(count)
        .map_err(|_| PyValueError::new_err(format!("an array length must be >= 0, not {count}")))?;
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
    Ok(ArrayType::new(
        element_designator.py(),
        Arc::new(Info::Array { element, count }),
    ))
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

    fn __mul__(slf: &Bound<'_, Self>, count: isize) -> PyResult<Self> {
        array_of(slf.as_any(), count)
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

    fn __mul__(slf: &Bound<'_, Self>, count: isize) -> PyResult<ArrayType> {
        array_of(slf.as_any(), count)
    }

    fn __repr__(&self) -> String {
        format!("minictypes.{}", self.info.name())
    }
}

/// `POINTER(T)`.
#[pyfunction(name = "POINTER")]
pub(crate) fn pointer_type(target: &Bound<'_, PyAny>) -> PyResult<PointerType> {
    Ok(PointerType::to(target.py(), &info_of(target)?))
}

/// `pointer(obj)`: a new pointer to `obj`, keeping it alive.
#[pyfunction]
pub(crate) fn pointer(target: &Bound<'_, CData>) -> PyResult<CData> {
    let pointee = Arc::clone(&target.borrow().info);
    PointerType::to(target.py(), &pointee).__call__(target.py(), Some(target.as_any()))
}

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

// ---------------------------------------------------------------- sizes

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
    let element = Py::new(py, CType::new(Kind::WChar))?;
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
    let array_type = Py::new(py, array_of(element.bind(py).as_any(), count)?)?;
    let array = array_type.bind(py).call0()?;
    if let Some(text) = init {
        array.setattr("value", text)?;
    }
    Ok(array)
}
