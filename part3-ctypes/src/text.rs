//! Strings across the C ABI: borrowed input, a caller's buffer, an owned result.
//!
//! Three ownership patterns, each with its own rule for who frees what:
//! - `count_code_points` borrows the caller's string for the call only;
//! - `format_reading` writes into memory the caller owns and sized;
//! - `format_reading_alloc` hands the caller memory this library owns, which
//!   must come back to `free_string` (Rust's allocator, not C's `free`).

use std::ffi::{CStr, CString, c_char};

use crate::status::{Status, guard};

/// Reads a NUL-terminated string as UTF-8.
///
/// # Safety
/// `ptr` must be non-null and point to a NUL-terminated string that stays
/// valid for the returned lifetime.
unsafe fn utf8_arg<'a>(ptr: *const c_char) -> Result<&'a str, std::str::Utf8Error> {
    // SAFETY: forwarded to the caller of this function.
    unsafe { CStr::from_ptr(ptr) }.to_str()
}

// ANCHOR: count_code_points
/// `*out` = the number of code points in `text`, or the offset of its first
/// invalid byte with [`Status::InvalidUtf8`].
///
/// # Safety
/// `text` must be NULL or NUL-terminated; `out` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn count_code_points(text: *const c_char, out: *mut u64) -> i32 {
    guard(|| {
        if text.is_null() || out.is_null() {
            return Status::NullArgument;
        }
        // SAFETY: `text` is non-null and NUL-terminated (caller's promise).
        let (status, value) = match unsafe { utf8_arg(text) } {
            Ok(s) => (Status::Ok, s.chars().count()),
            Err(e) => (Status::InvalidUtf8, e.valid_up_to()),
        };
        // SAFETY: `out` is non-null and writable (caller's promise).
        unsafe { out.write(value as u64) };
        status
    })
}
// ANCHOR_END: count_code_points

/// The text both `format_reading` functions produce.
fn reading_text(sensor: &str, celsius: f64) -> String {
    format!("{sensor}: {celsius:.2} °C")
}

// ANCHOR: format_reading
/// Writes the reading into the caller's buffer, or says how big it must be.
///
/// # Safety
/// `sensor` must be NULL or NUL-terminated; `buf` must be NULL or writable
/// for `buf_len` bytes; `needed` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn format_reading(
    sensor: *const c_char,
    celsius: f64,
    buf: *mut c_char,
    buf_len: usize,
    needed: *mut usize,
) -> i32 {
    if !needed.is_null() {
        // SAFETY: non-null and writable (caller's promise). The header says
        // *needed always receives a value: 0 until the size is known.
        unsafe { needed.write(0) };
    }
    guard(|| {
        if sensor.is_null() || needed.is_null() || (buf.is_null() && buf_len > 0) {
            return Status::NullArgument;
        }
        // SAFETY: `sensor` is non-null and NUL-terminated (caller's promise).
        let Ok(sensor) = (unsafe { utf8_arg(sensor) }) else {
            return Status::InvalidUtf8;
        };
        let text = reading_text(sensor, celsius);
        let size = text.len() + 1; // the terminating NUL is the caller's too
        // SAFETY: `needed` is non-null and writable (caller's promise).
        unsafe { needed.write(size) };
        if buf_len < size {
            return Status::BufferTooSmall;
        }
        // SAFETY: `buf` holds at least `size` writable bytes (checked above),
        // and a fresh String cannot overlap the caller's buffer.
        unsafe {
            std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), text.len());
            buf.add(text.len()).write(0);
        }
        Status::Ok
    })
}
// ANCHOR_END: format_reading

// ANCHOR: format_reading_alloc
/// The reading in a string this library allocates; NULL on bad input.
///
/// # Safety
/// `sensor` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn format_reading_alloc(sensor: *const c_char, celsius: f64) -> *mut c_char {
    let mut result = std::ptr::null_mut();
    // The status is dropped on purpose: this signature can only say "NULL".
    let _ = guard(|| {
        if sensor.is_null() {
            return Status::NullArgument;
        }
        // SAFETY: `sensor` is non-null and NUL-terminated (caller's promise).
        let Ok(sensor) = (unsafe { utf8_arg(sensor) }) else {
            return Status::InvalidUtf8;
        };
        // A sensor read through CStr has no interior NUL, and neither has
        // the format string, so CString::new cannot fail here.
        match CString::new(reading_text(sensor, celsius)) {
            Ok(owned) => {
                // Ownership leaves Rust: only free_string may take it back.
                result = owned.into_raw();
                Status::Ok
            }
            Err(_) => Status::InvalidUtf8,
        }
    });
    result
}

/// Takes back a string from [`format_reading_alloc`] and frees it.
///
/// # Safety
/// `s` must be NULL or a pointer returned by this library and not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn free_string(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: `s` came from CString::into_raw (caller's promise), so
        // rebuilding the CString returns the memory to the same allocator.
        drop(unsafe { CString::from_raw(s) });
    }
}
// ANCHOR_END: format_reading_alloc

#[cfg(test)]
mod tests {
    use super::*;

    fn count(bytes: &[u8]) -> (i32, u64) {
        let text = CString::new(bytes).unwrap();
        let mut out = 0;
        // SAFETY: both pointers are live locals.
        let status = unsafe { count_code_points(text.as_ptr(), &mut out) };
        (status, out)
    }

    #[test]
    fn counts_code_points_not_bytes() {
        assert_eq!(count("sensor-A".as_bytes()), (0, 8));
        assert_eq!(count("21.5 °C".as_bytes()), (0, 7));
        assert_eq!(count(b""), (0, 0));
    }

    #[test]
    fn invalid_utf8_reports_the_offset() {
        assert_eq!(count(b"ab\xffcd"), (Status::InvalidUtf8 as i32, 2));
    }

    #[test]
    fn format_reading_asks_for_size_then_writes() {
        let sensor = CString::new("sensor-A").unwrap();
        let mut needed = 0;
        // SAFETY: a NULL buffer with length 0 is the documented size query.
        let status =
            unsafe { format_reading(sensor.as_ptr(), 21.5, std::ptr::null_mut(), 0, &mut needed) };
        assert_eq!(status, Status::BufferTooSmall as i32);
        assert_eq!(needed, "sensor-A: 21.50 °C".len() + 1);

        let mut buf = vec![0 as c_char; needed];
        // SAFETY: `buf` has `needed` writable bytes.
        let status =
            unsafe { format_reading(sensor.as_ptr(), 21.5, buf.as_mut_ptr(), needed, &mut needed) };
        assert_eq!(status, Status::Ok as i32);
        // SAFETY: the library wrote a NUL-terminated string into `buf`.
        let written = unsafe { CStr::from_ptr(buf.as_ptr()) };
        assert_eq!(written.to_str().unwrap(), "sensor-A: 21.50 °C");
    }

    #[test]
    fn alloc_and_free_round_trip() {
        let sensor = CString::new("sensor-B").unwrap();
        // SAFETY: `sensor` is NUL-terminated.
        let owned = unsafe { format_reading_alloc(sensor.as_ptr(), -3.0) };
        assert!(!owned.is_null());
        // SAFETY: non-null result of format_reading_alloc.
        let text = unsafe { CStr::from_ptr(owned) }
            .to_str()
            .unwrap()
            .to_owned();
        // SAFETY: returned by this library, freed once.
        unsafe { free_string(owned) };
        assert_eq!(text, "sensor-B: -3.00 °C");
        // SAFETY: NULL is accepted.
        unsafe { free_string(std::ptr::null_mut()) };
    }

    #[test]
    fn alloc_returns_null_for_bad_input() {
        // SAFETY: NULL is part of the contract.
        assert!(unsafe { format_reading_alloc(std::ptr::null(), 1.0) }.is_null());
        let bad = CString::new(b"\xff".to_vec()).unwrap();
        // SAFETY: `bad` is NUL-terminated.
        assert!(unsafe { format_reading_alloc(bad.as_ptr(), 1.0) }.is_null());
    }
}
