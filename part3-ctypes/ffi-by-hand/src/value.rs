//! The values that cross the boundary, tagged with their C type.

use std::ffi::c_void;

use libffi::middle::{Arg, arg};

use crate::signature::CType;

/// One argument or result: what ctypes keeps inside a `c_int64(5)` object.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// An `int32_t`.
    I32(i32),
    /// A `uint32_t`.
    U32(u32),
    /// An `int64_t`.
    I64(i64),
    /// A `uint64_t`.
    U64(u64),
    /// A `double`.
    F64(f64),
    /// A pointer; the callee decides what it points to.
    Pointer(*mut c_void),
    /// No value (the result of a `void` function).
    Void,
}

impl Value {
    /// The C type this value has.
    pub fn ctype(&self) -> CType {
        match self {
            Self::I32(_) => CType::I32,
            Self::U32(_) => CType::U32,
            Self::I64(_) => CType::I64,
            Self::U64(_) => CType::U64,
            Self::F64(_) => CType::F64,
            Self::Pointer(_) => CType::Pointer,
            Self::Void => CType::Void,
        }
    }

    // ANCHOR: as_arg
    /// A pointer to this value's storage, as libffi wants every argument:
    /// libffi reads the bytes there according to the `ffi_cif`.
    pub(crate) fn as_arg(&self) -> Arg<'_> {
        match self {
            Self::I32(v) => arg(v),
            Self::U32(v) => arg(v),
            Self::I64(v) => arg(v),
            Self::U64(v) => arg(v),
            Self::F64(v) => arg(v),
            Self::Pointer(v) => arg(v),
            // A void argument is refused by the type check before we get here.
            Self::Void => arg(&()),
        }
    }
    // ANCHOR_END: as_arg
}
