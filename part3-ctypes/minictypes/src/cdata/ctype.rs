//! Scalar types as classes, as `_ctypes` has them: `c_int32` is a class
//! (its metaclass is `meta.rs`'s `SimpleType`), a subclass of
//! `_SimpleCData`, itself a subclass of `CData`; `c_int32(5)` is an instance
//! whose 4 bytes hold 5. A scalar class is described by its one-letter
//! `_type_` code (the `struct` module's letters, as in ctypes): the class
//! statement turns it into the class's `_layout_`, so `class MyInt(c_int32)`
//! and `class Int(_SimpleCData): _type_ = "i"` both work.

use pyo3::prelude::*;

use pyo3::exceptions::{PyAttributeError, PyTypeError, PyValueError};
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

use super::info::{ClassLayout, Info};
use super::object::CData;
use crate::types::Kind;

// ANCHOR: codes
/// `_type_` codes, as ctypes spells them; the first code of a kind is the
/// one its class carries (`c_int64._type_ == "l"`: `long` on LP64).
const CODES: [(&str, Kind); 19] = [
    ("b", Kind::I8),
    ("B", Kind::U8),
    ("h", Kind::I16),
    ("H", Kind::U16),
    ("i", Kind::I32),
    ("I", Kind::U32),
    ("l", Kind::I64),
    ("L", Kind::U64),
    ("q", Kind::I64),
    ("Q", Kind::U64),
    ("f", Kind::F32),
    ("d", Kind::F64),
    ("g", Kind::LongDouble),
    ("c", Kind::Char),
    ("?", Kind::Bool),
    ("u", Kind::WChar),
    ("z", Kind::CharP),
    ("Z", Kind::WCharP),
    ("P", Kind::VoidP),
];
// ANCHOR_END: codes

/// The `_type_` code of a kind (`c_buffer`, mini-ctypes' own, has none).
pub(crate) fn type_code(kind: Kind) -> Option<&'static str> {
    CODES
        .iter()
        .find(|(_, k)| *k == kind)
        .map(|(code, _)| *code)
}

/// `_SimpleCData`, the base of every scalar class. `meta.rs` (the floor
/// above) makes it and records it here once.
static SIMPLE_BASE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Records `_SimpleCData` (at module init, by `meta::make_scalar_classes`).
pub(crate) fn set_simple_base(base: &Bound<'_, PyType>) {
    SIMPLE_BASE.get_or_init(base.py(), || base.clone().unbind());
}

/// Whether `cls` is a scalar class (a subclass of `_SimpleCData`).
pub(crate) fn is_simple(cls: &Bound<'_, PyType>) -> PyResult<bool> {
    match SIMPLE_BASE.get(cls.py()) {
        Some(base) => cls.is_subclass(base.bind(cls.py())),
        None => Ok(false),
    }
}

/// Runs when a scalar class is created (`CData.__init_subclass__`): its
/// `_type_` becomes its `_layout_`. A subclass of a scalar class inherits
/// both; `_SimpleCData` itself has neither.
pub(crate) fn define_simple(cls: &Bound<'_, PyType>) -> PyResult<()> {
    let py = cls.py();
    let own = cls.getattr(pyo3::intern!(py, "__dict__"))?;
    if own.contains("_layout_")?
        || cls
            .getattr(pyo3::intern!(py, "__base__"))?
            .is(cls.py().get_type::<CData>())
    {
        return Ok(());
    }
    let code = match cls.getattr(pyo3::intern!(py, "_type_")) {
        Ok(code) => code,
        Err(_) => {
            return Err(PyAttributeError::new_err(
                "class must define a '_type_' attribute",
            ));
        }
    };
    if !own.contains("_type_")? {
        return Ok(()); // a subclass of c_int32 and friends: inherited
    }
    let Ok(code) = code.extract::<String>() else {
        return Err(PyTypeError::new_err(
            "class must define a '_type_' string attribute",
        ));
    };
    let Some(&(_, kind)) = CODES.iter().find(|(c, _)| *c == code) else {
        return Err(PyValueError::new_err(format!(
            "type '{code}' not supported by mini-ctypes (one of {})",
            CODES.iter().map(|(c, _)| *c).collect::<String>()
        )));
    };
    cls.setattr("_layout_", ClassLayout::scalar(kind))
}

/// The kind a scalar class stands for (`c_int32` -> `Kind::I32`), or None
/// for anything else.
pub(crate) fn kind_of(designator: &Bound<'_, PyAny>) -> Option<Kind> {
    if !designator.is_instance_of::<PyType>() {
        return None;
    }
    let layout = designator
        .getattr(pyo3::intern!(designator.py(), "_layout_"))
        .ok()?;
    match &*layout.cast::<ClassLayout>().ok()?.get().info {
        Info::Scalar(kind) => Some(*kind),
        _ => None,
    }
}

/// ctypes' C-named types, as the sizes they have on 64-bit Linux (LP64):
/// the same objects as the fixed-width ones (`c_int is c_int32`, as in ctypes).
pub(crate) fn add_aliases(module: &Bound<'_, pyo3::types::PyModule>) -> PyResult<()> {
    use pyo3::types::PyModuleMethods;
    const ALIASES: [(&str, &str); 13] = [
        ("c_byte", "c_int8"),
        ("c_ubyte", "c_uint8"),
        ("c_short", "c_int16"),
        ("c_ushort", "c_uint16"),
        ("c_int", "c_int32"),
        ("c_uint", "c_uint32"),
        ("c_long", "c_int64"),
        ("c_ulong", "c_uint64"),
        ("c_longlong", "c_int64"),
        ("c_ulonglong", "c_uint64"),
        ("c_size_t", "c_uint64"),
        ("c_ssize_t", "c_int64"),
        ("c_voidp", "c_void_p"), // ctypes keeps it "for backwards compatibility"
    ];
    for (alias, name) in ALIASES {
        module.add(alias, module.getattr(name)?)?;
    }
    Ok(())
}
