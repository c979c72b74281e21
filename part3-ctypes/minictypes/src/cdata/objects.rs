//! `_objects`: what an instance keeps alive, shown the way ctypes shows it.
//!
//! mini-ctypes files what it keeps by the bytes that point into it
//! (`keepalive.rs`). ctypes files the same objects in a dict keyed by the
//! path of indices that leads to those bytes, innermost first, in hex:
//! `"0:2"` is element 0 of field 2. CPython's tests read `_objects` (ctypes
//! calls it a debugging aid), and readers comparing the two libraries do
//! too, so this file computes ctypes' shape from mini-ctypes' list. It is
//! computed on each read: changing the dict changes nothing kept.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

use super::info::Info;
use super::keepalive::{ALWAYS, Entry};
use super::object::{CData, Memory};
use crate::types::Kind;

/// The key ctypes files an instance's source buffer under when it lives in
/// another object's memory (`from_buffer`): index -1 printed as C's `%x`.
const SOURCE_BUFFER: &str = "ffffffff";

/// `instance._objects`: None while nothing is kept; the kept object itself
/// for a scalar (`c_char_p(b"x")._objects is b"x"`); else a dict.
pub(super) fn objects<'py>(instance: &Bound<'py, CData>) -> PyResult<Bound<'py, PyAny>> {
    shown(
        instance.py(),
        instance.get(),
        &mut vec![instance.as_ptr() as usize],
    )
}

/// `objects`, with `seen` the instances already being shown: a struct can
/// reach itself (`s.next = pointer(s)`), and is then shown as itself.
fn shown<'py>(py: Python<'py>, data: &CData, seen: &mut Vec<usize>) -> PyResult<Bound<'py, PyAny>> {
    if let Memory::View { owner, .. } = &data.memory {
        // What is written through a view is kept by the owner (ctypes shows
        // it at `view._b_base_._objects`); a buffer's memory is the source.
        let owner = owner.bind(py);
        if owner.is_none() || owner.is_instance_of::<CData>() {
            return Ok(py.None().into_bound(py));
        }
        let dict = PyDict::new(py);
        dict.set_item(SOURCE_BUFFER, owner)?;
        return Ok(dict.into_any());
    }
    let objects = data.objects.borrow();
    let entries = objects.entries();
    if entries.is_empty() {
        return Ok(py.None().into_bound(py));
    }
    let own = data.address();
    let kept_always = entries.iter().any(|entry| entry.address == ALWAYS);
    if let (Info::Scalar(_), false, [entry]) = (&*data.info, kept_always, entries) {
        return Ok(entry.object.bind(py).clone()); // ctypes keeps it bare
    }
    let dict = PyDict::new(py);
    for entry in entries {
        let object = entry.object.bind(py);
        if entry.address == ALWAYS {
            // `cast()`'s source, which ctypes files under its id().
            dict.set_item(object.as_ptr() as usize, object)?;
            continue;
        }
        match &*data.info {
            Info::Pointer(_) if entry.address == own => {
                // `pointer(x)`: ctypes keeps x under 1, what x keeps under 0.
                dict.set_item("1", object)?;
                let inner = value_kept(py, object, seen)?;
                if !inner.is_none() {
                    dict.set_item("0", inner)?;
                }
            }
            Info::Pointer(target) => {
                // `p[i] = value`: written where p points, filed under i.
                // SAFETY: a pointer's own bytes hold its 8-byte address.
                let points_at = unsafe { Kind::VoidP.read(own as *const u8) } as usize;
                let size = target.extent().size.max(1);
                let index = entry.address.wrapping_sub(points_at) / size;
                dict.set_item(format!("{index:x}"), value_kept(py, object, seen)?)?;
            }
            info => {
                let mut path = Vec::new();
                let leaf = path_to(info, entry.address.wrapping_sub(own), entry, py, &mut path)?;
                let to_pointer = leaf.is_some_and(|leaf| matches!(*leaf, Info::Pointer(_)));
                // A scalar's own bytes are its item 0, as ctypes files them.
                let key: Vec<String> = match path.is_empty() {
                    true => vec!["0".to_owned()],
                    false => path
                        .iter()
                        .rev()
                        .map(|index| format!("{index:x}"))
                        .collect(),
                };
                let value = match object.cast::<CData>() {
                    // An array given to a pointer field: ctypes keeps the
                    // array and what it keeps, as a pair.
                    Ok(array) if to_pointer && is_array(array.get()) => {
                        PyTuple::new(py, [value_kept(py, object, seen)?, object.clone()])?
                            .into_any()
                    }
                    _ => value_kept(py, object, seen)?,
                };
                dict.set_item(PyString::new(py, &key.join(":")), value)?;
            }
        }
    }
    Ok(dict.into_any())
}

/// What ctypes keeps for `object` given as a value: a C instance's own
/// `_objects` (an empty dict for an aggregate that keeps nothing, as ctypes
/// makes one), anything else (bytes) as itself.
fn value_kept<'py>(
    py: Python<'py>,
    object: &Bound<'py, PyAny>,
    seen: &mut Vec<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    let Ok(data) = object.cast::<CData>() else {
        return Ok(object.clone());
    };
    let data = data.get();
    if let Memory::View { owner, .. } = &data.memory
        && owner.bind(py).is_instance_of::<CData>()
    {
        return value_kept(py, &owner.bind(py).clone(), seen); // ctypes: the owner's
    }
    let key = object.as_ptr() as usize;
    if seen.contains(&key) {
        return Ok(object.clone());
    }
    seen.push(key);
    let inner = shown(py, data, seen)?;
    seen.pop();
    if inner.is_none() && !matches!(&*data.info, Info::Scalar(_)) {
        return Ok(PyDict::new(py).into_any());
    }
    Ok(inner)
}

fn is_array(data: &CData) -> bool {
    matches!(&*data.info, Info::Array { .. })
}

/// The indices (outermost first) from an aggregate `info` down to the
/// member at `offset` that `entry` was filed for, and that member's type:
/// a scalar or pointer, or a whole struct or array copied in (the entry
/// holds an instance of it). None if no member holds those bytes.
fn path_to(
    info: &Info,
    offset: usize,
    entry: &Entry,
    py: Python<'_>,
    path: &mut Vec<usize>,
) -> PyResult<Option<Arc<Info>>> {
    let object = entry.object.bind(py);
    let copy_of = |member: &Info| {
        object
            .cast::<CData>()
            .is_ok_and(|data| data.get().info.same(member) && entry.size == member.extent().size)
    };
    let (index, member, inner_offset) = match info {
        Info::Struct(description) => {
            let layout = description.layout()?;
            let inside = |field: &&super::info::Field| {
                field.bits.is_none()
                    && field.offset <= offset
                    && offset < field.offset + field.info.extent().size.max(1)
            };
            // A union's members overlap: the copied one if a copy, else the
            // first that holds the bytes.
            let all: Vec<_> = layout
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| inside(f))
                .collect();
            let Some(&(index, field)) = all
                .iter()
                .find(|(_, field)| copy_of(&field.info))
                .or_else(|| all.first())
            else {
                return Ok(None);
            };
            (index, Arc::clone(&field.info), offset - field.offset)
        }
        Info::Array { element, .. } => {
            let size = element.extent().size.max(1);
            (offset / size, Arc::clone(element), offset % size)
        }
        _ => return Ok(None),
    };
    path.push(index);
    match &*member {
        Info::Scalar(_) | Info::Pointer(_) | Info::FunctionPointer(_) => Ok(Some(member)),
        _ if copy_of(&member) && inner_offset == 0 => Ok(Some(member)),
        _ => path_to(&member, inner_offset, entry, py, path),
    }
}
