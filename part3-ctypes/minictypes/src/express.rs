//! The express call: the commonest call of all, `lib.add(1, 2)`, with
//! nothing to do but put ints in registers.
//!
//! The general call (`ForeignFunction::call`) is ready for anything an
//! argument may be: a `str` copied for `c_wchar_p`, an object standing in
//! through `_as_parameter_`, an adapter's `from_param`, a struct by value,
//! more arguments than fit on the stack. Getting ready costs: storage for
//! those copies, a shared handle on the declaration (so that a callback may
//! redeclare the function while it runs), one slot per argument copied once
//! more into the registers. For a declaration of integer types only, called
//! with plain `int`s in range, none of it can happen. This path notices
//! that, and costs about what cffi's compiled wrapper does:
//!
//! ```python
//! def express(function, args):        # None: take the general call
//!     plan = function.express         # a copy: 8 bytes, no reference
//!     if plan is None or len(args) != plan.count:
//!         return None
//!     if any(type(a) is not int or not plan.fits(i, a) for i, a in enumerate(args)):
//!         return None
//!     return convert(plan.result, call_with_registers(function.code, args))
//! ```
//!
//! Any surprise sends the call down the general path, which converts again
//! and raises its precise errors; converting an exact `int` runs no Python
//! code, so doing it twice is unobservable.

use pyo3::ffi;
use pyo3::prelude::*;

use crate::direct::{Direct, Register, Registers};
use crate::types::Kind;

/// Registers the convention gives integer arguments (as in `direct.rs`).
const REGISTERS: usize = 6;

// ANCHOR: plan
/// What the express call needs of a declaration: small and `Copy`, so a
/// call copies it out of the function (no borrow, no reference count) and
/// a redeclaration during the call changes nothing the call still reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    count: u8,
    /// Each argument's kind: an integer type (`Kind::i64_range` is Some).
    kinds: [Kind; REGISTERS],
    result: Option<Kind>,
}
// ANCHOR_END: plan

impl Plan {
    /// The plan for a declaration the direct path takes with integers only
    /// (`direct`), if every argument is an integer type; None otherwise.
    pub(crate) fn new(
        direct: Option<Direct>,
        args: &[Register],
        result: Option<Kind>,
    ) -> Option<Self> {
        if direct != Some(Direct::Integers) || args.len() > REGISTERS {
            return None;
        }
        let mut kinds = [Kind::I64; REGISTERS];
        for (place, arg) in kinds.iter_mut().zip(args) {
            match arg {
                Register::Scalar(kind) if kind.i64_range().is_some() => *place = *kind,
                _ => return None,
            }
        }
        Some(Self {
            count: args.len() as u8,
            kinds,
            result,
        })
    }

    /// The declared result, for `convert::from_slot`.
    pub(crate) fn result(&self) -> Option<Kind> {
        self.result
    }

    // ANCHOR: registers
    /// `args` as registers, if there are as many as declared and each is an
    /// exact `int` in its type's range; None sends the call the general way.
    #[inline]
    pub(crate) fn registers(&self, args: &[Borrowed<'_, '_, PyAny>]) -> Option<Registers> {
        if args.len() != usize::from(self.count) {
            return None;
        }
        let mut values = [0; REGISTERS];
        for ((value, arg), kind) in values.iter_mut().zip(args).zip(self.kinds) {
            let number = crate::convert::exact_int(arg)?;
            let (low, high) = kind.i64_range()?;
            if number < low || number > high {
                return None;
            }
            // In range, its register is the number itself: a signed type
            // sign-extended, an unsigned one (not negative) zero-extended.
            *value = number as u64;
        }
        Some(Registers::new(values, args.len()))
    }
    // ANCHOR_END: registers
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
    fn a_plan_is_eight_bytes() {
        // What the book says of it: copied whole at the start of a call.
        assert_eq!(std::mem::size_of::<Plan>(), 8);
    }

    #[test]
    fn only_integer_types_get_a_plan() {
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
        assert_eq!(Plan::new(Some(Direct::WithDoubles), &[int], None), None);
        assert_eq!(Plan::new(None, &[int], None), None);
    }
}
