//! A value at an address: read into Python, written from Python, with
//! the keepalive the written bytes need.

use std::sync::Arc;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::by_reference::ByRef;
use super::info::{Field, Info};
use super::keepalive::Keepalive;
use super::object::{CData, Memory, view};
use crate::convert;
use crate::memory::Buffer;
use crate::naming::{self, Destination};
use crate::types::Kind;

/// The address of a struct argument passed by value: an instance of exactly
/// that struct (libffi copies its bytes during the call).
pub(crate) fn struct_address(
    info: &Arc<Info>,
    value: &Bound<'_, PyAny>,
    place: Destination<'_>,
) -> PyResult<usize> {
    match value.cast::<CData>() {
        Ok(data) if data.get().info.same(info) => Ok(data.get().address()),
        _ => Err(wrong_instance(info, value, place)),
    }
}

// ---------------------------------------------------------------- values

// ANCHOR: read
/// The Python value of the `info` at `address` (inside `owner`).
pub(crate) fn read<'py>(
    py: Python<'py>,
    info: &Arc<Info>,
    address: usize,
    owner: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    match &**info {
        Info::Scalar(kind) => {
            // SAFETY: `address` is inside `owner`'s memory, which holds this type.
            let slot = unsafe { kind.read(address as *const u8) };
            Ok(convert::from_slot(py, Some(*kind), slot)?.into_bound(py))
        }
        // A char array reads as the C string it holds (up to the first NUL).
        Info::Array { element, count } if matches!(**element, Info::Scalar(Kind::Char)) => {
            // SAFETY: as above; `count` bytes.
            let bytes = unsafe { std::slice::from_raw_parts(address as *const u8, *count) };
            let end = bytes.iter().position(|&b| b == 0).unwrap_or(*count);
            Ok(PyBytes::new(py, &bytes[..end]).into_any())
        }
        // A wchar_t array reads as the str it holds (up to the first NUL).
        Info::Array { element, count } if matches!(**element, Info::Scalar(Kind::WChar)) => {
            let start = address as *const crate::wide::WChar;
            // SAFETY: as above; `count` wide characters.
            let characters = unsafe { std::slice::from_raw_parts(start, *count) };
            let end = characters.iter().position(|&c| c == 0).unwrap_or(*count);
            // SAFETY: `end` characters at `start`.
            Ok(unsafe { crate::wide::read(py, start, Some(end))? }.into_bound(py))
        }
        // A function pointer field: a function object of its prototype.
        Info::FunctionPointer(function) => {
            // SAFETY: as above; 8 bytes of address.
            let code = unsafe { Kind::VoidP.read(address as *const u8) } as usize;
            (super::info::function_pointer_hooks().at)(function.prototype.bind(py), code, owner)
        }
        // Aggregates read as views: `record.origin.x = 5` writes into `record`.
        _ => view(py, info, address, owner),
    }
}
// ANCHOR_END: read

/// Whether `read` gives a view of `info`: a struct, a pointer, an array
/// other than a string. A field of such a type keeps the views' class.
pub(crate) fn reads_as_view(info: &Info) -> bool {
    match info {
        Info::Scalar(_) | Info::FunctionPointer(_) => false,
        Info::Array { element, .. } => !matches!(**element, Info::Scalar(Kind::Char | Kind::WChar)),
        Info::Struct(_) | Info::Pointer(_) => true,
    }
}

// ANCHOR: write
/// Writes `value` as the `info` at `address`; files in `keep` whatever the
/// written bytes now point into (replacing what they pointed into before).
/// Nothing is written, and `keep` is unchanged, when `value` is refused.
pub(crate) fn write(
    info: &Arc<Info>,
    address: usize,
    value: &Bound<'_, PyAny>,
    keep: &mut Keepalive,
    place: Destination<'_>,
) -> PyResult<()> {
    let pointed_into = convert_and_write(info, address, value, place)?;
    // Most writes are numbers into a struct that keeps nothing: no lookup.
    if pointed_into.is_some() || !keep.is_empty() {
        keep.replace(address, info.extent().size, pointed_into);
    }
    Ok(())
}
// ANCHOR_END: write

/// The bytes of `write`: what they point into, if anything, comes back.
fn convert_and_write(
    info: &Arc<Info>,
    address: usize,
    value: &Bound<'_, PyAny>,
    place: Destination<'_>,
) -> PyResult<Option<Py<PyAny>>> {
    match &**info {
        Info::Scalar(Kind::WCharP) => {
            let (pointee, keep) = match crate::wide::field_value(value, place) {
                Ok(converted) => converted,
                Err(error) => match scalar_instance_slot(Kind::WCharP, value) {
                    Some(slot) => (slot, Some(value.clone().unbind())),
                    None => return Err(error),
                },
            };
            // SAFETY: 8 bytes of pointer at `address`.
            unsafe { Kind::WCharP.write(address as *mut u8, pointee) };
            Ok(keep)
        }
        Info::Scalar(kind) => {
            let slot = match convert::to_slot(*kind, value, place) {
                Ok(slot) => slot,
                Err(error) => scalar_instance_slot(*kind, value).ok_or(error)?,
            };
            // SAFETY: `address` is inside memory that holds this type.
            unsafe { kind.write(address as *mut u8, slot) };
            // The bytes object (or buffer) a pointer now points into.
            let points = matches!(kind, Kind::CharP | Kind::VoidP) && !value.is_none();
            Ok(points.then(|| value.clone().unbind()))
        }
        Info::Array { element, count }
            if matches!(**element, Info::Scalar(Kind::Char)) && value.cast::<PyBytes>().is_ok() =>
        {
            let bytes = value.cast::<PyBytes>()?.as_bytes();
            if bytes.len() > *count {
                return Err(PyValueError::new_err(format!(
                    "{place}: bytes too long ({}, at most {count})",
                    bytes.len()
                )));
            }
            // SAFETY: `count` bytes at `address`. The bytes, then their NUL
            // if there is room, and nothing more: as in ctypes, the bytes
            // after the NUL keep what they held (`b.value = b"x"` on
            // b"ABCD" leaves b"x\0CD"; `b[1] = b"Z"` then reads b"xZCD").
            unsafe {
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), address as *mut u8, bytes.len());
                if bytes.len() < *count {
                    (address as *mut u8).add(bytes.len()).write(0);
                }
            }
            Ok(None)
        }
        Info::Array { element, count }
            if matches!(**element, Info::Scalar(Kind::WChar))
                && value.cast::<pyo3::types::PyString>().is_ok() =>
        {
            let text = value.cast::<pyo3::types::PyString>()?;
            // SAFETY: `count` wide characters at `address`.
            unsafe {
                crate::wide::write_array(text, address as *mut crate::wide::WChar, *count, place)?;
            }
            Ok(None)
        }
        Info::Pointer(target) => {
            let (pointee, keep) = pointer_value(target, value, place)?;
            // SAFETY: 8 bytes of pointer at `address`.
            unsafe { Kind::VoidP.write(address as *mut u8, pointee as u64) };
            Ok(keep.map(Bound::unbind))
        }
        // A callback of the field's prototype (kept: C may call it while the
        // struct holds its address), or None.
        Info::FunctionPointer(function) => {
            let prototype = function.prototype.bind(value.py());
            let (code, keep) =
                (super::info::function_pointer_hooks().address_of)(prototype, value, place)?;
            // SAFETY: 8 bytes of address at `address`.
            unsafe { Kind::VoidP.write(address as *mut u8, code) };
            Ok(keep.map(Bound::unbind))
        }
        _ => {
            // A tuple for a struct or an array: its initialiser, as ctypes
            // takes it (`Person(b"Bob", (1, 2))`), made into an instance.
            let made;
            let value = match value.cast::<pyo3::types::PyTuple>() {
                Ok(items) => match super::info::class_of(value.py(), info)? {
                    Some(class) => {
                        made = class.call1(items)?;
                        &made
                    }
                    None => value,
                },
                Err(_) => value,
            };
            // A whole struct, union or array: copied from one of the same type.
            let Ok(source) = value.cast::<CData>() else {
                return Err(wrong_instance(info, value, place));
            };
            let source = source.get();
            if !source.info.same(info) {
                return Err(wrong_instance(info, value, place));
            }
            // SAFETY: both hold `size` bytes of the same type; they may
            // overlap (a struct assigned to itself), hence `copy`.
            unsafe {
                std::ptr::copy(
                    source.address() as *const u8,
                    address as *mut u8,
                    info.extent().size,
                );
            }
            Ok(Some(value.clone().unbind())) // and with it, its keepalive
        }
    }
}

// ANCHOR: scalar_instance
/// The slot a scalar instance holds when it is given where a value of its
/// kind is expected (`c_int32(5)` for a `c_int32` field or argument, a
/// `c_char_p` for a `c_char_p`, any C pointer for a `c_void_p`), as ctypes
/// takes it; None for anything else. The caller keeps the instance alive
/// while the slot is used (its bytes may point into what it keeps).
#[cold]
pub(crate) fn scalar_instance_slot(kind: Kind, value: &Bound<'_, PyAny>) -> Option<u64> {
    // What `from_param` made: the instance it holds.
    if let Ok(argument) = value.cast::<ByRef>() {
        return scalar_instance_slot(kind, argument.get().value_instance(value.py())?);
    }
    let data = value.cast::<CData>().ok()?;
    let data = data.get();
    let address = data.address() as *const u8;
    let holds_address = |info: &Info| {
        matches!(
            info,
            Info::Pointer(_) | Info::Scalar(Kind::VoidP | Kind::CharP | Kind::WCharP)
        )
    };
    match &*data.info {
        Info::Scalar(own) if *own == kind => {
            // SAFETY: the instance's own bytes hold a value of this kind.
            Some(unsafe { kind.read(address) })
        }
        info if kind == Kind::VoidP && holds_address(info) => {
            // SAFETY: the instance's own bytes hold an 8-byte address.
            Some(unsafe { Kind::VoidP.read(address) })
        }
        _ => None,
    }
}
// ANCHOR_END: scalar_instance

#[cold]
fn wrong_instance(info: &Info, value: &Bound<'_, PyAny>, place: Destination<'_>) -> PyErr {
    let given = naming::type_name(value);
    PyTypeError::new_err(format!(
        "{place}: expected a {} instance, not {given}",
        info.name()
    ))
}

/// The address a `POINTER(target)` takes from `value`, and what must stay
/// alive while it is used: None; an array of `target`; a pointer to
/// `target`; a `target` itself (its address, as ctypes passes `byref`);
/// `byref(target)`; a Buffer for a pointer to bytes.
///
/// The object to keep is a `Bound`: a call that only needs the address
/// drops it, and that must release the reference at once (see
/// `heap_type::entered`).
pub(crate) fn pointer_value<'py>(
    target: &Arc<Info>,
    value: &Bound<'py, PyAny>,
    place: Destination<'_>,
) -> PyResult<(usize, Option<Bound<'py, PyAny>>)> {
    if value.is_none() {
        return Ok((0, None));
    }
    let keep = Some(value.clone());
    if let Ok(data) = value.cast::<CData>() {
        let data = data.get();
        match &*data.info {
            Info::Array { element, .. } if element.same(target) => {
                return Ok((data.address(), keep));
            }
            Info::Pointer(pointee) if pointee.same(target) => {
                // SAFETY: a pointer's memory holds its 8-byte address.
                let address = unsafe { Kind::VoidP.read(data.address() as *const u8) };
                return Ok((address as usize, keep));
            }
            info if info.same(target) => return Ok((data.address(), keep)),
            _ => {}
        }
    }
    if let Ok(by_reference) = value.cast::<ByRef>() {
        let by_reference = by_reference.get();
        if by_reference.by_value.is_none() && by_reference.info.same(target) {
            // An object's bytes are never at address 0: a NULL here is a
            // broken byref, and C would crash on it.
            if by_reference.address == 0 {
                return Err(PyValueError::new_err(format!(
                    "{place}: byref() holds a NULL address"
                )));
            }
            return Ok((by_reference.address, keep));
        }
    }
    if let Ok(buffer) = value.cast::<Buffer>()
        && matches!(**target, Info::Scalar(Kind::Char | Kind::I8 | Kind::U8))
    {
        return Ok((buffer.get().address() as usize, keep));
    }
    let given = naming::type_name(value);
    Err(PyTypeError::new_err(format!(
        "{place}: POINTER({}) needs None, a {0}, an array of it, a pointer to it or byref() of it, not {given}",
        target.name()
    )))
}

// ANCHOR: keeper
/// The instance that owns the bytes `data` reads: `data` itself, or for a
/// view (`record.origin`) its owner, followed to the end. A view is often
/// gone at the end of the statement (`outer.inner.name = b"..."`) while
/// the bytes it wrote live on in the owner: what they point into must be
/// kept by the owner. (For `pointer.contents` that is the pointer object,
/// as in ctypes.)
fn keeper<'py>(data: &Bound<'py, CData>) -> Bound<'py, CData> {
    let mut current = data.clone();
    loop {
        let owner = match &current.get().memory {
            Memory::View { owner, .. } => owner.bind(current.py()).cast::<CData>().ok().cloned(),
            Memory::Owned(_) => None,
        };
        match owner {
            Some(owner) => current = owner,
            None => return current,
        }
    }
}

/// `write` into the bytes of `data` (a field, an element, `.value`), the
/// keepalive filed with the bytes' owner.
pub(crate) fn store(
    data: &Bound<'_, CData>,
    info: &Arc<Info>,
    address: usize,
    value: &Bound<'_, PyAny>,
    place: Destination<'_>,
) -> PyResult<()> {
    with_keepalive(data, |keep| write(info, address, value, keep, place))
}

/// Runs `writes` with the keepalive of the instance that owns `data`'s
/// bytes. It is taken while values are converted, which may run Python
/// code: a write into the same instance from there is refused, not
/// interleaved.
pub(super) fn with_keepalive<R>(
    data: &Bound<'_, CData>,
    writes: impl FnOnce(&mut Keepalive) -> PyResult<R>,
) -> PyResult<R> {
    let keeper = keeper(data);
    let mut objects = keeper.get().objects.try_borrow_mut().map_err(|_| {
        pyo3::exceptions::PyRuntimeError::new_err(
            "Already borrowed: this instance is being written to",
        )
    })?;
    writes(&mut objects)
}
// ANCHOR_END: keeper

/// Writes `value` into `field` of the struct whose bytes start at `base`;
/// `owner` (the struct's name) is for the error message.
pub(crate) fn write_field(
    owner: &str,
    field: &Field,
    base: usize,
    value: &Bound<'_, PyAny>,
    keep: &mut Keepalive,
) -> PyResult<()> {
    let address = base + field.offset;
    let place = Destination::Field {
        owner,
        name: &field.name,
    };
    if let Some(bits) = field.bits {
        return write_bits(&field.info, address, bits, value, place);
    }
    write(&field.info, address, value, keep, place)
}

// ANCHOR: bits
/// A bit field's value: its bits of the integer at `address`, shifted
/// down, sign-extended if its type is signed (`c_int a:3` holds -4 to 3).
pub(crate) fn read_bits<'py>(
    py: Python<'py>,
    info: &Info,
    address: usize,
    bits: crate::layout::Bits,
) -> PyResult<Bound<'py, PyAny>> {
    let Info::Scalar(kind) = info else {
        unreachable!("a bit field is an integer");
    };
    // SAFETY: the unit is inside the struct's memory (the layout put it there).
    let unit = unsafe { kind.read(address as *const u8) };
    let unused = 64 - bits.width;
    let raw = (unit >> bits.shift) << unused;
    if *kind == Kind::Bool {
        return Ok(pyo3::types::PyBool::new(py, raw != 0).to_owned().into_any());
    }
    Ok(if kind.is_signed() {
        ((raw as i64) >> unused).into_pyobject(py)?.into_any()
    } else {
        (raw >> unused).into_pyobject(py)?.into_any()
    })
}

/// Writes `value` into a bit field, leaving the unit's other bits as they
/// are. A value that does not fit its bits is refused (OverflowError),
/// where ctypes keeps its low bits.
pub(crate) fn write_bits(
    info: &Info,
    address: usize,
    bits: crate::layout::Bits,
    value: &Bound<'_, PyAny>,
    place: Destination<'_>,
) -> PyResult<()> {
    let Info::Scalar(kind) = info else {
        unreachable!("a bit field is an integer");
    };
    let width = bits.width;
    let (low, high): (i128, i128) = if *kind == Kind::Bool {
        (0, 1)
    } else if kind.is_signed() {
        (-(1i128 << (width - 1)), (1i128 << (width - 1)) - 1)
    } else {
        (0, (1i128 << width) - 1)
    };
    // The kind's own checks first (an int, in the type's range) ...
    let slot = kind.widen(convert::to_slot(*kind, value, place)?);
    let number = if kind.is_signed() {
        i128::from(slot as i64)
    } else {
        i128::from(slot)
    };
    // ... then the field's narrower one.
    if !(low..=high).contains(&number) {
        return Err(pyo3::exceptions::PyOverflowError::new_err(format!(
            "{place}: {number} does not fit {width} bits of {} ({low} to {high})",
            kind.python_name()
        )));
    }
    let mask = if width == 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    // SAFETY: as for read_bits.
    unsafe {
        let unit = kind.read(address as *const u8);
        let unit = (unit & !(mask << bits.shift)) | (((number as u64) & mask) << bits.shift);
        kind.write(address as *mut u8, unit);
    }
    Ok(())
}
// ANCHOR_END: bits
