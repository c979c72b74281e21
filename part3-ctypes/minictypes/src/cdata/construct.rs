//! Calling a C type: `Point(1, 2)`, `c_int32(5)`, `(c_int16 * 4)(1, 2)`.
//!
//! Calling a class is its metaclass's `__call__` (`tp_call`). `type`'s
//! runs `cls.__new__(cls, *args)`, then `obj.__init__(*args)`; for a C
//! type, ctypes' `__new__` makes the instance zeroed and ignores the
//! arguments, and `__init__` writes them (`initialise.rs`). mini-ctypes'
//! metaclasses keep exactly that, and take one shortcut:
//!
//! ```python
//! def __call__(cls, *args, **kwargs):          # every mini-ctypes metaclass
//!     if cls.__new__ is not CData.__new__ or cls.__init__ is not CData.__init__:
//!         return type.__call__(cls, *args, **kwargs)   # the class has its own
//!     obj = zeroed_instance(cls)               # what CData.__new__ makes
//!     if args or kwargs:
//!         fill(obj, args, kwargs)              # what CData.__init__ writes
//!     return obj
//! ```
//!
//! When the class defines neither method, that is what `type.__call__`
//! would do, minus two entries into Rust and the arguments unpacked twice.

use std::ptr;
use std::sync::{Arc, OnceLock};

use pyo3::exceptions::PyTypeError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple, PyType};

use super::aggregates::{is_array, is_pointer};
use super::ctype::is_simple;
use super::info::{ClassLayout, Info};
use super::initialise;
use super::object::{CData, instance_of_class};
use crate::types::Kind;

/// The C type an instance of `cls` holds, if `cls` can make instances: a
/// struct class with its `_fields_`, a scalar, array or pointer class.
/// `CData.__new__` and the metaclasses' `__call__` both ask it.
pub(super) fn info_for_new(cls: &Bound<'_, PyType>) -> PyResult<Arc<Info>> {
    let info = cls
        .getattr(pyo3::intern!(cls.py(), "_layout_"))
        .ok()
        .and_then(|layout| {
            layout
                .cast::<ClassLayout>()
                .ok()
                .map(|l| Arc::clone(&l.get().info))
        })
        .ok_or_else(|| describes_no_type(cls))?;
    match &*info {
        // Incomplete (no `_fields_` yet): the TypeError that says so.
        Info::Struct(layout) if !layout.is_complete() => drop(layout.layout()?),
        Info::Scalar(Kind::Buffer) => {
            return Err(PyTypeError::new_err(
                "c_buffer makes no values: use create_string_buffer(size)",
            ));
        }
        Info::FunctionPointer(_) => {
            return Err(PyTypeError::new_err(format!(
                "{}: a function pointer is made by calling its CFUNCTYPE",
                info.name()
            )));
        }
        _ => {}
    }
    Ok(info)
}

// ANCHOR: call
/// The body of the metaclasses' `tp_call` (`CALL` is the slot): a new
/// reference, or an error.
///
/// # Safety
/// As for any `tp_call`: `cls` is a live class whose metaclass is one of
/// mini-ctypes', `args` a tuple, `kwargs` a dict or NULL, all borrowed.
unsafe fn call(
    py: Python<'_>,
    cls: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> PyResult<*mut ffi::PyObject> {
    // SAFETY: the caller's promise.
    let (class, args, kwargs) = unsafe {
        (
            Borrowed::from_ptr(py, cls).cast_unchecked::<PyType>(),
            Borrowed::from_ptr(py, args).cast_unchecked::<PyTuple>(),
            Borrowed::from_ptr_or_opt(py, kwargs).map(|kw| kw.cast_unchecked::<PyDict>()),
        )
    };
    if !made_by_cdata(&class) {
        // SAFETY: `type`'s tp_call takes the same arguments and returns a
        // new reference or NULL with the error set.
        return unsafe {
            let slot = ffi::PyType_GetSlot(&raw mut ffi::PyType_Type, ffi::Py_tp_call);
            let type_call: ffi::ternaryfunc = std::mem::transmute(slot);
            Bound::from_owned_ptr_or_err(
                py,
                type_call(
                    cls,
                    args.as_ptr(),
                    kwargs.map_or(ptr::null_mut(), |kw| kw.as_ptr()),
                ),
            )
            .map(Bound::into_ptr)
        };
    }
    let mut data = CData::new_owned(py, info_for_new(&class)?)?;
    let kwargs = kwargs.filter(|kwargs| !kwargs.is_empty());
    if !args.is_empty() || kwargs.is_some() {
        // Before the instance exists: its keepalive is ours alone (no
        // borrow), and an error drops what was written with it.
        let address = data.address();
        let CData { info, objects, .. } = &mut data;
        initialise::fill(info, address, objects.get_mut(), &args, kwargs.as_deref())?;
    }
    Ok(instance_of_class(&class, data)?.into_ptr())
}
// ANCHOR_END: call

/// The error for a class that describes no C type: one of the abstract
/// bases (`Structure`, `Array`, ...), which exist to be subclassed.
#[cold]
fn describes_no_type(cls: &Bound<'_, PyType>) -> PyErr {
    let name = cls
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
    let how = if is_array(cls).unwrap_or(false) {
        "make an array type with T * n (a subclass of it needs _type_ and _length_)"
    } else if is_pointer(cls).unwrap_or(false) {
        "make a pointer type with POINTER(T) (a subclass of it needs _type_)"
    } else if is_simple(cls).unwrap_or(false) {
        "its subclasses, such as c_int32, make values (a subclass of it needs _type_)"
    } else {
        return PyTypeError::new_err(format!(
            "{name} has no _fields_: define a subclass with _fields_ to make instances"
        ));
    };
    PyTypeError::new_err(format!("{name} describes no C type: {how}"))
}

/// Whether instances of `cls` are made by `CData.__new__` and filled by
/// `CData.__init__`: no class between them defines either in Python.
/// Read from the class's slots at each call, so a method added later counts.
fn made_by_cdata(cls: &Bound<'_, PyType>) -> bool {
    // SAFETY: GIL held; `class` is a live type object, and tp_new and
    // tp_init are slots every type has (PyType_GetSlot reads them, or NULL).
    let slots = |class: *mut ffi::PyTypeObject| unsafe {
        [ffi::Py_tp_new, ffi::Py_tp_init].map(|which| ffi::PyType_GetSlot(class, which) as usize)
    };
    static OURS: OnceLock<[usize; 2]> = OnceLock::new();
    let ours = OURS.get_or_init(|| slots(cls.py().get_type::<CData>().as_type_ptr()));
    slots(cls.as_type_ptr()) == *ours
}

/// pyo3's own entry for a `tp_call`-shaped slot (as for the `__new__` and
/// `__init__` it replaces): the GIL counted as pyo3's, so that the
/// references an error drops are released at once, a panic caught.
struct Call;

impl pyo3::impl_::trampoline::MethodDef<pyo3::impl_::trampoline::ternaryfunc::Func> for Call {
    const METH: pyo3::impl_::trampoline::ternaryfunc::Func = call;
}

/// The metaclasses' `Py_tp_call` slot (meta.rs).
pub(crate) const CALL: ffi::ternaryfunc = pyo3::impl_::trampoline::ternaryfunc::<Call>;
