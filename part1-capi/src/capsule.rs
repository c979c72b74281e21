//! `part1_capi._C_API`: a table of C functions other extension modules can
//! call without going through Python (Part VIII of the series, §12.5, calls this an opaque handle API).
//!
//! Another extension gets it with `PyCapsule_Import("part1_capi._C_API", 0)`
//! and casts the pointer to `Part1CApi` from `include/part1_capi.h`.

use std::ffi::{c_char, c_int, c_void};

use pyo3_ffi::*;

use crate::config;
use crate::py::{self, NULL, c};
use crate::trap::trap;

// ANCHOR: table
/// The table's layout, mirrored by `struct Part1CApi` in the header. New
/// entries go at the end, with a new `version`, so old callers keep working.
#[repr(C)]
pub(crate) struct Part1CApi {
    version: u32,
    /// 0 if `seconds` is a valid timeout, -1 if not. Pure: no GIL needed.
    check_timeout: unsafe extern "C" fn(i64) -> c_int,
    /// 0 if the NUL-terminated UTF-8 `url` is valid, -1 if not. No GIL needed.
    check_url: unsafe extern "C" fn(*const c_char) -> c_int,
    /// A Config's timeout in milliseconds; -1 with TypeError set if `obj`
    /// is not a Config. Needs the GIL.
    timeout_ms: unsafe extern "C" fn(*mut PyObject) -> i64,
}
// ANCHOR_END: table

unsafe extern "C" fn check_timeout(seconds: i64) -> c_int {
    if config_core::check_timeout(seconds).is_ok() {
        0
    } else {
        -1
    }
}

unsafe extern "C" fn check_url(url: *const c_char) -> c_int {
    if url.is_null() {
        return -1;
    }
    // SAFETY: the caller passes a NUL-terminated string (header contract).
    let bytes = unsafe { std::ffi::CStr::from_ptr(url) }.to_bytes();
    let valid = std::str::from_utf8(bytes).is_ok_and(|text| config_core::parse_url(text).is_ok());
    if valid { 0 } else { -1 }
}

unsafe extern "C" fn timeout_ms(obj: *mut PyObject) -> i64 {
    trap(-1, || {
        // SAFETY: the caller holds the GIL (header contract).
        unsafe {
            if obj.is_null() || !config::is_config(obj) {
                py::raise(PyExc_TypeError, "timeout_ms() needs a part1_capi.Config");
                return -1;
            }
            config::timeout_ms(obj)
        }
    })
}

static API: Part1CApi = Part1CApi {
    version: 1,
    check_timeout,
    check_url,
    timeout_ms,
};

/// A new capsule pointing at the table. The table is a static, so the
/// capsule needs no destructor.
pub(crate) unsafe fn new() -> *mut PyObject {
    // SAFETY: GIL held (called from module exec); the name outlives the capsule.
    let capsule = unsafe {
        PyCapsule_New(
            (&raw const API).cast_mut().cast::<c_void>(),
            c(c"part1_capi._C_API"),
            None,
        )
    };
    if capsule.is_null() { NULL } else { capsule }
}
