//! Exercise 06 passes when C's div and ldiv, called through libffi with the
//! result described by `ffi_type`, return the right quotient and remainder,
//! however the same struct is described.

use libffi::middle::{Cif, CodePtr, Type, arg};
use part4_exercise_06::{C, ffi_type};

unsafe extern "C" {
    fn div(numerator: i32, denominator: i32) -> [i32; 2];
    fn ldiv(numerator: i64, denominator: i64) -> [i64; 2];
}

/// Calls `function(a, b)` through libffi, its result described as `result`.
fn call<T: Copy>(function: CodePtr, scalar: Type, result: &C, a: T, b: T) -> [T; 2] {
    let cif = Cif::new([scalar.clone(), scalar], ffi_type(result));
    // SAFETY: the functions take two integers of T's width and return a
    // struct of two of them, which [T; 2] has the layout of; the result
    // description is the struct's, however it is spelled.
    unsafe { cif.call::<[T; 2]>(function, &[arg(&a), arg(&b)]) }
}

fn ldiv_through_libffi(result: &C, a: i64, b: i64) -> [i64; 2] {
    call(
        CodePtr::from_ptr(ldiv as *const std::ffi::c_void),
        Type::i64(),
        result,
        a,
        b,
    )
}

#[test]
fn div_returns_two_ints() {
    let div_t = C::Struct(vec![C::Int, C::Int]);
    let function = CodePtr::from_ptr(div as *const std::ffi::c_void);
    assert_eq!(call(function, Type::i32(), &div_t, 17, 5), [3, 2]);
    assert_eq!(call(function, Type::i32(), &div_t, -7, 2), [-3, -1]);
}

#[test]
fn ldiv_returns_two_longs_in_two_registers() {
    let ldiv_t = C::Struct(vec![C::Long, C::Long]);
    assert_eq!(ldiv_through_libffi(&ldiv_t, -7, 2), [-3, -1]);
    assert_eq!(
        ldiv_through_libffi(&ldiv_t, 10_i64.pow(15) + 3, 10),
        [10_i64.pow(14), 3]
    );
}

#[test]
fn an_array_member_is_its_elements() {
    let as_array = C::Struct(vec![C::Array(Box::new(C::Long), 2)]);
    assert_eq!(
        ldiv_through_libffi(&as_array, -7, 2),
        [-3, -1],
        "long[2] inside a struct is two longs, not a pointer"
    );
}

#[test]
fn a_nested_struct_is_a_member() {
    let nested = C::Struct(vec![C::Struct(vec![C::Long]), C::Struct(vec![C::Long])]);
    assert_eq!(ldiv_through_libffi(&nested, 9, 4), [2, 1]);
}

#[test]
fn the_description_has_the_struct_size() {
    // libffi fills in size and alignment when the Cif is prepared; a struct
    // of two longs must be 16 bytes, aligned to 8.
    let cif = Cif::new([], ffi_type(&C::Struct(vec![C::Long, C::Int])));
    // SAFETY: reading the prepared return type libffi owns.
    let rtype = unsafe { &*(*cif.as_raw_ptr()).rtype };
    assert_eq!(
        (rtype.size, rtype.alignment),
        (16, 8),
        "long then int: 12 bytes of members, padded to 16"
    );
}

#[test]
fn a_nested_struct_keeps_its_own_padding() {
    // struct { struct { long a; int b; } inner; int c; }: `inner` is 16
    // bytes (4 of them trailing padding), so `c` sits at 16 and the whole
    // is 24. Its members flattened into one list would put `c` at 12.
    let outer = C::Struct(vec![C::Struct(vec![C::Long, C::Int]), C::Int]);
    let cif = Cif::new([], ffi_type(&outer));
    // SAFETY: reading the prepared return type libffi owns.
    let rtype = unsafe { &*(*cif.as_raw_ptr()).rtype };
    assert_eq!(
        rtype.size, 24,
        "a nested struct keeps its own padding: describe it as a member, not its members"
    );
}
