//! The field descriptor, `Point.x`: a type built by hand, as `entry.rs`
//! builds the function type, because `point.x` is the hottest thing a
//! struct does.
//!
//! A pyo3 `#[pyclass]` with `__get__` is reached through pyo3's trampoline:
//! every read counts itself into pyo3's thread-local bookkeeping and out
//! again, then checks and borrows the descriptor. Here the interpreter's
//! `tp_descr_get` slot is the reading function itself. Writing keeps
//! pyo3's trampoline: a write may release what the bytes pointed into, and
//! pyo3 releases such references at once only inside its own entries.
//!
//! In Python terms, the type is:
//!
//! ```python
//! class CField:                   # made by `_fields_`, never from Python
//!     offset: int                 # bytes from the start of the struct
//!     size: int                   # bytes the field takes
//!     bit_size: int               # a bit field's width (else 8 * size)
//!     bit_offset: int             # where a bit field starts in its unit
//!     def __get__(self, instance, owner): ...   # instance None: self
//!     def __set__(self, instance, value): ...
//!     def __delete__(self, instance): ...       # TypeError, always
//! ```

use std::cell::Cell;
use std::ffi::{c_int, c_void};
use std::mem::size_of;
use std::ptr;
use std::sync::Arc;

use pyo3::exceptions::PyTypeError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

use super::info::{Field, Layout, class_of};
use super::object::{CData, view_of_class};
use super::values::{read, read_bits, reads_as_view, store, write_bits};
use crate::heap_type::{self, GETSET_END, SLOTS_END, c, entered, getset, slot};
use crate::naming::Destination;

// ANCHOR: field
/// What a descriptor knows: which field of which layout, in which class,
/// and the struct's name for messages.
pub(crate) struct CField {
    owner: String,
    layout: Arc<Layout>,
    index: usize,
    /// The class the field was laid out in (strong, visited by the
    /// collector): only its instances have these bytes at this offset.
    /// NULL only after the collector cleared the descriptor.
    in_class: Cell<*mut ffi::PyObject>,
    /// The class of the views a struct, array or pointer field reads as,
    /// found at the first read and kept (a strong reference, as ctypes'
    /// field keeps its type; the collector visits it). NULL until then.
    class: Cell<*mut ffi::PyObject>,
}

/// The instance layout: the object header, then the Rust state.
#[repr(C)]
struct FieldObject {
    header: ffi::PyObject,
    field: CField,
}

impl CField {
    pub(crate) fn field(&self) -> &Field {
        &self.layout.fields[self.index]
    }

    /// `point.x`: the bytes at the field's offset in `instance`, as a
    /// Python value (a view for a struct, an array or a pointer).
    fn get<'py>(&self, instance: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = instance.py();
        let field = self.field();
        let address = self.data_of(instance)?.get().address() + field.offset;
        if let Some(bits) = field.bits {
            return read_bits(py, &field.info, address, bits);
        }
        if reads_as_view(&field.info)
            && let Some(class) = self.view_class(py)?
        {
            return view_of_class(&class, &field.info, address, instance);
        }
        read(py, &field.info, address, instance)
    }

    /// `point.x = value`: converted and written, or refused with nothing
    /// written.
    fn set(&self, instance: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let field = self.field();
        let data = self.data_of(instance)?;
        let address = data.get().address() + field.offset;
        let place = Destination::Field {
            owner: &self.owner,
            name: &field.name,
        };
        if let Some(bits) = field.bits {
            return write_bits(&field.info, address, bits, value, place);
        }
        store(data, &field.info, address, value, place)
    }
    // ANCHOR_END: field

    /// `instance` as C data with this field's bytes: an instance of the
    /// class the field belongs to. Python only calls the descriptor so,
    /// but `Point.x.__get__(other)` would read another object's memory
    /// (stock ctypes only asks for any C data).
    #[inline(always)]
    fn data_of<'a, 'py>(&self, instance: &'a Bound<'py, PyAny>) -> PyResult<&'a Bound<'py, CData>> {
        let class = self.in_class.get().cast::<ffi::PyTypeObject>();
        // SAFETY: a live object, and the class the descriptor holds (or
        // NULL, which no object's type is).
        let belongs = unsafe {
            let tp = ffi::Py_TYPE(instance.as_ptr());
            tp == class || (!class.is_null() && ffi::PyType_IsSubtype(tp, class) != 0)
        };
        if !belongs {
            return Err(self.not_for(instance));
        }
        // SAFETY: an instance of a struct class, which derives from CData.
        Ok(unsafe { instance.cast_unchecked::<CData>() })
    }

    #[cold]
    #[inline(never)]
    fn not_for(&self, instance: &Bound<'_, PyAny>) -> PyErr {
        let type_name = instance
            .get_type()
            .name()
            .map_or_else(|_| "?".to_owned(), |name| name.to_string());
        PyTypeError::new_err(format!(
            "descriptor '{}' for '{}' objects doesn't apply to a '{type_name}' object",
            self.field().name,
            self.owner,
        ))
    }

    /// The class this field's views are made of: asked once, then kept.
    fn view_class<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyType>>> {
        let kept = self.class.get();
        if !kept.is_null() {
            // SAFETY: a type the descriptor holds a reference to.
            return Ok(Some(unsafe {
                Bound::from_borrowed_ptr(py, kept).cast_into_unchecked()
            }));
        }
        let class = class_of(py, &self.field().info)?;
        if let Some(class) = &class {
            self.class.set(class.clone().into_ptr());
        }
        Ok(class)
    }

    /// `del point.x`: a field is bytes in the struct, which cannot be
    /// removed; TypeError, as ctypes says.
    fn deleted(&self) -> PyErr {
        PyTypeError::new_err(format!(
            "cannot delete field '{}' of {}: a struct's fields are always there",
            self.field().name,
            self.owner
        ))
    }

    fn repr(&self) -> String {
        let field = self.field();
        format!(
            "<Field {}.{} type={}, offset={}, size={}>",
            self.owner,
            field.name,
            field.info.name(),
            field.offset,
            field.info.extent().size
        )
    }
}

/// The type, made once (at module initialisation, or by the first struct).
static TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Makes the type.
pub(crate) fn field_type(py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
    // SAFETY: SPEC and its tables are complete, terminated statics.
    unsafe { heap_type::made(py, &TYPE, &raw mut SPEC) }
}

/// A new descriptor for field `index` of `layout`, in struct class `class`.
pub(super) fn new_field<'py>(
    class: &Bound<'py, PyType>,
    layout: Arc<Layout>,
    index: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let object = heap_type::allocate(&field_type(class.py())?)?;
    let state = CField {
        owner: class.name()?.to_string(),
        layout,
        index,
        in_class: Cell::new(class.clone().into_any().into_ptr()),
        class: Cell::new(ptr::null_mut()),
    };
    // SAFETY: a fresh, zeroed FieldObject nobody else has seen yet.
    unsafe { (&raw mut (*object.as_ptr().cast::<FieldObject>()).field).write(state) };
    Ok(object)
}

/// The descriptor behind `object`, if it is one.
pub(super) fn field_of<'a>(object: &'a Bound<'_, PyAny>) -> Option<&'a CField> {
    let tp = TYPE.get(object.py())?;
    // SAFETY: checked to be our type (which has no subclasses); the state
    // lives as long as the object.
    object
        .get_type()
        .is(tp.bind(object.py()))
        .then(|| unsafe { state(object.as_ptr()) })
}

/// The state of `object`, which the interpreter says is ours.
///
/// # Safety
/// `object` is a live FieldObject (the slot belongs to our type).
unsafe fn state<'a>(object: *mut ffi::PyObject) -> &'a CField {
    // SAFETY: the caller's promise.
    unsafe { &(*object.cast::<FieldObject>()).field }
}

// ---------------------------------------------------------------- slots

// ANCHOR: descr_get
/// `tp_descr_get`: `instance` is NULL when the field is read from the class
/// (`Point.x`: the descriptor itself).
unsafe extern "C" fn descr_get(
    object: *mut ffi::PyObject,
    instance: *mut ffi::PyObject,
    _owner: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    entered(ptr::null_mut(), |py| {
        // SAFETY: the slot belongs to our type; `instance` is borrowed.
        unsafe {
            if instance.is_null() {
                return Ok(Borrowed::from_ptr(py, object).to_owned().into_ptr());
            }
            let instance = Borrowed::from_ptr(py, instance);
            Ok(state(object).get(&instance)?.into_ptr())
        }
    })
}
// ANCHOR_END: descr_get

/// `tp_descr_set`, behind pyo3's trampoline (see the top of this file);
/// `value` is NULL for `del point.x`.
///
/// # Safety
/// Called by the trampoline with the slot's arguments, all live.
unsafe fn descr_set(
    py: Python<'_>,
    object: *mut ffi::PyObject,
    instance: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
) -> PyResult<c_int> {
    // SAFETY: the slot belongs to our type; both objects are borrowed.
    unsafe {
        let field = state(object);
        if value.is_null() {
            return Err(field.deleted());
        }
        let instance = Borrowed::from_ptr(py, instance);
        field.set(&instance, &Borrowed::from_ptr(py, value))?;
    }
    Ok(0)
}

/// For the collector: the classes the field keeps, its own (whose
/// dictionary holds the field) and its views' (`Node.next` keeps
/// `POINTER(Node)`, which leads back to `Node`).
unsafe extern "C" fn traverse(
    object: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: called by the collector with the GIL held, on our type.
    unsafe {
        let field = state(object);
        let held = [field.in_class.get(), field.class.get()];
        heap_type::visit_held(
            object,
            visit,
            arg,
            held.map(|class| (!class.is_null()).then_some(class)),
        )
    }
}

/// Breaks such a cycle: the field forgets both classes (read again, it
/// refuses every instance).
unsafe extern "C" fn clear(object: *mut ffi::PyObject) -> c_int {
    // SAFETY: GIL held, on our type; each pointer is emptied before its
    // release, which may run any code.
    unsafe {
        let field = state(object);
        for held in [&field.in_class, &field.class] {
            ffi::Py_XDECREF(held.replace(ptr::null_mut()));
        }
    }
    0
}

unsafe extern "C" fn dealloc(object: *mut ffi::PyObject) {
    // Dropping the layout may drop `Py` values: attached, so they go now.
    heap_type::attached((), |_| {
        // SAFETY: called once, when the last reference went away, GIL held;
        // untracked first, so the collector never visits a half-freed object.
        unsafe {
            ffi::PyObject_GC_UnTrack(object.cast());
            clear(object);
            ptr::drop_in_place(&raw mut (*object.cast::<FieldObject>()).field);
            heap_type::free(object);
        }
        Ok(())
    });
}

unsafe extern "C" fn repr(object: *mut ffi::PyObject) -> *mut ffi::PyObject {
    entered(ptr::null_mut(), |py| {
        // SAFETY: the slot belongs to our type.
        let text = unsafe { state(object) }.repr();
        Ok(pyo3::types::PyString::new(py, &text).into_ptr())
    })
}

/// A getter returning a number the descriptor works out from its field.
fn number(object: *mut ffi::PyObject, of: fn(&CField) -> usize) -> *mut ffi::PyObject {
    entered(ptr::null_mut(), |py| {
        // SAFETY: the getter belongs to our type.
        let value = of(unsafe { state(object) });
        Ok(value.into_pyobject(py)?.into_any().into_ptr())
    })
}

unsafe extern "C" fn get_offset(object: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    number(object, |field| field.field().offset)
}

unsafe extern "C" fn get_size(object: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    number(object, |field| field.field().info.extent().size)
}

unsafe extern "C" fn get_bit_size(
    object: *mut ffi::PyObject,
    _: *mut c_void,
) -> *mut ffi::PyObject {
    number(object, |field| {
        let field = field.field();
        field
            .bits
            .map_or(8 * field.info.extent().size, |bits| bits.width as usize)
    })
}

unsafe extern "C" fn get_bit_offset(
    object: *mut ffi::PyObject,
    _: *mut c_void,
) -> *mut ffi::PyObject {
    number(object, |field| {
        field.field().bits.map_or(0, |bits| bits.shift as usize)
    })
}

// ---------------------------------------------------------------- the spec

static mut GETSET: [ffi::PyGetSetDef; 5] = [
    getset(
        c"offset",
        get_offset,
        None,
        c"The field's offset from the start of the struct, in bytes.",
    ),
    getset(c"size", get_size, None, c"The field's size, in bytes."),
    // ctypes 3.13's names.
    getset(
        c"bit_size",
        get_bit_size,
        None,
        c"A bit field's width in bits; for any other field, its size in bits.",
    ),
    getset(
        c"bit_offset",
        get_bit_offset,
        None,
        c"Where a bit field's bits start in its unit (0 for any other field).",
    ),
    GETSET_END,
];

static mut SLOTS: [ffi::PyType_Slot; 9] = [
    slot(
        ffi::Py_tp_doc,
        c(c"A struct's field: on the class it describes the field, on an instance it reads or writes its bytes.")
            as *mut c_void,
    ),
    slot(ffi::Py_tp_descr_get, descr_get as *mut c_void),
    slot(
        ffi::Py_tp_descr_set,
        pyo3::get_trampoline_function!(setattrofunc, descr_set) as *mut c_void,
    ),
    slot(ffi::Py_tp_dealloc, dealloc as *mut c_void),
    slot(ffi::Py_tp_traverse, traverse as *mut c_void),
    slot(ffi::Py_tp_clear, clear as *mut c_void),
    slot(ffi::Py_tp_repr, repr as *mut c_void),
    slot(ffi::Py_tp_getset, (&raw mut GETSET).cast()),
    SLOTS_END,
];

static mut SPEC: ffi::PyType_Spec = ffi::PyType_Spec {
    name: c(c"minictypes.CField"),
    basicsize: size_of::<FieldObject>() as c_int,
    itemsize: 0,
    // Made by `_fields_` only, never subclassed, nothing set on the class;
    // seen by the collector (its view class can lead back to it).
    flags: (ffi::Py_TPFLAGS_DEFAULT
        | ffi::Py_TPFLAGS_HAVE_GC
        | ffi::Py_TPFLAGS_IMMUTABLETYPE
        | ffi::Py_TPFLAGS_DISALLOW_INSTANTIATION) as std::ffi::c_uint,
    slots: (&raw mut SLOTS).cast(),
};
