//! Scalar functions: integers and doubles in, integers and doubles out.
//!
//! These are the shapes every FFI handles: no pointers, no ownership. The ones
//! that return a value rather than a status are written so that they cannot
//! panic (wrapping or checked arithmetic only), so there is nothing to guard.

use crate::status::{Status, guard};

// ANCHOR: add
/// `a + b`, wrapping on overflow: the header promises two's complement.
#[unsafe(no_mangle)]
pub extern "C" fn add(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}
// ANCHOR_END: add

/// The largest `n` whose Fibonacci number fits a `u64` (`FIB_MAX_N`).
pub const FIB_MAX_N: u32 = 93;

// ANCHOR: fib
/// The n-th Fibonacci number, iteratively; `u64::MAX` when `n > FIB_MAX_N`.
#[unsafe(no_mangle)]
pub extern "C" fn fib(n: u32) -> u64 {
    if n > FIB_MAX_N {
        // u64::MAX is never a Fibonacci number, so it is an unambiguous sentinel.
        return u64::MAX;
    }
    let (mut current, mut next) = (0u64, 1u64);
    for _ in 0..n {
        // `next` runs one term ahead: for n = 93 its last value would be
        // fib(94), which does not fit. It is never returned, so let it wrap.
        (current, next) = (next, current.wrapping_add(next));
    }
    current
}
// ANCHOR_END: fib

/// Does nothing: a benchmark measures the bare cost of crossing the boundary.
#[unsafe(no_mangle)]
pub extern "C" fn noop() {}

/// Degrees Celsius to degrees Fahrenheit; infinite only when the answer is.
#[unsafe(no_mangle)]
pub extern "C" fn celsius_to_fahrenheit(celsius: f64) -> f64 {
    let times_nine = celsius * 9.0;
    if times_nine.is_infinite() && celsius.is_finite() {
        // 9 × celsius overflowed although the answer (1.8 × celsius) may fit:
        // divide first. Only here, so every other result keeps its rounding.
        return celsius / 5.0 * 9.0 + 32.0;
    }
    times_nine / 5.0 + 32.0
}

// ANCHOR: checked_div
/// `*out = a / b`, truncating toward zero, or a status saying why not.
///
/// # Safety
/// `out` must be NULL or point to writable memory for one `i64`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn checked_div(a: i64, b: i64, out: *mut i64) -> i32 {
    guard(|| {
        if out.is_null() {
            return Status::NullArgument;
        }
        let quotient = match (a.checked_div(b), b) {
            (Some(q), _) => q,
            (None, 0) => return Status::DivisionByZero,
            // The only other failure of checked_div: i64::MIN / -1.
            (None, _) => return Status::Overflow,
        };
        // SAFETY: `out` is non-null and the caller promised it is writable.
        unsafe { out.write(quotient) };
        Status::Ok
    })
}
// ANCHOR_END: checked_div

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_wraps_instead_of_panicking() {
        assert_eq!(add(2, 3), 5);
        assert_eq!(add(i64::MAX, 1), i64::MIN);
    }

    #[test]
    fn fib_matches_the_definition_up_to_its_limit() {
        let first: Vec<u64> = (0..10).map(|n| fib(n)).collect();
        assert_eq!(first, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
        assert_eq!(fib(FIB_MAX_N), 12_200_160_415_121_876_738);
        assert_eq!(fib(FIB_MAX_N + 1), u64::MAX);
        assert_eq!(fib(u32::MAX), u64::MAX);
    }

    #[test]
    fn celsius_to_fahrenheit_known_points() {
        assert_eq!(celsius_to_fahrenheit(100.0), 212.0);
        assert_eq!(celsius_to_fahrenheit(-40.0), -40.0);
    }

    #[test]
    fn celsius_to_fahrenheit_overflows_only_when_the_answer_does() {
        // Every answer up to f64::MAX is finite, and close to 1.8 × c + 32.
        for celsius in [2e307, 5e307, f64::MAX / 1.8, -(f64::MAX / 1.8)] {
            let fahrenheit = celsius_to_fahrenheit(celsius);
            assert!(fahrenheit.is_finite(), "{celsius} gave {fahrenheit}");
            assert!((fahrenheit / (celsius * 1.8) - 1.0).abs() < 1e-15);
        }
        assert_eq!(
            celsius_to_fahrenheit(f64::MAX),
            f64::INFINITY,
            "1.8 × MAX does not fit"
        );
        assert!(celsius_to_fahrenheit(f64::NAN).is_nan());
    }

    fn div(a: i64, b: i64) -> (i32, i64) {
        let mut out = 0;
        // SAFETY: `out` is a live local.
        let status = unsafe { checked_div(a, b, &mut out) };
        (status, out)
    }

    #[test]
    fn checked_div_statuses() {
        assert_eq!(div(7, 2), (Status::Ok as i32, 3));
        assert_eq!(div(-7, 2), (Status::Ok as i32, -3));
        assert_eq!(div(1, 0).0, Status::DivisionByZero as i32);
        assert_eq!(div(i64::MIN, -1).0, Status::Overflow as i32);
        // SAFETY: a NULL out-pointer is part of the contract.
        let status = unsafe { checked_div(1, 1, std::ptr::null_mut()) };
        assert_eq!(status, Status::NullArgument as i32);
    }
}
