//! The `extern "C"` functions: the only code that touches raw pointers.
//!
//! Each export checks every pointer and length it is given, turns the C
//! structs into safe Rust values ([`read_input`]), calls the safe core
//! (`transform.rs`), and hands the results back through the caller's
//! `OutputRecord`. Every body runs inside [`guard`], so no panic reaches C.

use std::ffi::{CStr, CString, c_char};
use std::fmt::Write as _;
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::records::{
    InputRecord, OutputRecord, READING_COUNT, READING_VALUE, Reading, ReadingValue, Sample,
    UNIT_SIZE,
};
use crate::status::{Status, guard};
use crate::transform::{Input, LastReading, MAX_SAMPLES, MAX_VERSION, transform};

/// OutputRecords filled by `transform_record` and not yet freed.
static LIVE_OUTPUTS: AtomicUsize = AtomicUsize::new(0);

// ANCHOR: read_input
/// Checks every field of a C `InputRecord` and borrows it as an [`Input`].
///
/// # Safety
/// `raw.name` is NULL or a NUL-terminated string, and `raw.samples` is NULL
/// or points to `raw.sample_count` samples; both stay valid and unchanged
/// for `'a` (the header's "borrowed" contract, which C cannot check).
unsafe fn read_input<'a>(raw: &'a InputRecord) -> Result<Input<'a>, Status> {
    if raw.name.is_null() {
        return Err(Status::NullArgument);
    }
    // SAFETY: non-NULL and NUL-terminated, by this function's contract.
    let name = unsafe { CStr::from_ptr(raw.name) }
        .to_str()
        .map_err(|_| Status::InvalidUtf8)?;
    if raw.version == 0 || raw.version > MAX_VERSION {
        return Err(Status::BadVersion);
    }
    let unit = unit_text(&raw.unit)?;
    // SAFETY: as this function's contract.
    let samples = unsafe { samples(raw) }?;
    if samples.iter().any(|s| !s.weight.is_finite()) {
        return Err(Status::NotFinite);
    }
    Ok(Input {
        name,
        version: raw.version,
        origin: raw.origin,
        unit,
        thresholds: raw.thresholds,
        samples,
        last: last_reading(&raw.last)?,
    })
}
// ANCHOR_END: read_input

/// The inline `char unit[8]`: text up to its NUL, which must be inside the array.
fn unit_text(unit: &[c_char; UNIT_SIZE]) -> Result<&str, Status> {
    // SAFETY: c_char and u8 have the same size and alignment.
    let bytes: &[u8; UNIT_SIZE] = unsafe { &*unit.as_ptr().cast::<[u8; UNIT_SIZE]>() };
    let text = CStr::from_bytes_until_nul(bytes).map_err(|_| Status::Unterminated)?;
    text.to_str().map_err(|_| Status::InvalidUtf8)
}

/// The caller's samples as a slice, after checking the pointer and the length.
///
/// # Safety
/// As [`read_input`].
unsafe fn samples(raw: &InputRecord) -> Result<&[Sample], Status> {
    if raw.sample_count > MAX_SAMPLES {
        return Err(Status::BadLength);
    }
    if raw.sample_count == 0 {
        return Ok(&[]); // the pointer may be NULL or dangling: never read it
    }
    if raw.samples.is_null() {
        return Err(Status::NullArgument);
    }
    // SAFETY: non-NULL and `sample_count` samples long, by the contract.
    Ok(unsafe { std::slice::from_raw_parts(raw.samples, raw.sample_count) })
}

/// The tagged union, read through the member its tag names, and only that one.
fn last_reading(reading: &Reading) -> Result<LastReading, Status> {
    match reading.kind {
        // SAFETY: the tag says `count` is the member that was written.
        READING_COUNT => Ok(LastReading::Count(unsafe { reading.r#as.count })),
        // SAFETY: the tag says `value` is the member that was written.
        READING_VALUE => match unsafe { reading.r#as.value } {
            value if value.is_finite() => Ok(LastReading::Value(value)),
            _ => Err(Status::NotFinite),
        },
        _ => Err(Status::BadTag),
    }
}

// ANCHOR: transform_record
/// `int32_t transform_record(const InputRecord *in, double scale, double min_weight, size_t top_n, OutputRecord *out)`
///
/// # Safety
/// `input` is NULL or a valid `InputRecord` whose pointers honour the
/// header's contract; `out` is NULL or points to writable `OutputRecord`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn transform_record(
    input: *const InputRecord,
    scale: f64,
    min_weight: f64,
    top_n: usize,
    out: *mut OutputRecord,
) -> i32 {
    guard(|| {
        if out.is_null() {
            return Err(Status::NullArgument);
        }
        // SAFETY: `out` is non-NULL and writable. Written before anything can
        // fail, so the caller's free_output is safe on every status.
        unsafe { out.write(OutputRecord::EMPTY) };
        // SAFETY: NULL or a valid record, by this function's contract.
        let raw = unsafe { input.as_ref() }.ok_or(Status::NullArgument)?;
        // SAFETY: the record's pointers honour the contract.
        let result = transform(&unsafe { read_input(raw) }?, scale, min_weight, top_n)?;
        // SAFETY: `out` is non-NULL and writable (checked above).
        unsafe { out.write(hand_over(result)) };
        LIVE_OUTPUTS.fetch_add(1, Ordering::Relaxed);
        Ok(())
    })
}
// ANCHOR_END: transform_record

// ANCHOR: hand_over
/// Moves Rust-owned results into C's record: from here until `free_output`,
/// the title and the array belong to whoever holds the `OutputRecord`.
fn hand_over(result: crate::transform::Output) -> OutputRecord {
    // The title is built from a C string and a UTF-8 unit, so it has no NUL.
    let title = CString::new(result.title)
        .expect("the title has no NUL")
        .into_raw();
    let top_count = result.top.len();
    let top = if top_count == 0 {
        ptr::null_mut() // an empty array is NULL in C, not a dangling pointer
    } else {
        Box::into_raw(result.top.into_boxed_slice()).cast::<Sample>()
    };
    let last = match result.last {
        LastReading::Count(count) => Reading {
            kind: READING_COUNT,
            r#as: ReadingValue { count },
        },
        LastReading::Value(value) => Reading {
            kind: READING_VALUE,
            r#as: ReadingValue { value },
        },
    };
    OutputRecord {
        title,
        top,
        top_count,
        origin: result.origin,
        total: result.total,
        alarm_counts: result.alarm_counts,
        last,
    }
}
// ANCHOR_END: hand_over

// ANCHOR: free_output
/// `void free_output(OutputRecord *out)`: releases and empties; a second call does nothing.
///
/// # Safety
/// `out` is NULL or an `OutputRecord` that `transform_record` filled (or
/// emptied), not modified since.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn free_output(out: *mut OutputRecord) {
    // Nothing here can panic, but the policy costs nothing to keep.
    guard(|| {
        // SAFETY: NULL or a record transform_record wrote, by the contract.
        let Some(out) = (unsafe { out.as_mut() }) else {
            return Ok(());
        };
        if !out.title.is_null() {
            // SAFETY: made by CString::into_raw in hand_over, not freed since
            // (free_output NULLs it after freeing).
            drop(unsafe { CString::from_raw(out.title) });
            LIVE_OUTPUTS.fetch_sub(1, Ordering::Relaxed);
        }
        if !out.top.is_null() {
            let slice = ptr::slice_from_raw_parts_mut(out.top, out.top_count);
            // SAFETY: made by Box::into_raw of a boxed slice of top_count
            // samples in hand_over, not freed since.
            drop(unsafe { Box::from_raw(slice) });
        }
        *out = OutputRecord::EMPTY;
        Ok(())
    });
}
// ANCHOR_END: free_output

/// `size_t live_outputs(void)`: filled records not yet freed, process-wide.
#[unsafe(no_mangle)]
pub extern "C" fn live_outputs() -> usize {
    LIVE_OUTPUTS.load(Ordering::Relaxed)
}

// ANCHOR: describe_input
/// `int32_t describe_input(const InputRecord *in, char *buffer, size_t size, size_t *needed)`:
/// every field as the library reads it, so a mirror can be checked from Python.
///
/// # Safety
/// As `transform_record` for `input`; `buffer` is NULL (with `size` 0) or
/// has `size` writable bytes; `needed` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn describe_input(
    input: *const InputRecord,
    buffer: *mut c_char,
    size: usize,
    needed: *mut usize,
) -> i32 {
    guard(|| {
        if needed.is_null() || (buffer.is_null() && size > 0) {
            return Err(Status::NullArgument);
        }
        // SAFETY: NULL or a valid record, by the contract.
        let raw = unsafe { input.as_ref() }.ok_or(Status::NullArgument)?;
        // SAFETY: the record's pointers honour the contract.
        let text = unsafe { describe(raw) }?;
        // SAFETY: `needed` is non-NULL and writable.
        unsafe { needed.write(text.len() + 1) };
        if size < text.len() + 1 {
            return Err(Status::BufferTooSmall);
        }
        // SAFETY: `buffer` has `size` > text.len() writable bytes.
        unsafe {
            ptr::copy_nonoverlapping(text.as_ptr().cast::<c_char>(), buffer, text.len());
            buffer.add(text.len()).write(0);
        }
        Ok(())
    })
}
// ANCHOR_END: describe_input

/// The text `describe_input` writes. Unlike `read_input` it refuses nothing
/// it can safely show: a wrong mirror's garbage is exactly what it is for.
///
/// # Safety
/// As [`read_input`].
unsafe fn describe(raw: &InputRecord) -> Result<String, Status> {
    let mut text = String::new();
    let name = if raw.name.is_null() {
        "NULL".to_owned()
    } else {
        // SAFETY: non-NULL and NUL-terminated, by the contract.
        shown(unsafe { CStr::from_ptr(raw.name) }.to_bytes())
    };
    // SAFETY: c_char and u8 have the same size and alignment.
    let unit: &[u8; UNIT_SIZE] = unsafe { &*raw.unit.as_ptr().cast::<[u8; UNIT_SIZE]>() };
    let unit = CStr::from_bytes_until_nul(unit)
        .map_or_else(|_| shown(unit), |text| shown(text.to_bytes()));
    let _ = write!(
        text,
        "name={name} version={} origin=({}, {}) unit={unit} thresholds={:?} samples=[",
        raw.version, raw.origin.x, raw.origin.y, raw.thresholds
    );
    // SAFETY: as read_input's.
    for (index, sample) in unsafe { samples(raw) }?.iter().enumerate() {
        let separator = if index == 0 { "" } else { ", " };
        let _ = write!(text, "{separator}({}, {:?})", sample.id, sample.weight);
    }
    let _ = match raw.last.kind {
        // SAFETY: the tag names the member.
        READING_COUNT => write!(text, "] last=count:{}", unsafe { raw.last.r#as.count }),
        // SAFETY: the tag names the member.
        READING_VALUE => write!(text, "] last=value:{:?}", unsafe { raw.last.r#as.value }),
        kind => write!(text, "] last=kind {kind}?"),
    };
    Ok(text)
}

/// Text as Python's `repr` of a str shows it when it is UTF-8, else its bytes.
fn shown(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => format!("'{text}'"),
        Err(_) => format!("b'{}'", bytes.escape_ascii()),
    }
}
