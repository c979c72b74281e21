//! `CData`, the object behind every instance of a C type, and the views
//! that let an instance live in another's bytes. Its Python methods are in
//! `methods.rs`, at the top of this package: they need everything below.

use std::cell::RefCell;
use std::mem::ManuallyDrop;
use std::sync::Arc;

use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyType;

use super::info::{Info, class_of};
use super::keepalive::Keepalive;
use crate::memory::Block;
use crate::types::Kind;

/// The bytes of a `CData`: owned, or a view into another object's bytes.
pub(super) enum Memory {
    Owned(Block),
    /// The owner's reference is given back in `drop`, below.
    View {
        owner: ManuallyDrop<Py<PyAny>>,
        address: usize,
    },
}

impl Memory {
    /// A view at `address`, inside `owner`, which it keeps alive.
    pub(super) fn view(owner: Py<PyAny>, address: usize) -> Self {
        Self::View {
            owner: ManuallyDrop::new(owner),
            address,
        }
    }
}

impl Drop for Memory {
    /// A view's owner is released directly: memory is dropped only with the
    /// GIL held (an instance's dealloc, or a constructor that failed), so
    /// pyo3's check of whether it is held, a thread-local read, would be
    /// paid by every view for nothing.
    fn drop(&mut self) {
        if let Self::View { owner, .. } = self {
            // SAFETY: GIL held (above); the reference is ours and used no more.
            unsafe { pyo3::ffi::Py_DecRef(owner.as_ptr()) };
        }
    }
}

impl Memory {
    pub(super) fn address(&self) -> *mut u8 {
        match self {
            Self::Owned(block) => block.address(),
            Self::View { address, .. } => *address as *mut u8,
        }
    }
}

// ANCHOR: cdata
/// An instance of a C type.
#[pyclass(module = "minictypes", subclass, weakref, frozen, name = "CData")]
pub struct CData {
    pub(super) info: Arc<Info>,
    pub(super) memory: Memory,
    /// What the bytes point into (ctypes' `_objects`): bytes given to a
    /// `c_char_p` field, an array given to a pointer field, a struct
    /// copied in (with its own keepalive). Dropped with the bytes. A view
    /// files nothing here: what is written through it goes to the instance
    /// that owns the bytes (`keeper`), which outlives the view. The only
    /// part that changes after the instance is made: a cell, so that the
    /// instance itself is frozen and read without pyo3's borrow flag.
    pub(super) objects: RefCell<Keepalive>,
}
// ANCHOR_END: cdata

// SAFETY: used with the GIL held only (the module declares gil_used); the
// raw memory is reached through the object, which pyo3 borrow-checks.
unsafe impl Send for CData {}
// SAFETY: as above.
unsafe impl Sync for CData {}

impl CData {
    /// Zeroed memory for `info`.
    pub(super) fn new_owned(py: Python<'_>, info: Arc<Info>) -> PyResult<Self> {
        let memory = Memory::Owned(Block::zeroed(py, info.extent().size, || info.name())?);
        Ok(Self::holding(info, memory))
    }

    /// An instance of `info` whose bytes are `memory`, keeping nothing yet.
    fn holding(info: Arc<Info>, memory: Memory) -> Self {
        Self {
            info,
            memory,
            objects: RefCell::default(),
        }
    }

    /// Where this instance's bytes are.
    pub fn address(&self) -> usize {
        self.memory.address() as usize
    }

    /// The C type of this instance.
    pub(crate) fn info(&self) -> &Info {
        &self.info
    }

    /// Whether `.value` means something: a scalar, or a char or wchar_t
    /// array (its string, as in ctypes).
    pub(super) fn has_value(&self) -> bool {
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
    Some(data.get().info().name())
}

// ANCHOR: instance_of_class
/// An instance of the class `class` holding `data`.
///
/// Made as `_ctypes` makes a view (`PyCData_FromBaseObj`): the class's
/// memory allocated and zeroed (`PyType_GenericAlloc`), the value moved in.
/// So it is a real instance of the class, and neither `CData.__new__` nor a
/// `__new__` or `__init__` the class defines in Python runs: this is a view
/// of bytes that already hold a value (`outer.inner`), not a new value, as
/// in ctypes. Nor does `object.__new__`, which on Python 3.11 would give
/// each instance its attribute dictionary at once. Reading a field of a
/// struct makes one of these, so it is the cost of `record.origin.x`; so
/// does calling a class that defines neither method (`Point(1, 2)`), once
/// the arguments are written (construct.rs).
pub(super) fn instance_of_class<'py>(
    class: &Bound<'py, PyType>,
    data: CData,
) -> PyResult<Bound<'py, PyAny>> {
    let py = class.py();
    let Some(offset) = value_offset(py) else {
        return made_by_pyo3(class, data);
    };
    // SAFETY: GIL held; `class` derives from CData (it describes C data),
    // and none of mini-ctypes' classes, nor a Python subclass of one,
    // defines its own tp_alloc. The allocation is zeroed, which
    // `value_offset` found is every byte pyo3 keeps around the value; the
    // value goes where pyo3 reads it.
    unsafe {
        let made = pyo3::ffi::PyType_GenericAlloc(class.as_type_ptr(), 0);
        if made.is_null() {
            return Err(PyErr::fetch(py));
        }
        made.cast::<u8>().add(offset).cast::<CData>().write(data);
        Ok(Bound::from_owned_ptr(py, made))
    }
}
// ANCHOR_END: instance_of_class

/// The instance as pyo3's own `tp_new` makes it (`object.__new__`, then
/// the value moved in): where `value_offset` could not vouch for the quick way.
#[cold]
fn made_by_pyo3<'py>(class: &Bound<'py, PyType>, data: CData) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: GIL held; `class` derives from CData. This is the function
    // pyo3's generated `tp_new` calls (public, undocumented): it returns a
    // new reference or an error.
    unsafe {
        let made = pyo3::impl_::pymethods::tp_new_impl(
            class.py(),
            pyo3::PyClassInitializer::from(data),
            class.as_type_ptr(),
        )?;
        Ok(Bound::from_owned_ptr(class.py(), made))
    }
}

// ANCHOR: value_offset
/// Where pyo3 keeps a `CData` inside its object, if the quick allocation
/// may be used: measured once on an instance pyo3 made itself. pyo3 does not
/// promise its layout, so the measurement checks what the quick way relies
/// on: apart from the object's header and the value, every byte of a new
/// instance is zero (a frozen, thread-safe class has no borrow flag and no
/// thread id; its weak-reference list starts empty). Otherwise: None, and
/// every instance is made by pyo3's own route.
fn value_offset(py: Python<'_>) -> Option<usize> {
    static OFFSET: pyo3::sync::PyOnceLock<Option<usize>> = pyo3::sync::PyOnceLock::new();
    *OFFSET.get_or_init(py, || measured_offset(py).ok().flatten())
}

/// `minictypes._quick_instances()`: whether instances are made the quick
/// way (`value_offset` vouched for it), for the test that says so.
#[pyfunction(name = "_quick_instances")]
pub(crate) fn quick_instances(py: Python<'_>) -> bool {
    value_offset(py).is_some()
}

fn measured_offset(py: Python<'_>) -> PyResult<Option<usize>> {
    let probe = Bound::new(py, CData::new_owned(py, Arc::new(Info::Scalar(Kind::U8)))?)?;
    let start = probe.as_ptr() as usize;
    let offset = std::ptr::from_ref(probe.get()) as usize - start;
    let size: usize = probe.get_type().getattr("__basicsize__")?.extract()?;
    let (header, value) = (size_of::<pyo3::ffi::PyObject>(), size_of::<CData>());
    if offset < header || offset + value > size {
        return Ok(None);
    }
    // SAFETY: the object is `size` bytes (its type's basic size), alive.
    let bytes = unsafe { std::slice::from_raw_parts(start as *const u8, size) };
    let zero = |range: &[u8]| range.iter().all(|byte| *byte == 0);
    Ok((zero(&bytes[header..offset]) && zero(&bytes[offset + value..])).then_some(offset))
}
// ANCHOR_END: value_offset

/// An instance of `info` whose bytes are `memory`: of its class (a
/// struct's, so its fields are there; a scalar's, so `isinstance(x,
/// c_int32)` holds), or a plain `CData` for an array or a pointer.
pub(super) fn instance<'py>(
    py: Python<'py>,
    info: &Arc<Info>,
    memory: Memory,
) -> PyResult<Bound<'py, PyAny>> {
    let data = CData::holding(Arc::clone(info), memory);
    if let Some(class) = class_of(py, info)? {
        return instance_of_class(&class, data);
    }
    Ok(Bound::new(py, data)?.into_any())
}

/// A new instance of `info` in zeroed memory of its own.
pub(super) fn owned<'py>(py: Python<'py>, info: &Arc<Info>) -> PyResult<Bound<'py, PyAny>> {
    let memory = Memory::Owned(Block::zeroed(py, info.extent().size, || info.name())?);
    instance(py, info, memory)
}

/// An instance of `info` living at `address` inside `owner`'s memory.
pub(super) fn view<'py>(
    py: Python<'py>,
    info: &Arc<Info>,
    address: usize,
    owner: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    instance(py, info, viewed(owner, address))
}

/// `view` for a caller that knows the class already (a field descriptor
/// keeps its field's).
pub(super) fn view_of_class<'py>(
    class: &Bound<'py, PyType>,
    info: &Arc<Info>,
    address: usize,
    owner: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    instance_of_class(
        class,
        CData::holding(Arc::clone(info), viewed(owner, address)),
    )
}

/// The memory of a view: `address`, inside `owner`, which it keeps alive.
fn viewed(owner: &Bound<'_, PyAny>, address: usize) -> Memory {
    Memory::view(owner.clone().unbind(), address)
}

/// `c_int.in_dll(library, "name")`: a view of a variable the library
/// exports, which keeps the library loaded. The library is asked for the
/// symbol as for a function (`library.name`), through Python: this floor
/// cannot see `library.rs`.
pub(crate) fn at_symbol<'py>(
    py: Python<'py>,
    info: &Arc<Info>,
    library: &Bound<'py, PyAny>,
    name: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let symbol = library
        .getattr(name)
        .map_err(|_| PyValueError::new_err(format!("symbol '{name}' not found")))?;
    let address: usize = symbol.getattr("_address")?.extract()?;
    view(py, info, address, library)
}

pub(crate) fn from_result(py: Python<'_>, info: &Arc<Info>, words: &[u64]) -> PyResult<Py<PyAny>> {
    assert!(
        words.len() * 8 >= info.extent().size,
        "result storage smaller than its type"
    );
    // SAFETY: `words` holds at least the type's size in bytes (checked).
    unsafe { copied_from(py, info, words.as_ptr() as usize) }.map(Bound::unbind)
}

/// A new instance of `info` holding a copy of the bytes at `address` (a
/// struct C passed a callback by value).
///
/// # Safety
/// `address` holds `info`'s size in bytes, readable.
pub(crate) unsafe fn copied_from<'py>(
    py: Python<'py>,
    info: &Arc<Info>,
    address: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let size = info.extent().size;
    let object = owned(py, info)?;
    let own = object.cast::<CData>()?.get().address();
    // SAFETY: the caller's promise for `address`; the new instance owns `size`.
    unsafe { std::ptr::copy_nonoverlapping(address as *const u8, own as *mut u8, size) };
    Ok(object)
}

#[cold]
pub(super) fn no_value(info: &Info) -> PyErr {
    PyTypeError::new_err(format!("a {} has no value", info.name()))
}

/// The type and address of element `index` of an array or a pointer.
pub(super) fn element_at(data: &CData, index: isize) -> PyResult<(Arc<Info>, usize)> {
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
