//! Status codes: how a C ABI reports failure. The numbers are part of the
//! ABI and match the `STRUCTS_*` defines in `include/structs.h` (a Python
//! test compares the two).

// ANCHOR: status
/// The result of every fallible export (`STRUCTS_*` in the header).
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Success.
    Ok = 0,
    /// A required pointer was NULL.
    NullArgument = 1,
    /// `name` or `unit` is not UTF-8.
    InvalidUtf8 = 2,
    /// `unit` has no NUL within its 8 bytes.
    Unterminated = 3,
    /// `version` outside 1..=`STRUCTS_MAX_VERSION`.
    BadVersion = 4,
    /// `sample_count` or `top_n` above its maximum.
    BadLength = 5,
    /// `scale`, `min_weight` or a weight is NaN or infinite.
    NotFinite = 6,
    /// The scaled origin does not fit `int32_t`.
    Overflow = 7,
    /// `Reading.kind` is neither `READING_COUNT` nor `READING_VALUE`.
    BadTag = 8,
    /// `describe_input`'s buffer is too small; `*needed` holds the size.
    BufferTooSmall = 9,
    /// A panic inside the library, caught at the boundary.
    Panic = 10,
}
// ANCHOR_END: status

/// Runs an export's body; a panic becomes [`Status::Panic`], printed nowhere.
///
/// A panic must not unwind into C (since Rust 1.81 that aborts the process).
/// After a panic we only return a code and touch nothing the body mutated.
pub fn guard(body: impl FnOnce() -> Result<(), Status>) -> i32 {
    match quiet_panic::catch(body) {
        Ok(Ok(())) => Status::Ok as i32,
        Ok(Err(status)) => status as i32,
        Err(_) => Status::Panic as i32,
    }
}
