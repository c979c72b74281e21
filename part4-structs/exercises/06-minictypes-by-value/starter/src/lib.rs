//! Describing C types to libffi, as mini-ctypes does for structs passed
//! and returned by value (`part3-ctypes/minictypes/src/cdata/info.rs`).

use libffi::middle::Type;

/// A C type, as a binding describes it at run time.
#[derive(Debug, Clone)]
pub enum C {
    /// `int`: 4 bytes.
    Int,
    /// `long`: 8 bytes on 64-bit Linux.
    Long,
    /// `element[count]`, inside a struct.
    Array(Box<C>, usize),
    /// `struct { members... }`.
    Struct(Vec<C>),
}

/// What libffi needs to pass or return `c` by value.
pub fn ffi_type(c: &C) -> Type {
    // TODO: a scalar is libffi's type of the same width; an array in a
    // struct is `count` members of its element type; a struct is the list
    // of its members' types (`Type::structure`).
    let _ = c;
    todo!("describe {c:?} to libffi")
}
