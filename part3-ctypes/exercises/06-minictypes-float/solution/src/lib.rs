//! `minifloat`: mini-ctypes, with `c_float`'s own decisions written here.
//!
//! The library (`part3-ctypes/minictypes`) knows `c_float`'s name and size,
//! and checks that a value is a number; it asks this file the rest: what
//! libffi is told about a C `float`, and how a Python float (always a
//! double) becomes the bytes C reads, and comes back.

use minictypes::{FloatCodec, Pieces, Type};
use pyo3::prelude::*;

/// What libffi needs to know of a C `float`: its size, its alignment, and
/// the register class it travels in.
fn ffi_type() -> Type {
    // ex: starter
    // | // TODO: libffi has a type for each C scalar (Type::f64() is a double).
    // | Type::f64()
    // ex: solution
    Type::f32()
    // ex: end
}

/// A Python float into the 8-byte slot C reads: C reads the low 4 bytes.
fn to_slot(number: f64) -> u64 {
    // ex: starter
    // | // TODO: the float's 4 bytes, at the low end of the slot.
    // | let _ = number;
    // | 0
    // ex: mistake 1: "not the float32 rounding of sqrt(2)"
    // | number.to_bits()
    // ex: mistake 3: "are the float's bits in the slot"
    // | number as u64
    // ex: solution
    // Round to single precision first, then keep its bits, not its value.
    u64::from((number as f32).to_bits())
    // ex: end
}

/// The slot libffi wrote (or 4 bytes read from memory) back into a Python float.
fn from_slot(slot: u64) -> f64 {
    // ex: starter
    // | // TODO: the low 4 bytes are a float; Python's floats are doubles.
    // | let _ = slot;
    // | 0.0
    // ex: mistake 2: "not the float32 rounding of sqrt(2)"
    // | f64::from_bits(slot)
    // ex: solution
    f64::from(f32::from_bits(slot as u32))
    // ex: end
}

#[pymodule(gil_used = true)]
fn minifloat(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let c_float = FloatCodec {
        ffi_type,
        to_slot,
        from_slot,
    };
    minictypes::install_with(
        module,
        Pieces {
            c_float,
            ..Pieces::OURS
        },
    )
}
