//! The record types, laid out by the C rules (`#[repr(C)]`), field for field
//! as `include/structs.h` declares them. The same names are used by the
//! header, by these types and by the Python mirrors in `glue_ctypes.py`.
//!
//! `#[repr(C)]` is what makes a mirror possible: without it Rust may reorder
//! fields to save padding, and no header could describe the result.

use std::ffi::c_char;
use std::ptr;

/// `READING_COUNT`: the reading is a count of events (`as.count`).
pub const READING_COUNT: u32 = 1;
/// `READING_VALUE`: the reading is a measured value (`as.value`).
pub const READING_VALUE: u32 = 2;
/// `STRUCTS_UNIT_SIZE`: the inline unit's bytes, NUL included.
pub const UNIT_SIZE: usize = 8;
/// `STRUCTS_THRESHOLDS`: how many alarm levels a record carries.
pub const THRESHOLDS: usize = 4;

// ANCHOR: types
/// `Point`: two `int32_t`, nested by value inside the records.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Point {
    /// Horizontal position.
    pub x: i32,
    /// Vertical position.
    pub y: i32,
}

/// `Sample`: an id, then 4 bytes of padding, then an 8-aligned weight.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Sample {
    /// Which sample this is.
    pub id: u32,
    /// Its weight (any unit; `InputRecord.unit` names it).
    pub weight: f64,
}

/// `ReadingValue`: the untagged union; [`Reading::kind`] says which member is valid.
#[repr(C)]
#[derive(Clone, Copy)]
pub union ReadingValue {
    /// Valid when `kind == READING_COUNT`.
    pub count: i64,
    /// Valid when `kind == READING_VALUE`.
    pub value: f64,
}

/// `Reading`: a tag and the union it describes.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Reading {
    /// `READING_COUNT` or `READING_VALUE`.
    pub kind: u32,
    /// The member `kind` names (C calls the field `as`, a Rust keyword).
    pub r#as: ReadingValue,
}

/// `InputRecord`: what the caller fills and lends to the library.
#[repr(C)]
pub struct InputRecord {
    /// NUL-terminated UTF-8, borrowed for the call.
    pub name: *const c_char,
    /// 1..=`STRUCTS_MAX_VERSION`; a narrow field before a 4-aligned one.
    pub version: u16,
    /// Nested by value.
    pub origin: Point,
    /// Inline, NUL-terminated UTF-8.
    pub unit: [c_char; UNIT_SIZE],
    /// Inline alarm levels.
    pub thresholds: [i16; THRESHOLDS],
    /// `sample_count` samples the caller owns; NULL when there are none.
    pub samples: *const Sample,
    /// How many samples `samples` points to.
    pub sample_count: usize,
    /// The last reading, a tagged union by value.
    pub last: Reading,
}

/// `OutputRecord`: what the library fills; its pointers are the library's.
#[repr(C)]
pub struct OutputRecord {
    /// Library-allocated, NUL-terminated UTF-8.
    pub title: *mut c_char,
    /// Library-allocated array of `top_count` samples, heaviest first.
    pub top: *mut Sample,
    /// How many samples `top` points to.
    pub top_count: usize,
    /// The input origin times scale, rounded.
    pub origin: Point,
    /// The kept weights' sum, times scale.
    pub total: f64,
    /// Per threshold: how many kept samples are at or above it.
    pub alarm_counts: [u32; THRESHOLDS],
    /// A VALUE times scale; a COUNT unchanged.
    pub last: Reading,
}
// ANCHOR_END: types

impl OutputRecord {
    /// The empty record: every pointer NULL, so `free_output` has nothing to do.
    pub const EMPTY: OutputRecord = OutputRecord {
        title: ptr::null_mut(),
        top: ptr::null_mut(),
        top_count: 0,
        origin: Point { x: 0, y: 0 },
        total: 0.0,
        alarm_counts: [0; THRESHOLDS],
        last: Reading {
            kind: READING_COUNT,
            r#as: ReadingValue { count: 0 },
        },
    };
}
