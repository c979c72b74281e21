//! Step 4: one foreign function, its prepared `ffi_cif`, and the call.

use libffi::middle::{Arg, Cif, CodePtr};

use crate::error::FfiError;
use crate::library::Library;
use crate::signature::{CType, Signature};
use crate::value::Value;

/// A symbol plus the signature the caller promised: a configured `lib.add`.
///
/// It borrows its [`Library`], so the library cannot be unloaded (`dlclose`)
/// while a function from it can still be called: the borrow checker enforces
/// what ctypes enforces by keeping a reference to the CDLL object.
pub struct ForeignFunction<'lib> {
    _library: &'lib Library,
    name: String,
    code: CodePtr,
    signature: Signature,
    cif: Cif,
}

impl<'lib> ForeignFunction<'lib> {
    pub(crate) fn new(
        library: &'lib Library,
        name: &str,
        code: CodePtr,
        signature: Signature,
    ) -> Self {
        // Prepared once, reused by every call: ctypes does the same the first
        // time a function with argtypes/restype is called.
        let cif = signature.prepare();
        Self {
            _library: library,
            name: name.to_owned(),
            code,
            signature,
            cif,
        }
    }

    /// The symbol's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The symbol's address in this process.
    pub fn address(&self) -> *const () {
        self.code.as_ptr().cast()
    }

    // ANCHOR: check
    /// What ctypes does with `argtypes` before it calls: refuse a call whose
    /// arguments do not match the declaration, instead of passing garbage.
    fn check(&self, args: &[Value]) -> Result<(), FfiError> {
        let expected = &self.signature.args;
        if args.len() != expected.len() {
            return Err(FfiError::ArgumentCount {
                expected: expected.len(),
                got: args.len(),
            });
        }
        for (index, (value, &declared)) in args.iter().zip(expected).enumerate() {
            if value.ctype() != declared {
                return Err(FfiError::ArgumentType {
                    index,
                    expected: declared,
                    got: value.ctype(),
                });
            }
        }
        Ok(())
    }
    // ANCHOR_END: check

    // ANCHOR: call
    /// Calls the function with `args` and converts its result.
    ///
    /// # Safety
    /// The [`Signature`] must be the function's real C signature, and every
    /// `Pointer` argument must be valid for what the function does with it.
    /// Nothing can check either at run time: this is the promise `argtypes`
    /// makes in Python.
    pub unsafe fn call(&self, args: &[Value]) -> Result<Value, FfiError> {
        self.check(args)?;
        // libffi takes an array of pointers, one per argument, each pointing
        // at storage of the declared C type: this array *is* the marshalling.
        // (A Vec allocates on every call; a faster engine would keep it on
        // the stack.)
        let arg_ptrs: Vec<Arg<'_>> = args.iter().map(Value::as_arg).collect();
        let (cif, code) = (&self.cif, self.code);
        // SAFETY: the types match the Cif (checked above); that the Cif
        // matches the real function is the caller's promise.
        let result = unsafe {
            match self.signature.result {
                CType::I32 => Value::I32(cif.call(code, &arg_ptrs)),
                CType::U32 => Value::U32(cif.call(code, &arg_ptrs)),
                CType::I64 => Value::I64(cif.call(code, &arg_ptrs)),
                CType::U64 => Value::U64(cif.call(code, &arg_ptrs)),
                CType::F64 => Value::F64(cif.call(code, &arg_ptrs)),
                CType::Pointer => Value::Pointer(cif.call(code, &arg_ptrs)),
                CType::Void => {
                    cif.call::<()>(code, &arg_ptrs);
                    Value::Void
                }
            }
        };
        Ok(result)
    }
    // ANCHOR_END: call
}
