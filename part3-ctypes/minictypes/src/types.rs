//! The type set: what a declared C type means to libffi and how a Python
//! value crosses into it and back.

use libffi::middle::Type;
use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyFloat, PyInt};

use crate::memory::Buffer;
use crate::naming::{Destination, type_name};

// ANCHOR: kind
/// One C type of the set: ctypes' `c_int8` ... `c_double`, `c_char_p`,
/// a caller-allocated out buffer, `c_void_p`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
    F32,
    F64,
    /// `const char *` in: bytes (without NUL) or None.
    CharP,
    /// `char *` / `T *` out: a `minictypes.Buffer` the caller allocated.
    Buffer,
    /// `void *`: an address (int), None, or a Buffer.
    VoidP,
    /// `char`: one byte, as Python `bytes` of length 1 (`c_char * n` is a
    /// fixed-size C string).
    Char,
    /// `bool` (C99 `_Bool`): one byte, 0 or 1, as Python `bool`.
    Bool,
    /// `wchar_t`: one character, as a Python `str` of length 1 (wide.rs).
    WChar,
    /// `const wchar_t *` in and out: a `str` (copied: see wide.rs) or None.
    WCharP,
}

impl Kind {
    pub(crate) const ALL: [Self; 17] = [
        Self::I8,
        Self::U8,
        Self::I16,
        Self::U16,
        Self::I32,
        Self::U32,
        Self::I64,
        Self::U64,
        Self::F32,
        Self::F64,
        Self::CharP,
        Self::Buffer,
        Self::VoidP,
        Self::Char,
        Self::Bool,
        Self::WChar,
        Self::WCharP,
    ];

    pub(crate) fn python_name(self) -> &'static str {
        match self {
            Self::I8 => "c_int8",
            Self::U8 => "c_uint8",
            Self::I16 => "c_int16",
            Self::U16 => "c_uint16",
            Self::I32 => "c_int32",
            Self::U32 => "c_uint32",
            Self::I64 => "c_int64",
            Self::U64 => "c_uint64",
            Self::F32 => "c_float",
            Self::F64 => "c_double",
            Self::CharP => "c_char_p",
            Self::Buffer => "c_buffer",
            Self::VoidP => "c_void_p",
            Self::Char => "c_char",
            Self::Bool => "c_bool",
            Self::WChar => "c_wchar",
            Self::WCharP => "c_wchar_p",
        }
    }

    /// What libffi needs to know: size, alignment, register class.
    pub(crate) fn ffi_type(self) -> Type {
        match self {
            Self::I8 | Self::Char => Type::i8(),
            Self::U8 | Self::Bool => Type::u8(),
            Self::I16 => Type::i16(),
            Self::U16 => Type::u16(),
            Self::I32 | Self::WChar => Type::i32(),
            Self::U32 => Type::u32(),
            Self::I64 => Type::i64(),
            Self::U64 => Type::u64(),
            Self::F32 => Type::f32(),
            Self::F64 => Type::f64(),
            Self::CharP | Self::Buffer | Self::VoidP | Self::WCharP => Type::pointer(),
        }
    }

    /// Size and alignment in memory (a struct field, an array element).
    pub(crate) const fn extent(self) -> (usize, usize) {
        match self {
            Self::I8 | Self::U8 | Self::Char | Self::Bool => (1, 1),
            Self::I16 | Self::U16 => (2, 2),
            Self::I32 | Self::U32 | Self::F32 | Self::WChar => (4, 4),
            _ => (8, 8),
        }
    }

    /// Reads a value of this kind from memory into a slot (`from_slot`
    /// converts it), at its width.
    ///
    /// # Safety
    /// `address` points at `extent().0` readable bytes.
    pub(crate) unsafe fn read(self, address: *const u8) -> u64 {
        // SAFETY: the caller's promise; unaligned reads, as a packed struct may need.
        unsafe {
            match self.extent().0 {
                1 => u64::from(address.read()),
                2 => u64::from(address.cast::<u16>().read_unaligned()),
                4 => u64::from(address.cast::<u32>().read_unaligned()),
                _ => address.cast::<u64>().read_unaligned(),
            }
        }
    }

    /// Writes a slot (from `to_slot`) into memory at this kind's width.
    ///
    /// # Safety
    /// `address` points at `extent().0` writable bytes.
    pub(crate) unsafe fn write(self, address: *mut u8, slot: u64) {
        // SAFETY: the caller's promise.
        unsafe {
            match self.extent().0 {
                1 => address.write(slot as u8),
                2 => address.cast::<u16>().write_unaligned(slot as u16),
                4 => address.cast::<u32>().write_unaligned(slot as u32),
                _ => address.cast::<u64>().write_unaligned(slot),
            }
        }
    }

    /// The range of an integer kind that an i64 can hold (for `c_uint64`,
    /// the values up to `i64::MAX`; larger ones take the general path).
    pub(crate) const fn i64_range(self) -> Option<(i64, i64)> {
        Some(match self {
            Self::I8 => (i8::MIN as i64, i8::MAX as i64),
            Self::U8 => (0, u8::MAX as i64),
            Self::I16 => (i16::MIN as i64, i16::MAX as i64),
            Self::U16 => (0, u16::MAX as i64),
            Self::I32 => (i32::MIN as i64, i32::MAX as i64),
            Self::U32 => (0, u32::MAX as i64),
            Self::I64 => (i64::MIN, i64::MAX),
            Self::U64 => (0, i64::MAX),
            _ => return None,
        })
    }

    /// The range of an integer kind, as i128 (covers every one of them).
    pub(crate) fn range(self) -> Option<(i128, i128)> {
        Some(match self {
            Self::I8 => (i8::MIN.into(), i8::MAX.into()),
            Self::U8 => (0, u8::MAX.into()),
            Self::I16 => (i16::MIN.into(), i16::MAX.into()),
            Self::U16 => (0, u16::MAX.into()),
            Self::I32 => (i32::MIN.into(), i32::MAX.into()),
            Self::U32 => (0, u32::MAX.into()),
            Self::I64 => (i64::MIN.into(), i64::MAX.into()),
            Self::U64 => (0, u64::MAX.into()),
            _ => return None,
        })
    }
}
// ANCHOR_END: kind

// ANCHOR: to_c
/// Converts `value` for argument `index` (1-based, as ctypes counts) of
/// `function` into the 8-byte slot libffi will read, or refuses it. Nothing
/// is wrapped or truncated silently: out of range is an OverflowError.
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
        return Ok(narrow_signed(kind, number));
    }
    convert(kind, value, place)
}

/// Every other case of `to_slot`, and every error message.
#[inline(never)]
fn convert(kind: Kind, value: &Bound<'_, PyAny>, place: Destination<'_>) -> PyResult<u64> {
    if let Some((low, high)) = kind.range() {
        // An exact int is a pointer comparison; the subclass check is a
        // call into the interpreter under the stable ABI, so it comes second.
        if !(value.is_exact_instance_of::<PyInt>() || value.is_instance_of::<PyInt>()) {
            return Err(wrong_type(kind, "an int", value, place));
        }
        // One extraction of the widest type of the right signedness (i128
        // would be simpler, but under the stable ABI pyo3 converts it the
        // slow way, raising and catching an exception on every call), then
        // the range of the declared width.
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
        return Ok(match kind {
            Kind::I8 | Kind::I16 | Kind::I32 | Kind::I64 => narrow_signed(kind, number as i64),
            _ => number as u64,
        });
    }
    if kind == Kind::WChar {
        return crate::wide::character(value, place);
    }
    let place = || place.to_string();
    let name = kind.python_name();
    match kind {
        Kind::F32 | Kind::F64 => {
            if !(value.is_instance_of::<PyFloat>() || value.is_instance_of::<PyInt>()) {
                let message = format!(
                    "{}: {name} needs a float, not {}",
                    place(),
                    type_name(value)
                );
                return Err(PyTypeError::new_err(message));
            }
            let number: f64 = value.extract()?;
            Ok(if kind == Kind::F32 {
                u64::from((number as f32).to_bits())
            } else {
                number.to_bits()
            })
        }
        Kind::Bool => {
            // Strict, like the integer types: True/False, or an int 0 or 1
            // (ctypes takes any object and asks whether it is true).
            match value.extract::<i64>() {
                Ok(number @ (0 | 1)) if value.is_instance_of::<PyInt>() => Ok(number as u64),
                _ => Err(PyTypeError::new_err(format!(
                    "{}: c_bool needs True, False, 0 or 1, not {}",
                    place(),
                    value
                        .repr()
                        .map_or_else(|_| "?".to_owned(), |r| r.to_string())
                ))),
            }
        }
        Kind::Char => {
            if let Ok(bytes) = value.cast::<PyBytes>()
                && let [byte] = bytes.as_bytes()
            {
                return Ok(u64::from(*byte));
            }
            if let Ok(number) = value.extract::<u8>() {
                return Ok(u64::from(number));
            }
            let message = format!(
                "{}: c_char needs bytes of length 1 or an int from 0 to 255, not {}",
                place(),
                value
                    .repr()
                    .map_or_else(|_| "?".to_owned(), |r| r.to_string())
            );
            Err(PyTypeError::new_err(message))
        }
        // A str needs a copy that lives as long as C may read it: calls and
        // fields make one (wide.rs); anywhere else takes None only.
        Kind::WCharP if value.is_none() => Ok(0),
        Kind::WCharP => Err(PyTypeError::new_err(format!(
            "{}: c_wchar_p takes only None here",
            place()
        ))),
        Kind::CharP => {
            if value.is_none() {
                return Ok(0);
            }
            let Ok(bytes) = value.cast::<PyBytes>() else {
                // A caller-allocated buffer is a `char *` too (ctypes accepts
                // create_string_buffer's result here). Tried second: bytes
                // are the common case, and a failed cast costs.
                if let Ok(buffer) = value.cast::<Buffer>() {
                    return Ok(buffer.get().address());
                }
                let message = format!(
                    "{}: c_char_p needs bytes or None, not {}",
                    place(),
                    type_name(value)
                );
                return Err(PyTypeError::new_err(message));
            };
            if bytes.as_bytes().contains(&0) {
                let message = format!(
                    "{}: c_char_p bytes must not contain a NUL byte (C would stop there)",
                    place()
                );
                return Err(PyValueError::new_err(message));
            }
            // CPython keeps a NUL after every bytes object's data; the
            // object stays alive in the call's argument tuple.
            Ok(bytes.as_bytes().as_ptr() as u64)
        }
        Kind::Buffer => match value.cast::<Buffer>() {
            Ok(buffer) => Ok(buffer.get().address()),
            Err(_) => {
                let message = format!(
                    "{}: c_buffer needs a minictypes.Buffer, not {}",
                    place(),
                    type_name(value)
                );
                Err(PyTypeError::new_err(message))
            }
        },
        Kind::VoidP => {
            if value.is_none() {
                Ok(0)
            } else if let Ok(buffer) = value.cast::<Buffer>() {
                Ok(buffer.get().address())
            } else if value.is_instance_of::<PyInt>() {
                value.extract::<u64>().map_err(|_| {
                    PyOverflowError::new_err(format!(
                        "{}: c_void_p needs an address from 0 to 2**64 - 1",
                        place()
                    ))
                })
            } else {
                let message = format!(
                    "{}: c_void_p needs an int, a Buffer or None, not {}",
                    place(),
                    type_name(value)
                );
                Err(PyTypeError::new_err(message))
            }
        }
        _ => unreachable!("integer kinds and c_wchar returned above"),
    }
}
// ANCHOR_END: to_c

/// `value` as an i64 if it is an exact `int` that fits one, in a single call
/// (`PyLong_AsLongLongAndOverflow` reports overflow in a flag, not with an
/// exception). Anything else (a bigger int, a subclass, another type) takes
/// the general path, which also makes the error messages.
#[inline]
fn exact_int(value: &Bound<'_, PyAny>) -> Option<i64> {
    if !value.is_exact_instance_of::<PyInt>() {
        return None;
    }
    let mut overflow = 0;
    // SAFETY: GIL held (we have a Bound); `value` is an int, so the call
    // cannot fail other than by overflow, which it reports in `overflow`.
    let number = unsafe { pyo3::ffi::PyLong_AsLongLongAndOverflow(value.as_ptr(), &mut overflow) };
    (overflow == 0).then_some(number)
}

#[inline]
fn narrow_signed(kind: Kind, number: i64) -> u64 {
    // Two's complement of the narrow width, zero above it (unsigned kinds
    // are already in range, so they come out unchanged).
    match kind {
        Kind::I8 => u64::from(number as i8 as u8),
        Kind::I16 => u64::from(number as i16 as u16),
        Kind::I32 => u64::from(number as i32 as u32),
        _ => number as u64,
    }
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

// ANCHOR: from_c
/// Converts the result libffi wrote (a whole register-sized slot) to Python.
/// `None` for a `void` result.
pub(crate) fn from_slot(py: Python<'_>, kind: Option<Kind>, slot: u64) -> PyResult<Py<PyAny>> {
    let Some(kind) = kind else {
        return Ok(py.None());
    };
    // libffi widens integer results narrower than a register to a full
    // ffi_arg, so the low bytes hold the value at its declared width.
    Ok(match kind {
        Kind::I8 => (slot as i8).into_pyobject(py)?.into_any().unbind(),
        Kind::U8 => (slot as u8).into_pyobject(py)?.into_any().unbind(),
        Kind::I16 => (slot as i16).into_pyobject(py)?.into_any().unbind(),
        Kind::U16 => (slot as u16).into_pyobject(py)?.into_any().unbind(),
        Kind::I32 => (slot as i32).into_pyobject(py)?.into_any().unbind(),
        Kind::U32 => (slot as u32).into_pyobject(py)?.into_any().unbind(),
        Kind::I64 => (slot as i64).into_pyobject(py)?.into_any().unbind(),
        Kind::U64 => slot.into_pyobject(py)?.into_any().unbind(),
        Kind::F32 => f32::from_bits(slot as u32)
            .into_pyobject(py)?
            .into_any()
            .unbind(),
        Kind::F64 => f64::from_bits(slot).into_pyobject(py)?.into_any().unbind(),
        Kind::Char => PyBytes::new(py, &[slot as u8]).into_any().unbind(),
        Kind::Bool => pyo3::types::PyBool::new(py, slot as u8 != 0)
            .to_owned()
            .into_any()
            .unbind(),
        Kind::WChar => {
            let character = slot as u32 as crate::wide::WChar;
            // SAFETY: one wchar_t, on our stack.
            unsafe { crate::wide::read(py, &character, Some(1))? }
        }
        Kind::WCharP => {
            if slot == 0 {
                py.None()
            } else {
                // SAFETY: the declaration (or the field) says a NUL-terminated
                // wide string is there; it is copied into a str.
                unsafe { crate::wide::read(py, slot as *const crate::wide::WChar, None)? }
            }
        }
        Kind::CharP => {
            if slot == 0 {
                py.None()
            } else {
                // SAFETY: the declaration says the function returns a
                // NUL-terminated string; copying it is all we do with it.
                let text = unsafe { std::ffi::CStr::from_ptr(slot as *const std::ffi::c_char) };
                PyBytes::new(py, text.to_bytes()).into_any().unbind()
            }
        }
        Kind::VoidP | Kind::Buffer => {
            if slot == 0 {
                py.None()
            } else {
                slot.into_pyobject(py)?.into_any().unbind()
            }
        }
    })
}
// ANCHOR_END: from_c

// ANCHOR: string_at
/// `string_at(address, size=-1)`: the bytes at `address`, copied, as
/// `ctypes.string_at` does: `size` of them, or up to the first NUL when
/// `size` is -1. As unsafe as it sounds: the address must come from C (a
/// `c_void_p` result, `addressof`) and still be valid. NULL raises ValueError.
#[pyfunction]
#[pyo3(signature = (address, size = -1))]
pub(crate) fn string_at(py: Python<'_>, address: usize, size: isize) -> PyResult<Py<PyBytes>> {
    if address == 0 {
        return Err(PyValueError::new_err("string_at(): the address is NULL"));
    }
    if size == -1 {
        // SAFETY: see above; the caller vouches for the address, as in ctypes.
        let text = unsafe { std::ffi::CStr::from_ptr(address as *const std::ffi::c_char) };
        return Ok(PyBytes::new(py, text.to_bytes()).unbind());
    }
    let size = usize::try_from(size).map_err(|_| {
        PyValueError::new_err(format!("string_at(): size must be -1 or >= 0, not {size}"))
    })?;
    // SAFETY: as above, for `size` bytes.
    let bytes = unsafe { std::slice::from_raw_parts(address as *const u8, size) };
    Ok(PyBytes::new(py, bytes).unbind())
}

/// `memmove(destination, source, count)`: copies `count` bytes between two
/// addresses (ints, as `addressof` gives), overlapping or not, as C's
/// `memmove` and `ctypes.memmove` do; returns `destination`.
#[pyfunction]
pub(crate) fn memmove(destination: usize, source: usize, count: usize) -> PyResult<usize> {
    if (destination == 0 || source == 0) && count > 0 {
        return Err(PyValueError::new_err("memmove(): an address is NULL"));
    }
    // SAFETY: the caller vouches for both ranges, as in ctypes.
    unsafe { std::ptr::copy(source as *const u8, destination as *mut u8, count) };
    Ok(destination)
}
// ANCHOR_END: string_at

/// ctypes' C-named types, as the sizes they have on 64-bit Linux (LP64):
/// the same objects as the fixed-width ones (`c_int is c_int32`, as in ctypes).
pub(crate) fn add_aliases(module: &Bound<'_, pyo3::types::PyModule>) -> PyResult<()> {
    use pyo3::types::PyModuleMethods;
    const ALIASES: [(&str, &str); 12] = [
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
    ];
    for (alias, name) in ALIASES {
        module.add(alias, module.getattr(name)?)?;
    }
    Ok(())
}
