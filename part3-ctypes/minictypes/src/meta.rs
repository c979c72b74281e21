//! `Structure` and `Union`, and their metaclass.
//!
//! In ctypes, `Sample * 3` is an array type: multiplying a *class* needs a
//! method on the class's class (its metaclass), as `_ctypes` gives its
//! struct classes `PyCStructType`. pyo3 cannot make a metaclass, so this
//! one is built by hand: a subclass of `type` whose only addition is
//! `nb_multiply`. `Structure` and `Union` are made by calling it, with
//! `CData` (cdata.rs) as their base; each subclass's `_fields_` are turned
//! into a layout and field descriptors when the subclass is created
//! (`CData.__init_subclass__`).

use std::ffi::c_void;
use std::ptr;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

use crate::cdata::{self, CData};
use crate::heap_type::{SLOTS_END, c, slot};

static UNION: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Makes the metaclass, then `Structure` and `Union` (at module init).
pub(crate) fn make_bases(py: Python<'_>) -> PyResult<(Bound<'_, PyType>, Bound<'_, PyType>)> {
    // SAFETY: SPEC is a complete, terminated static; `type` is the base.
    let meta = unsafe {
        let base = ffi::PyTuple_Pack(1, (&raw mut ffi::PyType_Type).cast::<ffi::PyObject>());
        let base = Bound::from_owned_ptr_or_err(py, base)?;
        Bound::from_owned_ptr_or_err(
            py,
            ffi::PyType_FromSpecWithBases(&raw mut SPEC, base.as_ptr()),
        )?
    };
    let make = |name: &str, doc: &str| -> PyResult<Bound<'_, PyType>> {
        let namespace = PyDict::new(py);
        namespace.set_item("__module__", "minictypes")?;
        namespace.set_item("__doc__", doc)?;
        let bases = (py.get_type::<CData>(),);
        Ok(meta
            .call1((name, bases, namespace))?
            .cast_into::<PyType>()?)
    };
    let structure = make(
        "Structure",
        "Base of C structs: subclass it with _fields_ = [(name, type), ...].",
    )?;
    let union = make("Union", "Base of C unions: every field at offset 0.")?;
    UNION.get_or_init(py, || union.clone().unbind());
    Ok((structure, union))
}

/// Whether `cls` is a Union subclass (its fields overlap).
pub(crate) fn is_union(cls: &Bound<'_, PyType>) -> PyResult<bool> {
    match UNION.get(cls.py()) {
        Some(union) => cls.is_subclass(union.bind(cls.py())),
        None => Ok(false),
    }
}

/// `Sample * 3` (or `3 * Sample`): an array type.
unsafe extern "C" fn multiply(
    left: *mut ffi::PyObject,
    right: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    crate::heap_type::entered(ptr::null_mut(), |py| {
        // SAFETY: GIL held; both operands are live objects.
        let (left, right) =
            unsafe { (Borrowed::from_ptr(py, left), Borrowed::from_ptr(py, right)) };
        let (class, count) = if left.is_instance_of::<PyType>() {
            (left, right)
        } else {
            (right, left)
        };
        let Ok(count) = count.extract::<isize>() else {
            return Ok(py.NotImplemented().into_ptr());
        };
        Ok(Bound::new(py, cdata::array_of(&class, count)?)?.into_ptr())
    })
}

static mut SLOTS: [ffi::PyType_Slot; 3] = [
    slot(
        ffi::Py_tp_doc,
        c(c"The metaclass of Structure and Union: `T * n` makes an array type.") as *mut c_void,
    ),
    slot(ffi::Py_nb_multiply, multiply as *mut c_void),
    SLOTS_END,
];

static mut SPEC: ffi::PyType_Spec = ffi::PyType_Spec {
    name: c(c"minictypes.StructType"),
    // 0: the same instance layout as `type` (a class object), nothing added.
    basicsize: 0,
    itemsize: 0,
    flags: (ffi::Py_TPFLAGS_DEFAULT | ffi::Py_TPFLAGS_BASETYPE) as std::ffi::c_uint,
    slots: (&raw mut SLOTS).cast(),
};
