//! The express call: the commonest calls, `lib.add(1, 2)` or
//! `lib.format_reading(b"sensor", 21.5, buffer, 64, needed)`, with nothing
//! to do but put plain values in registers.
//!
//! The general call (`ForeignFunction::call`) is ready for anything an
//! argument may be: a `str` copied for `c_wchar_p`, an object standing in
//! through `_as_parameter_`, an adapter's `from_param`, a struct by value,
//! more arguments than fit on the stack. Getting ready costs: storage for
//! those copies, a shared handle on the declaration (so that a callback may
//! redeclare the function while it runs), one slot per argument copied once
//! more into the registers. For a declaration the direct path takes, whose
//! arguments are integers, doubles, `c_char_p`, `c_void_p` or `c_buffer`,
//! called with the plainest values (an `int` in range, a `float`, bytes, a
//! `Buffer`, None), none of it can happen. This path notices that, and
//! costs less than cffi's compiled wrapper:
//!
//! ```python
//! def express(function, args):        # None: take the general call
//!     plan = function.express         # a copy: 11 bytes, no reference
//!     if plan is None or len(args) != plan.count:
//!         return None
//!     if not all(plainest(kind, a) for kind, a in zip(plan.kinds, args)):
//!         return None
//!     return convert(plan.result, call_with_registers(function.code, args))
//! ```
//!
//! Any surprise sends the call down the general path, which converts again
//! and raises its precise errors; converting those plain values runs no
//! Python code, so doing it twice is unobservable.

use pyo3::ffi;
use pyo3::prelude::*;

use crate::direct::{Direct, REGISTERS, Register, Registers, VECTORS};
use crate::memory::Buffer;
use crate::types::Kind;

/// At most this many arguments (the direct path's registers allow up to
/// six integers and eight doubles; the commonest calls take far fewer).
const ARGUMENTS: usize = 8;

// ANCHOR: plan
/// What the express call needs of a declaration: small and `Copy`, so a
/// call copies it out of the function (no borrow, no reference count) and
/// a redeclaration during the call changes nothing the call still reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    count: u8,
    /// Which direct call: integers only, or doubles too.
    doubles: bool,
    /// Each argument's kind: an integer type (`Kind::i64_range` is Some),
    /// `c_double`, `c_char_p`, `c_void_p` or `c_buffer`.
    kinds: [Kind; ARGUMENTS],
    result: Option<Kind>,
}
// ANCHOR_END: plan

impl Plan {
    /// The plan for a declaration the direct path takes (`direct`), if
    /// every argument is of a kind the express call converts; None otherwise.
    pub(crate) fn new(
        direct: Option<Direct>,
        args: &[Register],
        result: Option<Kind>,
    ) -> Option<Self> {
        let doubles = match direct? {
            Direct::Integers => false,
            Direct::WithDoubles => true,
        };
        if args.len() > ARGUMENTS {
            return None;
        }
        let mut kinds = [Kind::I64; ARGUMENTS];
        for (place, arg) in kinds.iter_mut().zip(args) {
            match arg {
                Register::Scalar(kind) if takes(*kind) => *place = *kind,
                _ => return None,
            }
        }
        Some(Self {
            count: args.len() as u8,
            doubles,
            kinds,
            result,
        })
    }

    /// The declared result, for `convert::from_slot`.
    pub(crate) fn result(&self) -> Option<Kind> {
        self.result
    }

    /// Whether the call has doubles (`direct::call_with_doubles`).
    pub(crate) fn has_doubles(&self) -> bool {
        self.doubles
    }

    // ANCHOR: registers
    /// `args` as registers, if there are as many as declared and each is
    /// what its kind takes most often: an exact `int` in range, bytes
    /// without a NUL (or None) for `c_char_p`, a `Buffer` (or None) for a
    /// pointer. None sends the call the general way. For a declaration
    /// without doubles.
    #[inline]
    pub(crate) fn registers(&self, args: &[Borrowed<'_, '_, PyAny>]) -> Option<Registers> {
        if args.len() != usize::from(self.count) {
            return None;
        }
        let mut values = [0; REGISTERS];
        for ((value, arg), kind) in values.iter_mut().zip(args).zip(self.kinds) {
            *value = integer_class(arg, kind)?;
        }
        Some(Registers::new(values, args.len()))
    }
    // ANCHOR_END: registers

    /// `registers` for a declaration with doubles: each an exact `float`,
    /// in the vector registers, in order.
    #[inline(never)]
    pub(crate) fn registers_and_doubles(
        &self,
        args: &[Borrowed<'_, '_, PyAny>],
    ) -> Option<(Registers, [u64; VECTORS])> {
        if args.len() != usize::from(self.count) {
            return None;
        }
        let (mut values, mut integers) = ([0; REGISTERS], 0);
        let (mut doubles, mut vectors) = ([0; VECTORS], 0);
        for (arg, kind) in args.iter().zip(self.kinds) {
            if kind == Kind::F64 {
                *doubles.get_mut(vectors)? = exact_float(arg)?.to_bits();
                vectors += 1;
            } else {
                *values.get_mut(integers)? = integer_class(arg, kind)?;
                integers += 1;
            }
        }
        Some((Registers::new(values, integers), doubles))
    }
}

/// The kinds the express call converts itself.
fn takes(kind: Kind) -> bool {
    kind.i64_range().is_some()
        || matches!(kind, Kind::F64 | Kind::CharP | Kind::VoidP | Kind::Buffer)
}

/// One argument for an integer register, or None for the general path.
#[inline]
fn integer_class(arg: &Bound<'_, PyAny>, kind: Kind) -> Option<u64> {
    if let Some((low, high)) = kind.i64_range() {
        let number = crate::convert::exact_int(arg)?;
        // In range, its register is the number itself: a signed type
        // sign-extended, an unsigned one (not negative) zero-extended.
        return (low <= number && number <= high).then_some(number as u64);
    }
    match kind {
        Kind::CharP => char_pointer(arg),
        // A Buffer (or None) for `void *`; an int address: the general path.
        Kind::VoidP if arg.is_none() => Some(0),
        Kind::VoidP | Kind::Buffer => Some(arg.cast::<Buffer>().ok()?.get().address()),
        _ => None,
    }
}

/// An exact `float`'s value (a subclass, an int: the general path).
fn exact_float(value: &Bound<'_, PyAny>) -> Option<f64> {
    if !value.is_exact_instance_of::<pyo3::types::PyFloat>() {
        return None;
    }
    // SAFETY: GIL held; an exact float cannot fail to convert.
    Some(unsafe { ffi::PyFloat_AsDouble(value.as_ptr()) })
}

/// `c_char_p`'s commonest values: None, or exact bytes with no NUL inside
/// (the general path explains why any other is refused or what it means).
fn char_pointer(value: &Bound<'_, PyAny>) -> Option<u64> {
    if value.is_none() {
        return Some(0);
    }
    if !value.is_exact_instance_of::<pyo3::types::PyBytes>() {
        return None;
    }
    // SAFETY: an exact bytes object (checked), alive for the call.
    let bytes = unsafe { value.cast_unchecked::<pyo3::types::PyBytes>() }.as_bytes();
    // CPython keeps a NUL after every bytes object's data.
    (!bytes.contains(&0)).then_some(bytes.as_ptr() as u64)
}

// ANCHOR: result
/// The C result as the C API returns one: a new reference, or NULL with the
/// exception set. `None` and ints are made here; anything else by
/// `from_slot`.
#[inline]
pub(crate) fn result(py: Python<'_>, kind: Option<Kind>, answer: u64) -> *mut ffi::PyObject {
    let Some(kind) = kind else {
        // SAFETY: GIL held; a new reference to None.
        return unsafe { ffi::Py_NewRef(ffi::Py_None()) };
    };
    if kind.i64_range().is_some() {
        return crate::convert::int_object(py, kind, kind.is_signed(), answer);
    }
    match crate::convert::from_slot(py, Some(kind), answer) {
        Ok(object) => object.into_ptr(),
        Err(error) => {
            error.restore(py);
            std::ptr::null_mut()
        }
    }
}
// ANCHOR_END: result

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_is_eleven_bytes() {
        // What the book says of it: copied whole at the start of a call.
        assert_eq!(std::mem::size_of::<Plan>(), 11);
    }

    #[test]
    fn the_kinds_it_converts_get_a_plan() {
        let int = Register::Scalar(Kind::I32);
        let plan = Plan::new(Some(Direct::Integers), &[int, int], Some(Kind::I64));
        assert_eq!(plan.map(|plan| plan.count), Some(2));
        assert_eq!(
            Plan::new(Some(Direct::Integers), &[], None).map(|p| p.count),
            Some(0)
        );
        // An address may be anything (bytes, a buffer, None): the general call.
        assert_eq!(
            Plan::new(Some(Direct::Integers), &[Register::Address], None),
            None
        );
        assert_eq!(
            Plan::new(
                Some(Direct::Integers),
                &[Register::Scalar(Kind::Bool)],
                None
            ),
            None
        );
        assert_eq!(
            Plan::new(
                Some(Direct::Integers),
                &[Register::Scalar(Kind::VoidP)],
                None
            )
            .map(|p| p.count),
            Some(1)
        );
        let text = [
            Register::Scalar(Kind::CharP),
            Register::Scalar(Kind::F64),
            Register::Scalar(Kind::Buffer),
        ];
        let plan = Plan::new(Some(Direct::WithDoubles), &text, Some(Kind::I32));
        assert!(plan.is_some_and(|plan| plan.has_doubles()));
        assert_eq!(Plan::new(None, &[int], None), None);
        assert_eq!(Plan::new(Some(Direct::Integers), &[int; 9], None), None);
    }
}
