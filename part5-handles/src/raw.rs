//! The API this part replaces: raw pointers handed to the caller. Kept for
//! the failure-first demonstration only (`failure_first.py`); nothing else
//! uses it.
//!
//! `raw_config_new` returns the object's address. The caller must call
//! `raw_config_free` exactly once and never touch the pointer afterwards,
//! and nothing checks either rule: a use after free reads whatever now
//! occupies that memory, and a second free corrupts the allocator.

use crate::objects::Counter;

/// `Counter *raw_counter_new(int64_t start)`: the object's address.
#[unsafe(no_mangle)]
pub extern "C" fn raw_counter_new(start: i64) -> *mut Counter {
    Box::into_raw(Box::new(Counter::new(start)))
}

/// `int64_t raw_counter_value(const Counter *counter)`
///
/// # Safety
/// `counter` came from `raw_counter_new` and has not been freed. Nothing
/// here can check that: this is the point of the demonstration.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn raw_counter_value(counter: *const Counter) -> i64 {
    // SAFETY: the caller's promise, which failure_first.py breaks on purpose.
    unsafe { (*counter).value() }
}

/// `void raw_counter_free(Counter *counter)`
///
/// # Safety
/// As [`raw_counter_value`], and never twice.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn raw_counter_free(counter: *mut Counter) {
    // SAFETY: the caller's promise, which failure_first.py breaks on purpose.
    drop(unsafe { Box::from_raw(counter) });
}
