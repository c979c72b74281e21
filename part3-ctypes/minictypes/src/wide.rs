//! Wide strings: `c_wchar` (one `wchar_t`) and `c_wchar_p` (`const
//! wchar_t *`), with `create_unicode_buffer`.
//!
//! A `c_char_p` argument points straight into the bytes object: CPython
//! keeps a NUL after its data. A Python `str` holds no `wchar_t` array, so a
//! `c_wchar_p` needs a *copy* in the C layout (on Linux: 4-byte code
//! points, NUL-terminated), and that copy must live exactly as long as C may
//! read it: for an argument, until the call returns (`Copies`, on the
//! call's stack); in a struct field or a `c_wchar_p(...)` value, as long as
//! those bytes (a `WideCopy` object in the instance's keepalive list).

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::naming::Destination;

/// C's `wchar_t`: on Linux a 32-bit code point (signed on x86-64, unsigned
/// on AArch64), so one per Python character.
pub(crate) type WChar = libc::wchar_t;

// ANCHOR: copy
/// `text` as a NUL-terminated `wchar_t` array, or ValueError if it holds a
/// NUL (C would stop there: stricter than ctypes, which cuts silently).
fn copy(text: &Bound<'_, PyString>, place: Destination<'_>) -> PyResult<Box<[WChar]>> {
    // SAFETY: GIL held; `text` is a str. PyUnicode_GetLength counts code
    // points, and each is one wchar_t where wchar_t is 4 bytes.
    let length = unsafe { pyo3::ffi::PyUnicode_GetLength(text.as_ptr()) };
    let length = usize::try_from(length).map_err(|_| PyErr::fetch(text.py()))?;
    // Four bytes a character, whatever the str's own width: a huge str may
    // not fit again, which is a MemoryError, never an abort.
    let mut wide: Vec<WChar> = Vec::new();
    wide.try_reserve_exact(length + 1).map_err(|_| {
        pyo3::exceptions::PyMemoryError::new_err(format!(
            "{place}: cannot allocate a wchar_t copy of {length} characters"
        ))
    })?;
    wide.resize(length + 1, 0);
    // SAFETY: `wide` has room for `length` characters and the NUL after
    // them (already 0; the call writes no terminator when the size is exact).
    let copied = unsafe {
        pyo3::ffi::PyUnicode_AsWideChar(text.as_ptr(), wide.as_mut_ptr(), length as isize)
    };
    if copied < 0 {
        return Err(PyErr::fetch(text.py()));
    }
    if wide[..length].contains(&0) {
        return Err(PyValueError::new_err(format!(
            "{place}: c_wchar_p str must not contain a NUL character (C would stop there)"
        )));
    }
    Ok(wide.into_boxed_slice())
}
// ANCHOR_END: copy

// ANCHOR: argument
/// The copies made for one call's `c_wchar_p` arguments. Dropped when the
/// call returns, not before: C reads them during the call.
#[derive(Default)]
pub(crate) struct Copies(Vec<Box<[WChar]>>);

impl Copies {
    /// The address a `c_wchar_p` argument passes: NULL for None, a fresh
    /// copy of a str, or the array of `c_wchar` the caller made
    /// (`create_unicode_buffer`), which the caller's reference keeps alive.
    /// `array_address` finds that array's address: C data objects live a
    /// floor above (`cdata::wchar_array_address`).
    pub(crate) fn argument(
        &mut self,
        value: &Bound<'_, PyAny>,
        place: Destination<'_>,
        array_address: impl FnOnce(&Bound<'_, PyAny>) -> Option<usize>,
    ) -> PyResult<u64> {
        if value.is_none() {
            return Ok(0);
        }
        if let Ok(text) = value.cast::<PyString>() {
            let wide = copy(text, place)?;
            // Moving the Box moves no characters: the address stays valid.
            let address = wide.as_ptr() as u64;
            self.0.push(wide);
            return Ok(address);
        }
        array_address(value)
            .map(|address| address as u64)
            .ok_or_else(|| wrong_type(value, place, "a str, None or a c_wchar array"))
    }
}
// ANCHOR_END: argument

/// A `wchar_t` copy of a str that a struct field or a `c_wchar_p` value
/// points at; the instance keeps it in its keepalive list.
#[pyclass(module = "minictypes", frozen, name = "_WideCopy")]
struct WideCopy {
    _characters: Box<[WChar]>,
}

/// The address a `c_wchar_p` field (or value) takes from `value`, and the
/// object that must stay alive as long as the field points there.
pub(crate) fn field_value(
    value: &Bound<'_, PyAny>,
    place: Destination<'_>,
) -> PyResult<(u64, Option<Py<PyAny>>)> {
    if value.is_none() {
        return Ok((0, None));
    }
    if let Ok(text) = value.cast::<PyString>() {
        let characters = copy(text, place)?;
        let address = characters.as_ptr() as u64;
        let keep = Py::new(
            value.py(),
            WideCopy {
                _characters: characters,
            },
        )?;
        return Ok((address, Some(keep.into_any())));
    }
    // A c_wchar array is refused here, as ctypes refuses it: a field that
    // pointed into a mutable buffer would change when the buffer does.
    Err(wrong_type(value, place, "a str or None"))
}

#[cold]
fn wrong_type(value: &Bound<'_, PyAny>, place: Destination<'_>, needs: &str) -> PyErr {
    let given = crate::naming::type_name(value);
    PyTypeError::new_err(format!("{place}: c_wchar_p needs {needs}, not {given}"))
}

/// `c_wchar`: a str of exactly one character, as its code point.
pub(crate) fn character(value: &Bound<'_, PyAny>, place: Destination<'_>) -> PyResult<u64> {
    if let Ok(text) = value.cast::<PyString>() {
        // SAFETY: GIL held; a str.
        if unsafe { pyo3::ffi::PyUnicode_GetLength(text.as_ptr()) } == 1 {
            // SAFETY: as above; index 0 exists.
            let code = unsafe { pyo3::ffi::PyUnicode_ReadChar(text.as_ptr(), 0) };
            return Ok(u64::from(code));
        }
    }
    let shown = value
        .repr()
        .map_or_else(|_| "?".to_owned(), |r| r.to_string());
    Err(PyTypeError::new_err(format!(
        "{place}: c_wchar needs a str of length 1, not {shown}"
    )))
}

// ANCHOR: read
/// The str in `length` wide characters at `address`, or up to the NUL when
/// `length` is None. ValueError (from CPython) for a value that is no code
/// point (above U+10FFFF), as ctypes raises.
///
/// # Safety
/// `address` points at `length` readable `wchar_t`s, or a NUL-terminated run.
pub(crate) unsafe fn read(
    py: Python<'_>,
    address: *const WChar,
    length: Option<usize>,
) -> PyResult<Py<PyAny>> {
    let size = length.map_or(-1, |n| n as isize);
    // SAFETY: the caller's promise; -1 makes CPython measure with wcslen.
    unsafe {
        Bound::from_owned_ptr_or_err(py, pyo3::ffi::PyUnicode_FromWideChar(address, size))
            .map(Bound::unbind)
    }
}
// ANCHOR_END: read

/// Writes `text` into an array of `count` wide characters, zeroing the
/// rest; ValueError if it does not fit (nothing written then).
///
/// # Safety
/// `address` points at `count` writable `wchar_t`s.
pub(crate) unsafe fn write_array(
    text: &Bound<'_, PyString>,
    address: *mut WChar,
    count: usize,
    place: Destination<'_>,
) -> PyResult<()> {
    // SAFETY: GIL held; a str.
    let length = unsafe { pyo3::ffi::PyUnicode_GetLength(text.as_ptr()) } as usize;
    if length > count {
        return Err(PyValueError::new_err(format!(
            "{place}: str too long ({length}, at most {count})"
        )));
    }
    // SAFETY: the caller's promise. The characters, then a NUL if there is
    // room, and nothing more (as ctypes, and as char arrays do).
    unsafe {
        if pyo3::ffi::PyUnicode_AsWideChar(text.as_ptr(), address, length as isize) < 0 {
            return Err(PyErr::fetch(text.py()));
        }
        if length < count {
            address.add(length).write(0);
        }
    }
    Ok(())
}

// One wchar_t per Python character, and the 4 bytes `types::Kind::WChar` says.
const _: () = assert!(size_of::<WChar>() == 4);
