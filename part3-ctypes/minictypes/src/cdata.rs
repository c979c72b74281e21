//! C data in Python objects: what `_ctypes` does for aggregates.
//!
//! Every instance (a struct, a union, an array, a pointer, a scalar made by
//! calling a type such as `c_size_t(0)`) is a `CData`: a description of its
//! C type, the bytes themselves, and the Python objects those bytes point
//! into (`_objects` in ctypes), kept alive as long as the bytes are.
//!
//! The bytes are either owned (made by Python) or a *view* into another
//! object's bytes (`record.origin` is a view into `record`): the view holds
//! a reference to that object, so the memory it reads stays valid.

use std::cell::UnsafeCell;
use std::sync::Arc;

use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyTuple, PyType};

use crate::function::{Buffer, zeroed};
use crate::layout::{self, Extent};
use crate::types::{self, CType, Kind, Place};

// ANCHOR: info
/// A C type, as mini-ctypes knows it.
pub(crate) enum Info {
    /// `c_int32`, `c_double`, `c_char_p`, ...
    Scalar(Kind),
    /// `T * n`: `count` elements of `element`, one after the other.
    Array { element: Arc<Info>, count: usize },
    /// A `Structure` or `Union` subclass, its layout computed from `_fields_`.
    Struct(Arc<StructInfo>),
    /// `POINTER(T)`: an address, of something of type `T`.
    Pointer(Arc<Info>),
}

/// What `_fields_` became.
pub(crate) struct StructInfo {
    pub(crate) name: String,
    /// The Python class, to make instances (views) of it.
    pub(crate) class: Py<PyType>,
    pub(crate) fields: Vec<Field>,
    pub(crate) size: usize,
    pub(crate) align: usize,
    pub(crate) union: bool,
}

pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) info: Arc<Info>,
    pub(crate) offset: usize,
}
// ANCHOR_END: info

impl Info {
    /// Size and alignment, as the C compiler has them.
    pub(crate) fn extent(&self) -> Extent {
        match self {
            Self::Scalar(kind) => {
                let (size, align) = kind.extent();
                Extent { size, align }
            }
            Self::Array { element, count } => {
                let element = element.extent();
                Extent {
                    // Checked when the array type was made.
                    size: element.size * count,
                    align: element.align,
                }
            }
            Self::Struct(info) => Extent {
                size: info.size,
                align: info.align,
            },
            Self::Pointer(_) => Extent { size: 8, align: 8 },
        }
    }

    // ANCHOR: ffi_type
    /// What libffi needs to pass this type by value: for a struct, the
    /// list of its members' types (libffi works out the padding itself, by
    /// the same rules); an array inside a struct is that many members.
    pub(crate) fn ffi_type(&self) -> libffi::middle::Type {
        use libffi::middle::Type;
        match self {
            Self::Scalar(kind) => kind.ffi_type(),
            Self::Pointer(_) => Type::pointer(),
            Self::Array { element, count } => {
                Type::structure(std::iter::repeat_with(|| element.ffi_type()).take(*count))
            }
            Self::Struct(info) => {
                Type::structure(info.fields.iter().map(|field| field.info.ffi_type()))
            }
        }
    }
    // ANCHOR_END: ffi_type

    /// Refuses what libffi cannot pass by value: a union (libffi has no
    /// union type), an empty struct, or either nested inside.
    pub(crate) fn check_by_value(&self) -> PyResult<()> {
        match self {
            Self::Struct(info) if info.union => Err(PyTypeError::new_err(format!(
                "{} is a Union: mini-ctypes passes unions by pointer only (libffi has no union type)",
                info.name
            ))),
            Self::Struct(info) if info.fields.is_empty() => Err(PyTypeError::new_err(format!(
                "{} has no fields: C has no empty struct to pass",
                info.name
            ))),
            Self::Struct(info) => info
                .fields
                .iter()
                .try_for_each(|field| field.info.check_by_value()),
            Self::Array { element, .. } => element.check_by_value(),
            _ => Ok(()),
        }
    }

    /// The C spelling, for messages and reprs.
    pub(crate) fn name(&self) -> String {
        match self {
            Self::Scalar(kind) => kind.python_name().to_owned(),
            Self::Array { element, count } => format!("{} * {count}", element.name()),
            Self::Struct(info) => info.name.clone(),
            Self::Pointer(target) => format!("POINTER({})", target.name()),
        }
    }

    /// The same C type: scalars by kind, structs by class, the rest by shape.
    pub(crate) fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Scalar(a), Self::Scalar(b)) => a == b,
            (
                Self::Array {
                    element: a,
                    count: m,
                },
                Self::Array {
                    element: b,
                    count: n,
                },
            ) => m == n && a.same(b),
            (Self::Struct(a), Self::Struct(b)) => Arc::ptr_eq(a, b),
            (Self::Pointer(a), Self::Pointer(b)) => a.same(b),
            _ => false,
        }
    }
}

/// The `Info` a Python object designates: a minictypes type (`c_int32`,
/// `c_int16 * 4`, `POINTER(Point)`) or a Structure/Union subclass.
pub(crate) fn info_of(designator: &Bound<'_, PyAny>) -> PyResult<Arc<Info>> {
    if let Ok(ctype) = designator.cast::<CType>() {
        let kind = ctype.get().kind;
        if kind == Kind::Buffer {
            return Err(PyTypeError::new_err("c_buffer is for arguments only"));
        }
        return Ok(Arc::new(Info::Scalar(kind)));
    }
    if let Ok(array) = designator.cast::<ArrayType>() {
        return Ok(Arc::clone(&array.get().info));
    }
    if let Ok(pointer) = designator.cast::<PointerType>() {
        return Ok(Arc::clone(&pointer.get().info));
    }
    if designator.is_instance_of::<PyType>()
        && let Ok(layout) = designator.getattr("_layout_")
        && let Ok(layout) = layout.cast::<StructLayout>()
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
        Info::Struct(layout) => layout.class.clone_ref(py).into_any(),
        Info::Scalar(kind) => {
            Py::new(py, CType::new(*kind)).map_or_else(|_| py.None(), Py::into_any)
        }
        Info::Array { .. } => Py::new(
            py,
            ArrayType {
                info: Arc::clone(info),
            },
        )
        .map_or_else(|_| py.None(), Py::into_any),
        Info::Pointer(_) => Py::new(
            py,
            PointerType {
                info: Arc::clone(info),
            },
        )
        .map_or_else(|_| py.None(), Py::into_any),
    }
}

/// The address of a struct argument passed by value: an instance of exactly
/// that struct (libffi copies its bytes during the call).
pub(crate) fn struct_address(
    info: &Arc<Info>,
    value: &Bound<'_, PyAny>,
    place: Place<'_>,
) -> PyResult<usize> {
    match value.cast::<CData>() {
        Ok(data) if data.borrow().info.same(info) => Ok(data.borrow().address()),
        _ => Err(wrong_instance(info, value, place)),
    }
}

/// A result returned by value (`words` as libffi wrote them): a new
/// instance owning a copy of the bytes.
pub(crate) fn from_result(py: Python<'_>, info: &Arc<Info>, words: &[u64]) -> PyResult<Py<PyAny>> {
    let size = info.extent().size;
    let object = match &**info {
        Info::Struct(layout) => {
            let class = layout.class.bind(py);
            class.call_method1("__new__", (class,))?
        }
        _ => Bound::new(py, CData::new_owned(Arc::clone(info))?)?.into_any(),
    };
    let address = object.cast::<CData>()?.borrow().address();
    // SAFETY: `words` holds at least `size` bytes; the new instance owns `size`.
    unsafe { std::ptr::copy_nonoverlapping(words.as_ptr().cast::<u8>(), address as *mut u8, size) };
    Ok(object.unbind())
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
            // SAFETY: a pointer's memory holds its 8-byte address.
            Info::Pointer(_) => unsafe { Kind::VoidP.read(data.address() as *const u8) as usize },
            _ => data.address(),
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
    data.objects.push(object.clone().unbind());
    Ok(data)
}

/// A struct class's computed layout, stored on the class as `_layout_`.
#[pyclass(module = "minictypes", frozen)]
pub(crate) struct StructLayout {
    pub(crate) info: Arc<Info>,
}

// ---------------------------------------------------------------- memory

/// The bytes of a `CData`: owned, or a view into another object's bytes.
enum Memory {
    Owned(Box<[UnsafeCell<u8>]>),
    View { _owner: Py<PyAny>, address: usize },
}

impl Memory {
    fn address(&self) -> *mut u8 {
        match self {
            Self::Owned(bytes) => UnsafeCell::raw_get(bytes.as_ptr()),
            Self::View { address, .. } => *address as *mut u8,
        }
    }
}

// ANCHOR: cdata
/// An instance of a C type.
#[pyclass(module = "minictypes", subclass, name = "CData")]
pub struct CData {
    info: Arc<Info>,
    memory: Memory,
    /// What the bytes point into (ctypes' `_objects`): bytes given to a
    /// `c_char_p` field, an array given to a pointer field, a struct
    /// copied in (with its own keepalive). Dropped with the bytes.
    objects: Vec<Py<PyAny>>,
}
// ANCHOR_END: cdata

// SAFETY: used with the GIL held only (the module declares gil_used); the
// raw memory is reached through the object, which pyo3 borrow-checks.
unsafe impl Send for CData {}
// SAFETY: as above.
unsafe impl Sync for CData {}

impl CData {
    /// Zeroed memory for `info`.
    fn new_owned(info: Arc<Info>) -> PyResult<Self> {
        let size = info.extent().size;
        Ok(Self {
            info,
            memory: Memory::Owned(zeroed(size)?),
            objects: Vec::new(),
        })
    }

    pub(crate) fn address(&self) -> usize {
        self.memory.address() as usize
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
        let place = Place::Argument {
            function: kind.python_name(),
            index: 1,
        };
        write(&info, address, value, &mut data.objects, place)?;
    }
    Ok(data)
}

/// An instance of `info` living at `address` inside `owner`'s memory.
fn view<'py>(
    py: Python<'py>,
    info: &Arc<Info>,
    address: usize,
    owner: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let memory = Memory::View {
        _owner: owner.clone().unbind(),
        address,
    };
    if let Info::Struct(layout) = &**info {
        // An instance of the struct's own class, so its fields are there.
        let class = layout.class.bind(py);
        let object = class.call_method1("__new__", (class,))?;
        object.cast::<CData>()?.borrow_mut().memory = memory;
        return Ok(object);
    }
    let data = CData {
        info: Arc::clone(info),
        memory,
        objects: Vec::new(),
    };
    Ok(Bound::new(py, data)?.into_any())
}

// ---------------------------------------------------------------- values

// ANCHOR: read
/// The Python value of the `info` at `address` (inside `owner`).
pub(crate) fn read<'py>(
    py: Python<'py>,
    info: &Arc<Info>,
    address: usize,
    owner: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    match &**info {
        Info::Scalar(kind) => {
            // SAFETY: `address` is inside `owner`'s memory, which holds this type.
            let slot = unsafe { kind.read(address as *const u8) };
            Ok(types::from_slot(py, Some(*kind), slot)?.into_bound(py))
        }
        // A char array reads as the C string it holds (up to the first NUL).
        Info::Array { element, count } if matches!(**element, Info::Scalar(Kind::Char)) => {
            // SAFETY: as above; `count` bytes.
            let bytes = unsafe { std::slice::from_raw_parts(address as *const u8, *count) };
            let end = bytes.iter().position(|&b| b == 0).unwrap_or(*count);
            Ok(PyBytes::new(py, &bytes[..end]).into_any())
        }
        // Aggregates read as views: `record.origin.x = 5` writes into `record`.
        _ => view(py, info, address, owner),
    }
}
// ANCHOR_END: read

// ANCHOR: write
/// Writes `value` as the `info` at `address`; records in `objects` whatever
/// the written bytes point into.
pub(crate) fn write(
    info: &Arc<Info>,
    address: usize,
    value: &Bound<'_, PyAny>,
    objects: &mut Vec<Py<PyAny>>,
    place: Place<'_>,
) -> PyResult<()> {
    match &**info {
        Info::Scalar(kind) => {
            let slot = types::to_slot(*kind, value, place)?;
            // SAFETY: `address` is inside memory that holds this type.
            unsafe { kind.write(address as *mut u8, slot) };
            if matches!(kind, Kind::CharP | Kind::VoidP) && !value.is_none() {
                // The bytes object (or buffer) the pointer now points into.
                objects.push(value.clone().unbind());
            }
            Ok(())
        }
        Info::Array { element, count }
            if matches!(**element, Info::Scalar(Kind::Char)) && value.cast::<PyBytes>().is_ok() =>
        {
            let bytes = value.cast::<PyBytes>()?.as_bytes();
            if bytes.len() > *count {
                return Err(PyValueError::new_err(format!(
                    "{place}: bytes too long ({}, at most {count})",
                    bytes.len()
                )));
            }
            // SAFETY: `count` bytes at `address`; the rest are zeroed, so
            // the field always ends where the new value does.
            unsafe {
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), address as *mut u8, bytes.len());
                std::ptr::write_bytes(
                    (address as *mut u8).add(bytes.len()),
                    0,
                    count - bytes.len(),
                );
            }
            Ok(())
        }
        Info::Pointer(target) => {
            let (pointee, keep) = pointer_value(target, value, place)?;
            // SAFETY: 8 bytes of pointer at `address`.
            unsafe { Kind::VoidP.write(address as *mut u8, pointee as u64) };
            objects.extend(keep);
            Ok(())
        }
        _ => {
            // A whole struct, union or array: copied from one of the same type.
            let Ok(source) = value.cast::<CData>() else {
                return Err(wrong_instance(info, value, place));
            };
            let source = source.borrow();
            if !source.info.same(info) {
                return Err(wrong_instance(info, value, place));
            }
            // SAFETY: both hold `size` bytes of the same type; they may
            // overlap (a struct assigned to itself), hence `copy`.
            unsafe {
                std::ptr::copy(
                    source.address() as *const u8,
                    address as *mut u8,
                    info.extent().size,
                );
            }
            objects.push(value.clone().unbind()); // and with it, its keepalive
            Ok(())
        }
    }
}
// ANCHOR_END: write

#[cold]
fn wrong_instance(info: &Info, value: &Bound<'_, PyAny>, place: Place<'_>) -> PyErr {
    let given = value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
    PyTypeError::new_err(format!(
        "{place}: expected a {} instance, not {given}",
        info.name()
    ))
}

/// The address a `POINTER(target)` takes from `value`, and what must stay
/// alive while it is used: None; an array of `target`; a pointer to
/// `target`; a `target` itself (its address, as ctypes passes `byref`);
/// `byref(target)`; a Buffer for a pointer to bytes.
pub(crate) fn pointer_value(
    target: &Arc<Info>,
    value: &Bound<'_, PyAny>,
    place: Place<'_>,
) -> PyResult<(usize, Option<Py<PyAny>>)> {
    if value.is_none() {
        return Ok((0, None));
    }
    let keep = Some(value.clone().unbind());
    if let Ok(data) = value.cast::<CData>() {
        let data = data.borrow();
        match &*data.info {
            Info::Array { element, .. } if element.same(target) => {
                return Ok((data.address(), keep));
            }
            Info::Pointer(pointee) if pointee.same(target) => {
                // SAFETY: a pointer's memory holds its 8-byte address.
                let address = unsafe { Kind::VoidP.read(data.address() as *const u8) };
                return Ok((address as usize, keep));
            }
            info if info.same(target) => return Ok((data.address(), keep)),
            _ => {}
        }
    }
    if let Ok(by_reference) = value.cast::<ByRef>() {
        let by_reference = by_reference.get();
        if by_reference.info.same(target) {
            return Ok((by_reference.address, keep));
        }
    }
    if let Ok(buffer) = value.cast::<Buffer>()
        && matches!(**target, Info::Scalar(Kind::Char | Kind::I8 | Kind::U8))
    {
        return Ok((buffer.get().address() as usize, keep));
    }
    let given = value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
    Err(PyTypeError::new_err(format!(
        "{place}: POINTER({}) needs None, a {0}, an array of it, a pointer to it or byref() of it, not {given}",
        target.name()
    )))
}

// ---------------------------------------------------------------- CData methods

#[pymethods]
impl CData {
    /// Instances of a Structure or Union subclass: `Point(1, 2)`, `Point(y=2)`.
    /// The fields are written in `_fields_` order, then by name.
    #[new]
    #[classmethod]
    #[pyo3(signature = (*args, **kwargs))]
    fn new(
        cls: &Bound<'_, PyType>,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let info = cls
            .getattr("_layout_")
            .ok()
            .and_then(|layout| {
                layout
                    .cast::<StructLayout>()
                    .ok()
                    .map(|l| Arc::clone(&l.get().info))
            })
            .ok_or_else(|| {
                PyTypeError::new_err(format!(
                    "{} has no _fields_: define a subclass with _fields_ to make instances",
                    cls.name()
                        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
                ))
            })?;
        let Info::Struct(layout) = &*info else {
            unreachable!("_layout_ always describes a struct");
        };
        if args.len() > layout.fields.len() {
            return Err(PyTypeError::new_err(format!(
                "{}() takes at most {} positional arguments ({} given)",
                layout.name,
                layout.fields.len(),
                args.len()
            )));
        }
        let mut data = Self::new_owned(Arc::clone(&info))?;
        let base = data.address();
        let mut assign = |field: &Field, value: &Bound<'_, PyAny>| {
            let place = Place::Field {
                owner: &layout.name,
                name: &field.name,
            };
            write(
                &field.info,
                base + field.offset,
                value,
                &mut data.objects,
                place,
            )
        };
        for (field, value) in layout.fields.iter().zip(args.iter()) {
            assign(field, &value)?;
        }
        if let Some(kwargs) = kwargs {
            for (name, value) in kwargs.iter() {
                let name = name.str()?.to_string();
                let Some(field) = layout.fields.iter().find(|f| f.name == name) else {
                    return Err(PyTypeError::new_err(format!(
                        "{} has no field '{name}'",
                        layout.name
                    )));
                };
                assign(field, &value)?;
            }
        }
        Ok(data)
    }

    /// Runs when a subclass is created: `_fields_` become its layout.
    #[classmethod]
    #[pyo3(signature = (**_kwargs))]
    fn __init_subclass__(
        cls: &Bound<'_, PyType>,
        _kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        define(cls, crate::meta::is_union(cls)?)
    }

    /// The value of a scalar made by calling its type (`c_size_t(0)`).
    #[getter]
    fn value<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let data = slf.borrow();
        match &*data.info {
            Info::Scalar(_) => read(slf.py(), &data.info, data.address(), slf.as_any()),
            other => Err(PyTypeError::new_err(format!(
                "a {} has no value",
                other.name()
            ))),
        }
    }

    #[setter]
    fn set_value(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let info = Arc::clone(&self.info);
        let Info::Scalar(kind) = *info else {
            return Err(PyTypeError::new_err(format!(
                "a {} has no value",
                info.name()
            )));
        };
        let address = self.address();
        write(
            &info,
            address,
            value,
            &mut self.objects,
            Place::Field {
                owner: kind.python_name(),
                name: "value",
            },
        )
    }

    /// An array's length.
    fn __len__(&self) -> PyResult<usize> {
        match &*self.info {
            Info::Array { count, .. } => Ok(*count),
            other => Err(PyTypeError::new_err(format!(
                "a {} has no len()",
                other.name()
            ))),
        }
    }

    /// `array[i]` (checked against the length) or `pointer[i]` (not checked:
    /// C knows no length, as in ctypes); `pointer[0]` is `pointer.contents`.
    fn __getitem__<'py>(slf: &Bound<'py, Self>, index: isize) -> PyResult<Bound<'py, PyAny>> {
        let (element, address) = element_at(&slf.borrow(), index)?;
        read(slf.py(), &element, address, slf.as_any())
    }

    fn __setitem__(slf: &Bound<'_, Self>, index: isize, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let (element, address) = element_at(&slf.borrow(), index)?;
        let mut data = slf.borrow_mut();
        write(
            &element,
            address,
            value,
            &mut data.objects,
            Place::Argument {
                function: "__setitem__",
                index: 2,
            },
        )
    }

    /// What a pointer points at; `ValueError` for NULL, as in ctypes.
    #[getter]
    fn contents<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        if !matches!(&*slf.borrow().info, Info::Pointer(_)) {
            return Err(PyTypeError::new_err("only a pointer has contents"));
        }
        Self::__getitem__(slf, 0)
    }

    /// A pointer is true when it is not NULL; anything else is true.
    fn __bool__(&self) -> bool {
        match &*self.info {
            // SAFETY: a pointer's memory holds its 8-byte address.
            Info::Pointer(_) => unsafe { Kind::VoidP.read(self.memory.address()) != 0 },
            _ => true,
        }
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let data = slf.borrow();
        Ok(match &*data.info {
            Info::Scalar(_) => format!("{}({})", data.info.name(), Self::value(slf)?.repr()?),
            info => format!("<{} object at {:#x}>", info.name(), data.address()),
        })
    }
}

/// The type and address of element `index` of an array or a pointer.
fn element_at(data: &CData, index: isize) -> PyResult<(Arc<Info>, usize)> {
    match &*data.info {
        Info::Array { element, count } => {
            let position = if index < 0 {
                index + *count as isize
            } else {
                index
            };
            if position < 0 || position as usize >= *count {
                return Err(PyIndexError::new_err("array index out of range"));
            }
            let offset = position as usize * element.extent().size;
            Ok((Arc::clone(element), data.address() + offset))
        }
        Info::Pointer(target) => {
            // SAFETY: a pointer's memory holds its 8-byte address.
            let pointee = unsafe { Kind::VoidP.read(data.memory.address()) } as usize;
            if pointee == 0 {
                return Err(PyValueError::new_err("NULL pointer access"));
            }
            let step = target.extent().size as isize;
            let address = index
                .checked_mul(step)
                .and_then(|offset| pointee.checked_add_signed(offset))
                .ok_or_else(|| PyValueError::new_err("pointer index out of the address space"))?;
            Ok((Arc::clone(target), address))
        }
        other => Err(PyTypeError::new_err(format!(
            "a {} is not subscriptable",
            other.name()
        ))),
    }
}

// ---------------------------------------------------------------- array and pointer types

/// `T * n`: an array type. Calling it makes an array: `(c_int16 * 4)(1, 2)`.
#[pyclass(module = "minictypes", frozen, name = "ArrayType")]
pub(crate) struct ArrayType {
    pub(crate) info: Arc<Info>,
}

/// `element * count`, with the size checked.
pub(crate) fn array_of(element: &Bound<'_, PyAny>, count: isize) -> PyResult<ArrayType> {
    let element = info_of(element)?;
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
    Ok(ArrayType {
        info: Arc::new(Info::Array { element, count }),
    })
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
        let base = data.address();
        let step = element.extent().size;
        for (index, item) in items.iter().enumerate() {
            let place = Place::Argument {
                function: "array",
                index: index + 1,
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

    fn __repr__(&self) -> String {
        format!("minictypes.{}", self.info.name())
    }
}

/// `POINTER(T)`: a pointer type. Calling it with an object points at it.
#[pyclass(module = "minictypes", frozen, name = "PointerType")]
pub(crate) struct PointerType {
    pub(crate) info: Arc<Info>,
}

impl PointerType {
    /// The type `POINTER(target)`.
    pub(crate) fn to(target: &Arc<Info>) -> Self {
        Self {
            info: Arc::new(Info::Pointer(Arc::clone(target))),
        }
    }
}

#[pymethods]
impl PointerType {
    /// `POINTER(T)()` is NULL; `POINTER(T)(obj)` points at `obj`.
    #[pyo3(signature = (target = None))]
    fn __call__(&self, target: Option<&Bound<'_, PyAny>>) -> PyResult<CData> {
        let Info::Pointer(pointee) = &*self.info else {
            unreachable!("a PointerType describes a pointer");
        };
        let mut data = CData::new_owned(Arc::clone(&self.info))?;
        if let Some(target) = target {
            let address = data.address();
            write(
                &self.info,
                address,
                target,
                &mut data.objects,
                Place::Argument {
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
    Ok(PointerType {
        info: Arc::new(Info::Pointer(info_of(target)?)),
    })
}

/// `pointer(obj)`: a new pointer to `obj`, keeping it alive.
#[pyfunction]
pub(crate) fn pointer(target: &Bound<'_, CData>) -> PyResult<CData> {
    let info = Arc::new(Info::Pointer(Arc::clone(&target.borrow().info)));
    PointerType { info }.__call__(Some(target.as_any()))
}

// ANCHOR: byref
/// `byref(obj)`: the address of `obj`, for one call, with no pointer object
/// made (cheaper than `pointer(obj)`, as in ctypes). Holds `obj` alive.
#[pyclass(module = "minictypes", frozen, name = "CArgObject")]
pub(crate) struct ByRef {
    info: Arc<Info>,
    address: usize,
    _object: Py<PyAny>,
}

#[pyfunction]
pub(crate) fn byref(object: &Bound<'_, CData>) -> ByRef {
    let data = object.borrow();
    ByRef {
        info: Arc::clone(&data.info),
        address: data.address(),
        _object: object.clone().into_any().unbind(),
    }
}
// ANCHOR_END: byref

// ---------------------------------------------------------------- sizes

/// `sizeof(type or instance)`, as the C compiler's `sizeof`.
#[pyfunction]
pub(crate) fn sizeof(thing: &Bound<'_, PyAny>) -> PyResult<usize> {
    if let Ok(data) = thing.cast::<CData>() {
        return Ok(data.borrow().info.extent().size);
    }
    Ok(info_of(thing)?.extent().size)
}

/// `alignment(type or instance)`, as C's `alignof`.
#[pyfunction]
pub(crate) fn alignment(thing: &Bound<'_, PyAny>) -> PyResult<usize> {
    if let Ok(data) = thing.cast::<CData>() {
        return Ok(data.borrow().info.extent().align);
    }
    Ok(info_of(thing)?.extent().align)
}

/// `addressof(instance)`: where its bytes are.
#[pyfunction]
pub(crate) fn addressof(data: &Bound<'_, CData>) -> usize {
    data.borrow().address()
}

// ---------------------------------------------------------------- defining a struct

/// The layout rules' view of a field list, or a clear error.
pub(crate) fn define(cls: &Bound<'_, PyType>, union: bool) -> PyResult<()> {
    let py = cls.py();
    let own = cls.getattr("__dict__")?;
    let Ok(fields) = own.get_item("_fields_") else {
        return Ok(()); // no _fields_ of its own: an abstract base, or inherits
    };
    let name = cls.name()?.to_string();
    let pack = match own.get_item("_pack_") {
        Ok(pack) => Some(pack.extract::<usize>()?),
        Err(_) => None,
    };
    let mut parsed = Vec::new();
    for (index, item) in fields.try_iter()?.enumerate() {
        let item = item?;
        let pair = item
            .cast::<PyTuple>()
            .ok()
            .filter(|t| t.len() == 2)
            .ok_or_else(|| {
                PyTypeError::new_err(format!(
                    "{name}._fields_ item {index} must be a (name, type) pair"
                ))
            })?;
        let field_name: String = pair.get_item(0)?.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "{name}._fields_ item {index}: a field name is a str"
            ))
        })?;
        let info = info_of(&pair.get_item(1)?).map_err(|error| {
            PyTypeError::new_err(format!(
                "{name}._fields_ '{field_name}': {}",
                error.value(py)
            ))
        })?;
        parsed.push((field_name, info));
    }
    let extents: Vec<Extent> = parsed.iter().map(|(_, info)| info.extent()).collect();
    let placed = layout::place(&extents, union, pack).map_err(|error| match error {
        layout::LayoutError::BadPack(pack) => {
            PyValueError::new_err(format!("{name}._pack_ must be a power of two, not {pack}"))
        }
        layout::LayoutError::TooLarge => {
            PyValueError::new_err(format!("{name} is larger than memory"))
        }
    })?;
    let info = Arc::new(StructInfo {
        name: name.clone(),
        class: cls.clone().unbind(),
        fields: parsed
            .into_iter()
            .zip(&placed.offsets)
            .map(|((name, info), &offset)| Field { name, info, offset })
            .collect(),
        size: placed.size,
        align: placed.align,
        union,
    });
    for (index, field) in info.fields.iter().enumerate() {
        let descriptor = CField {
            owner: Arc::clone(&info),
            index,
        };
        cls.setattr(field.name.as_str(), descriptor)?;
    }
    cls.setattr(
        "_layout_",
        StructLayout {
            info: Arc::new(Info::Struct(info)),
        },
    )
}

// ANCHOR: field
/// A field descriptor: `Point.x`. On the class it describes the field
/// (`offset`, `size`); on an instance it reads or writes the bytes.
#[pyclass(module = "minictypes", frozen, name = "CField")]
pub(crate) struct CField {
    owner: Arc<StructInfo>,
    index: usize,
}

impl CField {
    fn field(&self) -> &Field {
        &self.owner.fields[self.index]
    }
}

#[pymethods]
impl CField {
    /// The field's offset from the start of the struct, in bytes.
    #[getter]
    fn offset(&self) -> usize {
        self.field().offset
    }

    /// The field's size, in bytes.
    #[getter]
    fn size(&self) -> usize {
        self.field().info.extent().size
    }

    fn __get__<'py>(
        slf: &Bound<'py, Self>,
        instance: Option<&Bound<'py, PyAny>>,
        _owner: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let Some(instance) = instance else {
            return Ok(slf.clone().into_any()); // Point.x: the descriptor itself
        };
        let field = slf.get().field();
        let base = instance.cast::<CData>()?.borrow().address();
        read(slf.py(), &field.info, base + field.offset, instance)
    }

    fn __set__(&self, instance: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let field = self.field();
        let mut data = instance.cast::<CData>()?.borrow_mut();
        let base = data.address();
        let place = Place::Field {
            owner: &self.owner.name,
            name: &field.name,
        };
        write(
            &field.info,
            base + field.offset,
            value,
            &mut data.objects,
            place,
        )
    }

    fn __repr__(&self) -> String {
        let field = self.field();
        format!(
            "<Field {}.{} type={}, offset={}, size={}>",
            self.owner.name,
            field.name,
            field.info.name(),
            field.offset,
            field.info.extent().size
        )
    }
}
// ANCHOR_END: field
