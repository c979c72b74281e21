//! Skipping libffi for the commonest signatures: integers, pointers (and,
//! on x86-64, doubles) in, an integer, a pointer or nothing out, at most six
//! integers and eight doubles.
//!
//! What `ffi_call` does on every call is decide, argument by argument, where
//! the C calling convention puts each value (`classify_argument` in libffi's
//! `x86/ffi64.c`), copy the values there, and jump. For these signatures the
//! answer never depends on the types: on x86-64 (System V) and AArch64, the
//! n-th integer or pointer argument goes in the n-th general register
//! (`rdi, rsi, rdx, rcx, r8, r9`; `x0`..`x7`), and the result comes back in
//! `rax` / `x0`. So a call through a Rust function pointer with that many
//! `u64` parameters *is* the same call, made by the compiler: about a
//! tenth of `ffi_call`'s instructions.
//!
//! Doubles go in vector registers (`xmm0`..`xmm7` on x86-64), counted apart
//! from the integers: `f(const char *, double, char *)` reads `rdi`, `xmm0`,
//! `rsi`. So one call with six integer and eight double parameters fills
//! every register the callee may read, each with the right value. It is made
//! as a call of a C-variadic function, which makes the compiler set `al`
//! to the number of vector registers used (as libffi does): a variadic
//! callee (`snprintf`) needs it to find its doubles; any other ignores it.
//! `float` stays on libffi (Part III's exercise writes its conversion, and
//! this path would bypass the libffi type it declares), as do `long
//! double`, structs, and doubles on other platforms.

use std::sync::atomic::{AtomicBool, Ordering};

use pyo3::prelude::*;

use crate::types::Kind;

/// Registers the convention gives integer arguments before the stack.
pub(crate) const REGISTERS: usize = 6;

/// Vector registers it gives doubles, and whether this path uses them
/// (x86-64 only: AArch64 on Apple passes variadic arguments on the stack).
pub(crate) const VECTORS: usize = 8;
const DOUBLES: bool = cfg!(target_arch = "x86_64");

/// What the direct path needs to know of one argument.
#[derive(Clone, Copy)]
pub(crate) enum Register {
    /// A scalar of this kind: integer-class unless a float or a double.
    Scalar(Kind),
    /// An address (a pointer, a callback): always integer-class.
    Address,
    /// Passed in memory or other registers (a struct by value): not here.
    Other,
}

/// Which direct call a signature takes, if any (decided once, in `prepare`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Direct {
    /// Integers and pointers only: a call by arity.
    Integers,
    /// Doubles too: every register filled (x86-64 only).
    WithDoubles,
}

/// The direct call `args` and `result` allow, or None for libffi's.
pub(crate) fn possible(args: &[Register], result: Option<Kind>) -> Option<Direct> {
    let supported = cfg!(all(
        unix,
        any(target_arch = "x86_64", target_arch = "aarch64")
    )) && ENABLED.load(Ordering::Relaxed);
    let doubles = args
        .iter()
        .filter(|arg| matches!(arg, Register::Scalar(Kind::F64)))
        .count();
    let allowed = supported
        && args.len() - doubles <= REGISTERS
        && (doubles == 0 || DOUBLES && doubles <= VECTORS)
        && args.iter().all(|arg| match arg {
            Register::Scalar(kind) => kind.is_integer_class() || *kind == Kind::F64,
            Register::Address => true,
            Register::Other => false,
        })
        && result.is_none_or(Kind::is_integer_class);
    match (allowed, doubles) {
        (false, _) => None,
        (true, 0) => Some(Direct::Integers),
        (true, _) => Some(Direct::WithDoubles),
    }
}

static ENABLED: AtomicBool = AtomicBool::new(true);

/// `minictypes._direct_calls(False)`: functions declared from now on call
/// through `ffi_call` whatever their signature (until `_direct_calls(True)`).
/// For the test that compares the two paths, and for the benchmark row that
/// shows what the direct path saves.
#[pyfunction(name = "_direct_calls")]
pub(crate) fn set_enabled(enabled: bool) {
    ENABLED.store(enabled, Ordering::Relaxed);
}

// ANCHOR: call
/// The converted `slots` of the integer-class arguments as registers: each
/// widened by its C type, ready to cross into the GIL-free section by
/// value. A slot holds a narrow value in its low bytes, zero above; a
/// register must hold it widened (C compilers such as clang rely on the
/// caller sign- or zero-extending `char` and `short` to 32 bits).
pub(crate) fn registers(args: &[Register], slots: &[u64]) -> Registers {
    let mut values = [0; REGISTERS];
    let mut count = 0;
    for (slot, arg) in slots.iter().zip(args) {
        let value = match arg {
            Register::Scalar(Kind::F64) => continue, // a vector register's
            Register::Scalar(kind) => kind.widen(*slot),
            Register::Address | Register::Other => *slot,
        };
        // (`possible` allowed this signature: the index is in range.)
        if let Some(place) = values.get_mut(count) {
            *place = value;
        }
        count += 1;
    }
    Registers { values, count }
}

/// Calls the function at `code` with `registers`, by arity: the call
/// `ffi_call` would make, made by the compiler. Its result is the raw
/// register: a narrow result's upper bits are garbage, and `from_slot`
/// reads only the declared width.
///
/// # Safety
/// The declaration is true: `code` takes these integer-class arguments and
/// returns an integer-class value or nothing. Under the platform's
/// convention each then goes in the next general register, exactly where
/// these `u64` parameters go. That promise is the caller's, as for
/// `ffi_call`.
pub(crate) unsafe fn call(code: usize, registers: Registers) -> u64 {
    // SAFETY: the caller's promise.
    unsafe { registers.call(code) }
}
// ANCHOR_END: call

/// Up to six integer argument values, copied so that they cross into the
/// GIL-free section by value.
pub(crate) struct Registers {
    values: [u64; REGISTERS],
    count: usize,
}

impl Registers {
    /// `count` values, the rest of `values` zero (`express.rs` fills them).
    pub(crate) fn new(values: [u64; REGISTERS], count: usize) -> Self {
        Self { values, count }
    }

    /// # Safety
    /// `code` is a function taking `count` integer-class arguments and
    /// returning an integer-class value or nothing.
    unsafe fn call(self, code: usize) -> u64 {
        type F0 = unsafe extern "C" fn() -> u64;
        type F1 = unsafe extern "C" fn(u64) -> u64;
        type F2 = unsafe extern "C" fn(u64, u64) -> u64;
        type F3 = unsafe extern "C" fn(u64, u64, u64) -> u64;
        type F4 = unsafe extern "C" fn(u64, u64, u64, u64) -> u64;
        type F5 = unsafe extern "C" fn(u64, u64, u64, u64, u64) -> u64;
        type F6 = unsafe extern "C" fn(u64, u64, u64, u64, u64, u64) -> u64;
        let [a, b, c, d, e, f] = self.values;
        // SAFETY: the caller's promise; `code` is a non-null function address.
        unsafe {
            match self.count {
                0 => std::mem::transmute::<usize, F0>(code)(),
                1 => std::mem::transmute::<usize, F1>(code)(a),
                2 => std::mem::transmute::<usize, F2>(code)(a, b),
                3 => std::mem::transmute::<usize, F3>(code)(a, b, c),
                4 => std::mem::transmute::<usize, F4>(code)(a, b, c, d),
                5 => std::mem::transmute::<usize, F5>(code)(a, b, c, d, e),
                _ => std::mem::transmute::<usize, F6>(code)(a, b, c, d, e, f),
            }
        }
    }
}

/// The doubles among `slots`, in order: each slot holds a double's bits,
/// as its vector register will.
pub(crate) fn doubles(args: &[Register], slots: &[u64]) -> [u64; VECTORS] {
    let mut doubles = [0; VECTORS];
    let mut count = 0;
    for (slot, arg) in slots.iter().zip(args) {
        if let Register::Scalar(Kind::F64) = arg {
            if let Some(place) = doubles.get_mut(count) {
                *place = *slot;
            }
            count += 1;
        }
    }
    doubles
}

// ANCHOR: doubles
/// The call of a signature with doubles: every integer and vector register
/// filled; the callee reads those its parameters name, in order, and
/// ignores the rest.
///
/// # Safety
/// As `call`, with at most eight doubles besides the integer arguments.
#[cfg(target_arch = "x86_64")]
pub(crate) unsafe fn call_with_doubles(
    code: usize,
    registers: Registers,
    doubles: [u64; VECTORS],
) -> u64 {
    // Variadic, so that the compiler sets `al` (see the top of the file).
    type Variadic = unsafe extern "C" fn(u64, ...) -> u64;
    let [a, b, c, d, e, f] = registers.values;
    let [x0, x1, x2, x3, x4, x5, x6, x7] = doubles.map(f64::from_bits);
    // SAFETY: the caller's promise; `code` is a non-null function address.
    unsafe {
        std::mem::transmute::<usize, Variadic>(code)(
            a, b, c, d, e, f, x0, x1, x2, x3, x4, x5, x6, x7,
        )
    }
}
// ANCHOR_END: doubles

/// Elsewhere `possible` never chooses doubles.
#[cfg(not(target_arch = "x86_64"))]
pub(crate) unsafe fn call_with_doubles(_: usize, _: Registers, _: [u64; VECTORS]) -> u64 {
    unreachable!("the direct path takes doubles on x86-64 only")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_take_the_path_on_x86_64_only_up_to_eight() {
        let double = Register::Scalar(Kind::F64);
        let int = Register::Scalar(Kind::I32);
        let eight = [[double; 8].as_slice(), &[int; 6]].concat();
        let expected = DOUBLES.then_some(Direct::WithDoubles);
        assert_eq!(possible(&eight, Some(Kind::I32)), expected);
        assert_eq!(possible(&[int; 6], None), Some(Direct::Integers));
        assert_eq!(possible(&[int; 7], None), None);
        assert_eq!(possible(&[double; 9], None), None);
        // float (its conversion is an exercise's), long double, a double result: libffi.
        assert_eq!(possible(&[Register::Scalar(Kind::F32)], None), None);
        assert_eq!(possible(&[Register::Scalar(Kind::LongDouble)], None), None);
        assert_eq!(possible(&[double], Some(Kind::F64)), None);
    }

    #[test]
    fn registers_fill_each_class_in_order() {
        let args = [
            Register::Address,
            Register::Scalar(Kind::F64),
            Register::Scalar(Kind::I8),
            Register::Scalar(Kind::F64),
        ];
        let slots = [0x1000, 1.5f64.to_bits(), 0xfb, 2.5f64.to_bits()];
        let registers = registers(&args, &slots);
        assert_eq!(registers.count, 2);
        assert_eq!(registers.values[..2], [0x1000, (-5i64) as u64]);
        let doubles = doubles(&args, &slots);
        assert_eq!(doubles[..3], [1.5f64.to_bits(), 2.5f64.to_bits(), 0]);
    }
}
