//! `Structure` and `Union`, and their metaclass; the scalar classes
//! (`c_int32`, ...) and theirs.
//!
//! In ctypes, `Sample * 3` is an array type: multiplying a *class* needs a
//! method on the class's class (its metaclass), as `_ctypes` gives its
//! struct classes `PyCStructType`. pyo3 cannot make a metaclass, so this
//! one is built by hand: a subclass of `type` whose additions are
//! `nb_multiply` and a `__setattr__` that sees `_fields_` assigned after the
//! class statement. `Structure` and `Union` are made by calling it, with
//! `CData` (cdata.rs) as their base; each subclass's `_fields_` are turned
//! into a layout and field descriptors when the subclass is created
//! (`CData.__init_subclass__`), or when they are assigned later.

use std::ffi::c_void;
use std::ptr;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyType};

use crate::types::Kind;

use crate::cdata::{self, CData};
use crate::heap_type::{SLOTS_END, c, slot};

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
        // No `__dict__` of their own: a subclass gets one unless it says
        // `__slots__`, as with ctypes' bases.
        namespace.set_item("__slots__", pyo3::types::PyTuple::empty(py))?;
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
    cdata::set_union_base(&union);
    let _ = STRUCTURE.set(py, structure.clone().unbind());
    Ok((structure, union))
}

/// `Structure`, the base a struct class made with no bases gets.
static STRUCTURE: pyo3::sync::PyOnceLock<Py<PyType>> = pyo3::sync::PyOnceLock::new();

/// `StructType(name, (), namespace)`: a class made by calling the
/// metaclass with no bases is a struct, as `class X(Structure)` makes one
/// (without this it would be a plain class whose `_fields_` nobody lays
/// out). Any other call is `type`'s.
unsafe extern "C" fn new_class(
    meta: *mut ffi::PyTypeObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    crate::heap_type::attached(ptr::null_mut(), |py| {
        // SAFETY: GIL held; the interpreter passes a tuple of arguments.
        let given = unsafe { Borrowed::from_ptr(py, args) }.cast::<pyo3::types::PyTuple>()?;
        let no_bases = given.len() == 3
            && given
                .get_item(1)?
                .cast::<pyo3::types::PyTuple>()
                .is_ok_and(|bases| bases.is_empty());
        let args = if no_bases {
            let structure = STRUCTURE.get(py).expect("made with the metaclass").bind(py);
            pyo3::types::PyTuple::new(
                py,
                [
                    given.get_item(0)?,
                    pyo3::types::PyTuple::new(py, [structure])?.into_any(),
                    given.get_item(2)?,
                ],
            )?
        } else {
            given.to_owned()
        };
        // SAFETY: `type`'s tp_new takes these arguments and returns a new
        // reference or NULL with an exception set.
        unsafe {
            let slot = ffi::PyType_GetSlot(&raw mut ffi::PyType_Type, ffi::Py_tp_new);
            let type_new: ffi::newfunc = std::mem::transmute(slot);
            let made = type_new(meta, args.as_ptr(), kwargs);
            Bound::from_owned_ptr_or_err(py, made).map(Bound::into_ptr)
        }
    })
}

/// `BigEndianStructure` and `BigEndianUnion`: their subclasses' fields are
/// stored big-endian (`_swappedbytes_`). The little-endian ones are
/// `Structure` and `Union` themselves, x86-64 being little-endian.
pub(crate) fn add_byte_order_bases(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    for (name, base, little) in [
        ("BigEndianStructure", "Structure", "LittleEndianStructure"),
        ("BigEndianUnion", "Union", "LittleEndianUnion"),
    ] {
        let base = module.getattr(base)?;
        let namespace = PyDict::new(py);
        namespace.set_item("__module__", "minictypes")?;
        namespace.set_item("_swappedbytes_", py.None())?;
        namespace.set_item("_abstract_", true)?; // no layout of its own
        namespace.set_item("__slots__", pyo3::types::PyTuple::empty(py))?;
        let made = base.get_type().call1((name, (&base,), namespace))?;
        module.add(name, made)?;
        module.add(little, base)?;
    }
    Ok(())
}

/// `c_buffer(size)`, `c_buffer(init, size)`: `c_buffer` declares a
/// `Buffer` argument, and calling it makes one, as ctypes' `c_buffer` (an
/// old name of `create_string_buffer`) makes a string buffer. Its
/// `__new__`: the result is a `Buffer`, not an instance of the class.
#[pyfunction]
#[pyo3(signature = (_class, *args))]
fn make_buffer<'py>(
    _class: &Bound<'py, PyAny>,
    args: &Bound<'py, pyo3::types::PyTuple>,
) -> PyResult<Bound<'py, PyAny>> {
    args.py().get_type::<crate::memory::Buffer>().call1(args)
}

/// Makes the scalar classes' metaclass, `_SimpleCData` and one class per
/// kind (`c_int32`, ...), once per process, and adds them to `module`.
/// Each class is made as a user's would be (`class c_int32(_SimpleCData):
/// _type_ = "i"`); `c_buffer`, mini-ctypes' own, has no `_type_` code and
/// is given its description directly, and a `__new__` that makes a Buffer.
pub(crate) fn add_scalar_classes(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    let classes = cdata::record_scalar_classes(py, || {
        // SAFETY: SIMPLE_SPEC is a complete, terminated static.
        let meta = unsafe { metaclass(py, &raw mut SIMPLE_SPEC)? };
        let namespace = PyDict::new(py);
        namespace.set_item("__module__", "minictypes")?;
        namespace.set_item(
            "__doc__",
            "Base of the scalar classes: subclass it with _type_ = one of bBhHiIlLqQfdgc?uzZP.",
        )?;
        namespace.set_item("__slots__", pyo3::types::PyTuple::empty(py))?;
        let base = meta
            .call1(("_SimpleCData", (py.get_type::<CData>(),), namespace))?
            .cast_into::<PyType>()?;
        cdata::set_simple_base(&base);
        let mut made = Vec::new();
        for &kind in Kind::ALL {
            let namespace = PyDict::new(py);
            namespace.set_item("__module__", "minictypes")?;
            match cdata::type_code(kind) {
                Some(code) => namespace.set_item("_type_", code)?,
                None => namespace.set_item("_layout_", cdata::ClassLayout::scalar(kind))?,
            }
            if kind == Kind::Buffer {
                namespace.set_item("__new__", wrap_pyfunction!(make_buffer, py)?)?;
            }
            let class = meta.call1((kind.python_name(), (&base,), namespace))?;
            made.push(class.cast_into::<PyType>()?.unbind());
        }
        Ok(made)
    })?;
    for (&kind, class) in Kind::ALL.iter().zip(classes) {
        let class = class.bind(py);
        // `__ctype_be__` and `__ctype_le__`: the same type in each byte
        // order (x86-64 is little-endian: a native type is its own `_le_`).
        if let Some(other) = kind.other_endian() {
            let other = classes[other as usize].bind(py);
            let (little, big) = if kind.native().is_some() {
                (other, class)
            } else {
                (class, other)
            };
            class.setattr("__ctype_le__", little)?;
            class.setattr("__ctype_be__", big)?;
        }
        // The big-endian twins are reached through `__ctype_be__` only, as in ctypes.
        if kind.native().is_none() {
            module.add(kind.python_name(), class)?;
        }
    }
    let base = classes[0].bind(py).getattr("__base__")?;
    module.add("SimpleType", base.get_type())?;
    module.add("_SimpleCData", base)
}

/// The metaclass `spec` describes, a subclass of `type`.
///
/// # Safety
/// `spec` is a complete `PyType_Spec` whose tables are terminated statics.
unsafe fn metaclass<'py>(
    py: Python<'py>,
    spec: *mut ffi::PyType_Spec,
) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: the caller's promise; the GIL is held.
    unsafe {
        let base = ffi::PyTuple_Pack(1, (&raw mut ffi::PyType_Type).cast::<ffi::PyObject>());
        let base = Bound::from_owned_ptr_or_err(py, base)?;
        Bound::from_owned_ptr_or_err(py, ffi::PyType_FromSpecWithBases(spec, base.as_ptr()))
    }
}

/// `Array` and `_Pointer`, made once per process, with their metaclasses
/// `ArrayType` and `PointerType`; added to `module` with them.
static AGGREGATE_BASES: pyo3::sync::PyOnceLock<(Py<PyType>, Py<PyType>)> =
    pyo3::sync::PyOnceLock::new();

pub(crate) fn add_aggregate_classes(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    let (array, pointer) = AGGREGATE_BASES.get_or_try_init(py, || -> PyResult<_> {
        let make = |spec: *mut ffi::PyType_Spec, name: &str, doc: &str| -> PyResult<Py<PyType>> {
            // SAFETY: both specs below are complete, terminated statics.
            let meta = unsafe { metaclass(py, spec)? };
            let namespace = PyDict::new(py);
            namespace.set_item("__module__", "minictypes")?;
            namespace.set_item("__doc__", doc)?;
            namespace.set_item("__slots__", pyo3::types::PyTuple::empty(py))?;
            Ok(meta
                .call1((name, (py.get_type::<CData>(),), namespace))?
                .cast_into::<PyType>()?
                .unbind())
        };
        let array = make(
            &raw mut ARRAY_SPEC,
            "Array",
            "Base of the array classes (`c_int32 * 3`): subclass it with _type_ and _length_.",
        )?;
        let pointer = make(
            &raw mut POINTER_SPEC,
            "_Pointer",
            "Base of the pointer classes (`POINTER(T)`): subclass it with _type_.",
        )?;
        cdata::set_aggregate_bases(array.bind(py), pointer.bind(py));
        Ok((array, pointer))
    })?;
    module.add("Array", array.bind(py))?;
    module.add("_Pointer", pointer.bind(py))?;
    module.add("ArrayType", array.bind(py).get_type())?;
    module.add("PointerType", pointer.bind(py).get_type())
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
        Ok(cdata::array_of(&class, count)?.into_any().into_ptr())
    })
}

// ANCHOR: setattr
/// `Node._fields_ = [...]` on a struct class: the fields are laid out
/// first, and only if that succeeds does `type` store the attribute (a
/// refused `_fields_` leaves the class as it was). `_layout_` is set once,
/// by mini-ctypes; any other attribute is `type`'s business.
unsafe extern "C" fn set_attribute(
    class: *mut ffi::PyObject,
    name: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
) -> std::ffi::c_int {
    // Cold, and a refused layout drops `Py` values: attached.
    crate::heap_type::attached(-1, |py| {
        // SAFETY: GIL held; the interpreter passes a live class and name.
        let (class, name) =
            unsafe { (Borrowed::from_ptr(py, class), Borrowed::from_ptr(py, name)) };
        if name.eq(pyo3::intern!(py, "_fields_"))? {
            let class = class.cast::<PyType>()?;
            if value.is_null() {
                return Err(pyo3::exceptions::PyAttributeError::new_err(
                    "_fields_ is final",
                ));
            }
            // SAFETY: as above; `value` is not NULL.
            let value = unsafe { Borrowed::from_ptr(py, value) };
            cdata::assign_fields(&class, &value)?;
        } else if name.eq(pyo3::intern!(py, "_layout_"))?
            && class
                .getattr(pyo3::intern!(py, "__dict__"))?
                .contains(pyo3::intern!(py, "_layout_"))?
        {
            // The class owns its layout through this attribute: replacing
            // it would free what its instances are laid out by.
            return Err(pyo3::exceptions::PyAttributeError::new_err(
                "_layout_ is the struct's layout: it cannot be replaced or deleted",
            ));
        }
        // SAFETY: `type` (a static type) has a tp_setattro slot, which
        // takes these arguments and reports errors the usual way.
        Ok(unsafe {
            let slot = ffi::PyType_GetSlot(&raw mut ffi::PyType_Type, ffi::Py_tp_setattro);
            let type_setattro: ffi::setattrofunc = std::mem::transmute(slot);
            type_setattro(class.as_ptr(), name.as_ptr(), value)
        })
    })
}
// ANCHOR_END: setattr

static mut SLOTS: [ffi::PyType_Slot; 7] = [
    slot(
        ffi::Py_tp_doc,
        c(c"The metaclass of Structure and Union: `T * n` makes an array type; `_fields_` may be assigned once after the class statement.") as *mut c_void,
    ),
    slot(ffi::Py_nb_multiply, multiply as *mut c_void),
    slot(ffi::Py_tp_setattro, set_attribute as *mut c_void),
    slot(ffi::Py_tp_new, new_class as *mut c_void),
    slot(ffi::Py_tp_call, cdata::CALL as *mut c_void),
    slot(ffi::Py_tp_methods, (&raw mut CLASS_METHODS).cast()),
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

// ANCHOR: class_methods
/// The methods of a C type's class (`Point.from_address(a)`,
/// `c_int.in_dll(lib, "x")`): methods of its metaclass, as in `_ctypes`, so
/// `dir(type(Structure))` lists them and an instance has none of them. Each
/// entry hands the class and the arguments to its function in
/// `cdata/class_methods.rs`, made into a Python function once.
macro_rules! class_method {
    ($name:literal, $function:path, $doc:literal) => {{
        unsafe extern "C" fn forward(
            class: *mut ffi::PyObject,
            args: *mut ffi::PyObject,
            kwargs: *mut ffi::PyObject,
        ) -> *mut ffi::PyObject {
            static FUNCTION: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();
            crate::heap_type::attached(ptr::null_mut(), |py| {
                let function = FUNCTION.get_or_try_init(py, || {
                    wrap_pyfunction!($function, py).map(|made| made.into_any().unbind())
                })?;
                // SAFETY: GIL held; the interpreter passes the class, a
                // tuple and a dict or NULL, all borrowed.
                let (class, args, kwargs) = unsafe {
                    (
                        Bound::from_borrowed_ptr(py, class),
                        Bound::from_borrowed_ptr(py, args),
                        Bound::from_borrowed_ptr_or_opt(py, kwargs),
                    )
                };
                let mut with_class = vec![class];
                with_class.extend(args.cast::<pyo3::types::PyTuple>()?.iter());
                let args = pyo3::types::PyTuple::new(py, with_class)?;
                let kwargs = kwargs
                    .map(|kwargs| kwargs.cast_into::<PyDict>())
                    .transpose()?;
                Ok(function.bind(py).call(args, kwargs.as_ref())?.into_ptr())
            })
        }
        ffi::PyMethodDef {
            ml_name: c($name),
            ml_meth: ffi::PyMethodDefPointer {
                PyCFunctionWithKeywords: forward,
            },
            ml_flags: ffi::METH_VARARGS | ffi::METH_KEYWORDS,
            ml_doc: c($doc),
        }
    }};
}

static mut CLASS_METHODS: [ffi::PyMethodDef; 6] = [
    class_method!(
        c"in_dll",
        cdata::in_dll,
        c"T.in_dll(library, name): the variable `name` of `library`, in place."
    ),
    class_method!(
        c"from_address",
        cdata::from_address,
        c"T.from_address(address): a T whose bytes are at `address` (unchecked)."
    ),
    class_method!(
        c"from_buffer",
        cdata::from_buffer,
        c"T.from_buffer(source, offset=0): a T living in a writable buffer."
    ),
    class_method!(
        c"from_buffer_copy",
        cdata::from_buffer_copy,
        c"T.from_buffer_copy(source, offset=0): a T holding a copy of the bytes."
    ),
    class_method!(
        c"from_param",
        cdata::from_param,
        c"T.from_param(value): what a call declared with T makes of `value`."
    ),
    ffi::PyMethodDef::zeroed(),
];
// ANCHOR_END: class_methods

/// A metaclass whose one addition to `type` is `T * n`: the scalar,
/// array and pointer classes each have one, so that `type(c_int32)` says
/// what kind of type it is, as `_ctypes`' `PyCSimpleType` and friends do.
macro_rules! multiplying_metaclass {
    ($slots:ident, $spec:ident, $name:literal, $doc:literal) => {
        static mut $slots: [ffi::PyType_Slot; 5] = [
            slot(ffi::Py_tp_doc, c($doc) as *mut c_void),
            slot(ffi::Py_nb_multiply, multiply as *mut c_void),
            slot(ffi::Py_tp_call, cdata::CALL as *mut c_void),
            slot(ffi::Py_tp_methods, (&raw mut CLASS_METHODS).cast()),
            SLOTS_END,
        ];

        static mut $spec: ffi::PyType_Spec = ffi::PyType_Spec {
            name: c($name),
            basicsize: 0,
            itemsize: 0,
            flags: (ffi::Py_TPFLAGS_DEFAULT | ffi::Py_TPFLAGS_BASETYPE) as std::ffi::c_uint,
            slots: (&raw mut $slots).cast(),
        };
    };
}

multiplying_metaclass!(
    SIMPLE_SLOTS,
    SIMPLE_SPEC,
    c"minictypes.SimpleType",
    c"The metaclass of the scalar classes (c_int32, ...): `T * n` makes an array type."
);
multiplying_metaclass!(
    ARRAY_SLOTS,
    ARRAY_SPEC,
    c"minictypes.ArrayType",
    c"The metaclass of the array classes: `T * n` makes an array type of arrays."
);
multiplying_metaclass!(
    POINTER_SLOTS,
    POINTER_SPEC,
    c"minictypes.PointerType",
    c"The metaclass of the pointer classes: `T * n` makes an array type of pointers."
);
