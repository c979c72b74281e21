//! Step 3: describe a C signature at run time and prepare libffi's `ffi_cif`.

use libffi::middle::{Cif, Type};

// ANCHOR: ctype
/// The C types this engine understands: ctypes' `c_int64`, `c_double`, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CType {
    /// `int32_t` (`ctypes.c_int32`).
    I32,
    /// `uint32_t` (`ctypes.c_uint32`).
    U32,
    /// `int64_t` (`ctypes.c_int64`).
    I64,
    /// `uint64_t` (`ctypes.c_uint64`).
    U64,
    /// `double` (`ctypes.c_double`).
    F64,
    /// Any data pointer: `char *`, `int64_t *`, `void *` (`ctypes.c_void_p`).
    Pointer,
    /// `void`, for results only (`restype = None`).
    Void,
}

impl CType {
    /// The libffi description of this type: size, alignment, register class.
    fn ffi_type(self) -> Type {
        match self {
            Self::I32 => Type::i32(),
            Self::U32 => Type::u32(),
            Self::I64 => Type::i64(),
            Self::U64 => Type::u64(),
            Self::F64 => Type::f64(),
            Self::Pointer => Type::pointer(),
            Self::Void => Type::void(),
        }
    }
}
// ANCHOR_END: ctype

// ANCHOR: signature
/// A function's argument and result types, known only at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Argument types in order (`argtypes`).
    pub args: Vec<CType>,
    /// Result type (`restype`).
    pub result: CType,
}

impl Signature {
    /// `(args) -> result`.
    pub fn new(args: &[CType], result: CType) -> Self {
        Self {
            args: args.to_vec(),
            result,
        }
    }

    /// Builds the call interface once. libffi works out here, not per call,
    /// which argument goes in which register or stack slot under this
    /// platform's calling convention.
    pub fn prepare(&self) -> Cif {
        Cif::new(
            self.args.iter().map(|t| t.ffi_type()),
            self.result.ffi_type(),
        )
    }
}
// ANCHOR_END: signature
