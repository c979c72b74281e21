//! The conversions of the type table (`types.rs`), both ways: a Python
//! value into the 8-byte slot libffi reads (`to_slot`), and a slot libffi
//! wrote back into a Python value (`from_slot`). One function per
//! `Conversion`, each refusing what it cannot take with a message that
//! names the destination, the C type and what it needed.

use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyFloat, PyInt};

use crate::memory::Buffer;
use crate::naming::{Destination, type_name};
use crate::types::{Conversion, Kind};

// ANCHOR: to_c
/// Converts `value` for `place` (an argument, a field, an element) into the
/// 8-byte slot libffi will read, or refuses it. Nothing is wrapped or
/// truncated silently: out of range is an OverflowError.
#[inline]
pub(crate) fn to_slot(
    kind: Kind,
    value: &Bound<'_, PyAny>,
    place: Destination<'_>,
) -> PyResult<u64> {
    // The common case first, inlined into the call: an exact int, in range.
    if let Some((low, high)) = kind.i64_range()
        && let Some(number) = exact_int(value)
        && low <= number
        && number <= high
    {
        return Ok(kind.narrow(number));
    }
    convert(kind, value, place)
}

/// Every other case of `to_slot`, by the kind's conversion.
#[inline(never)]
fn convert(kind: Kind, value: &Bound<'_, PyAny>, place: Destination<'_>) -> PyResult<u64> {
    match kind.row().conversion {
        Conversion::Integer { .. } => integer(kind, value, place),
        Conversion::Float => float(kind, value, place),
        Conversion::Bool => boolean(value, place),
        Conversion::Char => character(value, place),
        Conversion::WChar => crate::wide::character(value, place),
        // A str needs a copy that lives as long as C may read it: calls and
        // fields make one (wide.rs); anywhere else takes None only.
        Conversion::WCharP if value.is_none() => Ok(0),
        Conversion::WCharP => Err(PyTypeError::new_err(format!(
            "{place}: c_wchar_p takes only None here"
        ))),
        Conversion::CharP => char_pointer(value, place),
        Conversion::VoidP => void_pointer(value, place),
        Conversion::Buffer => match value.cast::<Buffer>() {
            Ok(buffer) => Ok(buffer.get().address()),
            Err(_) => Err(wrong_type(kind, "a minictypes.Buffer", value, place)),
        },
    }
}
// ANCHOR_END: to_c

// ANCHOR: integer
/// An int of an integer kind, checked against the kind's range.
fn integer(kind: Kind, value: &Bound<'_, PyAny>, place: Destination<'_>) -> PyResult<u64> {
    let (low, high) = kind.range().expect("an integer kind has a range");
    // An exact int is a pointer comparison; the subclass check is a call
    // into the interpreter under the stable ABI, so it comes second.
    if !(value.is_exact_instance_of::<PyInt>() || value.is_instance_of::<PyInt>()) {
        // An object that is an integer without being an int (numpy's, a
        // class with `__index__`): its int, as ctypes takes it.
        return match value.call_method0(pyo3::intern!(value.py(), "__index__")) {
            Ok(number) if number.is_instance_of::<PyInt>() => integer(kind, &number, place),
            _ => Err(wrong_type(kind, "an int", value, place)),
        };
    }
    // One extraction of the widest type of the right signedness (i128
    // would be simpler, but under the stable ABI pyo3 converts it the slow
    // way, raising and catching an exception on every call), then the
    // range of the declared width.
    let number: i128 = if kind == Kind::U64 {
        value.extract::<u64>().map(i128::from)
    } else {
        value.extract::<i64>().map(i128::from)
    }
    .map_err(|_| out_of_range(kind, value, place))?;
    if !(low..=high).contains(&number) {
        return Err(out_of_range(kind, value, place));
    }
    // The low bytes of the slot hold the value, as a C integer of that
    // width; libffi reads exactly the width the Cif says.
    Ok(if number > i128::from(i64::MAX) {
        number as u64 // a c_uint64 above i64::MAX: already its own bits
    } else {
        kind.narrow(number as i64)
    })
}
// ANCHOR_END: integer

/// A float or an int, as a C float or double.
fn float(kind: Kind, value: &Bound<'_, PyAny>, place: Destination<'_>) -> PyResult<u64> {
    let number: f64 = if value.is_instance_of::<PyFloat>() || value.is_instance_of::<PyInt>() {
        value.extract()?
    } else {
        // An object that is a number without being a float or int: its
        // `__float__` (or `__index__`), as ctypes takes it.
        let py = value.py();
        let converted = value
            .call_method0(pyo3::intern!(py, "__float__"))
            .or_else(|_| value.call_method0(pyo3::intern!(py, "__index__")));
        match converted {
            Ok(number)
                if number.is_instance_of::<PyFloat>() || number.is_instance_of::<PyInt>() =>
            {
                number.extract()?
            }
            _ => return Err(wrong_type(kind, "a float", value, place)),
        }
    };
    Ok(match kind {
        Kind::F32 => (crate::types::c_float().to_slot)(number),
        // A big-endian float: the IEEE single, swapped when stored.
        Kind::F32Be => u64::from((number as f32).to_bits()),
        _ => number.to_bits(),
    })
}

/// Strict, like the integer types: True/False, or an int 0 or 1 (ctypes
/// takes any object and asks whether it is true).
fn boolean(value: &Bound<'_, PyAny>, place: Destination<'_>) -> PyResult<u64> {
    match value.extract::<i64>() {
        Ok(number @ (0 | 1)) if value.is_instance_of::<PyInt>() => Ok(number as u64),
        _ => Err(PyTypeError::new_err(format!(
            "{place}: c_bool needs True, False, 0 or 1, not {}",
            shown(value)
        ))),
    }
}

/// Bytes of length 1, or an int from 0 to 255.
fn character(value: &Bound<'_, PyAny>, place: Destination<'_>) -> PyResult<u64> {
    if let Ok(bytes) = value.cast::<PyBytes>()
        && let [byte] = bytes.as_bytes()
    {
        return Ok(u64::from(*byte));
    }
    if let Ok(number) = value.extract::<u8>() {
        return Ok(u64::from(number));
    }
    Err(PyTypeError::new_err(format!(
        "{place}: c_char needs bytes of length 1 or an int from 0 to 255, not {}",
        shown(value)
    )))
}

/// Bytes (without NUL), a Buffer, or None, as a `const char *`.
fn char_pointer(value: &Bound<'_, PyAny>, place: Destination<'_>) -> PyResult<u64> {
    if value.is_none() {
        return Ok(0);
    }
    let Ok(bytes) = value.cast::<PyBytes>() else {
        // A caller-allocated buffer is a `char *` too (ctypes accepts
        // create_string_buffer's result here). Tried second: bytes are the
        // common case, and a failed cast costs.
        if let Ok(buffer) = value.cast::<Buffer>() {
            // Not checked for a NUL: a `char *` given a Buffer is as often
            // an out parameter C writes (with its size passed beside it) as
            // a string C reads, and a full or empty Buffer is right for it.
            return Ok(buffer.get().address());
        }
        return Err(wrong_type(Kind::CharP, "bytes or None", value, place));
    };
    if bytes.as_bytes().contains(&0) {
        return Err(PyValueError::new_err(format!(
            "{place}: c_char_p bytes must not contain a NUL byte (C would stop there)"
        )));
    }
    // CPython keeps a NUL after every bytes object's data; the object stays
    // alive in the call's argument tuple.
    Ok(bytes.as_bytes().as_ptr() as u64)
}

/// An address (an int), a Buffer, or None, as a `void *`.
fn void_pointer(value: &Bound<'_, PyAny>, place: Destination<'_>) -> PyResult<u64> {
    if value.is_none() {
        Ok(0)
    } else if let Ok(buffer) = value.cast::<Buffer>() {
        Ok(buffer.get().address())
    } else if value.is_instance_of::<PyInt>() {
        value.extract::<u64>().map_err(|_| {
            PyOverflowError::new_err(format!(
                "{place}: c_void_p needs an address from 0 to 2**64 - 1"
            ))
        })
    } else {
        Err(wrong_type(
            Kind::VoidP,
            "an int, a Buffer or None",
            value,
            place,
        ))
    }
}

/// `value` as an i64 if it is an exact `int` that fits one, in a single call
/// (`PyLong_AsLongLongAndOverflow` reports overflow in a flag, not with an
/// exception). Anything else (a bigger int, a subclass, another type) takes
/// the general path, which also makes the error messages.
#[inline]
pub(crate) fn exact_int(value: &Bound<'_, PyAny>) -> Option<i64> {
    if !value.is_exact_instance_of::<PyInt>() {
        return None;
    }
    let mut overflow = 0;
    // SAFETY: GIL held (we have a Bound); `value` is an int, so the call
    // cannot fail other than by overflow, which it reports in `overflow`.
    let number = unsafe { pyo3::ffi::PyLong_AsLongLongAndOverflow(value.as_ptr(), &mut overflow) };
    (overflow == 0).then_some(number)
}

#[cold]
#[inline(never)]
fn out_of_range(kind: Kind, value: &Bound<'_, PyAny>, place: Destination<'_>) -> PyErr {
    let (low, high) = kind.range().expect("only integer kinds have a range");
    let shown = value
        .str()
        .map_or_else(|_| "?".to_owned(), |s| s.to_string());
    let name = kind.python_name();
    PyOverflowError::new_err(format!(
        "{place}: {shown} does not fit {name} ({low} to {high})"
    ))
}

#[cold]
#[inline(never)]
fn wrong_type(kind: Kind, needs: &str, value: &Bound<'_, PyAny>, place: Destination<'_>) -> PyErr {
    let name = kind.python_name();
    let message = format!("{place}: {name} needs {needs}, not {}", type_name(value));
    PyTypeError::new_err(message)
}

/// `repr(value)` for a message, or "?" if even that fails.
#[cold]
fn shown(value: &Bound<'_, PyAny>) -> String {
    value
        .repr()
        .map_or_else(|_| "?".to_owned(), |r| r.to_string())
}

// ANCHOR: from_c
/// Converts the result libffi wrote (a whole register-sized slot) to Python.
/// `None` for a `void` result. Integers, the commonest, are made here; the
/// rest by `from_slot_other`.
#[inline]
pub(crate) fn from_slot(py: Python<'_>, kind: Option<Kind>, slot: u64) -> PyResult<Py<PyAny>> {
    let Some(kind) = kind else {
        return Ok(py.None());
    };
    let Conversion::Integer { signed } = kind.row().conversion else {
        return from_slot_other(py, kind, slot);
    };
    let made = int_object(py, kind, signed, slot);
    if made.is_null() {
        return Err(PyErr::fetch(py));
    }
    // SAFETY: a new reference (int_object).
    Ok(unsafe { Bound::from_owned_ptr(py, made) }.unbind())
}

/// An integer kind's value as a new int, in the C API's terms: a new
/// reference, or NULL with MemoryError set (the express call returns it as
/// it is). `signed` is the kind's.
#[inline]
pub(crate) fn int_object(
    _py: Python<'_>,
    kind: Kind,
    signed: bool,
    slot: u64,
) -> *mut pyo3::ffi::PyObject {
    // libffi widens integer results narrower than a register to a full
    // ffi_arg, and reads only the declared width: `widen` keeps exactly it.
    let wide = kind.widen(slot);
    // SAFETY: GIL held (`_py`).
    unsafe {
        if signed {
            pyo3::ffi::PyLong_FromLongLong(wide as i64)
        } else {
            pyo3::ffi::PyLong_FromUnsignedLongLong(wide)
        }
    }
}

/// `from_slot` for every kind but the integers.
#[inline(never)]
fn from_slot_other(py: Python<'_>, kind: Kind, slot: u64) -> PyResult<Py<PyAny>> {
    Ok(match kind.row().conversion {
        Conversion::Integer { .. } => return from_slot(py, Some(kind), slot),
        Conversion::Float if kind == Kind::F32 => (crate::types::c_float().from_slot)(slot)
            .into_pyobject(py)?
            .into_any()
            .unbind(),
        Conversion::Float if kind == Kind::F32Be => f64::from(f32::from_bits(slot as u32))
            .into_pyobject(py)?
            .into_any()
            .unbind(),
        Conversion::Float => f64::from_bits(slot).into_pyobject(py)?.into_any().unbind(),
        Conversion::Char => PyBytes::new(py, &[slot as u8]).into_any().unbind(),
        Conversion::Bool => pyo3::types::PyBool::new(py, slot as u8 != 0)
            .to_owned()
            .into_any()
            .unbind(),
        Conversion::WChar => {
            let character = slot as u32 as crate::wide::WChar;
            // SAFETY: one wchar_t, on our stack.
            unsafe { crate::wide::read(py, &character, Some(1))? }
        }
        Conversion::WCharP if slot == 0 => py.None(),
        // SAFETY: the declaration (or the field) says a NUL-terminated wide
        // string is there; it is copied into a str.
        Conversion::WCharP => unsafe {
            crate::wide::read(py, slot as *const crate::wide::WChar, None)?
        },
        Conversion::CharP if slot == 0 => py.None(),
        Conversion::CharP => {
            // SAFETY: the declaration says the function returns a
            // NUL-terminated string; copying it is all we do with it.
            let text = unsafe { std::ffi::CStr::from_ptr(slot as *const std::ffi::c_char) };
            PyBytes::new(py, text.to_bytes()).into_any().unbind()
        }
        Conversion::VoidP | Conversion::Buffer if slot == 0 => py.None(),
        Conversion::VoidP | Conversion::Buffer => slot.into_pyobject(py)?.into_any().unbind(),
    })
}
// ANCHOR_END: from_c

/// The conversions, for exercise crates (Part III exercise 08 writes a
/// callback handler with them); the crate itself names the destination.
impl Kind {
    /// A value of this kind, as a register or memory held it, into Python.
    #[inline]
    pub fn to_python(self, py: Python<'_>, slot: u64) -> PyResult<Py<PyAny>> {
        from_slot(py, Some(self), slot)
    }

    /// A callback's result into the slot C reads: checked, never truncated.
    #[inline]
    pub fn callback_result(self, value: &Bound<'_, PyAny>) -> PyResult<u64> {
        to_slot(
            self,
            value,
            Destination::Argument {
                function: "callback",
                index: 0,
            },
        )
    }
}
