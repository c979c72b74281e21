//! `libcrashlab.so`: native mistakes, one per export, for the crash lab.
//! Every other library in this repository guards against exactly these;
//! nothing but `crash-lab/*.py` loads this one.

use std::sync::atomic::{AtomicI64, Ordering};

// ANCHOR: unguarded_panic
/// A panic with no `catch_unwind` between it and C. Since Rust 1.81 the
/// unwind stops at the `extern "C"` boundary and aborts the whole process,
/// the Python interpreter with it.
#[unsafe(no_mangle)]
pub extern "C" fn unguarded_panic(reading: i32) -> i32 {
    let readings: Vec<i32> = vec![reading];
    readings[1] // index out of bounds: a panic
}
// ANCHOR_END: unguarded_panic

static COUNT: AtomicI64 = AtomicI64::new(0);

// ANCHOR: unlocked_increment
/// Adds 1 to a shared count `times` times, as a load and a separate store:
/// no lock, no atomic add. Two threads can both load 5 and both store 6.
#[unsafe(no_mangle)]
pub extern "C" fn unlocked_increment(times: i64) {
    for _ in 0..times {
        let seen = COUNT.load(Ordering::Relaxed);
        std::hint::spin_loop(); // widens the window between load and store
        COUNT.store(seen + 1, Ordering::Relaxed);
    }
}
// ANCHOR_END: unlocked_increment

/// The shared count.
#[unsafe(no_mangle)]
pub extern "C" fn unlocked_count() -> i64 {
    COUNT.load(Ordering::Relaxed)
}
