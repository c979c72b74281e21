//! Step 5: a callback. C wants a plain function pointer; we have Rust state.
//!
//! libffi's closure API writes a small trampoline in executable memory: a
//! real C function pointer that, when called, packs its arguments into an
//! array and calls our handler with a pointer to our state. ctypes'
//! `CFUNCTYPE(...)(python_function)` is built on exactly this.

use std::ffi::c_void;

use libffi::low::ffi_cif;
use libffi::middle::{Cif, Closure};

use crate::signature::{CType, Signature};

/// What the callback collects: Fibonacci terms up to a limit.
#[derive(Debug, Default)]
pub struct FibCollector {
    /// Stop once a term exceeds this.
    pub limit: u64,
    /// The terms seen so far.
    pub terms: Vec<u64>,
}

/// The C signature of `fib_visitor`: `int32_t (*)(uint32_t, uint64_t, void *)`.
pub fn visitor_signature() -> Signature {
    Signature::new(&[CType::U32, CType::U64, CType::Pointer], CType::I32)
}

// ANCHOR: handler
/// Runs each time C calls the trampoline.
///
/// libffi hands us `args`, an array of pointers to each C argument, and a
/// `result` slot. For a result narrower than a register (our `int32_t`),
/// libffi expects a whole `ffi_arg` (a `u64` here) to be written.
unsafe extern "C" fn visit(
    _cif: &ffi_cif,
    result: &mut u64,
    args: *const *const c_void,
    collector: &mut FibCollector,
) {
    // SAFETY: the Cif says argument 1 is a uint64_t, so args[1] points to one.
    let term = unsafe { *(*args.add(1)).cast::<u64>() };
    let stop = term > collector.limit;
    if !stop {
        collector.terms.push(term);
    }
    // Sign-extend the int32_t into the full register-sized slot.
    *result = i64::from(i32::from(stop)) as u64;
}
// ANCHOR_END: handler

// ANCHOR: closure
/// A libffi closure over `collector`: while it lives, its code pointer is a C
/// function that C code can call.
pub fn visitor_closure(collector: &mut FibCollector) -> Closure<'_> {
    let cif: Cif = visitor_signature().prepare();
    Closure::new_mut(cif, visit, collector)
}
// ANCHOR_END: closure
