//! Skipping libffi for the commonest signatures: integers and pointers in,
//! an integer, a pointer or nothing out, at most six arguments.
//!
//! What `ffi_call` does on every call is decide, argument by argument, where
//! the C calling convention puts each value (`classify_argument` in libffi's
//! `x86/ffi64.c`), copy the values there, and jump. For these signatures the
//! answer never depends on the types: on x86-64 (System V) and AArch64, the
//! n-th integer or pointer argument goes in the n-th general register
//! (`rdi, rsi, rdx, rcx, r8, r9`; `x0`..`x7`), and the result comes back in
//! `rax` / `x0`. So a call through a Rust function pointer with that many
//! `u64` parameters *is* the same call, made by the compiler: about a
//! tenth of `ffi_call`'s instructions. Floats, doubles and structs (other
//! registers, or memory) still go through libffi, as do other platforms.

use std::sync::atomic::{AtomicBool, Ordering};

use pyo3::prelude::*;

use crate::types::Kind;

/// Registers the convention gives integer arguments before the stack.
const REGISTERS: usize = 6;

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

/// Whether a signature may take the direct path (decided once, in `prepare`).
pub(crate) fn possible(args: &[Register], result: Option<Kind>) -> bool {
    let supported = cfg!(all(
        unix,
        any(target_arch = "x86_64", target_arch = "aarch64")
    )) && ENABLED.load(Ordering::Relaxed);
    supported
        && args.len() <= REGISTERS
        && args.iter().all(|arg| match arg {
            Register::Scalar(kind) => kind.is_integer_class(),
            Register::Address => true,
            Register::Other => false,
        })
        && result.is_none_or(Kind::is_integer_class)
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
/// The converted `slots` as registers: each widened by its C type, ready to
/// cross into the GIL-free section by value. A slot holds a narrow value in
/// its low bytes, zero above; a register must hold it widened (C compilers
/// such as clang rely on the caller sign- or zero-extending `char` and
/// `short` to 32 bits).
pub(crate) fn registers(args: &[Register], slots: &[u64]) -> Registers {
    let mut values = [0; REGISTERS];
    for ((value, slot), arg) in values.iter_mut().zip(slots).zip(args) {
        *value = match arg {
            Register::Scalar(kind) => kind.widen(*slot),
            Register::Address | Register::Other => *slot,
        };
    }
    Registers {
        values,
        count: slots.len(),
    }
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

/// Up to six argument values, copied so that they cross into the GIL-free
/// section by value.
pub(crate) struct Registers {
    values: [u64; REGISTERS],
    count: usize,
}

impl Registers {
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
