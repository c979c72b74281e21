//! Exercise 05 passes when fib and celsius_to_fahrenheit come back exact.

use std::path::PathBuf;

use libloading::Library;
use part3_exercise_05::{call_add, call_celsius_to_fahrenheit, call_fib, open};

/// libscalars from `make build`; the checker sets PART3_SCALARS_LIB.
fn libscalars() -> Library {
    let path = std::env::var_os("PART3_SCALARS_LIB").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../../target/release/libscalars.so")
        },
        PathBuf::from,
    );
    open(&path).unwrap_or_else(|error| {
        panic!(
            "cannot open {}: {error} (run `make build` first)",
            path.display()
        )
    })
}

#[test]
fn add_is_the_worked_example() {
    let lib = libscalars();
    assert_eq!(call_add(&lib, 2, 3).unwrap(), 5);
    assert_eq!(call_add(&lib, i64::MAX, 1).unwrap(), i64::MIN, "add wraps");
}

#[test]
fn fib_comes_back_whole() {
    let lib = libscalars();
    assert_eq!(call_fib(&lib, 0).unwrap(), 0);
    assert_eq!(call_fib(&lib, 10).unwrap(), 55);
    assert_eq!(
        call_fib(&lib, 93).unwrap(),
        12_200_160_415_121_876_738,
        "fib(93) is the largest that fits u64"
    );
    assert_eq!(
        call_fib(&lib, 94).unwrap(),
        u64::MAX,
        "past FIB_MAX_N, fib returns the sentinel u64::MAX"
    );
}

#[test]
fn celsius_to_fahrenheit_is_a_double() {
    let lib = libscalars();
    assert_eq!(call_celsius_to_fahrenheit(&lib, 100.0).unwrap(), 212.0);
    assert_eq!(call_celsius_to_fahrenheit(&lib, -40.0).unwrap(), -40.0);
    assert!((call_celsius_to_fahrenheit(&lib, 36.6).unwrap() - 97.88).abs() < 1e-9);
}
