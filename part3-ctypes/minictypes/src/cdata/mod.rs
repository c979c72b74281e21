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
//!
//! Files: `info.rs` (what a C type is: layout, libffi type), `values.rs`
//! (reading and writing a value at an address, keepalive), `aggregates.rs`
//! (array and pointer types, `byref`, `cast`, sizes), `fields.rs`
//! (`_fields_` into a layout and field descriptors).

mod aggregates;
mod ctype;
mod fields;
mod info;
mod keepalive;
mod values;

use std::cell::UnsafeCell;
use std::sync::Arc;

use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyTuple, PyType};
use pyo3::{PyTraverseError, PyVisit};

use crate::layout::{self, Extent};
use crate::memory::{Buffer, zeroed};
use crate::naming::{self, Destination};
use crate::types::{self, Kind};

pub use aggregates::ByRef;
pub(crate) use aggregates::{
    ArrayType, PointerType, addressof, alignment, array_of, byref, cast, create_unicode_buffer,
    pointer, pointer_type, sizeof, wchar_array_address,
};
pub use ctype::CType;
pub(crate) use fields::{CField, assign_fields, define, is_union, set_union_base};
pub(crate) use info::{Body, Field, Info, StructInfo, StructLayout, designator, info_of};
use keepalive::Keepalive;
pub(crate) use values::{pointer_value, read, struct_address, write};

// ---------------------------------------------------------------- memory

/// The bytes of a `CData`: owned, or a view into another object's bytes.
enum Memory {
    Owned(Box<[UnsafeCell<u8>]>),
    View { owner: Py<PyAny>, address: usize },
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
#[pyclass(module = "minictypes", subclass, weakref, name = "CData")]
pub struct CData {
    info: Arc<Info>,
    memory: Memory,
    /// What the bytes point into (ctypes' `_objects`): bytes given to a
    /// `c_char_p` field, an array given to a pointer field, a struct
    /// copied in (with its own keepalive). Dropped with the bytes. A view
    /// files nothing here: what is written through it goes to the instance
    /// that owns the bytes (`keeper`), which outlives the view.
    objects: Keepalive,
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
        let memory = Memory::Owned(zeroed(info.extent().size, || info.name())?);
        Ok(Self {
            info,
            memory,
            objects: Keepalive::default(),
        })
    }

    /// Where this instance's bytes are.
    pub fn address(&self) -> usize {
        self.memory.address() as usize
    }

    /// Writes `value` into `field` of this struct; `owner` (the struct's
    /// name) is for the error message.
    pub(crate) fn set_field(
        &mut self,
        owner: &str,
        field: &Field,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let address = self.address() + field.offset;
        let place = Destination::Field {
            owner,
            name: &field.name,
        };
        write(&field.info, address, value, &mut self.objects, place)
    }

    /// The C type of this instance.
    pub(crate) fn info(&self) -> &Info {
        &self.info
    }

    /// Whether `.value` means something: a scalar, or a char or wchar_t
    /// array (its string, as in ctypes).
    fn has_value(&self) -> bool {
        match &*self.info {
            Info::Scalar(_) => true,
            Info::Array { element, .. } => {
                matches!(**element, Info::Scalar(Kind::Char | Kind::WChar))
            }
            _ => false,
        }
    }
}

/// The C type of `value` if it is C data (`c_int16 * 4`), for messages:
/// what `naming::type_name` asks (it cannot see this floor).
pub(crate) fn name_of(value: &Bound<'_, PyAny>) -> Option<String> {
    if value.is_instance_of::<PyType>() {
        return None; // a class, even a struct class, is named by its own name
    }
    let data = value.cast::<CData>().ok()?;
    Some(data.borrow().info().name())
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

/// A zeroed instance of a struct class, made by the class's `tp_new` slot
/// directly (what `cls.__new__(cls)` ends in, without looking the method up
/// and calling it from Python, and without running a subclass's `__init__`).
fn blank_instance<'py>(class: &Bound<'py, PyType>) -> PyResult<Bound<'py, PyAny>> {
    let py = class.py();
    let no_arguments = PyTuple::empty(py);
    // SAFETY: GIL held; every class with a layout derives from CData, whose
    // tp_new (pyo3's) takes a tuple and NULL keywords and returns a new
    // reference or NULL with an exception set.
    unsafe {
        let slot = pyo3::ffi::PyType_GetSlot(class.as_type_ptr(), pyo3::ffi::Py_tp_new);
        let new: pyo3::ffi::newfunc = std::mem::transmute(slot);
        Bound::from_owned_ptr_or_err(
            py,
            new(
                class.as_type_ptr(),
                no_arguments.as_ptr(),
                std::ptr::null_mut(),
            ),
        )
    }
}

// ANCHOR: keeper
/// The instance that owns the bytes `data` reads: `data` itself, or for a
/// view (`record.origin`) its owner, followed to the end. A view is often
/// gone at the end of the statement (`record.origin.name = b"..."`) while
/// the bytes it wrote live on in the owner: what they point into must be
/// kept by the owner. (For `pointer.contents` that is the pointer object,
/// as in ctypes.)
fn keeper<'py>(data: &Bound<'py, CData>) -> Bound<'py, CData> {
    let mut current = data.clone();
    loop {
        let owner = match &current.borrow().memory {
            Memory::View { owner, .. } => owner.bind(current.py()).cast::<CData>().ok().cloned(),
            Memory::Owned(_) => None,
        };
        match owner {
            Some(owner) => current = owner,
            None => return current,
        }
    }
}

/// `write` into the bytes of `data` (a field, an element, `.value`), the
/// keepalive filed with the bytes' owner.
pub(crate) fn store(
    data: &Bound<'_, CData>,
    info: &Arc<Info>,
    address: usize,
    value: &Bound<'_, PyAny>,
    place: Destination<'_>,
) -> PyResult<()> {
    let keeper = keeper(data);
    let mut keeper = keeper.borrow_mut();
    write(info, address, value, &mut keeper.objects, place)
}
// ANCHOR_END: keeper

thread_local! {
    /// The memory of the struct view being made (see `struct_view`).
    static VIEW_BEING_MADE: std::cell::RefCell<Option<(Arc<Info>, Memory)>> =
        const { std::cell::RefCell::new(None) };
}

/// An instance of the struct class `class` whose bytes are `memory`.
///
/// Made by the class's `tp_new`, so it is a real instance of the class.
/// When that is CData's own (no `__new__` written in Python), the memory is
/// handed over through `VIEW_BEING_MADE` and `CData::new` takes it instead
/// of allocating zeroed bytes that would be replaced at once; no other code
/// runs in between, so nothing else can take it.
fn struct_view<'py>(
    class: &Bound<'py, PyType>,
    info: &Arc<Info>,
    memory: Memory,
) -> PyResult<Bound<'py, PyAny>> {
    let py = class.py();
    // SAFETY: GIL held; both are live types.
    let own_new = unsafe {
        pyo3::ffi::PyType_GetSlot(class.as_type_ptr(), pyo3::ffi::Py_tp_new)
            == pyo3::ffi::PyType_GetSlot(py.get_type::<CData>().as_type_ptr(), pyo3::ffi::Py_tp_new)
    };
    if !own_new {
        let object = blank_instance(class)?;
        object.cast::<CData>()?.borrow_mut().memory = memory;
        return Ok(object);
    }
    VIEW_BEING_MADE.with(|slot| *slot.borrow_mut() = Some((Arc::clone(info), memory)));
    let made = blank_instance(class);
    // Taken by CData::new, unless it failed before getting there.
    VIEW_BEING_MADE.with(|slot| slot.borrow_mut().take());
    made
}

/// An instance of `info` living at `address` inside `owner`'s memory.
fn view<'py>(
    py: Python<'py>,
    info: &Arc<Info>,
    address: usize,
    owner: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let memory = Memory::View {
        owner: owner.clone().unbind(),
        address,
    };
    if let Info::Struct(layout) = &**info {
        // An instance of the struct's own class, so its fields are there.
        return struct_view(&layout.class(py)?, info, memory);
    }
    let data = CData {
        info: Arc::clone(info),
        memory,
        objects: Keepalive::default(),
    };
    Ok(Bound::new(py, data)?.into_any())
}

pub(crate) fn from_result(py: Python<'_>, info: &Arc<Info>, words: &[u64]) -> PyResult<Py<PyAny>> {
    let size = info.extent().size;
    let object = match &**info {
        Info::Struct(layout) => blank_instance(&layout.class(py)?)?,
        _ => Bound::new(py, CData::new_owned(Arc::clone(info))?)?.into_any(),
    };
    let address = object.cast::<CData>()?.borrow().address();
    // SAFETY: `words` holds at least `size` bytes; the new instance owns `size`.
    unsafe { std::ptr::copy_nonoverlapping(words.as_ptr().cast::<u8>(), address as *mut u8, size) };
    Ok(object.unbind())
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
        if let Some((info, memory)) = VIEW_BEING_MADE.with(|slot| slot.borrow_mut().take()) {
            return Ok(Self {
                info,
                memory,
                objects: Keepalive::default(),
            });
        }
        let info = cls
            .getattr(pyo3::intern!(cls.py(), "_layout_"))
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
        let body = layout.body()?;
        if args.len() > body.fields.len() {
            return Err(PyTypeError::new_err(format!(
                "{}() takes at most {} positional arguments ({} given)",
                layout.name,
                body.fields.len(),
                args.len()
            )));
        }
        let mut data = Self::new_owned(Arc::clone(&info))?;
        for (field, value) in body.fields.iter().zip(args.iter()) {
            data.set_field(&layout.name, field, &value)?;
        }
        if let Some(kwargs) = kwargs {
            for (name, value) in kwargs.iter() {
                // Keyword names are always str; compared without copying.
                let name = name.cast_into::<pyo3::types::PyString>()?;
                let name = name.to_str()?;
                let Some(field) = body.fields.iter().find(|f| f.name == name) else {
                    return Err(PyTypeError::new_err(format!(
                        "{} has no field '{name}'",
                        layout.name
                    )));
                };
                data.set_field(&layout.name, field, &value)?;
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
        define(cls, is_union(cls)?)
    }

    /// The value of a scalar made by calling its type (`c_size_t(0)`), or
    /// the string in a char or wchar_t array (`create_unicode_buffer(8)`).
    #[getter]
    fn value<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let data = slf.borrow();
        if !data.has_value() {
            return Err(no_value(&data.info));
        }
        read(slf.py(), &data.info, data.address(), slf.as_any())
    }

    #[setter]
    fn set_value(slf: &Bound<'_, Self>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let (info, address) = {
            let data = slf.borrow();
            if !data.has_value() {
                return Err(no_value(&data.info));
            }
            (Arc::clone(&data.info), data.address())
        };
        let owner = info.name();
        let place = Destination::Field {
            owner: &owner,
            name: "value",
        };
        store(slf, &info, address, value, place)
    }

    /// `del x.value`: TypeError, as in ctypes (the bytes cannot go away).
    #[deleter(value)]
    fn delete_value(&self) -> PyResult<()> {
        Err(PyTypeError::new_err(format!(
            "cannot delete the value of a {}",
            self.info.name()
        )))
    }

    // ANCHOR: gc
    /// For the garbage collector: what this instance keeps alive. A struct
    /// can reach itself through them (`s.next = pointer(s)`: `s` keeps the
    /// pointer, the pointer keeps `s`), as ctypes' `_objects` can.
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        if let Memory::View { owner, .. } = &self.memory {
            visit.call(owner)?;
        }
        self.objects
            .objects()
            .try_for_each(|object| visit.call(object))
    }

    /// Breaks such a cycle when the collector finds one. The view's owner
    /// stays: the bytes are read through it until this instance is freed,
    /// and every cycle passes through some instance's `objects`.
    fn __clear__(&mut self) {
        self.objects.clear();
    }
    // ANCHOR_END: gc

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
        let container = Arc::clone(&slf.borrow().info);
        let place = Destination::Element {
            of: &container,
            index,
        };
        store(slf, &element, address, value, place)
    }

    /// `for x in array`, `list(array)`: every element, read at once. (Without
    /// it Python would index until `IndexError`, an exception per loop.) A
    /// pointer has no length to stop at: iterating one is a TypeError, where
    /// ctypes reads on past the end of the memory.
    fn __iter__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let data = slf.borrow();
        let Info::Array { element, count } = &*data.info else {
            return Err(PyTypeError::new_err(format!(
                "a {} is not iterable{}",
                data.info.name(),
                if matches!(&*data.info, Info::Pointer(_)) {
                    ": it has no length; index it (pointer[i]) instead"
                } else {
                    ""
                }
            )));
        };
        let step = element.extent().size;
        let base = data.address();
        let items = (0..*count)
            .map(|index| read(slf.py(), element, base + index * step, slf.as_any()))
            .collect::<PyResult<Vec<_>>>()?;
        pyo3::types::PyList::new(slf.py(), items)?
            .try_iter()
            .map(Bound::into_any)
    }

    /// What a pointer points at, as an instance of its type living in the
    /// pointee's memory (a view): `pointer(c_byte(1)).contents` is a
    /// `c_byte` whose `.value` reads and writes the pointee, where
    /// `pointer[0]` is the plain Python value. `ValueError` for NULL, as in
    /// ctypes.
    #[getter]
    fn contents<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        if !matches!(&*slf.borrow().info, Info::Pointer(_)) {
            return Err(PyTypeError::new_err("only a pointer has contents"));
        }
        let (target, address) = element_at(&slf.borrow(), 0)?;
        view(slf.py(), &target, address, slf.as_any())
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

#[cold]
fn no_value(info: &Info) -> PyErr {
    PyTypeError::new_err(format!("a {} has no value", info.name()))
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
            target.check_complete()?;
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
