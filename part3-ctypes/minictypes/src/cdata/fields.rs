//! `_fields_` into a layout, and a field descriptor (`cfield.rs`) on the
//! class for each field.

use pyo3::exceptions::PyAttributeError;
use pyo3::intern;
use pyo3::sync::PyOnceLock;

use std::sync::Arc;

use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple, PyType};

use super::cfield::{CField, field_of, new_field};
use super::designators::info_of;
use super::info::{ClassLayout, Field, Info, Layout, StructInfo};
use super::object::CData;
use crate::layout::{self, Extent};

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
    // `Structure` and `Union` themselves, and the other abstract bases
    // (`BigEndianStructure`): no description.
    if cls
        .getattr(intern!(py, "__base__"))?
        .is(py.get_type::<CData>())
        || cls
            .getattr(intern!(py, "__dict__"))?
            .contains("_abstract_")?
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
        extent: std::sync::OnceLock::new(),
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
    // A `BigEndianStructure`: every field in the other byte order.
    let swapped = cls.hasattr(intern!(py, "_swappedbytes_"))?;
    let mut parsed = Vec::new();
    for (index, item) in fields.try_iter()?.enumerate() {
        let item = item?;
        let pair = item
            .cast::<PyTuple>()
            .ok()
            .filter(|t| t.len() == 2 || t.len() == 3)
            .ok_or_else(|| {
                PyTypeError::new_err(format!(
                    "{name}._fields_ item {index} must be a (name, type) pair or a (name, type, bits) bit field"
                ))
            })?;
        let field_name: String = pair.get_item(0)?.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "{name}._fields_ item {index}: a field name is a str"
            ))
        })?;
        let field_info = info_of(&pair.get_item(1)?)
            .and_then(|field_info| field_info.check_complete().map(|()| field_info))
            .and_then(|field_info| {
                if swapped {
                    other_endian(&field_info)
                } else {
                    Ok(field_info)
                }
            })
            .map_err(|error| {
                PyTypeError::new_err(format!(
                    "{name}._fields_ '{field_name}': {}",
                    error.value(py)
                ))
            })?;
        let width = if pair.len() == 3 {
            Some(bit_width(
                &field_info,
                &pair.get_item(1)?,
                &pair.get_item(2)?,
            )?)
        } else {
            None
        };
        parsed.push((field_name, field_info, width));
    }
    // A base struct's fields come first, as one member: the new fields
    // start after its size, as if it were the struct's first field.
    let extents: Vec<(Extent, Option<u32>)> = base
        .iter()
        .map(|base| (base.extent(), None))
        .chain(
            parsed
                .iter()
                .map(|(_, info, width)| (info.extent(), *width)),
        )
        .collect();
    let has_bits = extents.iter().any(|(_, width)| width.is_some());
    if has_bits && pack.is_some() {
        return Err(PyTypeError::new_err(format!(
            "{name}: bit fields with _pack_ are not supported by mini-ctypes"
        )));
    }
    let placed = if has_bits {
        layout::place_bit_fields(&extents, info.union)
    } else {
        let plain: Vec<Extent> = extents.iter().map(|(extent, _)| *extent).collect();
        layout::place(&plain, info.union, pack).map(|placed| {
            let none = vec![None; placed.offsets.len()];
            (placed, none)
        })
    };
    let (placed, bits) = placed.map_err(|error| match error {
        layout::LayoutError::BadPack(pack) => {
            PyValueError::new_err(format!("{name}._pack_ must be a power of two, not {pack}"))
        }
        layout::LayoutError::TooLarge => {
            PyOverflowError::new_err(format!("{name} is larger than memory"))
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
    let own_bits = &bits[usize::from(base.is_some())..];
    let layout = Arc::new(Layout {
        fields: inherited
            .into_iter()
            .chain(
                parsed
                    .into_iter()
                    .zip(own_offsets.iter().zip(own_bits))
                    .map(|((name, info, _), (&offset, &bits))| {
                        // A big-endian compiler numbers a unit's bits from
                        // its high end: the first bit field takes the top.
                        let bits = bits.map(|bits| match swapped {
                            true => crate::layout::Bits {
                                shift: 8 * info.extent().size as u32 - bits.shift - bits.width,
                                width: bits.width,
                            },
                            false => bits,
                        });
                        Field {
                            interned: Arc::new(PyString::intern(cls.py(), &name).unbind()),
                            name,
                            info,
                            offset,
                            bits,
                        }
                    }),
            )
            .collect(),
        size: placed.size,
        align: placed.align,
        base,
        packed: pack.is_some(),
    });
    // The descriptors first: if one cannot be set, the struct stays
    // incomplete (and the next assignment may try again).
    let first_own = layout.fields.len() - own_offsets.len();
    for (index, field) in layout.fields.iter().enumerate().skip(first_own) {
        let descriptor = new_field(cls, Arc::clone(&layout), index)?;
        cls.setattr(field.name.as_str(), descriptor)?;
    }
    if let Ok(anonymous) = own.get_item("_anonymous_") {
        promote_anonymous(cls, name, &layout, &anonymous)?;
    }
    if !info.complete(Arc::downgrade(&layout)) {
        return Err(PyAttributeError::new_err("_fields_ is final"));
    }
    Ok(layout)
}

/// A field's type in the other byte order: a number's big-endian twin, an
/// array of them; a struct stays as it is (it says its own byte order).
fn other_endian(info: &Arc<Info>) -> PyResult<Arc<Info>> {
    match &**info {
        Info::Scalar(kind) => kind
            .other_endian()
            .map(|kind| Arc::new(Info::Scalar(kind)))
            .ok_or_else(|| {
                PyTypeError::new_err(format!(
                    "This type does not support other endian: {}",
                    info.name()
                ))
            }),
        Info::Array { element, count } => Ok(Arc::new(Info::Array {
            element: other_endian(element)?,
            count: *count,
        })),
        Info::Struct(_) => Ok(Arc::clone(info)),
        Info::Pointer(_) | Info::FunctionPointer(_) => Err(PyTypeError::new_err(format!(
            "This type does not support other endian: {}",
            info.name()
        ))),
    }
}

/// The width of a bit field `(name, type, bits)`: an integer type (or
/// `c_bool`), from 1 bit to the type's own width, as ctypes says.
fn bit_width(info: &Info, designator: &Bound<'_, PyAny>, bits: &Bound<'_, PyAny>) -> PyResult<u32> {
    let Info::Scalar(kind) = info else {
        return Err(not_for_bits(designator));
    };
    if !(kind.range().is_some() || *kind == crate::types::Kind::Bool) {
        return Err(not_for_bits(designator));
    }
    match bits.extract::<i64>() {
        Ok(width) if width >= 1 && width <= 8 * kind.extent().size as i64 => Ok(width as u32),
        _ => Err(PyValueError::new_err(
            "number of bits invalid for bit field",
        )),
    }
}

fn not_for_bits(designator: &Bound<'_, PyAny>) -> PyErr {
    let name = designator
        .getattr(intern!(designator.py(), "__name__"))
        .map_or_else(|_| "?".to_owned(), |name| name.to_string());
    PyTypeError::new_err(format!("bit fields not allowed for type {name}"))
}

// ANCHOR: anonymous
/// `_anonymous_ = ["u"]`: the fields of member `u` (a struct or union,
/// as C11's anonymous members) are reached as the outer struct's own,
/// `outer.a` for `outer.u.a`, through descriptors at their offsets inside
/// the outer struct. A member's own promoted fields come along.
fn promote_anonymous(
    cls: &Bound<'_, PyType>,
    owner: &str,
    layout: &Arc<Layout>,
    anonymous: &Bound<'_, PyAny>,
) -> PyResult<()> {
    if anonymous.is_instance_of::<pyo3::types::PyString>() || anonymous.try_iter().is_err() {
        return Err(PyTypeError::new_err(format!(
            "{owner}._anonymous_ must be a sequence of field names"
        )));
    }
    for member in anonymous.try_iter()? {
        let member = member?;
        let member: String = member.extract()?;
        let Some(field) = layout.fields.iter().find(|field| field.name == member) else {
            return Err(PyAttributeError::new_err(format!(
                "'{member}' is specified in _anonymous_ but not in _fields_"
            )));
        };
        let Info::Struct(inner) = &*field.info else {
            return Err(PyTypeError::new_err(format!(
                "{owner}._anonymous_ '{member}': only a struct or union member can be anonymous"
            )));
        };
        let inner_class = inner.class(cls.py())?;
        // The member's own anonymous members lend their fields, not themselves.
        let hidden: Vec<String> = match inner_class.getattr(intern!(cls.py(), "_anonymous_")) {
            Ok(names) => names.extract().unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        // Every field descriptor the member's class has, promoted ones
        // included; the outer struct's own fields keep their names.
        for name in inner_class.dir()? {
            let name: String = name.extract()?;
            if hidden.contains(&name) || layout.fields.iter().any(|field| field.name == name) {
                continue;
            }
            let Ok(descriptor) = inner_class.getattr(name.as_str()) else {
                continue;
            };
            let Some(inner_field) = field_of(&descriptor).map(CField::field) else {
                continue;
            };
            let promoted = Field {
                offset: field.offset + inner_field.offset,
                ..inner_field.clone()
            };
            let promoted = Arc::new(Layout {
                fields: vec![promoted],
                size: layout.size,
                align: layout.align,
                base: None,
                packed: layout.packed,
            });
            let descriptor = new_field(cls, promoted, 0)?;
            cls.setattr(name.as_str(), descriptor)?;
        }
    }
    Ok(())
}
// ANCHOR_END: anonymous
