//! A C callback: the library calls back into its caller's code.
//!
//! The classic C shape: a function pointer plus an opaque `user_data` pointer
//! that the library hands back untouched, so the caller can find its state.

use std::ffi::c_void;

use crate::arith::{FIB_MAX_N, fib};
use crate::status::{Status, guard};

// ANCHOR: for_each_fib
/// `fib_visitor` in the header: return 0 to go on, non-zero to stop.
pub type FibVisitor = unsafe extern "C" fn(index: u32, term: u64, user_data: *mut c_void) -> i32;

/// Calls `visit(i, fib(i), user_data)` for `i` in `0..count`.
///
/// # Safety
/// `visit` must be NULL or a function safe to call with `user_data`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn for_each_fib(
    count: u32,
    visit: Option<FibVisitor>, // Option<fn>: NULL becomes None, checked by the type
    user_data: *mut c_void,
) -> i32 {
    guard(|| {
        let Some(visit) = visit else {
            return Status::NullArgument;
        };
        if count > FIB_MAX_N + 1 {
            return Status::Overflow;
        }
        for index in 0..count {
            // SAFETY: the caller promised `visit` accepts `user_data`.
            if unsafe { visit(index, fib(index), user_data) } != 0 {
                break;
            }
        }
        Status::Ok
    })
}
// ANCHOR_END: for_each_fib

#[cfg(test)]
mod tests {
    use super::*;

    unsafe extern "C" fn collect(_index: u32, term: u64, user_data: *mut c_void) -> i32 {
        // SAFETY: the test passes a `*mut Vec<u64>` as user_data.
        let terms = unsafe { &mut *user_data.cast::<Vec<u64>>() };
        terms.push(term);
        i32::from(terms.len() == 5) // stop after five terms
    }

    #[test]
    fn visits_terms_and_stops_when_asked() {
        let mut terms: Vec<u64> = Vec::new();
        let data = (&raw mut terms).cast::<c_void>();
        // SAFETY: `collect` expects exactly this user_data.
        assert_eq!(unsafe { for_each_fib(10, Some(collect), data) }, 0);
        assert_eq!(terms, [0, 1, 1, 2, 3]);
    }

    #[test]
    fn rejects_null_and_overflow() {
        let null = std::ptr::null_mut();
        // SAFETY: NULL visit is part of the contract.
        let status = unsafe { for_each_fib(3, None, null) };
        assert_eq!(status, Status::NullArgument as i32);
        // SAFETY: the count is rejected before `collect` is called.
        let status = unsafe { for_each_fib(FIB_MAX_N + 2, Some(collect), null) };
        assert_eq!(status, Status::Overflow as i32);
    }
}
