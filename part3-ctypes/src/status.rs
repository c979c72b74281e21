//! Status codes: how a C ABI reports failure when it has no exceptions.
//!
//! The numbers are part of the ABI and match the `SCALARS_*` defines in
//! `include/scalars.h`; a Python test compares the two.

// ANCHOR: status
/// The result of every fallible export (`scalars_status` in the header).
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Success; the out-pointer holds the result.
    Ok = 0,
    /// A required pointer was NULL.
    NullArgument = 1,
    /// The divisor was zero.
    DivisionByZero = 2,
    /// The result does not fit its C type.
    Overflow = 3,
    /// A string was not UTF-8; `*out` holds the offset of the first bad byte.
    InvalidUtf8 = 4,
    /// The caller's buffer is too small; `*needed` holds the size required.
    BufferTooSmall = 5,
    /// A panic inside the library was caught at the boundary.
    Panic = 6,
}
// ANCHOR_END: status

// ANCHOR: guard
/// Runs the body of an export and turns a panic into [`Status::Panic`].
///
/// A panic must never unwind into C: the caller has no way to run Rust's
/// unwinding, and since Rust 1.81 an unwind reaching `extern "C"` aborts the
/// whole process (the Python interpreter with it). `quiet_panic::catch` is
/// `catch_unwind` that also keeps the panic off the host's stderr: the status
/// code is the report. It is sound here because after a panic we touch
/// nothing the body was mutating: we only return a code.
pub fn guard(body: impl FnOnce() -> Status) -> i32 {
    match quiet_panic::catch(body) {
        Ok(status) => status as i32,
        Err(_) => Status::Panic as i32,
    }
}
// ANCHOR_END: guard

/// A teaching aid: panics inside the library and returns [`Status::Panic`].
#[unsafe(no_mangle)]
pub extern "C" fn panic_demo() -> i32 {
    guard(|| panic!("panic_demo: a deliberate bug inside libscalars"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_status() {
        assert_eq!(panic_demo(), Status::Panic as i32);
    }

    #[test]
    fn a_normal_body_passes_its_status_through() {
        assert_eq!(guard(|| Status::Overflow), 3);
    }
}
