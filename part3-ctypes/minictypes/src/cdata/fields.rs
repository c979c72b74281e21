//! `_fields_` into a layout, and the field descriptors that read and
//! write an instance's bytes.

use pyo3::exceptions::PyAttributeError;
use pyo3::intern;
use pyo3::sync::PyOnceLock;

use std::sync::Arc;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyTuple, PyType};

use super::designators::info_of;
use super::info::{ClassLayout, Field, Info, Layout, StructInfo};
use super::object::CData;
use super::values::{read, store};
use crate::layout::{self, Extent};
use crate::naming::Destination;

/// The `Union` base class. `meta.rs` (the floor above) makes it and
/// records it here once; defining a subclass asks whether its fields overlap.
static UNION: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Records the `Union` base class (at module init, by `meta::make_bases`).
pub(crate) fn set_union_base(union: &Bound<'_, PyType>) {
    UNION.get_or_init(union.py(), || union.clone().unbind());
}

/// Whether `cls` is a Union subclass (its fields overlap).
pub(crate) fn is_union(cls: &Bound<'_, PyType>) -> PyResult<bool> {
    match UNION.get(cls.py()) {
        Some(union) => cls.is_subclass(union.bind(cls.py())),
        None => Ok(false),
    }
}

// ---------------------------------------------------------------- defining a struct

/// Runs when a `Structure` or `Union` subclass is created (from
/// `CData.__init_subclass__`): gives the class its description, `_layout_`,
/// complete if the class body has `_fields_`, incomplete if not.
pub(crate) fn define(cls: &Bound<'_, PyType>, union: bool) -> PyResult<()> {
    let py = cls.py();
    // `Structure` and `Union` themselves: abstract bases, no description.
    if cls
        .getattr(intern!(py, "__base__"))?
        .is(py.get_type::<CData>())
    {
        return Ok(());
    }
    let own = cls.getattr(intern!(py, "__dict__"))?;
    let fields = own.get_item("_fields_").ok();
    // A subclass of a struct, adding nothing: the base's layout.
    if fields.is_none() && inherited_layout(cls)?.is_some() {
        return Ok(());
    }
    describe(cls, union, fields.as_ref())
}

/// Gives `cls` a description of its own, laid out from `fields` if given
/// (after its base struct's fields, if it has one, as ctypes does).
fn describe(
    cls: &Bound<'_, PyType>,
    union: bool,
    fields: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    let py = cls.py();
    let base = inherited_layout(cls)?.map(|base| Arc::new(Info::Struct(base)));
    if let Some(base) = &base {
        base.check_complete()?;
    }
    let info = Arc::new(StructInfo {
        name: cls.name()?.to_string(),
        class: pyo3::types::PyWeakrefReference::new(cls)?.unbind(),
        union,
        layout: std::sync::OnceLock::new(),
    });
    let class_layout = ClassLayout {
        info: Arc::new(Info::Struct(Arc::clone(&info))),
        layout: std::sync::OnceLock::new(),
    };
    if let Some(fields) = fields {
        let layout = complete(cls, &info, fields, base)?;
        let _ = class_layout.layout.set(layout);
    }
    cls.setattr(intern!(py, "_layout_"), class_layout)
}

/// The description `cls` inherits from a struct base class, if any.
fn inherited_layout(cls: &Bound<'_, PyType>) -> PyResult<Option<Arc<StructInfo>>> {
    let Ok(layout) = cls.getattr(intern!(cls.py(), "_layout_")) else {
        return Ok(None);
    };
    match &*layout.cast::<ClassLayout>()?.get().info {
        Info::Struct(info) => Ok(Some(Arc::clone(info))),
        _ => Ok(None),
    }
}

// ANCHOR: late_fields
/// `Node._fields_ = [...]` after the class statement (the metaclass's
/// `__setattr__` calls this before storing the attribute): completes an
/// incomplete struct, once. Anything else keeps ctypes' rule that
/// `_fields_` is final.
pub(crate) fn assign_fields(cls: &Bound<'_, PyType>, fields: &Bound<'_, PyAny>) -> PyResult<()> {
    let layout = cls
        .getattr(intern!(cls.py(), "__dict__"))?
        .get_item("_layout_")
        .ok();
    let (class_layout, info) = match layout.as_ref().map(|l| l.cast::<ClassLayout>()) {
        Some(Ok(class_layout)) => match &*class_layout.get().info {
            Info::Struct(info) if !info.is_complete() => (class_layout.get(), Arc::clone(info)),
            _ => return Err(PyAttributeError::new_err("_fields_ is final")),
        },
        // A subclass of a complete struct, with no fields of its own yet:
        // they go after its base's.
        _ if inherited_layout(cls)?.is_some() => {
            check_no_subclasses(cls)?;
            return describe(cls, is_union(cls)?, Some(fields));
        }
        // Structure or Union themselves.
        _ => {
            return Err(PyAttributeError::new_err(format!(
                "{}._fields_ cannot be set: only a subclass of Structure or Union has fields",
                cls.name()?
            )));
        }
    };
    // An incomplete struct of its own has no base struct (a subclass of
    // one shares its base's description until given fields).
    check_no_subclasses(cls)?;
    let layout = complete(cls, &info, fields, None)?;
    let _ = class_layout.layout.set(layout); // the class keeps its layout from now on
    Ok(())
}
// ANCHOR_END: late_fields

/// A subclass was laid out from this class as it is: ctypes makes its
/// `_fields_` final then, and so does mini-ctypes.
fn check_no_subclasses(cls: &Bound<'_, PyType>) -> PyResult<()> {
    if cls
        .call_method0(intern!(cls.py(), "__subclasses__"))?
        .is_empty()?
    {
        return Ok(());
    }
    Err(PyAttributeError::new_err(
        "_fields_ is final: the class has subclasses",
    ))
}

/// Lays out `fields` for `info`, adds their descriptors to `cls`, and
/// returns the layout for the class to keep.
fn complete(
    cls: &Bound<'_, PyType>,
    info: &Arc<StructInfo>,
    fields: &Bound<'_, PyAny>,
    base: Option<Arc<Info>>,
) -> PyResult<Arc<Layout>> {
    let py = cls.py();
    let name = &info.name;
    let own = cls.getattr("__dict__")?;
    if own.contains("_anonymous_")? {
        return Err(PyTypeError::new_err(format!(
            "{name}._anonymous_: anonymous members are not supported by mini-ctypes; name the member"
        )));
    }
    let pack = match own.get_item("_pack_") {
        // 0 means no packing, as in ctypes; C's `#pragma pack` takes an int.
        Ok(pack) => match pack.extract::<i64>() {
            Ok(0) => None,
            Ok(pack @ 1..=0x7fff_ffff) => Some(pack as usize),
            _ => {
                return Err(PyValueError::new_err(format!(
                    "{name}._pack_ must be an int from 0 to 2**31 - 1, not {}",
                    pack.repr()?
                )));
            }
        },
        Err(_) => None,
    };
    let mut parsed = Vec::new();
    for (index, item) in fields.try_iter()?.enumerate() {
        let item = item?;
        if let Ok(triple) = item.cast::<PyTuple>()
            && triple.len() == 3
        {
            return Err(PyTypeError::new_err(format!(
                "{name}._fields_ '{}': bit fields are not supported by mini-ctypes",
                triple.get_item(0)?
            )));
        }
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
        let field_info = info_of(&pair.get_item(1)?)
            .and_then(|field_info| field_info.check_complete().map(|()| field_info))
            .map_err(|error| {
                PyTypeError::new_err(format!(
                    "{name}._fields_ '{field_name}': {}",
                    error.value(py)
                ))
            })?;
        parsed.push((field_name, field_info));
    }
    // A base struct's fields come first, as one member: the new fields
    // start after its size, as if it were the struct's first field.
    let extents: Vec<Extent> = base
        .iter()
        .map(|base| base.extent())
        .chain(parsed.iter().map(|(_, info)| info.extent()))
        .collect();
    let placed = layout::place(&extents, info.union, pack).map_err(|error| match error {
        layout::LayoutError::BadPack(pack) => {
            PyValueError::new_err(format!("{name}._pack_ must be a power of two, not {pack}"))
        }
        layout::LayoutError::TooLarge => {
            PyValueError::new_err(format!("{name} is larger than memory"))
        }
    })?;
    let inherited = match &base {
        Some(base) => match &**base {
            Info::Struct(base) => base.layout()?.fields.clone(),
            _ => Vec::new(),
        },
        None => Vec::new(),
    };
    let own_offsets = &placed.offsets[usize::from(base.is_some())..];
    let layout = Arc::new(Layout {
        fields: inherited
            .into_iter()
            .chain(
                parsed
                    .into_iter()
                    .zip(own_offsets)
                    .map(|((name, info), &offset)| Field { name, info, offset }),
            )
            .collect(),
        size: placed.size,
        align: placed.align,
        base,
    });
    // The descriptors first: if one cannot be set, the struct stays
    // incomplete (and the next assignment may try again).
    let first_own = layout.fields.len() - own_offsets.len();
    for (index, field) in layout.fields.iter().enumerate().skip(first_own) {
        let descriptor = CField {
            owner: name.clone(),
            layout: Arc::clone(&layout),
            index,
        };
        cls.setattr(field.name.as_str(), descriptor)?;
    }
    if !info.complete(Arc::downgrade(&layout)) {
        return Err(PyAttributeError::new_err("_fields_ is final"));
    }
    Ok(layout)
}

// ANCHOR: field
/// A field descriptor: `Point.x`. On the class it describes the field
/// (`offset`, `size`); on an instance it reads or writes the bytes.
#[pyclass(module = "minictypes", frozen, name = "CField")]
pub(crate) struct CField {
    /// The struct's name, for messages.
    owner: String,
    layout: Arc<Layout>,
    index: usize,
}

impl CField {
    fn field(&self) -> &Field {
        &self.layout.fields[self.index]
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
        let data = instance.cast::<CData>()?;
        let address = data.borrow().address() + field.offset;
        let place = Destination::Field {
            owner: &self.owner,
            name: &field.name,
        };
        store(data, &field.info, address, value, place)
    }
    // ANCHOR_END: field

    /// `del s.field`: a field is bytes in the struct, which cannot be
    /// removed; TypeError, as ctypes says.
    fn __delete__(&self, _instance: &Bound<'_, PyAny>) -> PyResult<()> {
        Err(PyTypeError::new_err(format!(
            "cannot delete field '{}' of {}: a struct's fields are always there",
            self.field().name,
            self.owner
        )))
    }

    fn __repr__(&self) -> String {
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
