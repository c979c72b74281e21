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
    // ex: starter
    // | // TODO: a scalar is libffi's type of the same width; an array in a
    // | // struct is `count` members of its element type; a struct is the list
    // | // of its members' types (`Type::structure`).
    // | let _ = c;
    // | todo!("describe {c:?} to libffi")
    // ex: mistake 1: "thread 'ldiv_returns_two_longs_in_two_registers'"
    // | match c {
    // |     C::Int => Type::i32(),
    // |     C::Long => Type::i64(),
    // |     // One wide integer of the struct's size: the right size, the wrong registers.
    // |     C::Array(..) | C::Struct(_) => Type::u64(),
    // | }
    // ex: mistake 2: "long[2] inside a struct is two longs, not a pointer"
    // | match c {
    // |     C::Int => Type::i32(),
    // |     C::Long => Type::i64(),
    // |     C::Array(..) => Type::pointer(), // the elements' address, not the elements
    // |     C::Struct(members) => Type::structure(members.iter().map(ffi_type)),
    // | }
    // ex: mistake 3: "a nested struct keeps its own padding"
    // | // Every scalar of the struct, nested ones included, in one flat list.
    // | fn scalars(c: &C) -> Vec<Type> {
    // |     match c {
    // |         C::Int => vec![Type::i32()],
    // |         C::Long => vec![Type::i64()],
    // |         C::Array(element, count) => (0..*count).flat_map(|_| scalars(element)).collect(),
    // |         C::Struct(members) => members.iter().flat_map(scalars).collect(),
    // |     }
    // | }
    // | match c {
    // |     C::Int => Type::i32(),
    // |     C::Long => Type::i64(),
    // |     C::Array(..) | C::Struct(_) => Type::structure(scalars(c)),
    // | }
    // ex: solution
    match c {
        C::Int => Type::i32(),
        C::Long => Type::i64(),
        // An array in a struct is its elements, one after the other: the
        // calling convention sees `count` members, not a pointer.
        C::Array(element, count) => {
            Type::structure(std::iter::repeat_with(|| ffi_type(element)).take(*count))
        }
        // A struct is the list of its members; libffi lays them out (with
        // padding) by the same rules as the C compiler.
        C::Struct(members) => Type::structure(members.iter().map(ffi_type)),
    }
    // ex: end
}
