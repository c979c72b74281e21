//! `string_at`, `wstring_at`, `memmove`, `memset`: C's memory functions
//! on raw addresses, as ctypes has them. Each takes what a `void *`
//! argument takes (`cdata::address_of`: an int, bytes, C data, a `Buffer`,
//! `byref(x)`); where the object says how many bytes it has, a range past
//! its end is refused (ValueError). A bare int address is as unchecked as
//! it is in C and in ctypes: it must come from C and still be valid.

use pyo3::exceptions::{PyOverflowError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::cdata::address_of;

/// `count` bytes (`-1`: up to the first NUL, `unit` bytes at a time) at
/// `object`'s address: where they start, and how many bytes that is.
fn span(
    object: &Bound<'_, PyAny>,
    count: isize,
    unit: usize,
    function: &str,
) -> PyResult<(usize, Option<usize>)> {
    let (address, size) = address_of(object, function)?;
    if address == 0 {
        return Err(PyValueError::new_err(format!(
            "{function}: the address is NULL"
        )));
    }
    if count == -1 {
        return Ok((address, terminated(object, address, size, unit, function)?));
    }
    let count = usize::try_from(count).map_err(|_| {
        PyValueError::new_err(format!("{function}: size must be -1 or >= 0, not {count}"))
    })?;
    let bytes = count
        .checked_mul(unit)
        .filter(|&bytes| bytes <= isize::MAX as usize)
        .ok_or_else(|| {
            PyOverflowError::new_err(format!("{function}: {count} is larger than memory"))
        })?;
    check_inside(size, bytes, function)?;
    Ok((address, Some(bytes)))
}

/// Up to the first NUL (a zero `unit` wide): unbounded for a bare
/// address, as in C and ctypes; within an object of known size, its bytes
/// up to the NUL, or a ValueError if it holds none, where C would read on
/// past its end. (Python's bytes keep a NUL after their last byte.)
fn terminated(
    object: &Bound<'_, PyAny>,
    address: usize,
    size: Option<usize>,
    unit: usize,
    function: &str,
) -> PyResult<Option<usize>> {
    let Some(size) = size else {
        return Ok(None);
    };
    // SAFETY: the object's own `size` bytes.
    let bytes = unsafe { std::slice::from_raw_parts(address as *const u8, size) };
    if let Some(position) = bytes
        .chunks_exact(unit)
        .position(|character| character.iter().all(|&byte| byte == 0))
    {
        return Ok(Some(position * unit));
    }
    if object.is_instance_of::<PyBytes>() {
        return Ok(Some(size));
    }
    Err(PyValueError::new_err(format!(
        "{function}: no NUL within the object's {size} bytes (C would read on past its end); give a size"
    )))
}

/// Refuses a range longer than the object it is in, when that is known.
fn check_inside(size: Option<usize>, bytes: usize, function: &str) -> PyResult<()> {
    match size {
        Some(size) if bytes > size => Err(PyValueError::new_err(format!(
            "{function}: {bytes} bytes past an object of {size}"
        ))),
        _ => Ok(()),
    }
}

// ANCHOR: string_at
/// `string_at(address, size=-1)`: the bytes at `address`, copied: `size` of
/// them, or up to the first NUL when `size` is -1 (within the object, when
/// its size is known). NULL is a ValueError.
#[pyfunction]
#[pyo3(signature = (address, size = -1))]
pub(crate) fn string_at<'py>(
    address: &Bound<'py, PyAny>,
    size: isize,
) -> PyResult<Bound<'py, PyBytes>> {
    let py = address.py();
    let (start, bytes) = span(address, size, 1, "string_at()")?;
    // SAFETY: the object's own bytes (checked above), or an address the
    // caller vouches for, as in ctypes.
    let copied = unsafe {
        match bytes {
            None => std::ffi::CStr::from_ptr(start as *const std::ffi::c_char).to_bytes(),
            Some(bytes) => std::slice::from_raw_parts(start as *const u8, bytes),
        }
    };
    Ok(PyBytes::new(py, copied))
}

/// `wstring_at(address, size=-1)`: the `wchar_t` string at `address`, as a
/// str: `size` characters, or up to the first NUL when `size` is -1.
#[pyfunction]
#[pyo3(signature = (address, size = -1))]
pub(crate) fn wstring_at(address: &Bound<'_, PyAny>, size: isize) -> PyResult<Py<PyAny>> {
    let unit = std::mem::size_of::<crate::wide::WChar>();
    let (start, bytes) = span(address, size, unit, "wstring_at()")?;
    // SAFETY: as for string_at, in wide characters.
    unsafe {
        crate::wide::read(
            address.py(),
            start as *const crate::wide::WChar,
            bytes.map(|b| b / unit),
        )
    }
}

/// `memmove(destination, source, count)`: copies `count` bytes, the two
/// ranges overlapping or not, as C's `memmove`; returns `destination`'s
/// address. Bytes are a source only: a Python bytes object is immutable.
#[pyfunction]
pub(crate) fn memmove(
    destination: &Bound<'_, PyAny>,
    source: &Bound<'_, PyAny>,
    count: usize,
) -> PyResult<usize> {
    let (to, to_size) = writable(destination, "memmove()")?;
    let (from, from_size) = address_of(source, "memmove()")?;
    if (to == 0 || from == 0) && count > 0 {
        return Err(PyValueError::new_err("memmove(): an address is NULL"));
    }
    check_inside(to_size, count, "memmove()")?;
    check_inside(from_size, count, "memmove()")?;
    // SAFETY: both ranges checked where their size is known; the caller
    // vouches for a bare address, as in ctypes.
    unsafe { std::ptr::copy(from as *const u8, to as *mut u8, count) };
    Ok(to)
}

/// `memset(destination, byte, count)`: `count` bytes set to `byte`, as C's
/// `memset`; returns `destination`'s address.
#[pyfunction]
pub(crate) fn memset(destination: &Bound<'_, PyAny>, byte: u8, count: usize) -> PyResult<usize> {
    let (to, to_size) = writable(destination, "memset()")?;
    if to == 0 && count > 0 {
        return Err(PyValueError::new_err("memset(): the address is NULL"));
    }
    check_inside(to_size, count, "memset()")?;
    // SAFETY: as for memmove.
    unsafe { std::ptr::write_bytes(to as *mut u8, byte, count) };
    Ok(to)
}
// ANCHOR_END: string_at

/// A destination's address: anything `address_of` takes but bytes.
fn writable(object: &Bound<'_, PyAny>, function: &str) -> PyResult<(usize, Option<usize>)> {
    if object.is_instance_of::<PyBytes>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "{function} cannot write into bytes: they are immutable (use create_string_buffer)"
        )));
    }
    address_of(object, function)
}
