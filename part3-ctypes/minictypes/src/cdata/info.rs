//! What a C type is to mini-ctypes: its layout and its libffi type.

use std::sync::{Arc, OnceLock, Weak};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::layout::Extent;
use crate::types::Kind;

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
    /// A `CFUNCTYPE` as a field's type: the address of C code of that type.
    FunctionPointer(Arc<FunctionPointerType>),
}

/// A function pointer type. Its prototype is `callback.rs`'s `CFuncType`,
/// a floor above: what a value becomes and what bytes become is asked of
/// it through `FunctionPointerHooks`.
pub(crate) struct FunctionPointerType {
    pub(crate) prototype: Py<PyAny>,
    pub(crate) name: String,
}

/// `FunctionPointerHooks::address_of`: (prototype, value, where it goes) to
/// the address and what to keep.
pub(crate) type FieldAddress = for<'py> fn(
    &Bound<'py, PyAny>,
    &Bound<'py, PyAny>,
    crate::naming::Destination<'_>,
) -> PyResult<(u64, Option<Bound<'py, PyAny>>)>;

/// `FunctionPointerHooks::at`: (prototype, address, owner of the bytes) to
/// a function pointer.
pub(crate) type FieldValue =
    for<'py> fn(&Bound<'py, PyAny>, usize, &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>>;

/// How a function pointer field is written and read, set at module init by
/// `lib.rs` to `callback.rs`'s functions.
pub(crate) struct FunctionPointerHooks {
    /// The address `value` gives a field of this prototype (a callback made
    /// by it, or None), and the object to keep alive while it is there.
    pub(crate) address_of: FieldAddress,
    /// The function pointer of this prototype at an address, read from
    /// the bytes of `owner` (which it keeps alive).
    pub(crate) at: FieldValue,
}

static FUNCTION_POINTER_HOOKS: OnceLock<FunctionPointerHooks> = OnceLock::new();

/// Records how function pointer fields are written and read (at module init).
pub(crate) fn handle_function_pointers_with(hooks: FunctionPointerHooks) {
    let _ = FUNCTION_POINTER_HOOKS.set(hooks);
}

/// The hooks (set before any module code runs).
pub(crate) fn function_pointer_hooks() -> &'static FunctionPointerHooks {
    FUNCTION_POINTER_HOOKS.get().expect("set at module init")
}

/// A `Structure` or `Union` subclass.
pub(crate) struct StructInfo {
    pub(crate) name: String,
    /// The Python class, to make instances (views) of it. Weak: the class
    /// holds this description (in `_layout_` and its fields), so a strong
    /// reference back would be a cycle the garbage collector cannot see
    /// through Rust, and every struct class would leak.
    pub(crate) class: Py<pyo3::types::PyWeakrefReference>,
    pub(crate) union: bool,
    /// What `_fields_` became. Set once: in the class body, or later for a
    /// struct that must point to itself (`Node._fields_ = [..., ("next",
    /// POINTER(Node))]`); until then the struct is *incomplete*, and only
    /// pointers to it can be made.
    ///
    /// Weak: the class owns its layout (in `_layout_` and its fields). A
    /// strong reference here would make `Node` a cycle of Rust `Arc`s
    /// (layout, field `next`, `POINTER(Node)`, this description, layout) that
    /// nothing can collect.
    pub(super) layout: OnceLock<Weak<Layout>>,
    /// The layout's size and alignment, kept when it is set: `extent` is
    /// asked for every write and every new instance, and reading it here
    /// costs no reference count (the layout itself is behind a `Weak`).
    pub(super) extent: OnceLock<Extent>,
}

/// The fields, with their offsets, and the whole struct's size and alignment.
pub(crate) struct Layout {
    /// Every field, a base struct's first.
    pub(crate) fields: Vec<Field>,
    pub(crate) size: usize,
    pub(crate) align: usize,
    /// The base struct a subclass extends (`class Y(X)` with `_fields_` of
    /// its own): its fields are the first ones, laid out as in `X`.
    pub(crate) base: Option<Arc<Info>>,
    /// Whether `_pack_` was given (the buffer protocol then describes the
    /// struct as plain bytes, as ctypes does).
    pub(crate) packed: bool,
}

#[derive(Clone)]
pub(crate) struct Field {
    pub(crate) name: String,
    /// The same name as an interned str: the keyword in `Point(x=1)` is
    /// usually this very object, found by its address (shared: a field is
    /// cloned without the GIL).
    pub(crate) interned: Arc<Py<pyo3::types::PyString>>,
    pub(crate) info: Arc<Info>,
    pub(crate) offset: usize,
    /// For a bit field: which bits of the integer at `offset` it is.
    pub(crate) bits: Option<crate::layout::Bits>,
}
// ANCHOR_END: info

impl StructInfo {
    /// The fields and layout, or TypeError while the struct is incomplete.
    pub(crate) fn layout(&self) -> PyResult<Arc<Layout>> {
        let Some(layout) = self.layout.get() else {
            return Err(PyTypeError::new_err(format!(
                "{0} is incomplete: assign {0}._fields_ first",
                self.name
            )));
        };
        layout.upgrade().ok_or_else(|| {
            PyTypeError::new_err(format!("the class {} no longer exists", self.name))
        })
    }

    /// The layout, if the struct is complete and its class alive.
    pub(crate) fn live_layout(&self) -> Option<Arc<Layout>> {
        self.layout.get().and_then(Weak::upgrade)
    }

    /// Completes the struct; the class keeps `layout` alive (`_layout_`).
    pub(super) fn complete(&self, layout: Weak<Layout>) -> bool {
        if let Some(live) = layout.upgrade() {
            let _ = self.extent.set(Extent {
                size: live.size,
                align: live.align,
            });
        }
        self.layout.set(layout).is_ok()
    }

    pub(crate) fn is_complete(&self) -> bool {
        self.layout.get().is_some()
    }

    /// The struct's class, while it exists (its instances, its `_fields_`
    /// users and its array types all outlive it only if it was deleted).
    pub(crate) fn class<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyType>> {
        use pyo3::types::PyWeakrefMethods;
        match self.class.bind(py).upgrade() {
            Some(class) => Ok(class.cast_into::<PyType>()?),
            None => Err(PyTypeError::new_err(format!(
                "the class {} no longer exists",
                self.name
            ))),
        }
    }
}

/// Messages name a type as Python spells it (`c_int * 3`).
impl std::fmt::Display for Info {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

impl Info {
    /// Size and alignment, as the C compiler has them.
    pub(crate) fn extent(&self) -> Extent {
        match self {
            Self::Scalar(kind) => kind.extent(),
            Self::Array { element, count } => {
                let element = element.extent();
                Extent {
                    // Checked when the array type was made.
                    size: element.size * count,
                    align: element.align,
                }
            }
            // Never used for an incomplete struct (whatever places or
            // allocates one calls `check_complete` first): zero there.
            Self::Struct(info) => info
                .extent
                .get()
                .copied()
                .unwrap_or(Extent { size: 0, align: 1 }),
            Self::Pointer(_) | Self::FunctionPointer(_) => Extent { size: 8, align: 8 },
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
            Self::Pointer(_) | Self::FunctionPointer(_) => Type::pointer(),
            Self::Array { element, count } => {
                Type::structure(std::iter::repeat_with(|| element.ffi_type()).take(*count))
            }
            Self::Struct(info) => {
                // Complete: `check_by_value` ran when the type was declared.
                let layout = info.live_layout();
                let Some(layout) = layout else {
                    return Type::structure([]);
                };
                // A subclass's base is one member (its padding kept), then
                // the subclass's own fields.
                let inherited = match &layout.base {
                    Some(base) => match &**base {
                        Info::Struct(base) => base.live_layout().map_or(0, |l| l.fields.len()),
                        _ => 0,
                    },
                    None => 0,
                };
                Type::structure(
                    layout
                        .base
                        .iter()
                        .map(|base| base.ffi_type())
                        .chain(
                            layout.fields[inherited..]
                                .iter()
                                .map(|field| field.info.ffi_type()),
                        )
                        .collect::<Vec<_>>(),
                )
            }
        }
    }
    // ANCHOR_END: ffi_type

    /// Refuses what libffi cannot pass by value: a union (libffi has no
    /// union type), an empty struct, or either nested inside.
    pub(crate) fn check_by_value(&self) -> PyResult<()> {
        self.check_complete()?;
        match self {
            Self::Struct(info) if info.union => Err(PyTypeError::new_err(format!(
                "{} is a Union: mini-ctypes passes unions by pointer only (libffi has no union type)",
                info.name
            ))),
            Self::Struct(info) => {
                let layout = info.layout()?;
                if layout.fields.iter().any(|field| field.bits.is_some()) {
                    return Err(PyTypeError::new_err(format!(
                        "{} has bit fields: mini-ctypes passes it by pointer only",
                        info.name
                    )));
                }
                if layout.fields.is_empty() {
                    return Err(PyTypeError::new_err(format!(
                        "{} has no fields: C has no empty struct to pass",
                        info.name
                    )));
                }
                layout
                    .fields
                    .iter()
                    .try_for_each(|field| field.info.check_by_value())
            }
            Self::Array { element, .. } => element.check_by_value(),
            Self::Scalar(kind) => kind.check_in_calls(),
            Self::Pointer(_) | Self::FunctionPointer(_) => Ok(()),
        }
    }

    /// Refuses a type whose size is not known yet: an incomplete struct,
    /// or an array of one. (A pointer to one is fine: 8 bytes.)
    pub(crate) fn check_complete(&self) -> PyResult<()> {
        match self {
            Self::Struct(info) => info.layout().map(|_| ()),
            Self::Array { element, .. } => element.check_complete(),
            Self::Scalar(_) | Self::Pointer(_) | Self::FunctionPointer(_) => Ok(()),
        }
    }

    /// The C spelling, for messages and reprs.
    pub(crate) fn name(&self) -> String {
        match self {
            Self::Scalar(kind) => kind.python_name().to_owned(),
            Self::Array { element, count } => format!("{} * {count}", element.name()),
            Self::Struct(info) => info.name.clone(),
            Self::Pointer(target) => format!("POINTER({})", target.name()),
            Self::FunctionPointer(function) => function.name.clone(),
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
            (Self::FunctionPointer(a), Self::FunctionPointer(b)) => a.prototype.is(&b.prototype),
            _ => false,
        }
    }
}

/// A struct class's computed layout, stored on the class as `_layout_`.
#[pyclass(module = "minictypes", frozen)]
pub(crate) struct ClassLayout {
    pub(crate) info: Arc<Info>,
    /// The struct's layout, owned here (the description refers to it weakly).
    pub(super) layout: OnceLock<Arc<Layout>>,
}

impl ClassLayout {
    /// The description a scalar class (`c_int32`, or a subclass) carries.
    pub(crate) fn scalar(kind: Kind) -> Self {
        Self::of(Arc::new(Info::Scalar(kind)))
    }

    /// The description of an array or pointer class (or a scalar's).
    pub(crate) fn of(info: Arc<Info>) -> Self {
        Self {
            info,
            layout: OnceLock::new(),
        }
    }
}

/// The class of each scalar kind (`c_int32` for `Kind::I32`), in
/// `Kind::ALL` order: made once per process by `meta.rs` (the floor that
/// can build a metaclass) and recorded here, so that a value read from C
/// memory becomes an instance of its class.
static SCALAR_CLASSES: pyo3::sync::PyOnceLock<Vec<Py<PyType>>> = pyo3::sync::PyOnceLock::new();

/// Records the scalar classes (first call wins: every module of the
/// process shares them, so `c_int32` is one class everywhere).
pub(crate) fn record_scalar_classes<'py>(
    py: Python<'py>,
    make: impl FnOnce() -> PyResult<Vec<Py<PyType>>>,
) -> PyResult<&'py [Py<PyType>]> {
    SCALAR_CLASSES.get_or_try_init(py, make).map(Vec::as_slice)
}

/// The class of a scalar kind, once recorded.
pub(crate) fn scalar_class(py: Python<'_>, kind: Kind) -> Option<Bound<'_, PyType>> {
    SCALAR_CLASSES
        .get(py)
        .and_then(|classes| classes.get(kind as usize))
        .map(|class| class.bind(py).clone())
}

/// How an array or pointer class is found or made: `aggregates.rs` (a
/// floor above) records its function here at module init.
type AggregateClass = for<'py> fn(Python<'py>, &Info) -> PyResult<Bound<'py, PyType>>;
static AGGREGATE_CLASS: OnceLock<AggregateClass> = OnceLock::new();

pub(crate) fn make_aggregate_classes_with(make: AggregateClass) {
    let _ = AGGREGATE_CLASS.set(make);
}

/// The Python class whose instances are C data of `info`: a struct's own
/// class, a scalar's class, an array's or a pointer's (found or made).
/// None only before the module has made its classes.
pub(crate) fn class_of<'py>(py: Python<'py>, info: &Info) -> PyResult<Option<Bound<'py, PyType>>> {
    match info {
        Info::Struct(layout) => layout.class(py).map(Some),
        Info::Scalar(kind) => Ok(scalar_class(py, *kind)),
        // A prototype is an object, not a class.
        Info::FunctionPointer(_) => Ok(None),
        Info::Array { .. } | Info::Pointer(_) => {
            if let Some(class) = described_by(py, info) {
                return Ok(Some(class));
            }
            match AGGREGATE_CLASS.get() {
                Some(make) => make(py, info).map(Some),
                None => Ok(None),
            }
        }
    }
}

// ANCHOR: described_by
/// Array and pointer classes by the description they carry: a class's
/// `_layout_` is the one `Arc` that its fields, elements and views share,
/// so a view finds its class by that `Arc`'s address, without asking the
/// element's class. Each entry holds the description weakly (its memory,
/// and so its address, stays reserved while the entry exists) and the
/// class weakly (a dead class is made again by `aggregates.rs`).
type ClassesByInfo =
    std::collections::HashMap<usize, (Weak<Info>, Py<pyo3::types::PyWeakrefReference>)>;
static CLASSES_BY_INFO: std::sync::Mutex<Option<ClassesByInfo>> = std::sync::Mutex::new(None);

/// Records `class` as the class `info` (its `_layout_`) describes.
pub(crate) fn describes(info: &Arc<Info>, class: &Bound<'_, PyType>) -> PyResult<()> {
    let reference = pyo3::types::PyWeakrefReference::new(class)?.unbind();
    let mut table = CLASSES_BY_INFO
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let table = table.get_or_insert_with(Default::default);
    // Entries of dead classes go when the table would grow past twice its
    // live size: a program that makes types in a loop does not fill it.
    if table.len() >= 64 && table.len().is_power_of_two() {
        table.retain(|_, (_, class)| {
            Python::attach(|py| {
                use pyo3::types::PyWeakrefMethods;
                class.bind(py).upgrade().is_some()
            })
        });
    }
    table.insert(
        Arc::as_ptr(info) as usize,
        (Arc::downgrade(info), reference),
    );
    Ok(())
}

fn described_by<'py>(py: Python<'py>, info: &Info) -> Option<Bound<'py, PyType>> {
    use pyo3::types::PyWeakrefMethods;
    let table = CLASSES_BY_INFO.lock().ok()?;
    let (_, class) = table.as_ref()?.get(&(std::ptr::from_ref(info) as usize))?;
    class.bind(py).upgrade()?.cast_into::<PyType>().ok()
}
// ANCHOR_END: described_by

/// What a class describes (its `_layout_`: a struct's, a scalar's, an
/// array's or a pointer's), if it is one of mini-ctypes' classes.
pub(crate) fn described(class: &Bound<'_, PyAny>) -> Option<Arc<Info>> {
    if !class.is_instance_of::<PyType>() {
        return None;
    }
    let layout = class.getattr(pyo3::intern!(class.py(), "_layout_")).ok()?;
    Some(Arc::clone(&layout.cast::<ClassLayout>().ok()?.get().info))
}
