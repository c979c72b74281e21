//! libnumbers: exercise 04's Layer 3 library. No Python anywhere in here;
//! `include/numbers.h` is its contract with every caller.

/// `int64_t add(int64_t a, int64_t b);` wrapping on overflow, like Part III's.
// `no_mangle` keeps the symbol's name `add`, so dlsym("add") finds it; it is
// `unsafe(...)` because two exports with one name would clash at link time.
#[unsafe(no_mangle)]
pub extern "C" fn add(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}

// TODO: export `uint64_t gcd(uint64_t a, uint64_t b);` (gcd(0, 0) == 0).
