//! libnumbers: exercise 04's Layer 3 library. No Python anywhere in here;
//! `include/numbers.h` is its contract with every caller.

/// `int64_t add(int64_t a, int64_t b);` wrapping on overflow, like Part III's.
// `no_mangle` keeps the symbol's name `add`, so dlsym("add") finds it; it is
// `unsafe(...)` because two exports with one name would clash at link time.
#[unsafe(no_mangle)]
pub extern "C" fn add(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}

// ex: starter
// | // TODO: export `uint64_t gcd(uint64_t a, uint64_t b);` (gcd(0, 0) == 0).
// ex: mistake 1: "undefined symbol: gcd"
// | pub extern "C" fn gcd(mut a: u64, mut b: u64) -> u64 {
// |     while b != 0 {
// |         (a, b) = (b, a % b);
// |     }
// |     a
// | }
// ex: mistake 4: "attempt to calculate the remainder with a divisor of zero"
// | #[unsafe(no_mangle)]
// | pub extern "C" fn gcd(a: u64, b: u64) -> u64 {
// |     gcd(b, a % b) // no base case: b == 0 divides by zero
// | }
// ex: solution
/// `uint64_t gcd(uint64_t a, uint64_t b);` the greatest common divisor.
/// Euclid's loop never divides by zero, so it cannot panic: gcd(a, 0) == a.
#[unsafe(no_mangle)]
pub extern "C" fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}
// ex: end
